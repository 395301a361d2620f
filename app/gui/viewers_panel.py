"""The _("What viewers will show") tab: the C2PA Verify / c2pa-js rules applied to this file,
and what large platforms document reading. Labelled everywhere as based on published
behaviour: CredLabel never contacts a viewer or a platform."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.core.i18n import N_, _
from app.gui import wording
from app.gui.plain_text import escape

if TYPE_CHECKING:  # the viewer rules and dates load with the first file shown here
    from app.core.reports.viewers import ViewerView

HEADING = N_("What viewers will show — based on published behaviour")


class ViewersPanel(QScrollArea):
    """A Verify-style card (state, AI summary, AI tool used, issuer warning) and notes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("viewersPanel")
        self.setAccessibleName(_("What viewers will show"))
        self.setWidgetResizable(True)
        self.heading = QLabel(f"<b>{escape(_(HEADING))}</b>")
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setObjectName("viewersHeading")
        self.card = self._label("viewersCard", _("What a C2PA viewer shows"))
        self.card.setFrameShape(QFrame.Shape.StyledPanel)
        self.card.setMargin(8)
        self.notes = self._label("platformNotes", _("What platforms document"))
        self.disclaimer = self._label("viewersDisclaimer", _("Where this comes from"))
        body = QWidget()
        layout = QVBoxLayout(body)
        for widget in (self.heading, self.card, self.notes, self.disclaimer):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.setWidget(body)
        self.set_view(None)

    def _label(self, name: str, accessible: str) -> QLabel:
        """Our markup around escaped file text (see `card_html`): rich text by choice."""
        label = QLabel()
        label.setObjectName(name)
        label.setAccessibleName(accessible)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def set_view(self, view: ViewerView | None, message: str = "") -> None:
        if view is None:
            self.card.setText(escape(message or _("Open a file to see what viewers will show.")))
            self.notes.setText("")
            self.disclaimer.setText("")
            return
        self.card.setText(card_html(view))
        notes = "".join(
            f"<p><b>{escape(n.topic)}</b><br>{escape(n.text)}</p>" for n in view.platform_notes
        )
        self.notes.setText(f"<p><b>{escape(_('What platforms document'))}</b></p>{notes}")
        self.disclaimer.setText(f"<i>{escape(_(view.disclaimer))}</i>")

    def plain_text(self) -> str:
        """Everything the tab says, as text (tests, copy to clipboard)."""
        return "\n".join(w.text() for w in (self.heading, self.card, self.notes, self.disclaimer))


def card_html(view: ViewerView) -> str:
    from app.core.dates import when_text

    shorten = wording.shorten
    rows = [f"<p>{escape(view.state_line)}</p>"]
    if view.ai_summary:
        rows.append(f"<p><b>{escape(_('AI summary:'))}</b> {escape(view.ai_summary)}</p>")
    if view.summary_note:
        rows.append(f"<p><i>{escape(view.summary_note)}</i></p>")
    if view.ai_tools:
        tools = ", ".join(shorten(t) for t in view.ai_tools)
        rows.append(f"<p><b>{escape(_('AI tool used:'))}</b> {escape(tools)}</p>")
    for name, value in (
        (_("Issued by:"), view.issuer),
        (_("Issued on:"), when_text(view.issued_on) if view.issued_on else None),
        (_("App or device used:"), view.app_or_device),
        (_("IPTC digital source type:"), view.iptc_source_type),
    ):
        if value:
            rows.append(f"<p><b>{escape(name)}</b> {escape(shorten(value))}</p>")
    if view.issuer_warning:
        rows.append(f'<p style="color:#b3261e">⚠ {escape(view.issuer_warning)}</p>')
    return "".join(rows)
