"""Crash-safe export: whatever happens to the exporting process or the disk, the original is
byte-identical afterwards, no partial file is left under the destination name, and the
temporary files of a killed export are removed on the next start.

The export runs in a real subprocess (`tests.integration.hostile.export_child`) that is SIGKILLed at
each phase (reached through the progress callback) and after seeded random delays. A full
disk is a real 1 MB tmpfs and a read-only folder a read-only tmpfs when this process may
mount (root); otherwise those tests are skipped with the reason (`test_export.py`
simulates both with monkeypatching). Destinations that are the original — itself, a
symbolic link or a hard link to it — are refused through the real `credlabel label`.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from app.core.cleanup import clean_up_after_crashes, pending_temp_files, remove_stale_temp_files
from app.core.errors import ExportError
from app.core.labeling.disclosure import AiTool, AiUse, Disclosure
from app.core.labeling.export import export_labeled_copy
from app.core.labeling.export_io import is_temp_name
from app.core.model import ValidationState
from app.core.reading.credentials import read_file
from tests.conftest import ROOT
from tests.helpers.exports import Signing, make_signing, sha256

PHASES = ("reading", "signing", "writing", "verifying")
DISCLOSURE = Disclosure(ai=AiUse.PARTIAL, ai_tools=(AiTool("Test AI"),))


@pytest.fixture
def original(tmp_path: Path) -> Path:
    """A 1-2 MB JPEG of noise, so that every phase takes a moment."""
    folder = tmp_path / "photos"
    folder.mkdir()
    path = folder / "photo.jpg"
    Image.effect_noise((1400, 1000), 64).convert("RGB").save(path, "JPEG", quality=95)
    return path


@pytest.fixture
def signing(tmp_path: Path) -> Signing:
    return make_signing(tmp_path / "signing")


def _child(original: Path, dest: Path, tmp_path: Path, phase: str | None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            *(
                sys.executable,
                "-m",
                "tests.integration.hostile.export_child",
                str(original),
                str(dest),
            ),
            *(str(tmp_path / "child-signing"), *([phase] if phase else [])),
        ],
        cwd=ROOT,
        env=dict(os.environ),  # same CREDLABEL_HOME: the same crash journal
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if is_temp_name(p.name))


def _assert_nothing_partial(dest: Path) -> None:
    """Either no file under the destination name, or a complete copy that verifies."""
    if dest.exists():
        report = read_file(dest)
        assert report.state in (ValidationState.VALID_UNTRUSTED, ValidationState.TRUSTED)


def _next_start_cleans_up(original: Path) -> None:
    """A real next start of the app (any command) removes what the killed export left."""
    run = subprocess.run(
        [sys.executable, "-m", "app", "inspect", str(original)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode in (0, 3), run.stderr
    assert _temps(original.parent) == []
    assert pending_temp_files() == []


@pytest.mark.slow
@pytest.mark.parametrize("phase", PHASES)
def test_killed_in_each_phase_leaves_the_original_and_no_partial_copy(
    original: Path, tmp_path: Path, phase: str
) -> None:
    before = sha256(original)
    dest = original.with_name("photo.cr.jpg")
    child = _child(original, dest, tmp_path, phase)
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.strip() == f"READY {phase}", child.stderr.read() if child.stderr else ""
        if phase != "reading":  # from signing on, the temporary copy is being written
            assert _temps(original.parent), "the kill should catch a temporary file"
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        _stop(child)
    assert sha256(original) == before
    assert not dest.exists()
    _next_start_cleans_up(original)
    assert sorted(p.name for p in original.parent.iterdir()) == ["photo.jpg"]


@pytest.mark.slow
def test_killed_at_random_moments(original: Path, tmp_path: Path) -> None:
    before = sha256(original)
    rng = random.Random("crash-safe-export")
    for attempt in range(4):
        dest = original.with_name(f"copy-{attempt}.jpg")
        child = _child(original, dest, tmp_path, None)
        try:
            time.sleep(rng.uniform(0.3, 2.5))  # start-up, then somewhere in the export
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
        finally:
            _stop(child)
        assert sha256(original) == before
        _assert_nothing_partial(dest)
    _next_start_cleans_up(original)


# The export of `tests.integration.hostile.export_child`, stopped inside the XMP step: the new
# packet is about to go into the half-written temporary copy, or exiv2 is about to rewrite it
# (every copy or backup of that step exists by then).
_XMP_CHILD = """
import sys, time
from app.core.media import xmp
from tests.integration.hostile import export_child

def stop(*args):
    print("READY xmp", flush=True)
    time.sleep(3600)  # wait here for SIGKILL

