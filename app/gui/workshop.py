"""The workshop and support commands of the main window: compare, tamper demo, reports,
support bundles and batch labeling. Each slow step runs through the context's `TaskRunner`;
questions go through its `Dialogs`. The original file is only read.

It sees the window only as an `AppContext`, the `OpenFile` and a parent widget for its
dialogs and windows; it talks back by signals (`status`, `bundle_opened`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSize, Signal, Slot, qVersion
from PySide6.QtWidgets import QWidget

from app.core.errors import CredLabelError
from app.core.i18n import N_, _
from app.gui.placement import place_on_screen

# Support bundles, reports and viewer rules load when a command first uses them.
if TYPE_CHECKING:
    from app.core.model import FileReport
    from app.core.reports.support_bundle import BundleView
    from app.core.reports.viewers import ViewerView
    from app.core.workshop.tamper import TamperResult
    from app.gui.actions import WorkshopActions
    from app.gui.batch_window import BatchWindow
    from app.gui.compare_window import CompareWindow
    from app.gui.context import AppContext, OpenFile

REPORT_FILTER = N_("PDF report (*.pdf);;HTML report (*.html *.htm)")  # `_()` where shown
BUNDLE_FILTER = N_("Support bundles (*.zip);;All files (*)")


def write_report(html: str, path: Path, protected: tuple[Path, ...] = ()) -> Path:
    """Write the report as PDF or HTML, chosen by the extension (runs in a worker). The
    save dialog has already asked before replacing a file; `protected` is never written."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from app.printing.report_pdf import write_pdf

        write_pdf(html, path, overwrite=True, protected=protected)
    elif suffix in (".html", ".htm"):
        from app.core.safe_write import write_file

        data = html.encode("utf-8")
        write_file(path, data, overwrite=True, protected=protected, what="the report")
    else:
        raise CredLabelError(_("Name the report .pdf or .html: the format follows the name."))
    return path


