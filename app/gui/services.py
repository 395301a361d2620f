"""The core calls the window makes, gathered behind one small object.

Every method here is slow (disk, c2pa, decoding) and is only ever called inside a worker
started by `TaskRunner`. The window receives a `CoreServices` in its constructor, so a test
can pass a variant; the default one calls the real core. No decisions are made here: this
only adapts core results to what Qt needs (a PIL image becomes a `QImage`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from app.core.errors import CredLabelError

# The core is imported where a method first needs it: these run in workers, after the
# window is shown, and importing them all up front (cryptography, Pillow, c2pa, the
# labeling service) held the first paint back.
if TYPE_CHECKING:
    from PIL import Image

    from app.core.labeling.batch import BatchProgress, BatchSummary
    from app.core.labeling.disclosure import Disclosure
    from app.core.labeling.service import LabelRequest, Questions
    from app.core.model import FileReport, MediaInfo
    from app.core.reading.quick_read import QuickRead
    from app.core.reading.trust import TrustProfile
    from app.core.settings import Settings
    from app.core.signing.identity_store import IdentityStore

THUMB_EDGE = 96


def pil_to_qimage(image: Image.Image) -> QImage:
    """A deep-copied QImage (safe to hand from a worker to the GUI thread)."""
    rgba = image.convert("RGBA")
    data = rgba.tobytes("raw", "RGBA")
    qimage = QImage(data, rgba.width, rgba.height, rgba.width * 4, QImage.Format.Format_RGBA8888)
    return qimage.copy()  # own the pixels: `data` is freed when this function returns


def thumbnail_qimage(data: bytes | None, edge: int = THUMB_EDGE) -> QImage | None:
    """Decode an embedded C2PA thumbnail into a small QImage (None when it cannot be)."""
    if not data:
        return None
    image = QImage()
    if not image.loadFromData(data):
        return None
    return image.scaled(
        edge, edge, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )


log = logging.getLogger(__name__)


class CoreServices:
    """The real core. Methods run in worker threads; none touches a widget."""

    def trust_profile(self, settings: Settings) -> TrustProfile:
        from app.core.reading.trust import load_profile

        test_file = Path(settings.test_trust_file) if settings.test_trust_file else None
        return load_profile(
            settings.trust_profile,
            user_anchor_files=tuple(Path(p) for p in settings.extra_trust_anchors),
            test_trust_file=test_file,
        )

    def read(self, path: Path, settings: Settings, *, detailed: bool = False) -> FileReport:
        from app.core.reading.credentials import read_file

        return read_file(path, self.trust_profile(settings), detailed=detailed)

    def read_remembered(self, path: Path, settings: Settings) -> FileReport:
        """The validating read the window shows, remembered so an export reuses it."""
        from app.core.reading.report_memory import read_and_remember

        return read_and_remember(path, self.trust_profile(settings))

    def after_first_paint(self, settings: Settings) -> str:
        """The old-lists notice (see `trust_notice_text`), then c2pa imported and the
        unchecked-read context built, so the first file opened shows its summary at once
        rather than ~0.1 s later, then PyAV loaded, so the first video opened does not stall
        the window while FFmpeg's libraries load, then the modules the first open and the
        first export import on the GUI thread (run in one worker, after the first paint)."""
        from app.core.reading.quick_read import UNCHECKED
        from app.core.reading.trust import reading_context
        from app.gui.credentials_panel import trust_notice_text

        notice = trust_notice_text(settings.trust_profile)
        from app.core.dates import when_text
        from app.core.reports.wording import size_text

        size_text(1536)  # Babel's data for the language (~80 ms of pickles), off the GUI thread
        when_text("2025-01-01T00:00:00Z")
        try:
            reading_context(self.trust_profile(settings), **UNCHECKED)
        except CredLabelError as exc:  # the file's own read will say it
            log.info("reading not warmed up: %s", exc.sentence)
        from app.core.media.preview import load_video_decoder

        load_video_decoder()
        warm_window_modules()
        WARMED.set()
        return notice

    def quick_read(self, path: Path, settings: Settings) -> QuickRead:
        """The manifest unchecked (milliseconds), shown while `read_remembered` runs."""
        from app.core.reading.quick_read import quick_read

        return quick_read(path, self.trust_profile(settings))

    def probe(self, path: Path) -> MediaInfo:
        from app.core.media.probe import probe

        return probe(path)

    def preview(self, path: Path, max_edge: int, at_seconds: float | None = None) -> QImage | None:
        # Kept while the file is unchanged: a labeled copy's thumbnail is made from it.
        from app.core.media.thumbnail import preview_kept

        image = preview_kept(path, max_edge, at_seconds=at_seconds)
        return None if image is None else pil_to_qimage(image)

    def history_warnings(self, report: FileReport | None, disclosure: Disclosure) -> list[str]:
        """What the disclosure would contradict in the file's own history."""
        if report is None:
            return []
        from app.core.labeling.history_rules import history_warnings

        return history_warnings(report, disclosure)

    def identity_store(self) -> IdentityStore:
        from app.core.signing.identity_store import IdentityStore

        return IdentityStore()

    def label(
        self,
        request: LabelRequest,
        questions: Questions,
        *,
        progress: Callable[[BatchProgress], None],
        cancel: threading.Event,
    ) -> BatchSummary:
        """Label the request's files with the core's labeling service (one file here, many
        in its process pool); its questions are answered by `questions`."""
        from app.core.labeling.service import LabelingSession

        session = LabelingSession(
            questions, store=self.identity_store(), progress=progress, cancel=cancel
        )
        return session.label(request)


WARMED = threading.Event()  # set once the after-first-paint work has imported and loaded all


def warm_window_modules() -> None:
    """Import what the window's first open and first export would otherwise import on the
    GUI thread (~35 ms of imports at the first Export, ~10 ms at the first open: a stall)."""
    import app.core.labeling.history_rules
    import app.core.labeling.preview
    import app.core.labeling.service
    import app.core.reading.manifest_facts
    import app.core.signing.signer
    import app.gui.questions  # noqa: F401
