"""The tray icon and its menu, and the small home window used where there is no tray.

Both only show actions and forward the user's choice to the app through signals.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QIcon, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from breathingroom.core.patterns import Pattern
from breathingroom.ui import resources

THEMES = {"system": "Follow the system", "light": "Light", "dark": "Dark"}


def app_icon(active: bool = False) -> QIcon:
    name = "breathing-room-active.svg" if active else "breathing-room.svg"
    return QIcon(resources.path("icons", name))


class AppMenu(QObject):
    """The actions offered from the tray menu and from the home window, built once."""

    breathe = Signal(str)  # pattern id
    breathe_sound_only = Signal()
    stop_session = Signal()
    theme_chosen = Signal(str)
    reduced_motion_toggled = Signal(bool)
    edit_patterns = Signal()
    check_in = Signal()
    open_journal = Signal()
    import_entries = Signal()
    restore_backup = Signal()
    ask_distress_toggled = Signal(bool)
    quit_requested = Signal()
    #: Show the welcome window again.
    welcome = Signal()
    #: Start a grounding exercise (its id); open the SOS; open the safety plan.
    ground = Signal(str)
    sos = Signal()
    safety_plan = Signal()
    what_helps = Signal()
    #: The "Ground me" menu is about to show: fill it (the library loads on first use).
    ground_menu_opening = Signal()
    #: Open the Settings window.
    open_settings = Signal()
    #: Pause break invitations for these minutes (None: until tomorrow); resume them.
    pause_invitations = Signal(object)
    resume_invitations = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.menu = QMenu()
        self.menu.setAccessibleName("Breathing Room")
        self._last = ""
        self.quick_action = QAction("Breathe now", self)
        self.quick_action.triggered.connect(lambda: self.breathe.emit(self._last))
        font = self.quick_action.font()
        font.setBold(True)
        self.quick_action.setFont(font)
        self.menu.addAction(self.quick_action)
        self.breathe_menu = QMenu("Breathe with")
        self.menu.addMenu(self.breathe_menu)
        sound_only = QAction("Breathe with sound only", self)
        sound_only.setToolTip("No window: follow the chimes with your eyes closed")
        sound_only.triggered.connect(self.breathe_sound_only)
        self.menu.addAction(sound_only)
        self.sound_only_action = sound_only
        self.stop_action = QAction("Stop the session", self)
        self.stop_action.triggered.connect(self.stop_session)
        # Always there, greyed while nothing runs: entries never shift under the pointer.
        self.stop_action.setEnabled(False)
        self.menu.addAction(self.stop_action)
        self.menu.addSeparator()
        self.sos_action = QAction("SOS: help me settle now", self)
        self.sos_action.setToolTip("One question, then the exercise that fits starts at once")
        self.sos_action.triggered.connect(self.sos)
        self.menu.addAction(self.sos_action)
        self.ground_menu = QMenu("Ground me")
        self.ground_menu.setAccessibleName("Ground me")
        self.ground_menu.aboutToShow.connect(self.ground_menu_opening)
        self.menu.addMenu(self.ground_menu)
        helps_action = QAction("What works for me…", self)
        helps_action.setToolTip("What lowers your distress most, from your own ratings")
        helps_action.triggered.connect(self.what_helps)
        self.menu.addAction(helps_action)
        plan_action = QAction("My safety plan…", self)
        plan_action.triggered.connect(self.safety_plan)
        self.menu.addAction(plan_action)
        self.menu.addSeparator()
        check_in = QAction("Check in…", self)
        check_in.setToolTip("Note how you feel in a few seconds")
        check_in.triggered.connect(self.check_in)
        self.menu.addAction(check_in)
        journal = QAction("Review my week…", self)
        journal.setToolTip("Your check-ins and sessions, the week in words, what helps")
        journal.triggered.connect(self.open_journal)
        self.menu.addAction(journal)
        self.settings_menu = QMenu("Settings")
        theme_menu = self.settings_menu.addMenu("Theme")
        self.theme_group = QActionGroup(self)
        for key, label in THEMES.items():
            action = QAction(label, self, checkable=True)
            action.setData(key)
            action.triggered.connect(lambda _=False, k=key: self.theme_chosen.emit(k))
            self.theme_group.addAction(action)
            theme_menu.addAction(action)
        self.reduced_action = QAction("Reduce motion", self, checkable=True)
        self.reduced_action.toggled.connect(self.reduced_motion_toggled)
        self.settings_menu.addAction(self.reduced_action)
        patterns_action = QAction("Your patterns…", self)
        patterns_action.triggered.connect(self.edit_patterns)
        self.settings_menu.addAction(patterns_action)
        journal_menu = self.settings_menu.addMenu("Journal")
        self.ask_distress_action = QAction(
            "Ask how I feel before and after a session", self, checkable=True
        )
        self.ask_distress_action.toggled.connect(self.ask_distress_toggled)
        journal_menu.addAction(self.ask_distress_action)
        import_action = QAction("Import entries…", self)
        import_action.triggered.connect(self.import_entries)
        journal_menu.addAction(import_action)
        restore_action = QAction("Restore a backup…", self)
        restore_action.triggered.connect(self.restore_backup)
        journal_menu.addAction(restore_action)
        # The Settings window holds everything the submenu above held (it stays built, for
        # the actions' owners); the tray shows a compact block for breaks and settings.
        self.pause_menu = QMenu("Pause break invitations")
        self.pause_menu.setAccessibleName("Pause break invitations")
        for label, minutes in (("For 1 hour", 60), ("Until tomorrow", None)):
            action = self.pause_menu.addAction(label)
            action.triggered.connect(lambda _=False, m=minutes: self.pause_invitations.emit(m))
        self.resume_action = self.pause_menu.addAction("Resume now")
        self.resume_action.triggered.connect(self.resume_invitations)
        self.pause_menu.setEnabled(False)  # enabled while invitations are on; never moves
        self.menu.addMenu(self.pause_menu)
        settings_action = QAction("Settings…", self)
        settings_action.triggered.connect(self.open_settings)
        self.menu.addAction(settings_action)
        welcome_action = QAction("Welcome…", self)
        welcome_action.setToolTip("What Breathing Room is, and where it waits")
        welcome_action.triggered.connect(self.welcome)
        self.menu.addAction(welcome_action)
        self.menu.addSeparator()
        quit_action = QAction("Quit Breathing Room", self)
        quit_action.triggered.connect(self.quit_requested)
        self.menu.addAction(quit_action)

    def set_patterns(self, patterns: list[Pattern], last: str) -> None:
        self._last = last
        names = {p.id: p.name for p in patterns}
        self.quick_action.setText(f"Breathe now · {names.get(last, 'Coherent')}")
        self.breathe_menu.clear()
        for p in patterns:
            action = self.breathe_menu.addAction(p.label)
            action.setCheckable(True)
            action.setChecked(p.id == last)
            action.triggered.connect(lambda _=False, pid=p.id: self.breathe.emit(pid))
            if p.id == "tipp-paced" and any(not q.builtin for q in patterns):
                self.breathe_menu.addSeparator()

    def set_exercises(self, exercises: list[tuple[str, str]], helps: list[str]) -> None:
        """Fill "Ground me": what helps this person first (ids), then every exercise.

        ``exercises`` are (id, label) pairs in library order.
        """
        self.ground_menu.clear()
        labels = dict(exercises)
        first = [eid for eid in helps if eid in labels]
        for eid in first:
            action = self.ground_menu.addAction(f"{labels[eid]}  · helps you")
            action.triggered.connect(lambda _=False, e=eid: self.ground.emit(e))
        if first:
            self.ground_menu.addSeparator()
        for eid, label in exercises:
            action = self.ground_menu.addAction(label)
            action.triggered.connect(lambda _=False, e=eid: self.ground.emit(e))

    def add_settings_menu(self, menu: QMenu) -> None:
        """Add a settings submenu (Sound, Session length) above the appearance entries."""
        self.settings_menu.insertMenu(self.reduced_action, menu)

    def set_theme(self, theme: str) -> None:
        for action in self.theme_group.actions():
            action.setChecked(action.data() == theme)

    def set_reduced_motion(self, on: bool) -> None:
        self.reduced_action.blockSignals(True)
        self.reduced_action.setChecked(on)
        self.reduced_action.blockSignals(False)

    def set_running(self, running: bool) -> None:
        self.stop_action.setEnabled(running)

    def set_sound_available(self, ok: bool, reason: str = "") -> None:
        """Offer "sound only" only where sound can play; greyed, with the reason, where not."""
        self.sound_only_action.setEnabled(ok)
        self.sound_only_action.setText(
            "Breathe with sound only" if ok else "Breathe with sound only (no sound device)"
        )
        self.sound_only_action.setToolTip(
            "No window: follow the chimes with your eyes closed" if ok else reason
        )

    def set_invitations(self, on: bool, paused: bool) -> None:
        """Offer "Pause break invitations" while invitations are on (greyed, in place, when off)."""
        self.pause_menu.setEnabled(on)
        self.pause_menu.setToolTip("" if on else "Turn break invitations on in Settings")
        self.resume_action.setEnabled(paused)

    def set_ask_distress(self, on: bool) -> None:
        self.ask_distress_action.blockSignals(True)
        self.ask_distress_action.setChecked(on)
        self.ask_distress_action.blockSignals(False)


class Tray(QObject):
    """The icon: a left click starts the last pattern; the menu holds everything else."""

    activated_primary = Signal()

    def __init__(
        self, menu: AppMenu, parent: QObject | None = None, icon: QSystemTrayIcon | None = None
    ) -> None:
        super().__init__(parent)
        self.icon = icon or QSystemTrayIcon(app_icon())
        self.icon.setParent(self)
        self.icon.setContextMenu(menu.menu)
        self.icon.setToolTip("Breathing Room")
        self.icon.activated.connect(self._activated)
        self._description: str | None = None
        self._note = ""

    def show(self) -> None:
        self.icon.show()

    def hide(self) -> None:
        self.icon.hide()

    def set_running(self, description: str | None) -> None:
        self.icon.setIcon(app_icon(active=description is not None))
        self._description = description
        self._update_tooltip()

    def set_note(self, note: str) -> None:
        """A second line for the tooltip (the count-down to the next break); empty for none."""
        if note != self._note:
            self._note = note
            self._update_tooltip()

    def _update_tooltip(self) -> None:
        first = f"Breathing Room · {self._description}" if self._description else "Breathing Room"
        self.icon.setToolTip(f"{first}\n{self._note}" if self._note else first)

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.activated_primary.emit()


class HomeWindow(QWidget):
    """Shown when the desktop has no system tray: the same actions, and closing it quits."""

    breathe = Signal(str)
    closed = Signal()

    def __init__(self, menu: AppMenu, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Breathing Room")
        self.setWindowIcon(app_icon())
        self.setAccessibleName("Breathing Room")
        self._menu = menu

        title = QLabel("Breathing Room")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        title.setFont(font)

        self.pattern_box = QComboBox()
        self.pattern_box.setAccessibleName("Breathing pattern")
        self.breathe_button = QPushButton("Breathe")
        self.breathe_button.setAccessibleName("Start breathing")
        self.breathe_button.setDefault(True)
        self.breathe_button.setMinimumHeight(44)
        self.breathe_button.clicked.connect(
            lambda: self.breathe.emit(self.pattern_box.currentData())
        )
        row = QHBoxLayout()
        row.addWidget(self.pattern_box, 1)
        row.addWidget(self.breathe_button)

        self.more_button = QPushButton("More…")
        self.more_button.setAccessibleName("More actions")
        self.more_button.setMenu(menu.menu)
        self.more_button.setMinimumHeight(44)
        self.more_button.setMinimumWidth(120)

        self.tray_note = QLabel(
            "Your desktop shows no system tray, so Breathing Room lives in this window. "
            "Closing it quits the app. On GNOME, the AppIndicator and KStatusNotifierItem "
            "extension adds a tray; then Breathing Room can wait there quietly."
        )
        self.tray_note.setWordWrap(True)
        self.tray_note.setAccessibleDescription("About the tray")
        self.tray_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addLayout(row)
        layout.addWidget(self.more_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        layout.addWidget(self.tray_note)
        self.resize(420, 260)

    def set_patterns(self, patterns: list[Pattern], last: str) -> None:
        self.pattern_box.clear()
        for p in patterns:
            self.pattern_box.addItem(p.label, p.id)
        index = self.pattern_box.findData(last)
        self.pattern_box.setCurrentIndex(max(index, 0))

    def set_muted_color(self, color: str) -> None:
        self.tray_note.setStyleSheet(f"color: {color};")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        self.closed.emit()
