"""The labeling service's questions, answered by the window's dialogs.

The service asks on the thread that runs the labeling, which in the window is a worker of
the `TaskRunner`. Dialogs may only be opened on the GUI thread, so each question is handed
to it through a queued signal and the worker waits for the answer; asked on the GUI thread
itself, the dialog opens directly. A worker never waits forever: when the export is
cancelled (or the window closes, which cancels it first), the question gives up with
`ExportCancelled` and nothing is signed.

What the person chose about timestamps is kept here too, so the result can say that the
copy was signed without one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QWidget

from app.core.errors import ExportCancelled
from app.core.i18n import N_, _

# The labeling service is loaded by the export that asks these questions, not by the window.
if TYPE_CHECKING:
    from app.core.labeling.service import ExistingCopy, Remember
    from app.gui.dialogs import Dialogs

T = TypeVar("T")
WAIT_SECONDS = 0.1  # how often a waiting worker looks at the cancel flag

# English (N_): shown with `_(WITHOUT_TIMESTAMP_NOTE)`, in the language of the moment.
WITHOUT_TIMESTAMP_NOTE = N_(
    "Signed without a timestamp: the copy reads as invalid once the certificate expires."
)


@dataclass
class _Asked(Generic[T]):
    """One question in flight between a worker and the GUI thread."""

    ask: Callable[[], T]
    done: threading.Event = field(default_factory=threading.Event)
    value: T | None = None
    error: BaseException | None = None


class WindowQuestions(QObject):
    """`Questions` (app.core.labeling.service) for one labeling run in the window.

    Make it on the GUI thread (it lives there); `parent` is the window its dialogs belong to.
    """

    _asked = Signal(object)

    def __init__(self, dialogs: Dialogs, parent: QWidget, cancel: threading.Event) -> None:
        from app.core.labeling.service import Remember

        super().__init__(parent)
        self._dialogs = dialogs
        self._parent = parent
        self._cancel = cancel
        self._remember = Remember.SESSION
        self.signed_without_timestamp = False  # the person said yes to that question
        self.declined_timestamp = False  # ... or no: nothing was signed, as they chose
        self.told: list[str] = []
        # Queued even when emitted on this thread: the slot always runs in the GUI loop.
        self._asked.connect(self._on_asked, Qt.ConnectionType.QueuedConnection)

    # -- the Questions protocol (any thread) ----------------------------------------------

    def passphrase(self, identity_name: str, problem: str | None) -> str | None:
        from app.core.signing.identity_store import keyring_backend

        def ask() -> str | None:
            available = keyring_backend() is not None
            answer = self._dialogs.passphrase(
                self._parent, identity_name, problem, keyring_available=available
            )
            if answer is None:
                return None
            self._remember = answer.remember
            return answer.passphrase

        return self._ask(ask)

    def remember_passphrase(self, identity_name: str) -> Remember:
        """The passphrase dialog already asked, next to the field."""
        return self._remember

    def sign_without_timestamp(self, server: str, sentence: str) -> bool:
        yes = self._ask(
            lambda: self._dialogs.sign_without_timestamp(self._parent, server, sentence)
        )
        self.signed_without_timestamp = self.signed_without_timestamp or bool(yes)
        self.declined_timestamp = self.declined_timestamp or not yes
        return bool(yes)

    def overwrite(self, dest: Path, free_name: Path) -> ExistingCopy:
        from app.core.labeling.service import ExistingCopy

        answer = self._ask(lambda: self._dialogs.existing_copy(self._parent, dest, free_name))
        return answer if answer is not None else ExistingCopy.SKIP

    def tell(self, sentence: str) -> None:
        self.told.append(sentence)  # shown with the result, not as one more dialog

    # -- handing questions to the GUI thread ----------------------------------------------

    def _ask(self, ask: Callable[[], T]) -> T | None:
        from app.core.labeling.export_io import CANCELLED

        if threading.current_thread() is threading.main_thread():
            return ask()  # the GUI thread: open the dialog right here
        asked = _Asked(ask)
        self._asked.emit(asked)
        while not asked.done.wait(WAIT_SECONDS):
            if self._cancel.is_set():
                raise ExportCancelled(_(CANCELLED))
        if asked.error is not None:
            raise asked.error
        return asked.value

    @Slot(object)
    def _on_asked(self, asked: _Asked[object]) -> None:
        from app.core.labeling.export_io import CANCELLED

        try:
            if self._cancel.is_set():
                raise ExportCancelled(_(CANCELLED))
            asked.value = asked.ask()
        except BaseException as exc:  # handed to the waiting worker, which raises it
            asked.error = exc
        finally:
            asked.done.set()
