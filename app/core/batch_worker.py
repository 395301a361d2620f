"""The worker-process side of batch labeling (`app.core.batch`).

Everything here crosses a process boundary, so it is plain picklable data and module-level
functions. A worker builds its Signer once, on its first file, from a `SignerSpec` (the
identity id, not the key: the key is loaded inside the worker and never leaves it).
"""

from __future__ import annotations

import logging
import signal
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.disclosure import Disclosure
from app.core.errors import CredLabelError, ExportCancelled
from app.core.export import ExportProgress, export_labeled_copy
from app.core.trust import TrustProfile

log = logging.getLogger(__name__)

PROGRESS_STEP = 0.05  # send a file's progress at most every 5 %


@dataclass(frozen=True)
class FileOutcome:
    """How one file went: `ok` with the labeled copy, or the sentence saying why not."""

    source: Path
    ok: bool
    sentence: str
    dest: Path | None = None
    state: str | None = None  # the copy's state label when ok ("Trusted", ...)
    warnings: tuple[str, ...] = ()
    cancelled: bool = False


@dataclass(frozen=True)
class SignerSpec:
    """How a worker gets its Signer: an identity in the identity store."""

    identity_id: str
    passphrase: str | None = None
    use_timestamp: bool = True
    identities_folder: Path | None = None

    def __repr__(self) -> str:  # never show the passphrase in logs or tracebacks
        return f"SignerSpec({self.identity_id!r})"

    def build(self) -> Any:
        from app.core.identity import IdentityStore
        from app.core.signer import make_signer

        return make_signer(
            self.identity_id,
            passphrase=self.passphrase,
            use_timestamp=self.use_timestamp,
            store=IdentityStore(self.identities_folder),
        )

    def check(self) -> None:
        """Raise the identity's problem (missing, passphrase, timestamp server) now."""
        self.build()


@dataclass(frozen=True)
class WorkerSetup:
    signer: SignerSpec
    disclosure: Disclosure
    profile: TrustProfile | None
    overwrite: bool


class _Worker:
    """The state of this worker process (one per process)."""

    setup: WorkerSetup | None = None
    events: Any = None
    stop: Any = None
    signer: Any = None


def init_worker(setup: WorkerSetup, events: Any, stop: Any) -> None:
    # Ctrl-C reaches every process of the terminal; only the parent decides to stop (it
    # sets `stop`, and the export then cleans up after itself).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _Worker.setup, _Worker.events, _Worker.stop = setup, events, stop
    _Worker.signer = None


def label_one(index: int, source: Path, dest: Path) -> FileOutcome:
    """Label one file; every problem becomes the outcome's sentence."""
    setup = _Worker.setup
    assert setup is not None, "init_worker was not called"
    _send(index, "started", 0.0)
    try:
        if _Worker.signer is None:
            _Worker.signer = setup.signer.build()
        result = export_labeled_copy(
            source,
            setup.disclosure,
            _Worker.signer,
            dest=dest,
            profile=setup.profile,
            progress=_progress_sender(index),
            cancel=_Worker.stop,
            overwrite=setup.overwrite,
        )
    except ExportCancelled as exc:
        return FileOutcome(source, False, exc.sentence, cancelled=True)
    except CredLabelError as exc:
        return FileOutcome(source, False, exc.sentence)
    except Exception as exc:  # a library surprise on one file must not stop the others
        log.exception("labeling %s failed", source)
        return FileOutcome(source, False, f"Unexpected problem while labeling: {exc!r}.")
    report = result.report
    sentence = f"{result.dest.name}: {report.state.label}; {report.ai.sentence}"
    return FileOutcome(
        source, True, sentence, result.dest, report.state.label, tuple(result.warnings)
    )


def _progress_sender(index: int) -> Any:
    last = [-1.0]

    def send(progress: ExportProgress) -> None:
        if progress.fraction - last[0] >= PROGRESS_STEP:
            last[0] = progress.fraction
            _send(index, "working", progress.fraction)

    return send


def _send(index: int, phase: str, fraction: float) -> None:
    if _Worker.events is not None:
        _Worker.events.put((index, phase, fraction))
