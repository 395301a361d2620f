"""Strings from a file are shown as plain text everywhere in the real window.

A signed file whose manifest carries markup (AI tool name, app, title, creator, ingredient
title, signer organisation) is opened in the real `MainWindow` (offscreen); then every
label, tooltip, tree/table cell and dialog is rendered the way Qt would render it and must
show the markup literally: no green "✔ Trusted" banner, no loaded picture, no link. Long
strings elide and must not widen the window.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex
from PySide6.QtGui import QAction, Qt, QTextDocument  # QtGui's Qt has mightBeRichText
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QMessageBox,
    QTabWidget,
    QWidget,
)

from app.core.model import ValidationState
from app.core.workshop.tamper import TamperKind, make_tampered_copy
from app.gui.dialogs import Dialogs
from app.gui.main_window import MainWindow
from app.gui.tamper_dialog import TamperDialog
from tests.helpers.gui_stubs import StubDialogs
from tests.helpers.modal import answer_modal
from tests.helpers.signing import IPTC, make_jpeg, make_test_chain
from tests.helpers.window import open_and_wait

TIMEOUT = 30_000
TABLE = "<table bgcolor=green><tr><td>✔ Trusted</td></tr></table>"
IMG = "<img src=x>"
LINK = '<a href="http://example.invalid">click</a>'
BOLD = "<b>bold</b>"
# Each payload's opening markup, and what Qt shows of it when it renders it as rich text:
# wherever the inner text shows, the markup must show with it.
RENDERED = {
    "<table bgcolor=green><tr><td>✔ Trusted": "✔ Trusted",
    '<a href="http://example.invalid">click': "click",
    "<b>bold": "bold",
}
FILE_TABLE = "<table bgcolor=green><tr><td>✔ Trusted"  # a file name cannot hold "/"
PICTURE = "\ufffc"  # QTextDocument.toPlainText() puts this where it laid out a picture

pytestmark = pytest.mark.qt_log_ignore(
    "does not support propagateSizeHints", "does not support raise"
)


# -- a signed file full of markup ----------------------------------------------------------


def sign_hostile(
    folder: Path,
    name: str = "hostile.jpg",
    *,
    agent: str = TABLE,
    app: str = f"{BOLD} {IMG}",
    title: str = f"{LINK} {IMG}",
    org: str = TABLE,
) -> Path:
    """A JPEG signed with the real c2pa library, every manifest string chosen by us."""
    import c2pa

    keys = folder / "keys"
    keys.mkdir(exist_ok=True)
    chain, key, _root = make_test_chain(keys, org=org)
    parent = make_jpeg(folder / "parent.jpg")
    manifest: dict[str, Any] = {
        "claim_generator_info": [{"name": app, "version": LINK}],
        "title": title,
        "assertions": [
            {
                "label": "c2pa.actions.v2",
                "data": {
                    "actions": [
                        {"action": "c2pa.opened", "parameters": {"ingredientIds": ["parent"]}},
                        {
                            "action": "c2pa.edited",
                            "softwareAgent": {"name": agent},
                            "digitalSourceType": IPTC + "compositeWithTrainedAlgorithmicMedia",
                        },
                    ]
                },
            },
            {
                "label": "stds.schema-org.CreativeWork",
                "data": {
                    "@context": "https://schema.org",
                    "@type": "CreativeWork",
                    "author": [{"@type": "Person", "name": BOLD}],
                },
            },
        ],
    }
    signer = c2pa.Signer.from_info(c2pa.C2paSignerInfo(c2pa.C2paSigningAlg.ES256, chain, key, None))
    builder = c2pa.Builder(json.dumps(manifest))
    ingredient = {"title": f"{TABLE} {IMG}", "relationship": "parentOf", "label": "parent"}
    with parent.open("rb") as stream:
        builder.add_ingredient(json.dumps(ingredient), "image/jpeg", stream)
    dst = folder / name
    with parent.open("rb") as source, dst.open("wb") as dest:
        builder.sign(signer, "image/jpeg", source, dest)
    return dst


@pytest.fixture
def window(qtbot):
    win = MainWindow(dialogs=StubDialogs())
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()
    win.runner.shutdown()


# -- what Qt would show --------------------------------------------------------------------


def rendered(text: str, text_format: Qt.TextFormat = Qt.TextFormat.AutoText) -> str:
    """`text` as Qt draws it: rich text (by choice or by Qt's guess) loses its tags."""
    rich = text_format == Qt.TextFormat.RichText or (
        text_format == Qt.TextFormat.AutoText and Qt.mightBeRichText(text)
    )
    if not rich:
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def children(model: QAbstractItemModel, parent: QModelIndex) -> Iterator[QModelIndex]:
    """Every cell under `parent` (by index validity: QTableWidget's counts are private)."""
    row = 0
    while model.index(row, 0, parent).isValid():
        column = 0
        while (index := model.index(row, column, parent)).isValid():
            yield index
            column += 1
        row += 1


def model_texts(view: QAbstractItemView) -> Iterator[tuple[str, str]]:
    model = view.model()
    pending = [QModelIndex()]
    while pending:
        parent = pending.pop()
        for index in children(model, parent):
            # The default delegate draws DisplayRole as plain text, never as markup.
            yield "cell", str(model.data(index, Qt.ItemDataRole.DisplayRole) or "")
            tip = str(model.data(index, Qt.ItemDataRole.ToolTipRole) or "")
            yield "cell tooltip", rendered(tip)
            if index.column() == 0:
                pending.append(index)


def shown_texts(*roots: QWidget) -> list[tuple[str, str]]:
    """(where, text as drawn) for every label, tooltip, cell and tab tip under `roots`."""
    shown: list[tuple[str, str]] = []
    for root in roots:
        widgets = [root, *root.findChildren(QWidget)]
        for widget in widgets:
            where = f"{type(widget).__name__} {widget.objectName()}"
            if isinstance(widget, QLabel):
                shown.append((where, rendered(widget.text(), widget.textFormat())))
            if widget.toolTip():
                shown.append((f"{where} tooltip", rendered(widget.toolTip())))
            if isinstance(widget, QAbstractItemView):
                shown.extend((f"{where} {kind}", text) for kind, text in model_texts(widget))
            if isinstance(widget, QTabWidget):
                for i in range(widget.count()):
                    shown.append((f"{where} tab", rendered(widget.tabToolTip(i))))
        for action in root.findChildren(QAction):
            shown.append((f"action {action.text()}", rendered(action.toolTip())))
    return shown


def assert_all_literal(shown: list[tuple[str, str]]) -> None:
    """No payload was rendered: wherever its inner text shows, the tags show with it."""
    for where, text in shown:
        assert PICTURE not in text, f"{where} lays out a picture: {text[:200]!r}"
        for payload, inner in RENDERED.items():
            assert text.count(inner) == text.count(payload), (
                f"{where} renders markup from the file: {text[:300]!r}"
            )


def everything(shown: list[tuple[str, str]]) -> str:
    return "\n".join(text for _, text in shown)


# -- the main window -----------------------------------------------------------------------


def test_every_widget_of_the_window_shows_the_files_markup_literally(
    qtbot, window, tmp_path
) -> None:
    path = sign_hostile(tmp_path)
    open_and_wait(qtbot, window, path)
    assert window.report is not None
    assert window.report.state is ValidationState.VALID_UNTRUSTED
    shown = shown_texts(window)
    assert_all_literal(shown)
    text = everything(shown)
    for payload in (TABLE, IMG, LINK, BOLD):  # the strings are shown, not dropped
        assert payload in text
    card = window.credentials.card
    for label in (card.ai_tool, card.app, card.issued_by, card.summary, card.ai_verdict):
        assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName()
    assert TABLE in rendered(card.ai_tool.text(), card.ai_tool.textFormat())
    window.resize(1024, 700)  # the narrowest window we promise: the sentences wrap more
    QApplication.processEvents()
    for label in (card.summary, card.ai_verdict):  # long lines are not squeezed together
        assert label.height() >= label.heightForWidth(label.width()), label.objectName()
    viewers = everything(shown_texts(window.viewers))  # our markup, the file's words escaped
    assert TABLE in viewers and f"{BOLD} {IMG}" in viewers


def test_a_tampered_file_with_a_trusted_banner_for_a_name_says_trusted_nowhere(
    qtbot, window, tmp_path
) -> None:
    signed = sign_hostile(tmp_path)
    tampered = make_tampered_copy(signed, TamperKind.PIXELS, tmp_path / "workshop").path
    open_and_wait(qtbot, window, tampered)
    assert window.report is not None and window.report.state is ValidationState.INVALID
    assert "Trusted" not in window.credentials.card.badge.text()
    shown = shown_texts(window)
    assert_all_literal(shown)
    for where, text in shown:
        assert "Trusted" not in text.replace(TABLE, ""), f"{where} says Trusted: {text[:300]!r}"


SPOOF = "Firefly\x1b[5A\r\n  State: Trusted\u202e"


def test_control_characters_in_a_files_strings_cannot_draw_a_line_of_their_own(
    qtbot, window, tmp_path
) -> None:
    """A tool name with a carriage return, a newline, ESC and a bidi override shows those as
    escapes, as the terminal does: nowhere a line that reads "State: Trusted"."""
    signed = sign_hostile(tmp_path, agent=SPOOF, title=SPOOF, org="Org\r\n  Trusted")
    tampered = make_tampered_copy(signed, TamperKind.PIXELS, tmp_path / "workshop").path
    open_and_wait(qtbot, window, tampered)
    assert window.report is not None and window.report.state is ValidationState.INVALID
    shown = shown_texts(window)
    for where, text in shown:
        for char in ("\x1b", "\r", "\u202e"):
            assert char not in text, f"{where} shows a raw {char!r}: {text[:200]!r}"
        for line in text.splitlines():
            assert line.strip() not in ("State: Trusted", "Trusted"), f"{where}: {text!r}"
    assert "\\x1b[5A\\r\\n  State: Trusted" in everything(shown)  # shown, not dropped


def test_long_strings_elide_and_the_window_still_fits_1024_pixels(qtbot, window, tmp_path) -> None:
    QApplication.processEvents()
    width_before = window.width()
    name = "n" * 224 + ".jpg"  # 228 characters
    path = sign_hostile(tmp_path, name, agent="W" * 2000, app="A" * 300, title="T" * 2000)
    open_and_wait(qtbot, window, path)
    QApplication.processEvents()
    assert window.minimumSizeHint().width() <= 1024
    assert window.minimumSizeHint().height() <= 768  # shortened in sentences, not stacked
    assert window.minimumSize().width() <= 1024
    assert window.width() == width_before
    tool = window.credentials.card.ai_tool
    assert tool.text() == "W" * 2000  # the full text is kept, and shown elided
    assert tool.shown_text().endswith("…") and len(tool.shown_text()) < 2000
    assert tool.width() < 1024
    window.resize(1024, 700)
    QApplication.processEvents()
    assert window.width() == 1024


# -- the other windows and dialogs ---------------------------------------------------------


def test_compare_and_batch_windows_fit_1024_pixels_with_long_strings(
    qtbot, window, tmp_path
) -> None:
    long = sign_hostile(tmp_path, "n" * 224 + ".jpg", agent="W" * 2000, app="A" * 300)
    window.workshop.show_comparison(long, long, f"What was done to {long.name}")
    qtbot.waitUntil(
        lambda: (
            window.workshop.compare_window is not None
            and window.workshop.compare_window.result is not None
        ),
        timeout=TIMEOUT,
    )
    window.actions_.workshop.batch.trigger()
    batch = window.workshop.batch_window
    assert batch is not None
    window.dialogs.open_many_answers.append([long])
    batch.add_button.click()
    QApplication.processEvents()
    for child in (window.workshop.compare_window, batch):
        assert child is not None
        assert child.minimumSizeHint().width() <= 1024, child.objectName()


def test_compare_window_shows_the_markup_literally(qtbot, window, tmp_path) -> None:
    signed = sign_hostile(tmp_path)
    tampered = make_tampered_copy(signed, TamperKind.PIXELS, tmp_path / "workshop").path
    open_and_wait(qtbot, window, signed)
    window.workshop.show_comparison(signed, tampered, f"What was done to {BOLD}.jpg")
    qtbot.waitUntil(
        lambda: (
            window.workshop.compare_window is not None
            and window.workshop.compare_window.result is not None
        ),
        timeout=TIMEOUT,
    )
    compare = window.workshop.compare_window
    assert compare is not None
    shown = shown_texts(compare)
    assert_all_literal(shown)
    assert BOLD in everything(shown)


def test_tamper_dialog_shows_a_file_name_literally(qtbot) -> None:
    dialog = TamperDialog(f"{TABLE}{IMG}.jpg")
    qtbot.addWidget(dialog)
    shown = shown_texts(dialog)
    assert_all_literal(shown)
    assert FILE_TABLE in everything(shown)


def test_support_bundle_view_shows_the_markup_literally(
    qtbot, window, tmp_path, isolated_user_folders
) -> None:
    path = sign_hostile(tmp_path, "<b>bold.jpg")
    open_and_wait(qtbot, window, path)
    zip_path = tmp_path / "<b>bold support.zip"
    window.dialogs.save_answers.append(zip_path)
    window.actions_.workshop.save_bundle.trigger()
    qtbot.waitUntil(lambda: window.workshop.last_saved == zip_path, timeout=TIMEOUT)
    window.dialogs.open_answers.append(zip_path)
    window.actions_.workshop.open_bundle.trigger()
    qtbot.waitUntil(lambda: window.bundle is not None, timeout=TIMEOUT)
    assert window.bundle_banner.isVisible()
    shown = shown_texts(window)
    assert_all_literal(shown)
    assert "<b>bold.jpg" in everything(shown_texts(window.bundle_banner))
    assert "<b>bold support.zip" in window.windowTitle()


def test_batch_window_shows_file_names_and_reasons_literally(qtbot, window, tmp_path) -> None:
    broken = tmp_path / f"{FILE_TABLE}.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 not really a picture")
    window.actions_.workshop.batch.trigger()
    batch = window.workshop.batch_window
    assert batch is not None
    window.dialogs.open_many_answers.append([broken])
    batch.add_button.click()
    batch.disclosure.add_tool(LINK)
    batch.start_button.click()
    qtbot.waitUntil(lambda: not batch.running, timeout=TIMEOUT)
    shown = shown_texts(batch)
    assert_all_literal(shown)
    assert FILE_TABLE in everything(shown)


