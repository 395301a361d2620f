"""The core calls the window makes, gathered behind one small object.

Every method here is slow (disk, c2pa, decoding) and is only ever called inside a worker
started by `TaskRunner`. The window receives a `CoreServices` in its constructor, so a test
can pass a variant; the default one calls the real core. No decisions are made here: this
only adapts core results to what Qt needs (a PIL image becomes a `QImage`).
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from app.core.labeling.disclosure import Disclosure
from app.core.labeling.export import export_labeled_copy
from app.core.model import FileReport, MediaInfo
from app.core.settings import Settings
from app.core.signing.identity_store import IdentityStore
from app.core.signing.signer import make_signer

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


def _honesty_check() -> Callable[[FileReport, Disclosure], Any] | None:
    """The core's `history_warnings` (its module is `honesty`, or `manifest` in older trees)."""
    for name in ("app.core.labeling.history_rules", "app.core.labeling.manifest_builder"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        check = getattr(module, "history_warnings", None)
        if callable(check):
            return check  # type: ignore[no-any-return]
    return None


class CoreServices:
    """The real core. Methods run in worker threads; none touches a widget."""

    def trust_profile(self, settings: Settings) -> Any:
        from app.core.reading.trust import load_profile

        test_file = Path(settings.test_trust_file) if settings.test_trust_file else None
        return load_profile(
            settings.trust_profile,
            user_anchor_files=tuple(Path(p) for p in settings.extra_trust_anchors),
            test_trust_file=test_file,
        )

    def read(self, path: Path, settings: Settings, *, detailed: bool = False) -> FileReport:
        from app.core.reading.credentials import read_file

        report: FileReport = read_file(path, self.trust_profile(settings), detailed=detailed)
        return report

    def probe(self, path: Path) -> MediaInfo:
        from app.core.media.probe import probe

        return probe(path)

    def preview(self, path: Path, max_edge: int, at_seconds: float | None = None) -> QImage | None:
        from app.core.media.preview import preview_image

        image = preview_image(path, max_edge, at_seconds=at_seconds)
        return None if image is None else pil_to_qimage(image)

    def history_warnings(self, report: FileReport | None, disclosure: Disclosure) -> list[str]:
        """The core's honesty check; an empty list while that module has not landed."""
        if report is None:
            return []
        check = _honesty_check()
        if check is None:
            return []
        return [str(w) for w in check(report, disclosure)]

    def identity_store(self) -> Any:
        return IdentityStore()

    def export(
        self,
        source: Path,
        disclosure: Disclosure,
        identity: Any,
        *,
        dest: Path,
        settings: Settings,
        progress: Callable[[Any], None],
        cancel: threading.Event,
        overwrite: bool = False,
    ) -> Any:
        """Sign a labeled copy; returns the core's ExportResult (`.dest`, `.report`).
        `overwrite`: the user already agreed to replace an existing file at `dest`."""
        signer = make_signer(identity)
        return export_labeled_copy(
            source,
            disclosure,
            signer,
            dest=dest,
            profile=self.trust_profile(settings),
            progress=progress,
            cancel=cancel,
            overwrite=overwrite,
        )
