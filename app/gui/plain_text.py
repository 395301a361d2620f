"""The one rule for text that comes from a file: it is shown as plain text, never as markup.

Qt guesses whether a string is rich text (`Qt.mightBeRichText`) for labels left at the
default `Qt.AutoText`, for tooltips and for message boxes. A manifest string such as an AI
tool's name is chosen by whoever made the file, so a guess lets a tampered file draw a green
"Trusted" banner or load a picture. Every widget that can show file text is therefore made
here, or passed through here:

- `plain_label` / `plain`: a QLabel whose text format is `Qt.PlainText`.
- `WrappedLabel`: a plain label over several lines whose long unbreakable words (a file's
  2,000-character tool name) are cut at its edge instead of widening the window.
- `ElidedLabel`: a one-line plain label that shortens itself with "…" instead of widening
  the window; the full text is in its tooltip.
- `safe_tooltip`: a tooltip that Qt renders with the file's text shown literally.
- Control and format characters (`\\r`, ESC, bidi overrides) are shown as escapes by the
  wrapped and elided labels and tooltips, as on the terminal (`app.core.terminal_text`).
- `escape`: for the few labels that show our own markup around file text.
- `add_form_row`: `QFormLayout.addRow` with a plain label (Qt's own would guess).

A test walks every label of every window and fails on one left at `Qt.AutoText`.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QFormLayout, QLabel, QSizePolicy, QWidget

from app.core.terminal_text import visible, visible_lines

# A tooltip longer than this is cut: a 2,000-character tool name would cover the screen.
# The whole text stays in the Details tab's raw JSON.
TOOLTIP_LIMIT = 500


def escape(text: str) -> str:
    """`text` made safe inside our own markup (apostrophes stay readable)."""
    import html  # with its entity tables, when first needed (no tooltip at start-up has text)

    return html.escape(text, quote=False)


def safe_tooltip(text: str) -> str:
    """A tooltip showing `text` literally (Qt has no plain-text switch for tooltips).

    The text is escaped and wrapped in a paragraph, so Qt always treats it as rich text and
    draws every `<` as a `<`; line breaks are kept. Empty text gives no tooltip.
    """
    if not text:
        return ""
    shown = visible_lines(text)
    if len(shown) > TOOLTIP_LIMIT:
        shown = shown[: TOOLTIP_LIMIT - 1] + "…"
    body = escape(shown).replace("\n", "<br>")
    return f"<p>{body}</p>"


def plain(label: QLabel) -> QLabel:
    """`label` set to show its text as plain text, whatever it contains."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def plain_label(text: str = "", parent: QWidget | None = None, *, wrap: bool = False) -> QLabel:
    """A new QLabel that shows `text` (and any later text) as plain text; `wrap`: a
    `WrappedLabel`, over several lines."""
    label = WrappedLabel(text, parent) if wrap else plain(QLabel(parent))
    label.setText(text)
    return label


def add_form_row(form: QFormLayout, text: str, field: QWidget) -> QLabel:
    """`form.addRow(text, field)`, with a plain label that names `field` (its buddy)."""
    label = plain_label(text)
    label.setBuddy(field)
    form.addRow(label, field)
    return label


class WrappedLabel(QLabel):
    """Plain text wrapped at word boundaries. Qt never breaks inside a word, so a label's
    minimum width is its longest word: capped here, so a file's endless word is cut at the
    label's edge and the window keeps its size."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        plain(self)
        self.setWordWrap(True)
        self.setText(text)

    def setText(self, text: str) -> None:
        super().setText(visible_lines(text))  # our own line breaks stay; a file's \r shows

    def _cap(self, hint: QSize, chars: int) -> QSize:
        return QSize(
            min(hint.width(), chars * self.fontMetrics().averageCharWidth()), hint.height()
        )

    def minimumSizeHint(self) -> QSize:
        hint = self._cap(super().minimumSizeHint(), 20)
        # Qt gives one line's height here; a layout that ignores height-for-width (the card
        # in its splitter) would then squeeze the lines together: ask for what they need.
        if self.width() > 0 and self.text():
            hint.setHeight(max(hint.height(), self.heightForWidth(self.width())))
        return hint

    def sizeHint(self) -> QSize:
        return self._cap(super().sizeHint(), 60)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # the height it needs changed with the width


class ElidedLabel(QLabel):
    """One line of plain text that ends in "…" when there is no room, never widening the
    window. `text()` is the full text; the tooltip shows it too (safely)."""

    def __init__(
        self,
        text: str = "",
        parent: QWidget | None = None,
        *,
        mode: Qt.TextElideMode = Qt.TextElideMode.ElideRight,
        tooltip: bool = True,
    ) -> None:
        super().__init__(parent)
        self._mode = mode
        self._tooltip = tooltip
        plain(self)
        self.setWordWrap(False)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def setText(self, text: str) -> None:
        text = visible(text)  # one line: a file's \r, ESC or bidi override shows as such
        super().setText(text)
        if self._tooltip:
            self.setToolTip(safe_tooltip(text))

    def shown_text(self) -> str:
        """What is painted at the current width (the full text when it fits)."""
        line = " ".join(self.text().split())  # one line: a file's newlines become spaces
        width = self.contentsRect().width() - 2 * self.margin() - max(0, self.indent())
        return self.fontMetrics().elidedText(line, self._mode, max(0, width))

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self.fontMetrics().horizontalAdvance("MMM…")), hint.height())

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(min(hint.width(), 40 * self.fontMetrics().averageCharWidth()), hint.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = self.contentsRect().adjusted(
            self.margin(), self.margin(), -self.margin(), -self.margin()
        )
        self.style().drawItemText(
            painter,
            rect,
            int(self.alignment()),
            self.palette(),
            self.isEnabled(),
            self.shown_text(),
            self.foregroundRole(),
        )