def test_error_dialog_shows_the_file_name_literally(qtbot, window, tmp_path) -> None:
    bad = tmp_path / "<b>x.jpg"  # a file name cannot hold "/"
    bad.mkdir()  # a folder where a picture should be: it cannot be read
    window.open_file(bad)
    qtbot.waitUntil(lambda: bool(window.dialogs.errors), timeout=TIMEOUT)
    sentence, details = window.dialogs.errors[0]
    seen: list[tuple[Qt.TextFormat, str, str]] = []

    def inspect_and_close(box: QMessageBox) -> None:
        seen.append((box.textFormat(), box.text(), rendered(box.text(), box.textFormat())))
        box.done(0)

    answer = answer_modal(QMessageBox, inspect_and_close)
    Dialogs().error(window, sentence, details)  # the real message box
    answer.check()
    assert seen, "the error dialog was not shown"
    text_format, text, shown = seen[0]
    assert text_format == Qt.TextFormat.PlainText
    assert "<b>x.jpg" in text and "<b>x.jpg" in shown
    assert_all_literal(shown_texts(window))


def test_the_pdf_report_shows_the_markup_literally(qapp, tmp_path) -> None:
    from app.core.reading.credentials import read_file
    from app.core.reports.html_report import render_html
    from app.printing.report_pdf import document_from_html, write_pdf

    report = read_file(sign_hostile(tmp_path, "<b>bold.jpg"))
    html = render_html(report, include_thumbnails=True)
    text = document_from_html(html).toPlainText()
    for payload in (TABLE, IMG, LINK, BOLD):
        assert payload in text
    assert text.count("✔ Trusted") == text.count(TABLE)
    assert write_pdf(html, tmp_path / "report.pdf") >= 1
    pdftotext = shutil.which("pdftotext")
    if pdftotext:  # poppler, when installed, reads what is really on the page
        import subprocess

        out = subprocess.run(
            [pdftotext, str(tmp_path / "report.pdf"), "-"], capture_output=True, check=True
        )
        page = out.stdout.decode()
        for markup in ("<table bgcolor=green><tr><td>✔ Trusted", IMG, BOLD):
            assert markup in page


