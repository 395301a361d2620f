"""Test helper: build the real packages once per session and run what was built.

`built_packages` runs packaging/build.py (sdist, wheel, PyInstaller bundle, tarball) the
first time a module asks and hands the same folder to every later one; the `expect_*`
checks are what every installed form must do (report its version and native libraries,
inspect the bundled sample and a corpus video).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

from app.core.about import __version__
from tests.conftest import ROOT, corpus_dir

SAMPLE_NAME = "sunset-no-credentials.jpg"
# A corpus video: exercises PyAV (probe) and c2pa's BMFF reader inside each package.
CORPUS_VIDEO = "rs_video1.mp4"
SUBPROCESS_LIMIT_S = 900  # a hang guard, not a timing assertion


def missing_packaging_tools() -> str | None:
    for dist in ("pyinstaller", "build"):
        try:
            metadata.version(dist)
        except metadata.PackageNotFoundError:
            return f"{dist} is not installed (pip install -e '.[packaging]')"
    return None


def run_outside(cmd: list[str | Path], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run a built program from outside the checkout, so nothing leaks in from it."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    full_env.update(env)
    return subprocess.run(
        [str(c) for c in cmd],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_LIMIT_S,
    )


def check_exit(result: subprocess.CompletedProcess[str], code: int = 0) -> str:
    assert result.returncode == code, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result.stdout


# The session's build, shared by test_packaging and test_deb: each module asking for it gets
# this one build (a fixture imported into two modules would run twice).
_BUILT: dict[str, Path] = {}


def built_packages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """sdist, wheel, bundle and tarball, built once per session by packaging/build.py."""
    if "dist" not in _BUILT:
        reason = missing_packaging_tools()
        if reason:
            pytest.skip(reason)
        dist = tmp_path_factory.mktemp("dist")
        work = tmp_path_factory.mktemp("pyinstaller-work")
        cmd: list[str | Path] = [sys.executable, ROOT / "packaging" / "build.py"]
        cmd += ["--wheel", "--bundle", "--tarball", "--dist", dist, "--work", work]
        check_exit(run_outside(cmd, cwd=ROOT))
        _BUILT["dist"] = dist
    return _BUILT["dist"]


def expect_version(command: list[str | Path], cwd: Path) -> None:
    out = check_exit(run_outside([*command, "--version"], cwd))
    assert f"CredLabel {__version__}" in out
    for library in ("c2pa-rs 0.", "Qt 6.", "PyAV ", "Pillow "):
        assert library in out  # each native part loaded and reported its version


def inspect_json(command: list[str | Path], path: Path, cwd: Path, code: int) -> dict[str, Any]:
    out = check_exit(run_outside([*command, "inspect", "--json", path], cwd), code)
    report: dict[str, Any] = json.loads(out)["files"][0]
    return report


def expect_inspect(command: list[str | Path], sample: Path, cwd: Path) -> None:
    report = inspect_json(command, sample, cwd, code=3)  # 3: no Content Credentials
    assert report["state"] == "no_credentials"
    assert (report["media"]["width"], report["media"]["height"]) == (1200, 800)
    corpus = corpus_dir()
    if corpus is None:
        return  # the sample alone still proves Pillow and c2pa load inside the package
    video = inspect_json(command, corpus / "files" / CORPUS_VIDEO, cwd, code=0)
    assert video["state"] == "valid_untrusted"
    assert video["media"]["video_codec"] == "h264"  # PyAV's libraries work
    assert video["media"]["duration_s"] > 0
