"""What a newcomer meets: the welcome window, a tray menu that holds still, Quit that asks once."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from breathingroom.services import paths
from breathingroom.ui.welcome import first_start
from tests.fakes import FakeClock


def menu_entries(room):
    return [(a.text(), a.isVisible()) for a in room.menu.menu.actions()]


def test_tray_menu_entries_keep_their_places_during_a_session(make_room):
    clock = FakeClock(10.0)
    room = make_room(clock=clock)
    before = menu_entries(room)
    assert not room.menu.stop_action.isEnabled()
    room.breathe(pattern_id="coherent")  # the last pattern already: "Breathe now" keeps its words
    assert menu_entries(room) == before
    assert room.menu.stop_action.isEnabled()
    clock.t += 5
    room.stop_session()
    assert menu_entries(room) == before
    assert not room.menu.stop_action.isEnabled()


def answer_quit(room, button_text, asked):
    def answer():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, answer)
            return
        asked.append(box.text())
        room.menu.quit_requested.emit()  # a second Quit while asking: no second question
        for button in box.buttons():
            if button.text() == button_text:
                button.click()

    QTimer.singleShot(0, answer)


def test_quit_during_a_session_asks_once_and_keeps_the_session_as_stopped(make_room, qtbot):
    clock = FakeClock(10.0)
    room = make_room(clock=clock)
    room.breathe(pattern_id="box")
    clock.t += 20
    asked: list[str] = []
    answer_quit(room, "End and quit", asked)
    room.menu.quit_requested.emit()
    assert asked == ["End the session and quit?"]
    assert room.quits == [True]
    [row] = room.journal.store.recent_sessions(5)
    assert row.exercise == "box" and not row.completed


def test_quit_during_a_session_can_be_declined(make_room, qtbot):
    clock = FakeClock(10.0)
    room = make_room(clock=clock)
    room.breathe(pattern_id="box")
    asked: list[str] = []
    answer_quit(room, "Keep breathing", asked)
    room.menu.quit_requested.emit()
    assert asked == ["End the session and quit?"]
    assert room.quits == []
    assert room.run.status == "running"


def test_quit_with_nothing_running_asks_nothing(make_room):
    room = make_room()
    room.menu.quit_requested.emit()
    assert room.quits == [True]


def test_welcome_shows_from_the_menu_and_is_then_marked_seen(make_room, qtbot, settings):
    room = make_room()
    assert settings.get("welcome_shown") is False
    [welcome] = [a for a in room.menu.menu.actions() if a.text() == "Welcome…"]
    welcome.trigger()
    window = room._welcome
    assert window is not None and window.isVisible()
    assert settings.get("welcome_shown") is True
    text = " ".join(label.text() for label in (window.what, window.where, window.sos, window.data))
    assert "tray" in text and "breathing-room sos" in text
    assert str(paths.current().data_dir) in window.data.text()
    assert "!" not in text
    window.try_button.click()  # a one-minute try of the default pattern
    assert not window.isVisible()
    assert room.run.pattern.id == "coherent" and room.run.minutes == 1


def test_first_start_means_no_settings_and_no_journal_yet(settings):
    here = paths.current()
    assert first_start(here)
    settings.set("welcome_shown", True)
    assert not first_start(here)
