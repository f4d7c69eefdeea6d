"""The Settings window: every change applied at once and saved; autostart really written."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTime

from breathingroom.services import paths
from breathingroom.services.autostart import XdgAutostart
from breathingroom.services.settings import Settings


def open_settings(make_room, tmp_path: Path):  # type: ignore[no-untyped-def]
    entry = XdgAutostart(tmp_path / "autostart")
    room = make_room(tray=True, autostart=entry, find_idle=lambda: None, holds=set)
    room.handle({"cmd": "settings"})
    window = room._settings_window
    assert window is not None and window.isVisible()
    return room, window, entry


def test_each_change_is_applied_at_once_and_survives_a_restart(make_room, qtbot, tmp_path):
    room, window, _ = open_settings(make_room, tmp_path)
    try:
        window.theme.setCurrentIndex(window.theme.findData("dark"))
        assert room.theme.tokens.name == "dark"  # applied at once
        window.reduced_motion.setChecked(True)
        window.minutes.setValue(7)
        window.sound.setCurrentIndex(window.sound.findData("tone"))
        window.volume.setValue(30)
        window.ask_distress.setChecked(False)
        window.pattern.setCurrentIndex(window.pattern.findData("box"))
        window.breaks_on.setChecked(True)
        assert window.every.isEnabled()
        assert room.breaks.scheduler is not None  # invitations start at once
        window.every.setValue(45)
        window.break_minutes.setValue(3)
        window.days[6].setChecked(True)
        window.break_from.setTime(QTime(9, 30))
        window.break_card.setChecked(True)
        window.reminders_on.setChecked(True)
        window.reminder_second_on.setChecked(True)
        window.reminder_second.setTime(QTime(18, 15))
        saved = Settings.load(paths.current().settings_file)  # as a restart reads it
        assert saved.get("theme") == "dark" and saved.get("reduced_motion") is True
        assert (saved.get("minutes"), saved.get("sound"), saved.get("volume")) == (7, "tone", 30)
        assert saved.get("ask_distress") is False and saved.get("last_pattern") == "box"
        assert saved.get("breaks_on") is True and saved.get("break_every_minutes") == 45
        assert saved.get("break_minutes") == 3 and saved.get("break_days") == [0, 1, 2, 3, 4, 6]
        assert saved.get("break_from") == "09:30" and saved.get("break_card") is True
        assert saved.get("reminders_on") is True
        assert saved.get("reminder_times") == ["10:00", "18:15"]
        assert "plain elapsed time" in window.idle_label.text()
    finally:
        room.close_windows()


def test_changes_made_elsewhere_show_in_the_window(make_room, qtbot, tmp_path, settings):
    room, window, _ = open_settings(make_room, tmp_path)
    try:
        room.menu.reduced_action.trigger()
        assert window.reduced_motion.isChecked()
        settings.set("breaks_on", True)
        assert window.breaks_on.isChecked()
    finally:
        room.close_windows()


def test_start_with_the_desktop_writes_and_removes_the_entry(make_room, qtbot, tmp_path):
    room, window, entry = open_settings(make_room, tmp_path)
    try:
        assert not window.start_with_desktop.isChecked()
        window.start_with_desktop.setChecked(True)
        text = entry.file.read_text()
        exec_line = text.split("Exec=", 1)[1].split("\n", 1)[0]
        # The tests' data folder is not the usual one, so the login start names it.
        assert exec_line.endswith(f" --data-dir {paths.current().data_dir} tray"), exec_line
        assert str(entry.file) in window.autostart_note.text()
        window.start_with_desktop.setChecked(False)
        assert not entry.file.exists()
    finally:
        room.close_windows()


def test_the_journal_actions_are_reachable(make_room, qtbot, tmp_path, monkeypatch):
    room, window, _ = open_settings(make_room, tmp_path)
    try:
        from PySide6.QtWidgets import QFileDialog, QPushButton

        target = tmp_path / "out.json"
        monkeypatch.setattr(
            QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
        )
        buttons = {b.text(): b for b in window.findChildren(QPushButton)}
        assert {"Open folder", "Import entries…", "Restore a backup…", "Your patterns…"} <= set(
            buttons
        )
        room.journal.open_now()
        buttons["Export your journal…"].click()
        assert '"checkins"' in target.read_text()
        assert window.folder_label.text() == str(paths.current().data_dir)
    finally:
        room.close_windows()


def test_started_with_the_desktop_the_app_shows_no_window(make_room, qtbot):
    from PySide6.QtWidgets import QApplication

    room = make_room(tray=True)
    try:
        room.handle({"cmd": "tray"})
        assert [w for w in QApplication.topLevelWidgets() if w.isVisible()] == []
    finally:
        room.close_windows()
