"""The compare window: two files side by side (or one over the other with a slider), their
states and AI verdicts, and the structured difference of their credentials.

Reading both files, comparing and decoding the previews run through the main window's
`TaskRunner`; this window only shows results. The tamper demo opens it with an explanation
of why the tampered copy reads the way it does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QRectF, Qt, Slot
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSlider,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import _
from app.core.model import FileReport
from app.core.terminal_text import visible
from app.core.workshop.compare import Change, Comparison, compare
from app.gui import wording
from app.gui.credentials_panel import StateBadge
from app.gui.plain_text import ElidedLabel, plain, plain_label, safe_tooltip
from app.gui.services import CoreServices
from app.gui.tasks import TaskRunner

PREVIEW_EDGE = 900


@dataclass(frozen=True)
class ComparedFiles:
    """What the background task hands back."""

    a: FileReport
    b: FileReport
    comparison: Comparison
    image_a: QImage | None
    image_b: QImage | None


def diff_sections(c: Comparison) -> list[tuple[str, list[str]]]:
    """The comparison as (section title, rows); sections with nothing to say are left out."""

    def changes(items: tuple[Change, ...]) -> list[str]:
        return [f"{x.name}: {x.before or '—'} → {x.after or '—'}" for x in items]

    sections = [
        (_("Summary"), changes(c.summary)),
        (_("Media"), changes(c.media)),
        (_("Manifests only in B"), list(c.manifests_added)),
        (_("Manifests only in A"), list(c.manifests_removed)),
        *[
            (_("Manifest changed: {label}").format(label=m.label), changes(m.changes))
            for m in c.manifests_changed
        ],
        (_("Actions only in B"), list(c.actions.added)),
        (_("Actions only in A"), list(c.actions.removed)),
        (_("Ingredients only in B"), list(c.ingredients.added)),
        (_("Ingredients only in A"), list(c.ingredients.removed)),
        (_("Checks only in B"), list(c.codes_added)),
        (_("Checks only in A"), list(c.codes_removed)),
        (
            _("Checks that changed kind"),
            [f"{x.code}: {x.before} → {x.after}" for x in c.codes_changed],
        ),
    ]
    return [(title, rows) for title, rows in sections if rows]


class SideHeader(QWidget):
    """Name, state badge and AI verdict of one side."""

    def __init__(self, side: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.side = side
        self.name = ElidedLabel(f"{side}: …", mode=Qt.TextElideMode.ElideMiddle)
        self.name.setObjectName(f"compareName{side}")
        font = self.name.font()
        font.setBold(True)  # bold by font, not markup: the name is the file's
        self.name.setFont(font)
        self.badge = StateBadge()
        self.badge.setAccessibleName(_("Credentials state of {side}").format(side=side))
        self.ai = plain_label(wrap=True)
        self.ai.setObjectName(f"compareAi{side}")
        self.ai.setAccessibleName(_("AI verdict of {side}").format(side=side))
        self.ai.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.name)
        layout.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.ai)

    def set_report(self, report: FileReport | None, name: str = "") -> None:
        self.name.setText(f"{self.side}: {name or (report.path.name if report else '')}")
        self.badge.set_report(report)
        self.ai.setText(wording.ai_headline(report) if report else "")


class ImageView(QLabel):
    """A picture scaled to fit, or a short message."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        plain(self)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(160, 120)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.image: QImage | None = None

    def set_image(self, image: QImage | None, message: str = "") -> None:
        self.image = image
        if image is None:
            self.setText(message or _("No preview"))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.image is None:
            super().paintEvent(event)
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(fit_rect(self.image, self.width(), self.height()), self.image)


def fit_rect(image: QImage, width: int, height: int) -> QRectF:
    """Where `image` goes to fit (never enlarged) in a width×height box, centred."""
    scale = min(width / max(1, image.width()), height / max(1, image.height()), 1.0)
    w, h = image.width() * scale, image.height() * scale
    return QRectF((width - w) / 2, (height - h) / 2, w, h)


