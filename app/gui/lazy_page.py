"""A tab page made the first time it is needed, not with the window.

The window starts on its Credentials tab; the Details and "What viewers show" tabs are not
seen until chosen, yet building them (and importing their modules) held the first paint
back. A `LazyPage` goes into the tab widget empty and makes its widget when its tab is
first shown, when the window first asks for it (`widget`, e.g. to give it a report), or
when `build` is called (the window does so once its first frame is on screen, so a later
click on the tab finds it ready).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

from PySide6.QtWidgets import QVBoxLayout, QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QShowEvent

    from app.gui.details_view import DetailsView
    from app.gui.viewers_panel import ViewersPanel

W = TypeVar("W", bound=QWidget)


class LazyPage(QWidget, Generic[W]):
    def __init__(self, make: Callable[[], W], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._make: Callable[[], W] | None = make
        self._widget: W | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def built(self) -> bool:
        return self._widget is not None

    @property
    def widget(self) -> W:
        """The page's widget, made now if it was not yet."""
        if self._widget is None:
            assert self._make is not None
            make, self._make = self._make, None
            self._widget = make()
            self._layout.addWidget(self._widget)
            self._widget.show()  # made while the page is shown (a click on its tab): seen now
        return self._widget

    def build(self) -> None:
        self.widget  # noqa: B018  (made for its side effect)

    def showEvent(self, event: QShowEvent) -> None:
        self.build()
        super().showEvent(event)


# The window's two pages made on first need (their modules load then, too).


def details_page() -> LazyPage[DetailsView]:
    def make() -> DetailsView:
        from app.gui.details_view import DetailsView

        return DetailsView()

    return LazyPage(make)


def viewers_page() -> LazyPage[ViewersPanel]:
    def make() -> ViewersPanel:
        from app.gui.viewers_panel import ViewersPanel

        return ViewersPanel()

    return LazyPage(make)
