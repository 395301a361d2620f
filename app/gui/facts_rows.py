"""The summary card's "what the file says" rows: actions, creator, identity, training
preference, camera capture facts, and the location behind a "Show location" button.

Every value comes from `app.core.reading.manifest_facts` (shared with `inspect` and the
reports). Rows the file does not fill are hidden, so the card stays short.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from app.core.i18n import _
from app.gui.plain_text import ElidedLabel, plain_label

if TYPE_CHECKING:
    from app.core.model import FileReport


class FactsRows:
    """Adds its rows to the card's form; `set_report` fills or hides each."""

    def __init__(self, form: QFormLayout) -> None:
        self.form = form
        self.actions = self._row("actions", _("Actions:"), wrap=True)
        self.creator = self._row("creator", _("Creator:"))
        self.identity = self._row("identity", _("Identity:"), wrap=True)
        self.training = self._row("trainingPreference", _("AI training:"))
        self.camera = self._row("camera", _("Camera:"))
        self.lens = self._row("lens", _("Lens:"))
        self.exposure = self._row("exposure", _("Exposure:"))
        self.taken = self._row("dateTaken", _("Date taken:"))
        self.location = ElidedLabel()
        self.location.setObjectName("location")
        self.location.setAccessibleName(_("Location"))
        self.show_location = QPushButton(_("Show location"))
        self.show_location.setObjectName("showLocation")
        self.show_location.setToolTip(
            _("The place a photo was taken can tell where someone lives or works.")
        )
        self.show_location.clicked.connect(self._reveal_location)
        box = QWidget()
        box.setObjectName("locationRow")
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.show_location)
        row.addWidget(self.location, 1)
        self.location_label = plain_label(_("Location:"))
        self.location_box = box
        form.addRow(self.location_label, box)
        self.location_warning = plain_label(wrap=True)
        self.location_warning.setObjectName("locationWarning")
        self.location_warning.setAccessibleName(_("Location warning"))
        form.addRow(self.location_warning)
        self._location_text = ""
        self._in_history = False
        self.set_report(None)

    def _row(self, name: str, title: str, wrap: bool = False) -> QLabel:
        label = plain_label(wrap=True) if wrap else ElidedLabel()
        label.setObjectName(name)
        label.setAccessibleName(title.rstrip(":"))
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        caption = plain_label(title)
        caption.setBuddy(label)
        self.form.addRow(caption, label)
        return label

    def _show(self, field: QWidget, text: str) -> None:
        if isinstance(field, QLabel):
            field.setText(text)
        self.form.setRowVisible(field, bool(text))

    def set_report(self, report: FileReport | None) -> None:
        self._location_text = ""
        self._in_history = False
        if report is None:  # the empty card: the readers below load with the first file
            for field in (self.actions, self.creator, self.identity, self.training):
                self._show(field, "")
            for field in (self.camera, self.lens, self.exposure, self.taken):
                self._show(field, "")
        else:
            self._fill(report)
        # The location stays hidden until asked for, every time a file is opened.
        self.location.setText("")
        self.show_location.setVisible(bool(self._location_text))
        self.form.setRowVisible(self.location_box, bool(self._location_text))
        self.note_embedded_location(False)

    def _fill(self, report: FileReport) -> None:
        from app.core.dates import when_text
        from app.core.media.privacy import history_has_location
        from app.core.reading.manifest_facts import (
            action_lines,
            capture_facts,
            identity_lines,
            training_preference,
        )

        active = report.active
        facts = capture_facts(report)
        self._show(self.actions, "; ".join(action_lines(active)) if active else "")
        self._show(self.creator, ", ".join(active.creators) if active else "")
        self._show(self.identity, "\n".join(identity_lines(report)))
        self._show(self.training, training_preference(active) if active else "")
        self._show(self.camera, facts.camera)
        self._show(self.lens, facts.lens)
        self._show(self.exposure, facts.exposure)
        self._show(self.taken, when_text(facts.taken) if facts.taken else "")
        self._location_text = facts.location
        self._in_history = history_has_location(report)

    def note_embedded_location(self, embedded: bool) -> None:
        """Warn that a labeled copy will carry a location: from the history (it cannot be
        removed) or from the file's own EXIF/XMP (the export can leave it out)."""
        if self._in_history:
            text = _(
                "A labeled copy will carry the place this was taken: its history records "
                "a location."
            )
        elif embedded:
            text = _(
                "A labeled copy will carry the place this was taken, unless you export it "
                "without location."
            )
        else:
            text = ""
        self.location_warning.setText(f"⚠ {text}" if text else "")
        self.form.setRowVisible(self.location_warning, bool(text))

    def _reveal_location(self) -> None:
        self.location.setText(self._location_text)
        self.show_location.setVisible(False)

    @property
    def location_shown(self) -> bool:
        return bool(self.location.text())
