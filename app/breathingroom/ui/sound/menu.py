"""The Sound menu: Off, Chimes, Breath tone or both, and a volume slider.

The same menu sits in the tray's Settings and in the pacer's options. It shows and changes the
``sound`` and ``volume`` settings; whether sound can play at all is asked (through ``probe``)
only when the menu opens, so nothing audio-related loads at start-up.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QSlider, QWidget, QWidgetAction

from breathingroom.core.sound import SoundChoice

#: Every sound choice (``core.sound.SOUND_CHOICES``, a test checks) with its words in the menu.
SOUND_MODES: dict[SoundChoice, str] = {
    "off": "Off",
    "chimes": "Chimes at each change",
    "tone": "Breath tone",
    "both": "Chimes and breath tone",
}


class SoundMenu(QMenu):
    def __init__(
        self,
        get: Callable[[str], object],
        set_: Callable[[str, object], None],
        probe: Callable[[], tuple[bool, str]] | None = None,
        parent: QWidget | None = None,
        preview: Callable[[int], None] | None = None,
    ) -> None:
        super().__init__("Sound", parent)
        self._get, self._set, self._probe = get, set_, probe
        self._preview = preview
        self.setAccessibleName("Sound")
        self.unavailable = QAction("", self)
        self.unavailable.setEnabled(False)
        self.unavailable.setVisible(False)
        self.addAction(self.unavailable)
        self.group = QActionGroup(self)
        for key, label in SOUND_MODES.items():
            action = QAction(label, self, checkable=True)
            action.setData(key)
            action.triggered.connect(lambda _=False, k=key: self._set("sound", k))
            self.group.addAction(action)
            self.addAction(action)
        self.addSeparator()
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 100)
        self.slider.setSingleStep(5)
        self.slider.setPageStep(10)
        self.slider.setAccessibleName("Volume")
        self.slider.setToolTip("Volume of Breathing Room's sounds, apart from the system volume")
        self.slider.valueChanged.connect(self._volume_moved)
        self.slider.sliderReleased.connect(lambda: self._set("volume", self.slider.value()))
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(12, 4, 12, 4)
        row.addWidget(QLabel("Volume"))
        row.addWidget(self.slider, 1)
        slider_action = QWidgetAction(self)
        slider_action.setDefaultWidget(box)
        self.addAction(slider_action)
        self.aboutToShow.connect(self.sync)
        self.sync(probe=False)

    def _volume_moved(self, value: int) -> None:
        """While dragging, only the sound follows; the setting is saved on release."""
        if self.slider.isSliderDown():
            if self._preview is not None:
                self._preview(value)
        else:
            self._set("volume", value)

    def sync(self, probe: bool = True) -> None:
        """Show the current settings, and (when opening) whether sound can play."""
        sound = self._get("sound")
        for action in self.group.actions():
            action.setChecked(action.data() == sound)
        self.slider.blockSignals(True)
        self.slider.setValue(int(str(self._get("volume"))))
        self.slider.blockSignals(False)
        if probe and self._probe is not None:
            ok, message = self._probe()
            self.show_availability(ok, message)

    def show_availability(self, ok: bool, message: str = "") -> None:
        self.unavailable.setVisible(not ok)
        # Only the first sentence fits a menu; the rest is in the tooltip.
        self.unavailable.setText(message.split(". ")[0].rstrip(".") if not ok else "")
        self.unavailable.setToolTip(message)
        for action in self.group.actions():
            action.setEnabled(ok or action.data() == "off")
        self.slider.setEnabled(ok)
