"""The state badges and icons of the window, drawn from the one look of each validation
state (`app.core.reports.wording.STATE_STYLES`: glyph, words, colour), so the window shows a
state exactly as `credlabel inspect` and the reports do.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from app.core.i18n import _

if TYPE_CHECKING:  # the core's wording (Babel, Pillow) loads with the first badge shown
    from PySide6.QtGui import QIcon

    from app.core.model import ValidationState
    from app.core.reports.wording import StateStyle


@dataclass(frozen=True)
class BadgeStyle:
    """A state's look as a Qt badge: a solid fill with white text."""

    look: StateStyle

    @property
    def state(self) -> ValidationState:
        return self.look.state

    @property
    def glyph(self) -> str:
        return self.look.glyph

    @property
    def background(self) -> str:
        return self.look.colour

    @property
    def foreground(self) -> str:
        return self.look.foreground

    @property
    def hint(self) -> str:
        return _(self.look.hint)

    @property
    def text(self) -> str:
        return self.look.words

    @property
    def line(self) -> str:
        return self.look.line

    def stylesheet(self) -> str:
        return (
            f"background-color: {self.background}; color: {self.foreground};"
            " border-radius: 6px; padding: 4px 10px; font-weight: bold;"
        )


@cache
def _badges() -> dict[ValidationState, BadgeStyle]:
    from app.core.reports.wording import STATE_STYLES

    return {state: BadgeStyle(look) for state, look in STATE_STYLES.items()}


def badge_for(state: ValidationState | None) -> BadgeStyle:
    from app.core.reports.wording import state_style

    return _badges()[state_style(state).state]


def state_icon(state: ValidationState | None, size: int = 16) -> QIcon:
    """A small round icon in the badge colour, for tree rows and lists."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap  # with the first icon drawn

    style = badge_for(state)
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(style.background))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(0, 0, size, size)
    painter.setPen(QColor(style.foreground))
    painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, style.glyph)
    painter.end()
    return QIcon(pixmap)