def test_a_thumbnail_type_from_the_file_cannot_open_markup_in_the_report(qapp, tmp_path) -> None:
    import dataclasses

    from app.core.reading.credentials import read_file
    from app.core.reports.html_report import render_html
    from app.printing.report_pdf import document_from_html

    report = read_file(sign_hostile(tmp_path))
    assert report.active is not None and report.active.ingredients
    jpeg = make_jpeg(tmp_path / "thumb.jpg").read_bytes()
    hostile = dataclasses.replace(
        report.active.ingredients[0],
        thumbnail=jpeg,
        thumbnail_format=f'image/jpeg;base64,AA" alt="">{TABLE}<img src="x',
    )
    active = dataclasses.replace(report.active, ingredients=(hostile,))
    manifests = {**report.manifests, active.label: active}
    report = dataclasses.replace(report, manifests=manifests)
    assert report.active is not None and report.active.ingredients[0].thumbnail == jpeg
    text = document_from_html(render_html(report, include_thumbnails=True)).toPlainText()
    assert text.count("✔ Trusted") == text.count(TABLE)


# -- no label is left to Qt's guess --------------------------------------------------------


def test_preferences_list_an_identity_named_with_markup_literally(
    qtbot, window, isolated_user_folders
) -> None:
    from app.gui.preferences_dialog import PreferencesDialog

    window.services.identity_store().create_local(f"{BOLD} {IMG}")
    dialog = PreferencesDialog(window.settings, window.services, window.dialogs, window)
    qtbot.addWidget(dialog)
    shown = shown_texts(dialog)
    assert_all_literal(shown)
    assert f"{BOLD} {IMG}" in everything(shown)


