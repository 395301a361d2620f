"""Test helper: find text a window cuts or elides (a translation longer than the English).

A label that does not wrap is cut when it is narrower than its size hint; a button when it
is narrower than its size hint (text, indicator and padding); a menu title, menu entry or
tab when its rectangle is narrower than the text. Labels meant to shorten themselves with
"…" (`ElidedLabel`, file names) are left out: eliding is what they are for.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialogButtonBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMenuBar,
    QTabBar,
    QWidget,
)

from app.gui.plain_text import ElidedLabel

_NO_BUTTON = QDialogButtonBox.StandardButton.NoButton


def shown_text(text: str) -> str:
    """What is painted: accelerator ampersands removed (a doubled one stays as one)."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def cut_texts(root: QWidget, leave_out: tuple[str, ...] = ()) -> list[str]:
    """Every text under `root` (visible to it) that does not fit, with where it is;
    `leave_out`: object names of widgets (and their direct parts) not looked at."""
    found: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget is not root and not widget.isVisibleTo(root):
            continue
        if _left_out(widget, root, leave_out):
            continue
        found += [f"{_where(widget)}: {problem}" for problem in _cut_in(widget)]
    return found


def _left_out(widget: QWidget, root: QWidget, leave_out: tuple[str, ...]) -> bool:
    """Whether `widget` or one of its parents below `root` is named in `leave_out`."""
    current: QWidget | None = widget
    while current is not None and current is not root:
        if current.objectName() in leave_out:
            return True
        current = current.parentWidget()
    return False


def _where(widget: QWidget) -> str:
    parent = widget.parentWidget()
    return widget.objectName() or (parent.objectName() if parent else "") or type(widget).__name__


def _cut_in(widget: QWidget) -> list[str]:
    wanted = widget.sizeHint().width()
    label = isinstance(widget, QLabel) and not isinstance(widget, ElidedLabel)
    if isinstance(widget, QLabel) and label and not widget.wordWrap() and widget.text():
        cut = wanted > widget.width()
        return [f"label {widget.text()!r}: {widget.width()} < {wanted}"] if cut else []
    if isinstance(widget, QAbstractButton) and widget.text() and wanted > widget.width():
        return [f"button {widget.text()!r}: {widget.width()} < {wanted}"]
    if isinstance(widget, QMenuBar):
        return _cut_menu_bar(widget)
    if isinstance(widget, QTabBar):
        return _cut_tabs(widget)
    if isinstance(widget, QHeaderView):
        return _cut_header(widget)
    return []


def _cut_menu_bar(bar: QMenuBar) -> list[str]:
    found = []
    metrics = bar.fontMetrics()
    for action in bar.actions():
        text, rect = shown_text(action.text()), bar.actionGeometry(action)
        inside = rect.isValid() and bar.rect().contains(rect)
        if not inside or rect.width() < metrics.horizontalAdvance(text):
            found.append(f"menu title {text!r}: {rect.width()} px, outside={not inside}")
        menu = action.menu()
        if isinstance(menu, QMenu):
            found += _cut_menu(menu)
    return found


def _cut_menu(menu: QMenu) -> list[str]:
    found = []
    metrics = menu.fontMetrics()
    menu.ensurePolished()
    for action in menu.actions():
        if action.isSeparator():
            continue
        text = shown_text(action.text())
        if menu.actionGeometry(action).width() < metrics.horizontalAdvance(text):
            found.append(f"menu entry {text!r}")
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            found += _cut_menu(submenu)
    return found


def _cut_tabs(bar: QTabBar) -> list[str]:
    metrics = bar.fontMetrics()
    return [
        f"tab {bar.tabText(i)!r}"
        for i in range(bar.count())
        if bar.tabRect(i).width() < metrics.horizontalAdvance(shown_text(bar.tabText(i)))
    ]


def _cut_header(header: QHeaderView) -> list[str]:
    model = header.model()
    if model is None or header.isHidden():
        return []
    metrics = header.fontMetrics()
    found = []
    for section in range(header.count()):
        text = str(model.headerData(section, header.orientation()) or "")
        if text and header.sectionSize(section) < metrics.horizontalAdvance(text):
            found.append(f"column {text!r}: {header.sectionSize(section)} px")
    return found


def untranslated(root: QWidget, leave_out: tuple[str, ...] = (), labels: bool = True) -> list[str]:
    """Texts under `root` that the pseudo-locale did not reach (no ⟦brackets⟧): English
    hard-coded. Qt's own standard buttons are left out (Qt has no pseudo-locale). Besides
    buttons, labels, tabs and menus: group titles, field placeholders, list choices and
    column headings."""
    title = root.windowTitle() if root.isWindow() else "⟦"
    found = [] if "⟦" in title else [f"title {title!r}"]
    for widget in root.findChildren(QWidget):
        if _left_out(widget, root, leave_out):
            continue
        found += [
            f"{_where(widget)}: {text!r}" for text in _texts(widget, labels) if "⟦" not in text
        ]
    return found


def _texts(widget: QWidget, labels: bool) -> list[str]:
    if isinstance(widget, QAbstractButton):
        box = widget.parentWidget()
        if isinstance(box, QDialogButtonBox) and box.standardButton(widget) != _NO_BUTTON:
            return []
        return [widget.text()] if widget.text() else []
    if isinstance(widget, QLabel) and labels and not isinstance(widget, ElidedLabel):
        return [widget.text()] if widget.text() else []
    if isinstance(widget, QTabBar):
        return [widget.tabText(i) for i in range(widget.count())]
    if isinstance(widget, QMenuBar):
        return _menu_texts(widget.actions())
    if isinstance(widget, QGroupBox):
        return [widget.title()] if widget.title() else []
    if isinstance(widget, QLineEdit):
        return [widget.placeholderText()] if widget.placeholderText() else []
    if isinstance(widget, QComboBox):
        return [widget.itemText(i) for i in range(widget.count()) if widget.itemText(i)]
    if isinstance(widget, QHeaderView) and widget.model() is not None:
        model, orientation = widget.model(), widget.orientation()
        headings = (str(model.headerData(i, orientation) or "") for i in range(widget.count()))
        return [text for text in headings if text and not text.isdigit()]
    return []


def _menu_texts(actions: list[QAction]) -> list[str]:
    texts = []
    for action in actions:
        if action.isSeparator():
            continue
        texts.append(action.text())
        menu = action.menu()
        if isinstance(menu, QMenu):
            texts += _menu_texts(menu.actions())
    return texts
