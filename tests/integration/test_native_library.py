"""A native library planted in the current folder never runs: c2pa's comes from the package.

c2pa-python's loader looks in the current folder (and its `artifacts/` and `libs/`) before
its own copy, so a downloaded folder of photos holding a `libc2pa_c.so` would run that
library's code as soon as `credlabel inspect holiday.jpg` starts there. The planted
library here is a real shared object whose constructor writes a marker file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.core import native_library
from tests.conftest import ROOT
from tests.helpers.native_library import build_planted_library, plant_everywhere
from tests.helpers.signing import make_jpeg

SUBPROCESS_LIMIT_S = 300  # a hang guard, not a timing assertion


@pytest.fixture
def photo_folder(tmp_path: Path) -> Path:
    """A downloaded folder: one photo, and libc2pa_c.so planted where the loader looks."""
    folder = tmp_path / "holiday"
    folder.mkdir()
    plant_everywhere(build_planted_library(tmp_path), folder)
    make_jpeg(folder / "photo.jpg")
    return folder


def _run_app(
    folder: Path, marker: Path, *args: str, **env: str
) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PLANTED_MARKER": str(marker),
        "QT_QPA_PLATFORM": "offscreen",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_LIMIT_S,
    )


def test_inspect_in_a_folder_with_a_planted_library_does_not_run_it(
    photo_folder: Path, tmp_path: Path
) -> None:
    marker = tmp_path / "marker.txt"
    result = _run_app(photo_folder, marker, "inspect", "photo.jpg")
    assert not marker.exists(), "the libc2pa_c.so planted in the current folder was loaded"
    assert "No Content Credentials" in result.stdout, result.stdout + result.stderr


def test_a_hostile_library_name_in_the_environment_is_overridden(
    photo_folder: Path, tmp_path: Path
) -> None:
    # C2PA_LIBRARY_NAME is searched in the current folder too: a relative name from the
    # environment (a hostile .env) must not pick the planted copy either.
    marker = tmp_path / "marker.txt"
    result = _run_app(
        photo_folder, marker, "inspect", "photo.jpg", C2PA_LIBRARY_NAME="libs/libc2pa_c.so"
    )
    assert not marker.exists(), "C2PA_LIBRARY_NAME from the environment loaded the planted copy"
    assert "No Content Credentials" in result.stdout, result.stdout + result.stderr


def test_relative_and_empty_library_path_entries_do_not_let_the_folder_in(
    photo_folder: Path, tmp_path: Path
) -> None:
    marker = tmp_path / "marker.txt"
    result = _run_app(
        photo_folder, marker, "inspect", "photo.jpg", LD_LIBRARY_PATH=":.:libs:artifacts:"
    )
    assert not marker.exists(), "a relative LD_LIBRARY_PATH entry loaded the planted copy"
    assert "No Content Credentials" in result.stdout, result.stdout + result.stderr


def test_the_shipped_library_is_an_absolute_path_inside_the_c2pa_package() -> None:
    import c2pa

    shipped = native_library.shipped_library()
    assert shipped is not None and shipped.is_absolute() and shipped.is_file()
    assert Path(c2pa.__file__).resolve().parent in shipped.parents
    assert os.environ[native_library.LIBRARY_ENV] == str(shipped)


_SPAWN_WORKER = """
import multiprocessing
import app.core.versions as versions

if __name__ == "__main__":
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        print(pool.apply(versions.library_versions)["c2pa-rs"])
"""


def test_spawn_started_workers_do_not_run_it_either(photo_folder: Path, tmp_path: Path) -> None:
    # Batch labeling signs in spawn-started worker processes, which import c2pa afresh.
    marker = tmp_path / "marker.txt"
    script = tmp_path / "spawn_worker.py"
    script.write_text(_SPAWN_WORKER)
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "PLANTED_MARKER": str(marker)}
    result = subprocess.run(
        [sys.executable, str(script)],
        cwd=photo_folder,
        env=environment,
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_LIMIT_S,
    )
    assert not marker.exists(), "a spawn-started worker loaded the planted copy"
    assert result.returncode == 0 and result.stdout.strip(), result.stderr


def test_without_its_shipped_library_c2pa_refuses_to_load_instead_of_searching_the_folder(
    photo_folder: Path, tmp_path: Path
) -> None:
    # A broken installation: a c2pa package with no libc2pa_c beside it.
    broken = tmp_path / "broken-site"
    (broken / "c2pa").mkdir(parents=True)
    for module in ("__init__.py", "c2pa.py", "lib.py"):
        shutil.copy2(native_library.package_folders()[0] / module, broken / "c2pa")
    marker = tmp_path / "marker.txt"
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join((str(broken), str(ROOT))),
        "PLANTED_MARKER": str(marker),
    }
    result = subprocess.run(
        [sys.executable, "-c", "import app, c2pa"],
        cwd=photo_folder,
        env=environment,
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_LIMIT_S,
    )
    assert not marker.exists(), "with no shipped copy the planted library was loaded"
    assert "copy of the C2PA library (libc2pa_c.so) is missing" in result.stderr
