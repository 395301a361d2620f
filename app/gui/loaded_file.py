"""What one read of a file hands the window: the report, its history tree, what viewers show.

The read task builds it off the GUI thread; the window only unpacks it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.errors import CredLabelError
from app.gui.history_model import build_history

if TYPE_CHECKING:  # the readers load in the read task, not with the window
    from app.core.media.privacy import EmbeddedMetadata
    from app.core.model import FileReport
    from app.core.reports.viewers import ViewerView
    from app.core.settings import Settings
    from app.gui.history_model import HistoryNode
    from app.gui.services import CoreServices

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoadedFile:
    """What a read task hands back: the report and its history tree (thumbnails decoded)."""

    report: FileReport
    history: HistoryNode | None
    viewers: ViewerView | None = None  # None when it could not be made
    metadata: EmbeddedMetadata | None = None  # the file's own EXIF/XMP: location, people


def load_file(services: CoreServices, path: Path, settings: Settings) -> LoadedFile:
    """The validating read of `path` and all the window makes of it (runs in a worker)."""
    from app.core.media.privacy import read_embedded_metadata

    report = services.read_remembered(path, settings)
    metadata = read_embedded_metadata(report.path, report.media.mime)
    return LoadedFile(report, build_history(report), viewers_for(report), metadata)


def viewers_for(report: FileReport) -> ViewerView | None:
    """What other viewers will show (reads the file's XMP too); None on a problem."""
    from app.core.reports.viewers import viewer_view

    try:
        return viewer_view(report)
    except CredLabelError as exc:  # the tab says so; the rest of the window still works
        log.info("viewer rules not applied: %s", exc.sentence)
        return None
