"""Showing an opened support bundle: what the creator saw, read-only.

The main window puts the bundle's report into its credentials, details and viewers panels
(export stays disabled: the file itself is not in the bundle) and shows this banner above
them, saying where the report came from and the creator's versions and trust profile.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from app.core.i18n import _
from app.gui.plain_text import safe_tooltip

if TYPE_CHECKING:  # the banner is made empty: a bundle's modules load when one is opened
    from app.core.reports.support_bundle import BundleView


def bundle_summary(view: BundleView) -> str:
    """One paragraph: whose bundle, when, with which app and trust profile."""
    from app.core.reports.bundle_choices import choices_lines

    versions = view.versions
    created = str(view.index.get("created", ""))
    profile = str(view.trust_profile.get("name", "") or _("not recorded"))
    parts = [
        _(
            "Opened from the support bundle {bundle}: this is what the creator saw for "
            "{name}. The file itself is not included, so nothing can be exported from here."
        ).format(bundle=view.path.name, name=view.report.path.name),
        f"CredLabel {versions.get('CredLabel', '?')}",
        _("trust profile: {profile}").format(profile=profile),
        *choices_lines(view.choices),  # the creator's choices, not this computer's
    ]
    if created:
        # TRANSLATORS: when the support bundle was made; {date} is a date and time.
        parts.append(_("made {date}").format(date=created))
    return " · ".join(parts)


class BundleBanner(QLabel):
    """The read-only notice shown while a support bundle is open."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bundleBanner")
        self.setAccessibleName(_("Support bundle notice"))
        self.setWordWrap(True)
        # Our markup around the bundle's words, which are escaped: never a guess by Qt.
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setStyleSheet(
            "QLabel { background: #e8f0fe; color: #174ea6; border: 1px solid #aecbfa;"
            " border-radius: 4px; padding: 6px; }"
        )
        self.setVisible(False)

    def show_bundle(self, view: BundleView | None) -> None:
        if view is None:
            self.setText("")
            self.setVisible(False)
            return
        from html import escape  # loads with the first bundle, not with the window

        title = escape(_("Support bundle (read-only)"))
        self.setText(f"<b>{title}</b> — {escape(bundle_summary(view))}")
        self.setToolTip(safe_tooltip(str(view.path)))
        self.setVisible(True)
