"""What one read of a file hands the window: the report, its history tree, what viewers show.

The read task builds it off the GUI thread; the window only unpacks it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from app.core.errors import CredLabelError
from app.core.media.privacy import EmbeddedMetadata
from app.core.model import FileReport
from app.core.reports.viewers import ViewerView, viewer_view
from app.gui.history_model import HistoryNode

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoadedFile:
    """What a read task hands back: the report and its history tree (thumbnails decoded)."""

    report: FileReport
    history: HistoryNode | None
    viewers: ViewerView | None = None  # None when it could not be made
    metadata: EmbeddedMetadata | None = None  # the file's own EXIF/XMP: location, people


def viewers_for(report: FileReport) -> ViewerView | None:
    """What other viewers will show (reads the file's XMP too); None on a problem."""
    try:
        return viewer_view(report)
    except CredLabelError as exc:  # the tab says so; the rest of the window still works
        log.info("viewer rules not applied: %s", exc.sentence)
        return None
