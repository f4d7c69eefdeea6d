"""Session length: how many minutes a session lasts unless a command says otherwise."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

CHOICES = (1, 2, 3, 5, 10, 15, 20, 30, 45, 60)


class LengthMenu(QMenu):
    def __init__(
        self,
        get: Callable[[str], object],
        set_: Callable[[str, object], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Session length", parent)
        self._get = get
        self.setAccessibleName("Session length")
        self.group = QActionGroup(self)
        for minutes in CHOICES:
            label = "1 minute" if minutes == 1 else f"{minutes} minutes"
            action = QAction(label, self, checkable=True)
            action.setData(minutes)
            action.triggered.connect(lambda _=False, m=minutes: set_("minutes", m))
            self.group.addAction(action)
            self.addAction(action)
        self.aboutToShow.connect(self.sync)
        self.sync()

    def sync(self) -> None:
        """Tick the current length (one set elsewhere may not be in the list: then none)."""
        current = self._get("minutes")
        for action in self.group.actions():
            action.setChecked(action.data() == current)
