"""Settings: one window for everything a person can set, in four groups.

Each change is applied at once and saved (``Settings.set``); there is no OK or Apply. The window
follows changes made elsewhere (the tray, the pacer, another process) through the settings'
listeners. What it cannot do itself (open a journal dialog, edit patterns) it asks for with a
signal the app answers.

- **General**: theme, reduced motion, starting with the desktop.
- **Sessions**: default pattern and length, sound and volume, ratings before and after.
- **Breaks**: invitations (how often, how long, days and hours, the card, after long calls),
  where idle time comes from, check-in reminders.
- **Your data**: where it is kept ("Open folder"), export, import, restore a backup.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTime, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from breathingroom.core.patterns import Pattern
from breathingroom.services.autostart import Autostart, start_command
from breathingroom.services.settings import Settings
from breathingroom.ui.sound.menu import SOUND_MODES
from breathingroom.ui.theme import LIGHT, Tokens
from breathingroom.ui.tray import THEMES

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _hhmm(value: QTime) -> str:
    return f"{value.hour():02d}:{value.minute():02d}"


def _qtime(text: str) -> QTime:
    if text == "24:00":
        return QTime(23, 59)
    hours, minutes = text.split(":")
    return QTime(int(hours), int(minutes))


class SettingsWindow(QWidget):
    edit_patterns = Signal()
    import_entries = Signal()
    restore_backup = Signal()
    export_entries = Signal()

    def __init__(
        self,
        settings: Settings,
        patterns: list[Pattern],
        autostart: Autostart,
        data_folder: str,
        idle_note: Callable[[], str],
        parent: QWidget | None = None,
        preview: Callable[[int], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Breathing Room settings")
        self.setAccessibleName("Settings")
        self._settings = settings
        self._autostart = autostart
        self._data_folder = data_folder
        self._idle_note = idle_note
        self._preview = preview
        self._syncing = False
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Setting groups")
        self.tabs.addTab(self._general(), "General")
        self.tabs.addTab(self._sessions(patterns), "Sessions")
        self.tabs.addTab(self._breaks(), "Breaks")
        self.tabs.addTab(self._data(), "Your data")
        self.note = QLabel("Changes are saved as you make them.")
        close = QPushButton("Close")
        close.setAccessibleName("Close settings")
        close.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.note, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 18, 18, 18)
        layout.addWidget(self.tabs)
        layout.addLayout(bottom)
        self.sync()
        settings.on_change(self._changed_elsewhere)
        autostart.on_answer(self._autostart_answered)
        self.resize(560, 520)

    # -- building --------------------------------------------------------------------------
    def _form(self) -> tuple[QWidget, QFormLayout]:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(18, 18, 18, 18)
        form.setVerticalSpacing(12)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        return page, form

    def _check(self, text: str, key: str) -> QCheckBox:
        box = QCheckBox(text)
        box.setAccessibleName(text)
        box.toggled.connect(lambda on: self._set(key, on))
        return box

    def _muted(self, text: str = "") -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setObjectName("muted")
        label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        return label

    def _general(self) -> QWidget:
        page, form = self._form()
        self.theme = QComboBox()
        self.theme.setAccessibleName("Theme")
        for key, label in THEMES.items():
            self.theme.addItem(label, key)
        self.theme.currentIndexChanged.connect(
            lambda _: self._set("theme", self.theme.currentData())
        )
        form.addRow("&Theme", self.theme)
        self.reduced_motion = self._check("Reduce motion", "reduced_motion")
        form.addRow("", self.reduced_motion)
        self.start_with_desktop = QCheckBox("Start Breathing Room with the desktop")
        self.start_with_desktop.setAccessibleName("Start with the desktop")
        self.start_with_desktop.toggled.connect(self._toggle_autostart)
        form.addRow("", self.start_with_desktop)
        self.autostart_note = self._muted(
            "It waits in the tray, with no window, until you need it."
        )
        form.addRow("", self.autostart_note)
        return page

    def _sessions(self, patterns: list[Pattern]) -> QWidget:
        page, form = self._form()
        self.pattern = QComboBox()
        self.pattern.setAccessibleName("Default pattern")
        self.set_patterns(patterns)
        self.pattern.currentIndexChanged.connect(self._pattern_chosen)
        edit = QPushButton("Your patterns…")
        edit.clicked.connect(self.edit_patterns)
        row = QHBoxLayout()
        row.addWidget(self.pattern, 1)
        row.addWidget(edit)
        pattern_label = QLabel("Default &pattern")
        pattern_label.setBuddy(self.pattern)
        form.addRow(pattern_label, row)
        self.minutes = QSpinBox()
        self.minutes.setRange(1, 60)
        self.minutes.setSuffix(" min")
        self.minutes.setAccessibleName("Usual session length in minutes")
        self.minutes.valueChanged.connect(lambda v: self._set("minutes", v))
        form.addRow("Usual &length", self.minutes)
        self.sound = QComboBox()
        self.sound.setAccessibleName("Sound")
        for key, label in SOUND_MODES.items():
            self.sound.addItem(label, key)
        self.sound.currentIndexChanged.connect(
            lambda _: self._set("sound", self.sound.currentData())
        )
        form.addRow("&Sound", self.sound)
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setAccessibleName("Volume")
        self.volume.valueChanged.connect(self._volume_moved)
        self.volume.sliderReleased.connect(lambda: self._set("volume", self.volume.value()))
        form.addRow("&Volume", self.volume)
        self.ask_distress = self._check("Ask how I feel before and after a session", "ask_distress")
        form.addRow("Ratings", self.ask_distress)
        return page

    def _breaks(self) -> QWidget:
        page, form = self._form()
        self.breaks_on = self._check("Invite me to a short breathing break", "breaks_on")
        form.addRow("", self.breaks_on)
        self.every = QSpinBox()
        self.every.setRange(1, 240)
        self.every.setSuffix(" min of use")
        self.every.setAccessibleName("Invite every so many minutes of use")
        self.every.valueChanged.connect(lambda v: self._set("break_every_minutes", v))
        form.addRow("&Every", self.every)
        self.break_minutes = QSpinBox()
        self.break_minutes.setRange(1, 10)
        self.break_minutes.setSuffix(" min")
        self.break_minutes.setAccessibleName("Break length in minutes")
        self.break_minutes.valueChanged.connect(lambda v: self._set("break_minutes", v))
        form.addRow("Break &length", self.break_minutes)
        days = QHBoxLayout()
        days.setSpacing(4)
        self.days: list[QCheckBox] = []
        for index, short in enumerate(DAYS):
            box = QCheckBox(short)
            box.setAccessibleName(DAY_NAMES[index])
            box.toggled.connect(self._days_changed)
            self.days.append(box)
            days.addWidget(box)
        form.addRow("On", days)
        hours = QHBoxLayout()
        self.break_from = QTimeEdit()
        self.break_from.setDisplayFormat("HH:mm")
        self.break_from.setAccessibleName("From")
        self.break_from.timeChanged.connect(lambda t: self._set("break_from", _hhmm(t)))
        self.break_until = QTimeEdit()
        self.break_until.setDisplayFormat("HH:mm")
        self.break_until.setAccessibleName("Until")
        self.break_until.timeChanged.connect(lambda t: self._set("break_until", _hhmm(t)))
        hours.setSpacing(8)
        hours.addWidget(self.break_from)
        hours.addWidget(QLabel("until"))
        hours.addWidget(self.break_until)
        hours.addStretch(1)
        form.addRow("From", hours)
        self.break_card = self._check("Also show a small card near the tray", "break_card")
        form.addRow("", self.break_card)
        self.decompress = self._check(
            "After a long call, offer two minutes to land", "break_decompress"
        )
        form.addRow("", self.decompress)
        self.idle_label = self._muted()
        form.addRow("", self.idle_label)
        self.reminders_on = self._check("Remind me to check in", "reminders_on")
        form.addRow("Check-ins", self.reminders_on)
        times = QHBoxLayout()
        times.setSpacing(8)
        self.reminder_first = QTimeEdit()
        self.reminder_first.setDisplayFormat("HH:mm")
        self.reminder_first.setAccessibleName("First reminder")
        self.reminder_second_on = QCheckBox("and")
        self.reminder_second_on.setAccessibleName("A second reminder")
        self.reminder_second = QTimeEdit()
        self.reminder_second.setDisplayFormat("HH:mm")
        self.reminder_second.setAccessibleName("Second reminder")
        for widget in (self.reminder_first, self.reminder_second):
            widget.timeChanged.connect(self._times_changed)
        self.reminder_second_on.toggled.connect(self._times_changed)
        times.addWidget(self.reminder_first)
        times.addWidget(self.reminder_second_on)
        times.addWidget(self.reminder_second)
        times.addStretch(1)
        form.addRow("At", times)
        return page

    def _data(self) -> QWidget:
        page, form = self._form()
        self.folder_label = QLabel(self._data_folder)
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_label.setAccessibleName("Data folder")
        self.folder_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        form.addRow("Kept in", self.folder_label)
        open_folder = QPushButton("Open folder")
        open_folder.clicked.connect(self.open_folder)
        form.addRow("", open_folder)
        form.addRow("", self._muted(
            "Your journal stays on this computer. A backup is made each day you use the app."
        ))  # fmt: skip
        for text, signal in (
            ("Export your journal…", self.export_entries),
            ("Import entries…", self.import_entries),
            ("Restore a backup…", self.restore_backup),
        ):
            button = QPushButton(text)
            button.clicked.connect(signal)
            form.addRow("", button)
        return page

    # -- values ----------------------------------------------------------------------------
    def _set(self, key: str, value: Any) -> None:
        if not self._syncing and self._settings.get(key) != value:
            self._settings.set(key, value)

    def _volume_moved(self, value: int) -> None:
        """While dragging, only the sound follows; the setting is saved on release (the keyboard
        has no release, so its steps are saved at once)."""
        if self._syncing:
            return
        if self.volume.isSliderDown():
            if self._preview is not None:
                self._preview(value)
        else:
            self._set("volume", value)

    def _pattern_chosen(self) -> None:
        if self.pattern.currentData():
            self._set("last_pattern", self.pattern.currentData())

    def _days_changed(self) -> None:
        self._set("break_days", [i for i, box in enumerate(self.days) if box.isChecked()])

    def _times_changed(self) -> None:
        self.reminder_second.setEnabled(self.reminder_second_on.isChecked())
        times = [_hhmm(self.reminder_first.time())]
        if self.reminder_second_on.isChecked():
            times.append(_hhmm(self.reminder_second.time()))
        self._set("reminder_times", times)

    def _toggle_autostart(self, on: bool) -> None:
        if self._syncing:
            return
        try:
            if on:
                self._autostart.enable(start_command(Path(self._data_folder)))
            else:
                self._autostart.disable()
        except OSError as exc:
            self.note.setText(f"Could not change starting with the desktop: {exc.strerror}")
        self.sync()

    def _autostart_answered(self, text: str) -> None:
        """The desktop settled a change later (inside Flatpak, its Background portal)."""
        self.note.setText(text)
        self.sync()

    def open_folder(self) -> bool:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(self._data_folder))

    def set_patterns(self, patterns: list[Pattern]) -> None:
        self._syncing = True
        self.pattern.clear()
        for p in patterns:
            self.pattern.addItem(p.label, p.id)
        self.pattern.setCurrentIndex(
            max(0, self.pattern.findData(self._settings.get("last_pattern")))
        )
        self._syncing = False

    def _changed_elsewhere(self, _key: str, _value: Any) -> None:
        if not self._syncing:
            self.sync()

    def sync(self) -> None:
        """Show what the settings (and the autostart entry) say now."""
        get = self._settings.get
        self._syncing = True
        try:
            self.theme.setCurrentIndex(max(0, self.theme.findData(get("theme"))))
            self.reduced_motion.setChecked(get("reduced_motion"))
            self.start_with_desktop.setChecked(self._autostart.enabled())
            self.pattern.setCurrentIndex(max(0, self.pattern.findData(get("last_pattern"))))
            self.minutes.setValue(get("minutes"))
            self.sound.setCurrentIndex(max(0, self.sound.findData(get("sound"))))
            self.volume.setValue(get("volume"))
            self.ask_distress.setChecked(get("ask_distress"))
            self.breaks_on.setChecked(get("breaks_on"))
            self.every.setValue(get("break_every_minutes"))
            self.break_minutes.setValue(get("break_minutes"))
            for index, box in enumerate(self.days):
                box.setChecked(index in get("break_days"))
            self.break_from.setTime(_qtime(get("break_from")))
            self.break_until.setTime(_qtime(get("break_until")))
            self.break_card.setChecked(get("break_card"))
            self.decompress.setChecked(get("break_decompress"))
            self.reminders_on.setChecked(get("reminders_on"))
            times = get("reminder_times")
            self.reminder_first.setTime(_qtime(times[0]))
            self.reminder_second_on.setChecked(len(times) > 1)
            self.reminder_second.setTime(_qtime(times[1] if len(times) > 1 else "16:00"))
            self.reminder_second.setEnabled(len(times) > 1)
            on = bool(get("breaks_on"))
            for widget in (self.every, self.break_minutes, self.break_from, self.break_until,
                           self.break_card, self.decompress, *self.days):  # fmt: skip
                widget.setEnabled(on)
            for widget in (self.reminder_first, self.reminder_second_on):
                widget.setEnabled(bool(get("reminders_on")))
            self.reminder_second.setEnabled(bool(get("reminders_on")) and len(times) > 1)
            self.idle_label.setText(self._idle_note() if on else "")
            waits = "It waits in the tray, with no window, until you need it."
            if self._autostart.enabled():
                waits += f" ({self._autostart.where})"
            self.autostart_note.setText(waits)
        finally:
            self._syncing = False

    def set_tokens(self, tokens: Tokens = LIGHT) -> None:
        self.setStyleSheet(f"QLabel#muted {{ color: {tokens.muted}; }}")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)
