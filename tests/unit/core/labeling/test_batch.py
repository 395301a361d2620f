"""Batch labeling: a real process pool signs the good files, says why each bad one failed,
never stops early, reports progress per file, and the CLI exits 0/1 accordingly."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from app.core.errors import IdentityError
from app.core.labeling.batch import BatchProgress, destinations, side_threads_for
from app.core.labeling.disclosure import AiTool, AiUse, Disclosure
from app.core.labeling.service import label_many
from app.core.model import AiVerdictKind, ValidationState
from app.core.reading.credentials import read_file
from app.core.reading.trust import load_profile
from app.core.signing.identity_store import IdentityStore
from tests.conftest import ROOT
from tests.helpers.cli import run_cli
from tests.helpers.exports import make_picture, sha256

AI = Disclosure(ai=AiUse.PARTIAL, ai_tools=(AiTool("Firefly"),))


@pytest.fixture
def identity_id() -> str:
    return IdentityStore().create_local("Batch Tester").id


def _inputs(folder: Path) -> tuple[list[Path], list[Path]]:
    """(good files, malformed ones): pictures we made, then non-media, truncated, empty,
    missing."""
    folder.mkdir(parents=True, exist_ok=True)
    good = [make_picture(folder / "a.jpg"), make_picture(folder / "b.png")]
    good.append(make_picture(folder / "c.webp"))
    text = folder / "notes.txt"
    text.write_text("not a picture")
    truncated = folder / "cut.jpg"
    data = good[0].read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    empty = folder / "empty.png"
    empty.write_bytes(b"")
    return good, [text, truncated, empty, folder / "missing.jpg"]


def test_mixed_batch(identity_id: str, tmp_path: Path) -> None:
    good, bad = _inputs(tmp_path / "in")
    out = tmp_path / "out"
    out.mkdir()
    paths = [bad[0], good[0], bad[1], good[1], bad[2], good[2], bad[3]]
    hashes = {p: sha256(p) for p in paths if p.exists()}
    events: list[BatchProgress] = []
    summary = label_many(
        paths,
        AI,
        identity_id,
        out,
        processes=2,
        progress=events.append,
        profile=load_profile("local"),
    )
    assert [o.source for o in summary.outcomes] == paths  # input order
    assert summary.ok_count == 3
    assert [o.ok for o in summary.outcomes] == [False, True, False, True, False, True, False]
    sentences = {o.source.name: o.sentence for o in summary.failed}
    assert "cannot add Content Credentials" in sentences["notes.txt"]
    assert "damaged" in sentences["cut.jpg"]
    assert "cannot add Content Credentials" in sentences["empty.png"]
    assert "does not exist" in sentences["missing.jpg"]
    for outcome in summary.outcomes:
        if outcome.ok:
            assert outcome.dest is not None and outcome.dest.parent == out
            report = read_file(outcome.dest, load_profile("local"))
            assert report.state is ValidationState.TRUSTED
            assert report.ai.kind is AiVerdictKind.CONTAINS_AI
            assert report.ai.tools == ("Firefly",)
    assert sorted(p.name for p in out.iterdir()) == ["a.cr.jpg", "b.cr.png", "c.cr.webp"]
    assert {p: sha256(p) for p in hashes} == hashes  # originals untouched
    finals = [e for e in events if e.outcome is not None]
    assert sorted(e.index for e in finals) == list(range(len(paths)))
    assert [e.finished for e in finals] == list(range(1, len(paths) + 1))
    assert any(e.phase == "started" for e in events)
    assert "Labeled 3 of 7 files; 4 failed." in summary.lines()[-1]


def test_corpus_files_in_a_batch(identity_id: str, tmp_path: Path, corpus_file) -> None:
    names = ["rs_cai.jpg", "rs_no_alg.jpg", "pt_adobe-20220124-A.jpg"]
    paths = [Path(shutil.copy(corpus_file(n), tmp_path / n)) for n in names]
    out = tmp_path / "out"
    out.mkdir()
    summary = label_many(paths, AI, identity_id, out, processes=2)
    ok = {o.source.name: o for o in summary.outcomes}
    assert ok["rs_cai.jpg"].ok  # its own history becomes the copy's parent ingredient
    assert not ok["rs_no_alg.jpg"].ok
    assert "history" in ok["rs_no_alg.jpg"].sentence
    assert ok["pt_adobe-20220124-A.jpg"].ok
    copy = read_file(out / "rs_cai.cr.jpg")
    assert copy.active is not None and copy.active.ingredients


def test_same_names_from_two_folders_get_distinct_copies(tmp_path: Path) -> None:
    targets = destinations([tmp_path / "x" / "a.jpg", tmp_path / "y" / "a.jpg"], tmp_path)
    assert [t.name for t in targets] == ["a.cr.jpg", "a.cr-2.jpg"]


def test_unknown_identity_fails_once_before_any_work(tmp_path: Path) -> None:
    good, _bad = _inputs(tmp_path / "in")
    with pytest.raises(IdentityError, match="no signing identity"):
        label_many(good, AI, "nobody", tmp_path, processes=1)


def test_cancel_leaves_nothing(identity_id: str, tmp_path: Path) -> None:
    good, _bad = _inputs(tmp_path / "in")
    out = tmp_path / "out"
    out.mkdir()
    cancel = threading.Event()
    cancel.set()
    summary = label_many(good * 2, AI, identity_id, out, processes=1, cancel=cancel)
    assert summary.ok_count <= 1  # at most the file already running when the pool started
    assert all(o.cancelled for o in summary.failed)
    assert len(list(out.iterdir())) == summary.ok_count


def test_batch_cli(identity_id: str, tmp_path: Path) -> None:
    good, _bad = _inputs(tmp_path / "in")
    out = tmp_path / "out"
    out.mkdir()
    mixed = run_cli(
        "batch",
        str(tmp_path / "in" / "*"),
        "--out-dir",
        str(out),
        "--ai",
        "full",
        "-j",
        "2",
        "--identity",
        identity_id,
    )
    assert mixed.returncode == 1, mixed.stderr
    assert "Labeled 3 of 6 files; 3 failed." in mixed.stdout
    assert "[6/6]" in mixed.stderr  # plain progress lines when stderr is not a terminal
    clean = tmp_path / "clean"
    clean.mkdir()
    ok = run_cli(
        "batch", *(str(p) for p in good), "--out-dir", str(clean), "--json", "--title", "Set"
    )
    assert ok.returncode == 0, ok.stderr
    data = json.loads(ok.stdout)
    assert data["ok"] == 3 and data["failed"] == 0
    assert all(f["state"] == "Trusted" for f in data["files"])
    nothing = run_cli("batch", str(tmp_path / "none" / "*.jpg"), "--out-dir", str(clean))
    assert nothing.returncode == 1
    assert "no files match" in nothing.stderr


def _children_of(pid: int) -> list[int]:
    """Processes descended from `pid` (children, and theirs: a worker forked by the fork
    server is its child, not the batch's), from /proc (no psutil here)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        parents[int(stat.parent.name)] = int(fields[1])
    found: list[int] = []
    wanted = {pid}
    while True:
        more = [p for p, parent in parents.items() if parent in wanted and p not in found]
        if not more:
            return found
        found += more
        wanted = set(more)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_until(condition: Callable[[], bool], seconds: float) -> bool:
    """Poll `condition` for up to `seconds`; a bound on waiting, not a timing assert."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_stop_when_the_batch_is_killed(identity_id: str, tmp_path: Path) -> None:
    """SIGKILL the `credlabel batch` process: its workers stop, leave no temporary file,
    and no further copy appears."""
    import os
    import signal

    folder = tmp_path / "in"
    folder.mkdir()
    first = make_picture(folder / "p000.jpg", (1600, 1200))
    for number in range(1, 120):
        shutil.copy(first, folder / f"p{number:03}.jpg")
    out = tmp_path / "out"
    out.mkdir()
    args = ["batch", str(folder / "*.jpg"), "--out-dir", str(out), "--ai", "none", "-j", "2"]
    batch = subprocess.Popen(
        [sys.executable, "-m", "app", *args, "--identity", identity_id],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    workers: list[int] = []
    try:
        assert batch.stderr is not None
        assert "[1/120]" in batch.stderr.readline()  # the first file is done
        workers = _children_of(batch.pid)
        assert workers
        batch.send_signal(signal.SIGKILL)
        batch.wait()
        assert _wait_until(lambda: not any(_alive(w) for w in workers), 15), workers
    finally:
        for pid in workers + _children_of(batch.pid):  # never leave strays behind
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        batch.kill()
        batch.wait()
        if batch.stderr is not None:
            batch.stderr.close()
    copies = sorted(p.name for p in out.iterdir())
    assert not [name for name in copies if ".credlabel-tmp-" in name]
    assert len(copies) < 120
    _wait_until(lambda: False, 1.0)  # time for a straggler to show itself
    assert sorted(p.name for p in out.iterdir()) == copies


_RUNNER = (
    "import sys\nfrom app.start import main\n\nif __name__ == '__main__':\n    sys.exit(main())\n"
)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the fork server is Linux's")
def test_a_batch_in_a_folder_with_planted_modules_does_not_run_them(
    identity_id: str, tmp_path: Path
) -> None:
    """The worker processes' server starts as `python -c`, which looks in the current folder
    first: a downloaded folder's `multiprocessing/` or `c2pa.py` must not run."""
    import os

    folder = tmp_path / "downloads"
    marker = tmp_path / "planted-ran"
    plant = f"open({str(marker)!r}, 'a').write(__name__ + '\\n')\n"
    for name in ("multiprocessing", "app", "PIL"):
        (folder / name).mkdir(parents=True)
        (folder / name / "__init__.py").write_text(plant)
    (folder / "c2pa.py").write_text(plant)
    make_picture(folder / "a.jpg")
    make_picture(folder / "b.jpg")
    runner = tmp_path / "runner" / "credlabel.py"  # as the installed command: not in the folder
    runner.parent.mkdir()
    runner.write_text(_RUNNER)
    args = ["batch", "a.jpg", "b.jpg", "--out-dir", str(tmp_path), "--ai", "none", "-j", "2"]
    done = subprocess.run(
        [sys.executable, str(runner), *args, "--identity", identity_id],
        cwd=folder,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,  # a hang guard, not a timing assertion
    )
    assert not marker.exists(), marker.read_text()
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.glob("*.cr.jpg")) == ["a.cr.jpg", "b.cr.jpg"]


def test_exports_use_threads_of_their_own_only_while_a_core_is_free(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("os.cpu_count", lambda: 4)
    assert [side_threads_for(n) for n in (1, 3, 4, 8)] == [True, True, False, False]
    monkeypatch.setattr("os.cpu_count", lambda: None)  # unknown: one core
    assert side_threads_for(1) is False
