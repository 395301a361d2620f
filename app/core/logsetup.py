"""Logging: a rotating file in the user log folder plus stderr at the chosen level.

Never log key material or passphrases: identity code logs names and fingerprints only.
"""

from __future__ import annotations

import logging
from typing import Any

from app.core.paths import user_folders

LEVELS = ("debug", "info", "warning", "error")
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Libraries whose debug lines drown ours (Pillow logs every PNG chunk it reads): their
# warnings and errors still reach the log.
QUIET_LIBRARIES = ("PIL", "urllib3", "keyring", "asyncio", "libav", "matplotlib")


def setup_logging(level: str = "warning", *, to_file: bool = True) -> None:
    """Configure the root logger once; safe to call again (replaces our handlers)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_credlabel", False):
            root.removeHandler(handler)
            handler.close()
    root.setLevel(logging.DEBUG)
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(logging.WARNING)

    console = logging.StreamHandler()
    console.setLevel(getattr(logging, level.upper(), logging.WARNING))
    console.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    console._credlabel = True  # type: ignore[attr-defined]
    root.addHandler(console)

    if to_file:
        try:
            log_file = user_folders().ensure().log_file
            # Opened here as the rotating handler opens it, so a log that cannot be
            # written is said at the start, as always; the handler comes with the first line.
            log_file.open("a", encoding="utf-8").close()
        except OSError as exc:  # a read-only home must not stop the app
            logging.getLogger(__name__).warning("Cannot write the log file: %s", exc)
        else:
            file_handler = _LogFile(str(log_file))
            file_handler.setLevel(logging.DEBUG)
            file_handler.setFormatter(logging.Formatter(_FORMAT))
            file_handler._credlabel = True  # type: ignore[attr-defined]
            root.addHandler(file_handler)


class _LogFile(logging.Handler):
    """The rotating log file (1 MB, three old copies), made at the first line logged: a run
    that logs nothing to it (most `credlabel inspect` runs) does not import
    logging.handlers and socket (~5 ms)."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path
        self._file: Any = None

    def emit(self, record: logging.LogRecord) -> None:
        if self._file is None:
            import logging.handlers

            try:
                self._file = logging.handlers.RotatingFileHandler(
                    self.path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
                )
            except OSError:
                self.handleError(record)
                return
            self._file.setFormatter(self.formatter)
        self._file.emit(record)  # under this handler's lock (Handler.handle holds it)

    def setFormatter(self, fmt: logging.Formatter | None) -> None:
        super().setFormatter(fmt)
        if self._file is not None:
            self._file.setFormatter(fmt)

    def flush(self) -> None:
        with self.lock:  # type: ignore[union-attr]
            if self._file is not None:
                self._file.flush()

    def close(self) -> None:
        with self.lock:  # type: ignore[union-attr]
            if self._file is not None:
                self._file.close()
                self._file = None
        super().close()