class OverlayView(QWidget):
    """B drawn over A, revealed left of the slider position (0..1000)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareOverlay")
        self.setAccessibleName(_("A and B overlaid; the slider reveals B"))
        self.setMinimumSize(160, 120)
        self.a: QImage | None = None
        self.b: QImage | None = None
        self.position = 500

    def set_images(self, a: QImage | None, b: QImage | None) -> None:
        self.a, self.b = a, b
        self.update()

    @Slot(int)
    def set_position(self, value: int) -> None:
        self.position = value
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        base = self.a or self.b
        if base is None:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, _("No preview"))
            return
        target = fit_rect(base, self.width(), self.height())
        if self.a is not None:
            painter.drawImage(target, self.a)
        split = target.left() + target.width() * self.position / 1000
        if self.b is not None:
            painter.save()
            painter.setClipRect(
                QRectF(target.left(), target.top(), split - target.left(), target.height())
            )
            painter.drawImage(target, self.b)
            painter.restore()
        painter.setPen(QPen(QColor("#ffffff"), 2))
        painter.drawLine(int(split), int(target.top()), int(split), int(target.bottom()))


class CompareWindow(QWidget):
    """A separate top-level window owned by the main window (closing it loses nothing)."""

    def __init__(
        self,
        runner: TaskRunner,
        services: CoreServices,
        read: Callable[[Path], FileReport],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("compareWindow")
        self.setWindowTitle(_("Compare — CredLabel"))
        self.setAccessibleName(_("Compare two files"))
        self.runner = runner
        self.services = services
        self._read = read
        self.result: ComparedFiles | None = None
        self.loading = False
        self._build()

    def _build(self) -> None:
        self.header_a, self.header_b = SideHeader("A"), SideHeader("B")
        headers = QHBoxLayout()
        headers.addWidget(self.header_a, 1)
        headers.addWidget(self.header_b, 1)
        self.explanation = plain_label(wrap=True)  # it names the files
        self.explanation.setObjectName("tamperExplanation")
        self.explanation.setAccessibleName(_("What was done and why it reads this way"))
        self.explanation.setWordWrap(True)
        self.explanation.setStyleSheet(
            "QLabel { background: #fff8e1; color: #3e2723; border: 1px solid #f0c36d;"
            " border-radius: 4px; padding: 6px; }"
        )
        self.explanation.setVisible(False)
        self.view_a, self.view_b = ImageView("comparePreviewA"), ImageView("comparePreviewB")
        side = QWidget()
        side_layout = QHBoxLayout(side)
        side_layout.addWidget(self.view_a)
        side_layout.addWidget(self.view_b)
        self.overlay = OverlayView()
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("overlaySlider")
        self.slider.setAccessibleName(_("Reveal B over A"))
        self.slider.setRange(0, 1000)
        self.slider.setValue(500)
        self.slider.valueChanged.connect(self.overlay.set_position)
        overlay_page = QWidget()
        overlay_layout = QVBoxLayout(overlay_page)
        overlay_layout.addWidget(self.overlay, 1)
        overlay_layout.addWidget(self.slider)
        self.views = QTabWidget()
        self.views.setObjectName("compareViews")
        self.views.addTab(side, _("Side by side"))
        self.views.addTab(overlay_page, _("Slider overlay"))
        self.diff = QTreeWidget()
        self.diff.setObjectName("compareDiff")
        self.diff.setAccessibleName(_("What differs in the credentials"))
        self.diff.setHeaderLabels([_("What differs (A → B)")])
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.views)
        splitter.addWidget(self.diff)
        splitter.setSizes([520, 180])  # the pictures matter most; the diff scrolls
        layout = QVBoxLayout(self)
        layout.addLayout(headers)
        layout.addWidget(self.explanation)
        layout.addWidget(splitter, 1)

    # -- loading -------------------------------------------------------------------------

    def compare_files(self, a: Path, b: Path, explanation: str = "") -> None:
        """Read and compare `a` and `b` in the background; show them when done."""
        self.result = None
        self.loading = True
        self.header_a.set_report(None, _("{name} (reading…)").format(name=a.name))
        self.header_b.set_report(None, _("{name} (reading…)").format(name=b.name))
        self.explanation.setText(explanation)
        self.explanation.setVisible(bool(explanation))
        self.diff.clear()
        self.view_a.set_image(None, _("Loading…"))
        self.view_b.set_image(None, _("Loading…"))
        read, services = self._read, self.services

        def work() -> ComparedFiles:
            ra, rb = read(a), read(b)
            image_a = services.preview(a, PREVIEW_EDGE)
            image_b = services.preview(b, PREVIEW_EDGE)
            return ComparedFiles(ra, rb, compare(ra, rb), image_a, image_b)

        self.runner.run(work, self._on_compared, self._on_failed, channel="compare")

    def _on_compared(self, result: ComparedFiles) -> None:
        self.loading = False
        self.result = result
        self.header_a.set_report(result.a)
        self.header_b.set_report(result.b)
        self.view_a.set_image(result.image_a)
        self.view_b.set_image(result.image_b)
        self.overlay.set_images(result.image_a, result.image_b)
        self._fill_diff(result.comparison)

    def _on_failed(self, error: BaseException) -> None:
        from app.gui.dialogs import error_parts

        self.loading = False
        sentence = error_parts(error)[0]
        self.header_a.set_report(None, "")
        self.header_b.set_report(None, "")
        self.diff.clear()
        line = _("Could not compare: {reason}").format(reason=sentence)
        QTreeWidgetItem(self.diff, [visible(line)])

    def _fill_diff(self, comparison: Comparison) -> None:
        self.diff.clear()
        if comparison.same_credentials:
            QTreeWidgetItem(self.diff, [_("The credentials say the same thing in both files.")])
        for title, rows in diff_sections(comparison):
            section = QTreeWidgetItem(self.diff, [title])
            for row in rows:
                item = QTreeWidgetItem(section, [visible(row)])
                item.setToolTip(0, safe_tooltip(row))
        self.diff.expandAll()

    def diff_text(self) -> str:
        """Every line of the diff tree (tests, copy)."""
        lines: list[str] = []
        for i in range(self.diff.topLevelItemCount()):
            top = self.diff.topLevelItem(i)
            if top is None:
                continue
            lines.append(top.text(0))
            for j in range(top.childCount()):
                child = top.child(j)
                if child is not None:
                    lines.append(f"  {child.text(0)}")
        return "\n".join(lines)
