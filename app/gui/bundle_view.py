"""Showing an opened support bundle: what the creator saw, read-only.

The main window puts the bundle's report into its credentials, details and viewers panels
(export stays disabled: the file itself is not in the bundle) and shows this banner above
them, saying where the report came from and the creator's versions and trust profile.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from app.core.reports.support_bundle import BundleView
from app.gui.plain_text import safe_tooltip


def bundle_summary(view: BundleView) -> str:
    """One paragraph: whose bundle, when, with which app and trust profile."""
    versions = view.versions
    created = str(view.index.get("created", ""))
    profile = str(view.trust_profile.get("name", "") or "not recorded")
    parts = [
        f"Opened from the support bundle {view.path.name}: this is what the creator saw "
        f"for {view.report.path.name}. The file itself is not included, so nothing can be "
        "exported from here.",
        f"CredLabel {versions.get('CredLabel', '?')}",
        f"trust profile: {profile}",
    ]
    if created:
        parts.append(f"made {created}")
    return " · ".join(parts)


class BundleBanner(QLabel):
    """The read-only notice shown while a support bundle is open."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bundleBanner")
        self.setAccessibleName("Support bundle notice")
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
        self.setText(f"<b>Support bundle (read-only)</b> — {escape(bundle_summary(view))}")
        self.setToolTip(safe_tooltip(str(view.path)))
        self.setVisible(True)
