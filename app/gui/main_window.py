"""The main window: arranges the panels, opens files, and routes results between them.

Layout: the preview on the left; on the right, tabs for the credentials (summary card and
history), the details, the disclosure and what other viewers will show; the export bar
along the bottom. Each panel is its own widget module; this one only wires them. Reading,
preview decoding and export run through the window's `TaskRunner`, never on the GUI thread.
The workshop and support commands (Tools menu, reports, bundles, batch) are `app.gui.workshop`.

The controllers (export, workshop) get the window's `AppContext` and `OpenFile`
(`app.gui.context`), never the window: they answer by signals, which are wired here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Slot, qVersion
from PySide6.QtWidgets import QMainWindow, QSplitter, QTabWidget, QVBoxLayout, QWidget

from app.core.about import APP_NAME
from app.core.i18n import _
from app.core.resources import plain_sample, sample_files
from app.core.settings import Settings, load_settings
from app.gui.actions import build_actions
from app.gui.bundle_view import BundleBanner
from app.gui.context import AppContext, OpenFile
from app.gui.credentials_panel import CredentialsPanel
from app.gui.dialogs import Dialogs
from app.gui.disclosure_panel import NO_CHOICE_PREVIEW, DisclosurePanel
from app.gui.export_flow import ExportFlow
from app.gui.first_paint import after_first_paint
from app.gui.history_model import HistoryNode, build_history, mark_checking
from app.gui.labeling_bar import LabelingBar
from app.gui.lazy_page import details_page, viewers_page
from app.gui.loaded_file import LoadedFile, load_file
from app.gui.plain_text import safe_tooltip
from app.gui.preview import PreviewPanel
from app.gui.services import CoreServices
from app.gui.tasks import TaskRunner
from app.gui.window_state import restore_window_state, save_window_state
from app.gui.workshop import Workshop

if TYPE_CHECKING:  # imported where first used: the first paint does not wait for them
    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent

    from app.core.labeling.disclosure import Disclosure
    from app.core.model import FileReport
    from app.core.reading.quick_read import QuickRead
    from app.core.reports.support_bundle import BundleView
    from app.core.reports.viewers import ViewerView
    from app.gui.details_view import DetailsView
    from app.gui.help_window import HelpWindow
    from app.gui.viewers_panel import ViewersPanel

log = logging.getLogger(__name__)
TAB_CREDENTIALS, TAB_DETAILS, TAB_DISCLOSURE, TAB_VIEWERS = range(4)


class MainWindow(QMainWindow):
    _opening: object | None = None  # the open in progress (see `open_file`)

    def __init__(
        self,
        *,
        services: CoreServices | None = None,
        dialogs: Dialogs | None = None,
        settings: Settings | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.settings_notice: str | None = None
        self.help_window: HelpWindow | None = None  # made when first asked for
        if settings is None:
            loaded = load_settings()
            settings, self.settings_notice = loaded.settings, loaded.notice
        self.runner = TaskRunner(self)
        self.context = AppContext(
            services or CoreServices(), dialogs or Dialogs(), self.runner, settings, self
        )
        self.file = OpenFile(self)
        self._build()
        self.export_flow = ExportFlow(self.context, self.file, self.disclosure, self)
        self.export_flow.open_requested.connect(self.open_file)
        self.export_flow.running_changed.connect(self.update_actions)
        # The one decision, always in view under the preview: AI use, the copy's verdict, Export.
        self.labeling_bar = LabelingBar(self.disclosure, self.export_flow.bar)
        self._bottom.addWidget(self.labeling_bar)
        self.workshop = Workshop(self.context, self.file, self)
        self.workshop.current_disclosure = lambda: self.disclosure.disclosure().for_support(
            chosen=self.disclosure.ai_use is not None
        )
        self.workshop.status.connect(self._show_status)
        self.workshop.bundle_opened.connect(self.show_bundle)
        self.actions_ = build_actions(self, {**self._action_slots(), **self.workshop.slots()})
        self.workshop.use_actions(self.actions_.workshop)
        self.actions_.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.file.changed.connect(self.update_actions)
        self.preview.zoomable_changed.connect(self._set_zoom_enabled)
        self._set_zoom_enabled(False)
        self.setAcceptDrops(True)
        self.resize(1200, 780)
        restore_window_state(self, self._splitters())
        self._update_title()
        self.update_actions()
        if self.settings_notice:
            QTimer.singleShot(0, self._show_settings_notice)
        after_first_paint(self, self._after_first_paint)

    # -- what the window holds (read-only views of its context and open file) -------------

    @property
    def services(self) -> CoreServices:
        return self.context.services

    @property
    def dialogs(self) -> Dialogs:
        return self.context.dialogs

    @property
    def settings(self) -> Settings:
        return self.context.settings

    @property
    def current_path(self) -> Path | None:
        return self.file.path

    @property
    def report(self) -> FileReport | None:
        return self.file.report

    @property
    def bundle(self) -> BundleView | None:
        return self.file.bundle

    @property
    def details(self) -> DetailsView:
        return self.details_page.widget  # made on first use

    @property
    def viewers(self) -> ViewersPanel:
        return self.viewers_page.widget

    # -- layout --------------------------------------------------------------------------

    def _build(self) -> None:
        self.preview = PreviewPanel(self.runner, self.services)
        self.credentials = CredentialsPanel()
        self.details_page = details_page()  # the tabs not shown first are made when needed
        self.disclosure = DisclosurePanel()
        self.disclosure.changed.connect(self._on_disclosure_changed)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("panelTabs")
        self.tabs.addTab(self.credentials, _("Credentials"))
        self.tabs.addTab(self.details_page, _("Details"))
        self.tabs.addTab(self.disclosure, _("Disclose AI use"))
        self.tabs.setTabToolTip(TAB_DISCLOSURE, _("Say how AI was used, then export (Ctrl+3)"))
        self.viewers_page = viewers_page()
        self.tabs.addTab(self.viewers_page, _("What viewers show"))
        tip = _("What C2PA viewers and platforms show, based on published behaviour")
        self.tabs.setTabToolTip(TAB_VIEWERS, tip)
        # Every tab's name in view, in every language (no scroll arrows hiding the first).
        self.tabs.setMinimumWidth(self.tabs.tabBar().sizeHint().width() + 8)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.preview)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([660, 540])
        central = QWidget()
        self._bottom = QVBoxLayout(central)
        self.bundle_banner = BundleBanner()
        self._bottom.addWidget(self.bundle_banner)
        self._bottom.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

    def _after_first_paint(self) -> None:
        """What the first frame need not wait for: the shortcut filter (it sees every event),
        the trust lists check and c2pa's import (one worker), the hidden tabs."""
        from app.gui.shortcuts import let_window_shortcuts_win

        a = self.actions_
        let_window_shortcuts_win(self, [a.export, a.cancel_export, a.open, a.preferences])
        settings, say = self.settings, self.credentials.show_trust_notice
        self.runner.run(lambda: self.services.after_first_paint(settings), say)  # one worker
        self.details_page.build()  # ready before the tab is first chosen
        self.viewers_page.build()

    def _splitters(self) -> dict[str, QSplitter]:
        return {"main": self.splitter, "credentials": self.credentials.splitter}

    def _action_slots(self) -> dict[str, Callable[[], object]]:
        return {
            "open": self.choose_file,
            "export": self.export_flow.start,
            "cancel_export": self.export_flow.cancel,
            "preferences": self.show_preferences,
            "quit": self.close,
            "zoom_in": self.preview.zoom_in,
            "zoom_out": self.preview.zoom_out,
            "zoom_fit": self.preview.zoom_fit,
            "tab_0": lambda: self.tabs.setCurrentIndex(TAB_CREDENTIALS),
            "tab_1": lambda: self.tabs.setCurrentIndex(TAB_DETAILS),
            "tab_2": lambda: self.tabs.setCurrentIndex(TAB_DISCLOSURE),
            "sample": self.open_sample,
            "about": self.show_about,
            "guide": self.show_guide,
            "viewers": self.show_viewers,
            "plain_sample": self.open_plain_sample,
        }

    # -- opening files -------------------------------------------------------------------

    @Slot()
    def choose_file(self) -> None:
        folder = Path(self.settings.last_folder) if self.settings.last_folder else None
        path = self.dialogs.open_file(self, folder)
        if path is not None:
            self.open_file(path)

    def open_file(self, path: Path) -> None:
        """Show `path`: its credentials are read in the background (older reads are dropped)."""
        path = Path(path)
        if not self._may_drop_label(path):
            return
        log.info("opening %s", path)
        self.file.opening(path)
        self.bundle_banner.show_bundle(None)
        self.preview.show_loading(path)
        self.credentials.show_loading(path.name)
        self.details.set_report(None)
        self.viewers.set_view(None, _("Reading {name}…").format(name=path.name))
        self._fresh_label()
        self._update_title()
        services, settings = self.services, self.settings
        # Two reads: the unchecked one (milliseconds) shows what the file says, then the
        # validating one replaces it when it ends; a token tells which open each belongs to.
        # The validating read starts once the unchecked one is done: side by side, its
        # stream callbacks kept the unchecked read waiting for the interpreter lock (a 10 ms
        # read took 250 ms next to the check of a 1 GB video).
        token = object()
        self._opening = token
        self.runner.supersede("report")  # the previous file's check no longer lands

        def validate() -> None:
            if self._opening is not token:
                return  # another file was opened meanwhile
            self.runner.run(
                lambda: load_file(services, path, settings),
                lambda loaded: self._on_file_loaded(path, loaded, token),
                lambda error: self._on_file_failed(path, error),
                channel="report",
            )

        self._start_quick_read(path, token, then=validate)

    def _start_quick_read(self, path: Path, token: object, then: Callable[[], None]) -> None:
        services, settings = self.services, self.settings

        def quick() -> tuple[QuickRead, HistoryNode | None]:
            from app.core.model import ValidationState

            found = services.quick_read(path, settings)
            if not (found.has_credentials and found.readable) or found.active is None:
                return found, None
            # The placeholder state is dropped at once: every row reads "checking…".
            stand_in = found.as_report(ValidationState.NO_CREDENTIALS, None)
            history = build_history(stand_in)
            return found, mark_checking(history) if history else None

        def show(result: tuple[QuickRead, HistoryNode | None]) -> None:
            found, history = result
            if self._opening is token and found.active is not None and found.readable:
                self.credentials.show_unchecked(found, history, path.name)
            then()

        self.runner.run(quick, show, lambda _error: then(), channel="quick")

    def _on_file_loaded(self, path: Path, loaded: LoadedFile, token: object = None) -> None:
        log.info("opened %s: %s", path, loaded.report.state.value)
        if token is None or self._opening is token:
            self._opening = None  # the checked report replaces the unchecked summary
        self.credentials.set_report(loaded.report, loaded.history)
        self.details.set_report(loaded.report)
        self.viewers.set_view(loaded.viewers, _("The viewer rules could not be applied here."))
        self.preview.set_media(loaded.report.media)
        embedded_location = loaded.metadata is not None and loaded.metadata.has_location
        self.credentials.card.facts.note_embedded_location(embedded_location)
        self.disclosure.set_location_available(embedded_location)
        self.disclosure.set_history(loaded.report)  # "No AI used" only when the history allows
        self.file.loaded(loaded.report)
        self._on_disclosure_changed()
        self.disclosure.mark_clean()  # the history's floor is not the creator's change
        self._remember(path)

    def _fresh_label(self) -> None:
        """A new file gets a new label: nothing carried over but the stated preference."""
        self.disclosure.reset()
        self.disclosure.set_creator_preference(self.settings.creator_name)
        self.disclosure.mark_clean()

    def _may_drop_label(self, path: Path | None) -> bool:
        """Ask before an unfinished label is lost (another file opened, the window closed).
        Re-reading the same file (trust settings changed) keeps nothing either, so asks too."""
        current = self.current_path
        if current is None or self.bundle is not None or not self.disclosure.is_unfinished():
            return True
        if self.export_flow.running:  # the closing question covers a running export
            return True
        if self.dialogs.discard_label(self, current.name):
            self.disclosure.mark_clean()
            return True
        return False

    def _on_file_failed(self, path: Path, error: BaseException) -> None:
        log.info("could not open %s: %s", path, error)
        self.preview.clear(f"{path.name} could not be opened.")
        self.credentials.show_loading(path.name)
        self.credentials.card.summary.setText(f"{path.name} could not be opened.")
        self.file.failed()
        self.dialogs.show_error(self, error)

    def _remember(self, path: Path) -> None:
        self.change_settings(self.settings.with_recent(path.resolve()))

    def change_settings(self, settings: Settings) -> None:
        self.context.change_settings(settings)

    @Slot()
    def _fill_recent_menu(self) -> None:
        menu = self.actions_.recent_menu
        menu.clear()
        for i, name in enumerate(self.settings.recent_files):
            action = menu.addAction(f"&{(i + 1) % 10} {Path(name).name}")
            action.setToolTip(safe_tooltip(name))
            action.triggered.connect(lambda _c=False, p=name: self._open_recent(Path(p)))
        if not self.settings.recent_files:
            menu.addAction(_("No recent files")).setEnabled(False)

    def _open_recent(self, path: Path) -> None:
        if not path.exists():
            self.change_settings(self.settings.without_recent(path))
            self.dialogs.error(self, f"{path.name} is no longer there.", str(path))
            return
        self.open_file(path)

    @Slot()
    def open_sample(self) -> None:
        """The AI-labeled signed sample (Help › Open sample, `--sample`)."""
        samples = sample_files()
        if samples:
            self.open_file(samples[0])

    @Slot()
    def open_plain_sample(self) -> None:
        """The sample without credentials: the one to label."""
        self.open_file(plain_sample())

    @Slot(object, object)
    def show_bundle(self, bundle: BundleView, viewers: ViewerView) -> None:
        """Show what the creator saw, from a support bundle: read-only."""
        self.file.show_bundle(bundle)
        self.setWindowTitle(f"{APP_NAME} — {bundle.path.name} (support bundle)")
        self.bundle_banner.show_bundle(bundle)
        self.preview.clear(_("The file itself is not in the support bundle."))
        self.credentials.set_report(bundle.report, build_history(bundle.report))
        self.details.set_report(bundle.report)
        self.viewers.set_view(viewers)
        self.disclosure.reset()
        self.tabs.setCurrentIndex(TAB_CREDENTIALS)

    @Slot()
    def show_viewers(self) -> None:
        self.tabs.setCurrentIndex(TAB_VIEWERS)

    # -- drag and drop -------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if not files:
            event.ignore()
            return
        event.acceptProposedAction()
        self.open_file(files[0])

    # -- reacting ------------------------------------------------------------------------

    @Slot()
    def _on_disclosure_changed(self) -> None:
        disclosure = self.disclosure.disclosure()
        self.disclosure.set_warnings(self.services.history_warnings(self.report, disclosure))
        self._show_copy_preview(disclosure)

    def _show_copy_preview(self, disclosure: Disclosure) -> None:
        """What the copy will show, by the core's reading rules on the chain it will have."""
        if self.disclosure.ai_use is None:
            line = _(NO_CHOICE_PREVIEW)
        else:
            from app.core.labeling.preview import copy_preview

            line = copy_preview(self.report, disclosure).line
        self.disclosure.show_copy_preview(line)
        self.labeling_bar.show_preview(line)

    @Slot()
    def update_actions(self) -> None:
        self.actions_.export.setEnabled(self.export_flow.can_start())
        self.actions_.cancel_export.setEnabled(self.export_flow.running)
        self.disclosure.setEnabled(self.bundle is None)
        self.labeling_bar.follow_disclosure()  # a support bundle: its choices read-only too

    @Slot(bool)
    def _set_zoom_enabled(self, zoomable: bool) -> None:
        for action in (self.actions_.zoom_in, self.actions_.zoom_out, self.actions_.zoom_fit):
            action.setEnabled(zoomable)

    @Slot(str, int)
    def _show_status(self, message: str, milliseconds: int) -> None:
        self.statusBar().showMessage(message, milliseconds)

    def _update_title(self) -> None:
        if self.current_path is None:
            self.setWindowTitle(APP_NAME)
        else:
            self.setWindowTitle(f"{APP_NAME} — {self.current_path.name}")

    def when_idle(self, callback: Callable[[], None]) -> None:
        """Call `callback` once no background work is pending (self-test, screenshots)."""
        # A short pause after the last result lets layouts and the scaled preview settle.
        self.runner.when_idle(lambda: QTimer.singleShot(100, callback))

    # -- dialogs -------------------------------------------------------------------------

    @Slot()
    def show_preferences(self) -> None:
        from app.gui.preferences_dialog import PreferencesDialog

        dialog = PreferencesDialog(self.settings, self.services, self.dialogs, self)
        if dialog.exec():
            self.change_settings(dialog.result_settings())
            if dialog.restart_now:  # a new language is spoken from the next start
                from app.gui.translation import restart

                restart(self, [self.current_path] if self.current_path else [])
                return
            if self.current_path is not None and dialog.trust_changed:
                self.open_file(self.current_path)  # re-read: the state may change

    @Slot()
    def show_guide(self) -> None:
        if self.help_window is None:
            from app.gui.help_window import HelpWindow

            self.help_window = HelpWindow(self.dialogs, self)
        self.help_window.show_over(self)

    @Slot()
    def show_about(self) -> None:
        from app.core.versions import version_text

        text = _(
            "CredLabel shows Content Credentials (C2PA) and signs labeled copies "
            "that disclose AI use."
        )
        self.dialogs.info(
            self, _("About {app}").format(app=APP_NAME), text + "\n\n" + version_text(qVersion())
        )

    def _show_settings_notice(self) -> None:
        if self.settings_notice:
            self.dialogs.info(self, APP_NAME, self.settings_notice)
            self.settings_notice = None

    # -- quitting ------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._may_drop_label(None):
            event.ignore()
            return
        if self.export_flow.running:
            question = _("An export is still running. Stop it and quit? Nothing will be written.")
            if not self.dialogs.confirm(self, question, _("Stop and quit"), _("Keep exporting")):
                event.ignore()
                return
            self.export_flow.cancel()
        save_window_state(self, self._splitters())
        for child in (self.workshop.compare_window, self.workshop.batch_window):
            if child is not None:
                child.close()
        self.runner.shutdown()
        event.accept()
