"""Space and Esc in the pacer act wherever the focus is; a rating is only the one given now."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.fakes import FakeClock


def press(key: Qt.Key) -> None:
    """A key as a person presses it: delivered to whatever has the focus."""
    window = QApplication.activeWindow()
    assert window is not None
    target = window.focusWidget() or window
    QTest.keyClick(target, key)


def test_space_pauses_even_with_a_rating_number_focused(make_room, qtbot):
    room = make_room(clock=FakeClock(10.0))
    room.breathe(pattern_id="box")
    pacer = room.pacer()
    qtbot.waitExposed(pacer)
    pacer.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is pacer)
    pacer.distress.buttons[4].setFocus()
    press(Qt.Key.Key_Space)
    assert room.run.status == "paused"
    assert room.run.model.distress_before is None  # Space did not rate
    assert pacer.distress.value() is None
    press(Qt.Key.Key_Space)
    assert room.run.status == "running"


def test_space_after_skip_pauses_and_opens_no_list(make_room, qtbot):
    room = make_room(clock=FakeClock(10.0))
    room.breathe(pattern_id="box")
    pacer = room.pacer()
    qtbot.waitExposed(pacer)
    pacer.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is pacer)
    pacer.distress.skip_button.setFocus()
    press(Qt.Key.Key_Return)  # a keyboard user presses Skip with Enter
    assert not pacer.distress.isVisible()
    assert pacer.focusWidget() is pacer.view
    press(Qt.Key.Key_Space)
    assert room.run.status == "paused"
    assert pacer.pattern_box.view().isVisible() is False


def test_esc_stops_wherever_the_focus_is(make_room, qtbot):
    room = make_room(clock=FakeClock(10.0))
    room.breathe(pattern_id="box")
    pacer = room.pacer()
    qtbot.waitExposed(pacer)
    pacer.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is pacer)
    pacer.restart_button.setFocus()
    press(Qt.Key.Key_Escape)
    assert room.run.status == "stopped"
    assert not pacer.isVisible()


def test_enter_rates_the_focused_number(make_room, qtbot):
    room = make_room(clock=FakeClock(10.0))
    room.breathe(pattern_id="box")
    pacer = room.pacer()
    qtbot.waitExposed(pacer)
    pacer.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is pacer)
    pacer.distress.buttons[6].setFocus()
    press(Qt.Key.Key_Return)
    assert room.run.model.distress_before == 6


def test_tab_follows_what_is_seen(make_room, qtbot):
    room = make_room(clock=FakeClock(10.0))
    room.breathe(pattern_id="box")
    pacer = room.pacer()
    qtbot.waitExposed(pacer)
    pacer.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is pacer)
    pacer.pattern_box.setFocus()
    order = [pacer.focusWidget()]
    for _ in range(8):
        press(Qt.Key.Key_Tab)
        order.append(pacer.focusWidget())
    strip = pacer.distress
    expected = [
        pacer.pattern_box,
        pacer.style_box,
        pacer.options,
        pacer.view,
        strip.buttons[0],  # the numbers are one stop: arrows move among them
        strip.skip_button,
        pacer.pause_button,
        pacer.restart_button,
        pacer.stop_button,
    ]
    assert order == expected


def test_a_before_rating_from_an_earlier_session_is_never_stored(make_room, qtbot):
    """The path: rate "after" with a click, start again with Again, then press Space to pause.

    The clicked number kept the focus, so Space pressed it and stored the old number as the new
    session's "before" rating, which the user never gave.
    """
    clock = FakeClock(10.0)
    room = make_room(clock=clock)
    room.breathe(pattern_id="coherent", cycles=1)
    pacer = room.pacer()
    qtbot.waitExposed(pacer)
    pacer.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is pacer)
    clock.t += 11
    pacer.refresh()
    assert room.run.status == "finished"
    QTest.mouseClick(pacer.distress.buttons[5], Qt.MouseButton.LeftButton)  # "after": 5
    QTest.mouseClick(pacer.restart_button, Qt.MouseButton.LeftButton)  # Again
    second = room.run
    assert second.status == "running"
    clock.t += 3
    press(Qt.Key.Key_Space)  # pause
    assert second.status == "paused"
    press(Qt.Key.Key_Escape)  # stop
    assert second.status == "stopped"
    rows = room.journal.store.recent_sessions(5)
    ratings = sorted((r.completed, r.distress_before, r.distress_after) for r in rows)
    assert ratings == [(False, None, None), (True, None, 5)]