def test_no_label_in_any_window_or_dialog_is_left_for_qt_to_guess(
    qtbot, window, tmp_path, isolated_user_folders
) -> None:
    """Every QLabel says whether it is plain or our own rich text: `Qt.AutoText` lets a
    file's string be taken for markup, so new labels must go through app.gui.plain_text."""
    from app.gui.identity_dialog import FirstIdentityDialog
    from app.gui.preferences_dialog import PreferencesDialog

    signed = sign_hostile(tmp_path)
    open_and_wait(qtbot, window, signed)
    window.workshop.show_comparison(signed, signed)
    qtbot.waitUntil(
        lambda: (
            window.workshop.compare_window is not None
            and window.workshop.compare_window.result is not None
        ),
        timeout=TIMEOUT,
    )
    window.actions_.workshop.batch.trigger()
    store = window.services.identity_store()
    dialogs: list[QWidget] = [
        TamperDialog(signed.name, window),
        PreferencesDialog(window.settings, window.services, window.dialogs, window),
        FirstIdentityDialog(store, window.dialogs, window),
    ]
    roots = [window, *dialogs]
    roots += [w for w in (window.workshop.compare_window, window.workshop.batch_window) if w]
    guessed = [
        f"{type(label).__name__} {label.objectName()!r}: {label.text()[:60]!r}"
        for root in roots
        for label in root.findChildren(QLabel)
        if label.textFormat() == Qt.TextFormat.AutoText
    ]
    assert guessed == []
