"""How each validation state looks: colour, glyph and words, decided in one place.

The five states must never be confused (a tampered file must not look like one without
credentials), so each gets its own colour AND glyph AND text: colour alone fails for
colour-blind people and in grayscale prints. The colours are solid fills with white text,
chosen to read on both light and dark system palettes.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from app.core.model import ValidationState


@dataclass(frozen=True)
class BadgeStyle:
    state: ValidationState
    glyph: str
    background: str  # hex colour of the badge fill
    foreground: str
    hint: str  # one sentence saying what the state means

    @property
    def text(self) -> str:
        return self.state.label

    def stylesheet(self) -> str:
        return (
            f"background-color: {self.background}; color: {self.foreground};"
            " border-radius: 6px; padding: 4px 10px; font-weight: bold;"
        )


BADGES: dict[ValidationState, BadgeStyle] = {
    ValidationState.TRUSTED: BadgeStyle(
        ValidationState.TRUSTED,
        "✔",
        "#2e7d32",
        "#ffffff",
        "The credentials are intact and signed by a signer on your trust list.",
    ),
    ValidationState.VALID_UNTRUSTED: BadgeStyle(
        ValidationState.VALID_UNTRUSTED,
        "?",
        "#1565c0",
        "#ffffff",
        "The credentials are intact, but the signer is not on your trust list.",
    ),
    ValidationState.INVALID: BadgeStyle(
        ValidationState.INVALID,
        "✖",
        "#c62828",
        "#ffffff",
        "The file or its credentials changed after signing, or the signature is broken.",
    ),
    ValidationState.NO_CREDENTIALS: BadgeStyle(
        ValidationState.NO_CREDENTIALS,
        "○",
        "#616161",
        "#ffffff",
        "The file carries no Content Credentials. That says nothing about how it was made.",
    ),
    ValidationState.COULD_NOT_READ: BadgeStyle(
        ValidationState.COULD_NOT_READ,
        "⚠",
        "#b34700",
        "#ffffff",
        "The credentials in this file could not be read.",
    ),
}


def badge_for(state: ValidationState | None) -> BadgeStyle:
    return BADGES[state or ValidationState.NO_CREDENTIALS]


def state_icon(state: ValidationState | None, size: int = 16) -> QIcon:
    """A small round icon in the badge colour, for tree rows and lists."""
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
