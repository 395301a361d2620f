"""The history tree: the active manifest and its ingredients, as a `QAbstractItemModel`.

`build_history(report)` turns a `FileReport` into plain `HistoryNode`s (what each row says
is decided there, without Qt widgets) and decodes the thumbnails into `QImage`s. It is meant
to run in the worker that read the file, so the GUI thread never decodes pictures.
`HistoryModel` only exposes those nodes to a view.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QImage, QPixmap

from app.core.i18n import N_, _
from app.core.terminal_text import visible
from app.gui import wording
from app.gui.badges import badge_for, state_icon
from app.gui.plain_text import safe_tooltip
from app.gui.services import thumbnail_qimage

if TYPE_CHECKING:
    from app.core.model import FileReport, Ingredient, Manifest, ValidationState

AnyIndex = QModelIndex | QPersistentModelIndex

_RELATIONSHIPS = {
    "parentOf": N_("Made from (parent)"),
    "componentOf": N_("Placed into it (component)"),
    "inputTo": N_("Used as input"),
}


class HistoryRole(IntEnum):
    """Custom roles: views and tests read structured values, not display strings."""

    STATE = Qt.ItemDataRole.UserRole + 1  # ValidationState | None
    MANIFEST_LABEL = Qt.ItemDataRole.UserRole + 2
    RELATIONSHIP = Qt.ItemDataRole.UserRole + 3
    SIGNER = Qt.ItemDataRole.UserRole + 4


class Column(IntEnum):
    ITEM = 0
    STATE = 1
    APP = 2
    SIGNER = 3


HEADERS = {  # English (N_), translated in headerData
    Column.ITEM: N_("Item"),
    Column.STATE: N_("State"),
    Column.APP: N_("App or device"),
    Column.SIGNER: N_("Signed by"),
}


@dataclass(eq=False)
class HistoryNode:
    title: str
    relationship: str  # "active" for the root, else the ingredient relationship
    state: ValidationState | None
    manifest_label: str | None
    app: str
    signer: str
    tooltip: str
    thumbnail: QImage | None = None
    checking: bool = False  # from the unchecked read: the validating read is still running
    parent: HistoryNode | None = None
    children: list[HistoryNode] = field(default_factory=list)

    def add(self, child: HistoryNode) -> None:
        child.parent = self
        self.children.append(child)

    def row(self) -> int:
        return self.parent.children.index(self) if self.parent else 0


def mark_checking(node: HistoryNode) -> HistoryNode:
    """`node` and its descendants as "checking…": no state shown until the validating read
    says it (an unchecked read must never look Invalid)."""
    node.state, node.checking = None, True
    for child in node.children:
        mark_checking(child)
    return node


def build_history(report: FileReport) -> HistoryNode | None:
    """The tree for `report` (None when there is no manifest to show)."""
    active = report.active
    if active is None:
        return None
    root = _manifest_node(active, report.state, "active", active.title or report.path.name)
    _add_ingredients(root, active.ingredients, report, depth=0)
    return root


def _manifest_node(
    manifest: Manifest, state: ValidationState | None, relationship: str, title: str
) -> HistoryNode:
    signer = wording.issued_by(manifest.signature)
    when = wording.issued_on(manifest.signature)
    tooltip = "\n".join(
        [
            title,
            _("State: {state}").format(state=badge_for(state).text),
            _("App or device: {app}").format(app=manifest.claim_generator),
            _("Signed by: {signer} ({date})").format(signer=signer, date=when),
            _("Manifest: {label}").format(label=manifest.label),
        ]
    )
    return HistoryNode(
        title=title,
        relationship=relationship,
        state=state,
        manifest_label=manifest.label,
        app=manifest.app_name or manifest.claim_generator or wording.NOT_AVAILABLE,
        signer=signer,
        tooltip=tooltip,
        thumbnail=thumbnail_qimage(manifest.thumbnail),
    )


def _add_ingredients(
    parent: HistoryNode, items: tuple[Ingredient, ...], report: FileReport, depth: int
) -> None:
    # A hostile file could nest ingredients very deeply; 32 levels is more than any real one.
    if depth > 32:
        return
    for ingredient in items:
        node = _ingredient_node(ingredient, report)
        parent.add(node)
        nested = ingredient.children
        manifest = report.manifests.get(ingredient.manifest_label or "")
        if not nested and manifest is not None and manifest.label != parent.manifest_label:
            nested = manifest.ingredients
        _add_ingredients(node, nested, report, depth + 1)


def _ingredient_node(ingredient: Ingredient, report: FileReport) -> HistoryNode:
    manifest = report.manifests.get(ingredient.manifest_label or "")
    known = _RELATIONSHIPS.get(ingredient.relationship)
    relation = _(known) if known else ingredient.relationship
    state = ingredient.state
    if state is None and manifest is None:
        from app.core.model import ValidationState

        state = ValidationState.NO_CREDENTIALS
    if manifest is not None:
        node = _manifest_node(manifest, state, ingredient.relationship, ingredient.title)
    else:
        node = HistoryNode(
            title=ingredient.title,
            relationship=ingredient.relationship,
            state=state,
            manifest_label=None,
            app=wording.NOT_AVAILABLE,
            signer=wording.NOT_AVAILABLE,
            tooltip=f"{ingredient.title}\n" + _("No Content Credentials of its own"),
        )
    node.tooltip = f"{relation}\n{node.tooltip}"
    failures = [s.explanation or s.code for s in ingredient.status if s.kind == "failure"]
    if failures:
        node.tooltip += "\n" + _("Problems: {list}").format(list="; ".join(failures))
    thumb = thumbnail_qimage(ingredient.thumbnail)
    if thumb is not None:
        node.thumbnail = thumb
    return node


class HistoryModel(QAbstractItemModel):
    """A read-only tree model over `HistoryNode`s."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._root: HistoryNode | None = None
        self._pixmaps: dict[int, QPixmap] = {}

    def set_history(self, root: HistoryNode | None) -> None:
        self.beginResetModel()
        self._root = root
        self._pixmaps.clear()
        self.endResetModel()

    def node(self, index: AnyIndex) -> HistoryNode | None:
        if not index.isValid():
            return None
        node = index.internalPointer()
        return node if isinstance(node, HistoryNode) else None

    # -- structure -----------------------------------------------------------------------

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        parent_node = self.node(parent)
        if parent_node is None:
            return self.createIndex(row, column, self._root) if self._root else QModelIndex()
        return self.createIndex(row, column, parent_node.children[row])

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        node = self.node(index)
        if node is None or node.parent is None:
            return QModelIndex()
        return self.createIndex(node.parent.row(), 0, node.parent)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        node = self.node(parent)
        if node is None:
            return 1 if self._root is not None and not parent.isValid() else 0
        return len(node.children)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return len(Column)

    # -- content -------------------------------------------------------------------------

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self.node(index)
        if node is None:
            return None
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(node, column)
        if role == Qt.ItemDataRole.ToolTipRole:  # the file's words, shown literally
            return safe_tooltip(node.tooltip)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._decoration(node, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{node.title}, {badge_for(node.state).text}"
        return self._custom(node, role)

    def _display(self, node: HistoryNode, column: Column) -> str:
        if column is Column.ITEM:
            return visible(node.title)
        if column is Column.STATE:
            if node.checking:
                return _("Checking…")
            return badge_for(node.state).text if node.state else _("Not checked")
        return visible(node.app if column is Column.APP else node.signer)

    def _decoration(self, node: HistoryNode, column: Column) -> Any:
        if column is Column.STATE:
            return state_icon(node.state)
        if column is not Column.ITEM or node.thumbnail is None:
            return None
        key = id(node)
        if key not in self._pixmaps:
            self._pixmaps[key] = QPixmap.fromImage(node.thumbnail)
        return self._pixmaps[key]

    def _custom(self, node: HistoryNode, role: int) -> Any:
        if role == HistoryRole.STATE:
            return node.state
        if role == HistoryRole.MANIFEST_LABEL:
            return node.manifest_label
        if role == HistoryRole.RELATIONSHIP:
            return node.relationship
        if role == HistoryRole.SIGNER:
            return node.signer
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(HEADERS[Column(section)]) if section < len(Column) else None
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