xmp._write = stop
xmp._packet_part = stop
export_child.main(sys.argv[1:])
"""


@pytest.mark.slow
def test_killed_during_the_xmp_step_leaves_nothing_hidden(original: Path, tmp_path: Path) -> None:
    before = sha256(original)
    dest = original.with_name("photo.cr.jpg")
    child = subprocess.Popen(
        [sys.executable, "-c", _XMP_CHILD, str(original), str(dest), str(tmp_path / "signing")],
        cwd=ROOT,
        env=dict(os.environ),  # same CREDLABEL_HOME: the same crash journal
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.strip() == "READY xmp", child.stderr.read() if child.stderr else ""
        # The packet is made while the signing step opens its temporary copy: wait for it.
        deadline = time.monotonic() + 20
        while not _temps(original.parent) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert _temps(original.parent), "the kill should catch the temporary copy"
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        _stop(child)
    assert sha256(original) == before
    _next_start_cleans_up(original)
    assert sorted(p.name for p in original.parent.iterdir()) == ["photo.jpg"]


def _stop(child: subprocess.Popen[str]) -> None:
    if child.poll() is None:
        child.kill()
        child.wait()
    for pipe in (child.stdout, child.stderr):
        if pipe is not None:
            pipe.close()


# -- disks that say no ----------------------------------------------------------------------


@contextlib.contextmanager
def _tmpfs(folder: Path, options: str) -> Iterator[Path]:
    folder.mkdir(exist_ok=True)
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root; test_export.py simulates it")
    mount = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True
    )
    if mount.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mount.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_full_disk_leaves_nothing_and_says_so(
    original: Path, signing: Signing, tmp_path: Path
) -> None:
    before = sha256(original)
    with _tmpfs(tmp_path / "small", "size=1m") as small:
        assert original.stat().st_size > 1 << 20  # it cannot fit
        with pytest.raises(ExportError, match="not enough free space"):
            export_labeled_copy(
                original, DISCLOSURE, signing.signer, dest=small / "c.jpg", profile=signing.profile
            )
        assert list(small.iterdir()) == []
    assert sha256(original) == before
    assert pending_temp_files() == []


def test_full_disk_holding_the_original_leaves_it_intact(signing: Signing, tmp_path: Path) -> None:
    with _tmpfs(tmp_path / "small", "size=1m") as small:
        path = small / "photo.jpg"
        Image.effect_noise((700, 500), 64).convert("RGB").save(path, "JPEG", quality=95)
        filler = small / "filler"
        with contextlib.suppress(OSError), filler.open("wb") as fh:
            fh.write(b"\0" * (1 << 20))  # fill what is left
        before = sha256(path)
        with pytest.raises(ExportError, match="not enough free space"):
            export_labeled_copy(path, DISCLOSURE, signing.signer, profile=signing.profile)
        assert sha256(path) == before
        assert sorted(p.name for p in small.iterdir()) == ["filler", "photo.jpg"]


def test_read_only_destination_leaves_nothing_and_says_so(
    original: Path, signing: Signing, tmp_path: Path
) -> None:
    before = sha256(original)
    with _tmpfs(tmp_path / "readonly", "ro,size=1m") as readonly:
        with pytest.raises(ExportError, match="read-only"):
            export_labeled_copy(
                original,
                DISCLOSURE,
                signing.signer,
                dest=readonly / "c.jpg",
                profile=signing.profile,
            )
        assert list(readonly.iterdir()) == []
    assert sha256(original) == before


# -- the destination is the original ------------------------------------------------------------


@pytest.mark.parametrize("kind", ["itself", "symlink", "hardlink", "dotted-path"])
def test_destination_that_is_the_original_is_refused_by_the_cli(original: Path, kind: str) -> None:
    before = sha256(original)
    folder = original.parent
    dest = {
        "itself": original,
        "symlink": folder / "link.jpg",
        "hardlink": folder / "hard.jpg",
        "dotted-path": folder / ".." / folder.name / "photo.jpg",
    }[kind]
    if kind == "symlink":
        dest.symlink_to(original)
    if kind == "hardlink":
        os.link(original, dest)
    run = subprocess.run(
        [sys.executable, "-m", "app", "label", str(original), "--ai", "partial", "-o", str(dest)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert "never overwrites the original" in run.stderr
    assert sha256(original) == before
    assert _temps(folder) == []


# -- the cleanup itself -------------------------------------------------------------------------


def test_cleanup_removes_only_export_temp_files(tmp_path: Path) -> None:
    stale = tmp_path / ".photo.cr.jpg.credlabel-tmp-abc123"
    mine = tmp_path / "photo.jpg"
    hidden = tmp_path / ".hidden-notes"
    for path in (stale, mine, hidden):
        path.write_bytes(b"x")
    old = time.time() - 10 * 3600
    for path in (stale, mine, hidden):
        os.utime(path, (old, old))
    assert remove_stale_temp_files([tmp_path], older_than_s=3600) == [stale]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".hidden-notes", "photo.jpg"]


def test_cleanup_keeps_the_temp_files_of_an_export_still_running(tmp_path: Path) -> None:
    from app.core.cleanup import register_temp

    running = tmp_path / ".a.jpg.credlabel-tmp-running"
    running.write_bytes(b"x")
    register_temp(running)  # this very process: alive, but a fresh start cleans its own
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        other = tmp_path / ".b.jpg.credlabel-tmp-otherpid"
        other.write_bytes(b"x")
        _register_for(other, sleeper.pid)
        removed = clean_up_after_crashes()
        assert removed == [running]
        assert other.exists()  # its writer is alive: not ours to remove
    finally:
        sleeper.kill()
        sleeper.wait()
    assert clean_up_after_crashes() == [other]  # the writer is gone now


def _register_for(temp: Path, pid: int) -> None:
    import json

    from app.core import cleanup

    cleanup.register_temp(temp)
    entry = cleanup._entry(temp)
    record = json.loads(entry.read_text())
    entry.write_text(json.dumps({**record, "pid": pid}))