class Workshop(QObject):
    """Holds the compare and batch windows and the last results (tests and screenshots).

    `status(message, milliseconds)`: a line for the status bar (0 ms: until replaced);
    `bundle_opened(bundle, viewers)`: show a support bundle read-only."""

    status = Signal(str, int)
    bundle_opened = Signal(object, object)  # BundleView, ViewerView (loaded when used)

    def __init__(self, context: AppContext, file: OpenFile, parent: QWidget) -> None:
        super().__init__(parent)
        self.context = context
        self.file = file
        self.parent_widget = parent
        self.actions: WorkshopActions | None = None
        self.compare_window: CompareWindow | None = None
        self.batch_window: BatchWindow | None = None
        self.last_tamper: TamperResult | None = None
        self.last_saved: Path | None = None
        self.busy = False
        # What the creator has declared so far (the main window's disclosure panel), for
        # the support bundle; None: nothing to record.
        self.current_disclosure: Callable[[], dict[str, object] | None] = lambda: None
        file.changed.connect(self.update_enabled)

    def slots(self) -> dict[str, Callable[[], object]]:
        return {
            "compare": self.compare_with,
            "tamper": self.tamper_demo,
            "save_report": self.save_report,
            "save_bundle": self.save_bundle,
            "open_bundle": self.open_bundle,
            "batch": self.open_batch,
        }

    def use_actions(self, actions: WorkshopActions | None) -> None:
        """The Tools-menu actions this workshop enables and disables from now on."""
        self.actions = actions
        self.update_enabled()

    @Slot()
    def update_enabled(self) -> None:
        actions = self.actions
        if actions is None:
            return
        has_file = self.file.is_real_file
        actions.compare.setEnabled(has_file)
        actions.tamper.setEnabled(has_file and not self.busy)
        actions.save_report.setEnabled(self.file.report is not None and not self.busy)
        actions.save_bundle.setEnabled(has_file and not self.busy)

    # -- compare and tamper --------------------------------------------------------------

    def _compare(self) -> CompareWindow:
        if self.compare_window is None:
            from app.gui.compare_window import CompareWindow

            context = self.context
            services = context.services

            def read(path: Path) -> FileReport:
                return services.read(path, context.settings)

            self.compare_window = CompareWindow(context.runner, services, read, self.parent_widget)
        return self.compare_window

    @Slot()
    def compare_with(self) -> None:
        current = self.file.path
        if current is None or self.file.bundle is not None:
            return
        other = self.context.dialogs.open_file(self.parent_widget, current.parent)
        if other is None:
            return
        self.show_comparison(current, other)

    def show_comparison(self, a: Path, b: Path, explanation: str = "") -> None:
        compare = self._compare()
        compare.compare_files(a, b, explanation)
        first = not compare.isVisible()
        compare.show()
        if first:
            place_on_screen(compare, QSize(1100, 760), self.parent_widget)
        compare.raise_()

    @Slot()
    def tamper_demo(self) -> None:
        source = self.file.path
        if source is None or self.file.bundle is not None or self.busy:
            return
        kind = self.context.dialogs.choose_tamper(self.parent_widget, source.name)
        if kind is None:
            return
        from app.core.workshop.tamper import make_tampered_copy

        self._start(_("Making a tampered copy of {name}…").format(name=source.name))
        self.context.runner.run(
            lambda: make_tampered_copy(source, kind),
            lambda result: self._on_tampered(source, result),
            self._on_failed,
        )

    def _on_tampered(self, source: Path, result: TamperResult) -> None:
        self._done(_("Tampered copy made in the workshop folder: {path}").format(path=result.path))
        self.last_tamper = result
        expected = ", ".join(result.expected)
        # Plain text: the explanation label shows file names, so it never renders markup.
        explanation = "\n".join(
            (
                f"{result.kind.label}. {result.explanation}",
                _("A reader now reports: {codes}. The original was not touched.").format(
                    codes=expected
                ),
            )
        )
        self.show_comparison(source, result.path, explanation)

    # -- reports and bundles -------------------------------------------------------------

    @Slot()
    def save_report(self) -> None:
        context = self.context
        report = self.file.report
        if report is None or self.busy:
            return
        bundle = self.file.bundle
        folder = Path(context.settings.last_folder or Path.home())
        suggested = folder / f"{report.path.stem}-report.pdf"
        title = "Save report as"
        dest = context.dialogs.save_file(self.parent_widget, suggested, _(REPORT_FILTER), title)
        if dest is None:
            return
        self._start(f"Saving the report {dest.name}…")
        context.runner.run(
            lambda: write_report(_report_html(report, bundle), dest, (report.path,)),
            self._on_saved,
            self._on_failed,
        )

    @Slot()
    def save_bundle(self) -> None:
        context = self.context
        source = self.file.path
        if source is None or self.file.bundle is not None or self.busy:
            return
        suggested = source.parent / f"{source.stem}-support.zip"
        title = _("Save support bundle as")
        dest = context.dialogs.save_file(self.parent_widget, suggested, _(BUNDLE_FILTER), title)
        if dest is None:
            return
        from app.core.reports.support_bundle import write_bundle

        services, settings, qt = context.services, context.settings, qVersion()
        disclosure = self.current_disclosure()
        self._start(_("Saving the support bundle {name}…").format(name=dest.name))
        context.runner.run(
            lambda: write_bundle(
                source,
                dest,
                profile=services.trust_profile(settings),
                qt_version=qt,
                overwrite=True,  # the save dialog has asked
                disclosure=disclosure,
            ),
            self._on_saved,
            self._on_failed,
        )

    @Slot()
    def open_bundle(self) -> None:
        context = self.context
        title = _("Open a support bundle")
        path = context.dialogs.open_files(self.parent_widget, title, _(BUNDLE_FILTER))
        if path is None:
            return
        from app.core.reports.support_bundle import read_bundle
        from app.core.reports.viewers import viewer_view

        def load() -> tuple[BundleView, ViewerView]:
            view = read_bundle(path)
            return view, viewer_view(view.report, read_xmp=False)

        context.runner.run(
            load,
            lambda loaded: self.bundle_opened.emit(*loaded),
            self._on_failed,
            channel="report",
        )

    # -- batch ---------------------------------------------------------------------------

    @Slot()
    def open_batch(self) -> None:
        if self.batch_window is None:
            from app.gui.batch_window import BatchWindow

            self.batch_window = BatchWindow(self.context, self.parent_widget)
        first = not self.batch_window.isVisible()
        self.batch_window.show()
        if first:
            place_on_screen(self.batch_window, QSize(1000, 640), self.parent_widget)
        self.batch_window.raise_()

    # -- status --------------------------------------------------------------------------

    def _start(self, message: str) -> None:
        self.busy = True
        self.status.emit(message, 0)
        self.update_enabled()

    def _done(self, message: str) -> None:
        self.busy = False
        self.status.emit(message, 15_000)
        self.update_enabled()

    def _on_saved(self, path: Path) -> None:
        self.last_saved = Path(path)
        self._done(f"Saved {Path(path).name} in {Path(path).parent}")

    def _on_failed(self, error: BaseException) -> None:
        self._done("")
        self.context.dialogs.show_error(self.parent_widget, error)


def _report_html(report: FileReport, bundle: BundleView | None) -> str:
    if bundle is not None:
        return bundle.html()
    from app.core.reports.html_report import render_html

    return render_html(report)
