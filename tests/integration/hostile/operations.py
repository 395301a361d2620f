"""What a hostile-input worker does to one input: open it, label it, or make a tampered copy.

`open` is the open pipeline (probe → read_file → JSON report → preview). `label` is the real
export (`export_labeled_copy`) with a throwaway identity made once per worker, into a fresh
destination folder. `tamper-KIND` is `make_tampered_copy` with that kind, also into a fresh
folder. Besides the outcome of the call itself, every operation checks what a user would
notice: the input file is byte-identical afterwards (`changed` otherwise), the destination
folder holds the published copy and nothing else on success and nothing on failure
(`leftover`), and a published copy re-reads as promised (`wrong`): a label reads Valid or
Trusted with the AI term we disclosed, a tampered copy reads the way its result says.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.core.workshop.tamper import TamperKind

TAMPER_OPERATIONS = tuple(f"tamper-{kind.value}" for kind in TamperKind)
OPERATIONS = ("open", "label", *TAMPER_OPERATIONS)
HASH_LIMIT = 256 << 20  # bigger inputs (the sparse 1–3 GB ones) are compared by stat only

Answer = dict[str, Any]


class NetworkUsed(BaseException):  # BaseException: no `except Exception` can hide it
    pass


class Tools:
    """What a worker makes once and reuses for every input: the signing identity and a
    scratch folder for destinations."""

    def __init__(self) -> None:
        # Inside the lane's folder (CREDLABEL_HOME), which the parent removes at the end.
        home = os.environ.get("CREDLABEL_HOME")
        self._scratch = Path(tempfile.mkdtemp(prefix="out-", dir=home))
        self._signing: Any = None

    def signing(self) -> Any:
        if self._signing is None:
            from tests.helpers.exports import make_signing

            self._signing = make_signing(self._scratch / "identity")
        return self._signing

    def fresh_folder(self) -> Path:
        return Path(tempfile.mkdtemp(dir=self._scratch, prefix="dest-"))


def run_operation(operation: str, path: Path, tools: Tools) -> Answer:
    """Run `operation` on `path`; the outcome as plain data (never raises but BaseException)."""
    before = fingerprint(path)
    folder = tools.fresh_folder() if operation != "open" else None
    try:
        answer = _guarded(lambda: _OPERATIONS[operation](path, tools, folder))
        if fingerprint(path) != before:
            answer = {"outcome": "changed", "detail": f"the input changed ({answer['detail']})"}
        if folder is not None and answer["outcome"] in ("ok", "typed"):
            answer = _check_folder(folder, answer)
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
    return answer


def _guarded(run: Callable[[], Answer]) -> Answer:
    from app.core.errors import CredLabelError

    try:
        return run()
    except CredLabelError as exc:
        if not exc.sentence.strip():
            return {"outcome": "silent", "detail": type(exc).__name__}
        return {"outcome": "typed", "detail": f"{exc.sentence} [{type(exc).__name__}]"}
    except NetworkUsed as exc:
        return {"outcome": "network", "detail": str(exc)}
    except Exception as exc:
        text = "".join(traceback.format_exception(exc)[-6:])
        return {"outcome": "untyped", "detail": f"{type(exc).__name__}: {exc}\n{text}"}


def fingerprint(path: Path) -> tuple[Any, ...] | None:
    """Size, modification time and sha256 of a regular file; stat alone for anything else
    (a FIFO or a device would block or never end); None when it cannot be seen."""
    try:
        info = path.stat()
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return (info.st_mode, info.st_ino)
    digest = ""
    if info.st_size <= HASH_LIMIT:
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            digest = "unreadable"
    return (info.st_size, info.st_mtime_ns, digest)


def _check_folder(folder: Path, answer: Answer) -> Answer:
    """Success leaves exactly the published copy; a refusal leaves nothing at all."""
    left = sorted(p.name for p in folder.iterdir())
    expected = [answer["output"]] if answer["outcome"] == "ok" else []
    if left != expected:
        return {"outcome": "leftover", "detail": f"left in the folder: {left} ({answer['detail']})"}
    return answer


# -- the operations --------------------------------------------------------------------------


def open_file(path: Path, _tools: Tools, _folder: Path | None) -> Answer:
    """What the app does when a file is opened."""
    from app.core.media.preview import preview_image
    from app.core.media.probe import probe
    from app.core.model import ValidationState
    from app.core.reading.credentials import read_file
    from app.core.reports.json_report import report_to_dict

    probe(path)
    report = read_file(path, detailed=True)
    json.dumps(report_to_dict(report, include_raw=True))
    failed = report.state in (ValidationState.COULD_NOT_READ, ValidationState.INVALID)
    sentence = report.problem or _failure_sentence(report)
    if failed and not sentence:
        return {"outcome": "silent", "detail": report.state.value}
    preview = preview_image(path, max_edge=256)
    if preview is not None:
        preview.close()
    return {"outcome": "typed" if failed else "ok", "detail": sentence or report.state.value}


def _failure_sentence(report: Any) -> str:
    failures = [s for s in report.status if s.kind == "failure" and s.explanation]
    return str(failures[0].explanation) if failures else ""


def label(path: Path, tools: Tools, folder: Path | None) -> Answer:
    """The real export with an AI disclosure; the published copy must read it back."""
    from app.core.labeling.disclosure import AiTool, AiUse, Disclosure
    from app.core.labeling.export import export_labeled_copy
    from app.core.model import ValidationState
    from app.core.reading.credentials import read_file
    from app.core.vocabulary import COMPOSITE_TERM

    assert folder is not None
    signing = tools.signing()
    dest = folder / f"labeled{path.suffix}"
    disclosure = Disclosure(ai=AiUse.PARTIAL, ai_tools=(AiTool("Test AI"),))
    export_labeled_copy(path, disclosure, signing.signer, dest=dest, profile=signing.profile)
    report = read_file(dest, signing.profile)
    good = (ValidationState.VALID_UNTRUSTED, ValidationState.TRUSTED)
    terms = {a.source_term for a in report.active.actions} if report.active else set()
    if report.state not in good or COMPOSITE_TERM not in terms:
        detail = f"the labeled copy reads {report.state.value}, AI terms {sorted(map(str, terms))}"
        return {"outcome": "wrong", "detail": detail}
    return {"outcome": "ok", "detail": report.state.value, "output": dest.name}


def tamper(kind: TamperKind) -> Callable[[Path, Tools, Path | None], Answer]:
    def run(path: Path, _tools: Tools, folder: Path | None) -> Answer:
        from app.core.model import ValidationState
        from app.core.reading.credentials import read_file
        from app.core.workshop.tamper import NO_CREDENTIALS, make_tampered_copy

        assert folder is not None
        result = make_tampered_copy(path, kind, folder)
        if result.path.parent != folder:
            return {"outcome": "wrong", "detail": f"the copy was written to {result.path}"}
        report = read_file(result.path)
        codes = {s.code for s in report.failures}
        if result.expected == (NO_CREDENTIALS,):
            kept = report.state is ValidationState.NO_CREDENTIALS
        else:
            kept = report.state is ValidationState.INVALID and set(result.expected) <= codes
        if not kept:
            detail = f"promised {result.expected}, reads {report.state.value} {sorted(codes)}"
            return {"outcome": "wrong", "detail": f"{detail} {report.problem or ''}".strip()}
        return {"outcome": "ok", "detail": ", ".join(result.expected), "output": result.path.name}

    return run


_OPERATIONS: dict[str, Callable[[Path, Tools, Path | None], Answer]] = {
    "open": open_file,
    "label": label,
    **{f"tamper-{kind.value}": tamper(kind) for kind in TamperKind},
}
