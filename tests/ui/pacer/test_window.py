import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from breathingroom.core.library import all_patterns
from breathingroom.core.patterns import PRESETS
from breathingroom.ui.pacer.run import BreathingRun
from breathingroom.ui.pacer.window import PacerWindow
from breathingroom.ui.theme import DARK
from tests.fakes import FakeClock


@pytest.fixture
def clock():
    return FakeClock(500.0)


@pytest.fixture
def pacer(qtbot):
    window = PacerWindow(all_patterns())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()


def start(pacer, clock, pattern, minutes=None, cycles=None):
    """Show a new silent run of ``pattern`` on the fake clock, as the app does."""
    run = BreathingRun.of(pattern, minutes=minutes, cycles=cycles, clock=clock)
    pacer.show_run(run)
    return run


def shown(pacer):
    pacer.refresh()
    return pacer.phase_label.text(), pacer.count_label.text()


def test_phase_and_count_follow_the_clock(pacer, clock):
    start(pacer, clock, PRESETS["box"], minutes=1)
    for t, expected in [
        (0.0, ("Breathe in", "4")),
        (0.9, ("Breathe in", "4")),
        (1.0, ("Breathe in", "3")),
        (3.99, ("Breathe in", "1")),
        (4.0, ("Hold", "4")),
        (8.5, ("Breathe out", "4")),
        (15.2, ("Hold", "1")),
        (16.0, ("Breathe in", "4")),
    ]:
        clock.t = 500.0 + t
        assert shown(pacer) == expected, t
    assert pacer.time_label.text() == "0:48 left · breath 2 of 4"


def test_top_up_is_named(pacer, clock):
    start(pacer, clock, PRESETS["cyclic-sigh"], cycles=2)
    clock.t += 2.5
    assert shown(pacer) == ("Top up", "1")


def test_space_pauses_and_resumes_without_losing_time(pacer, clock, qtbot):
    start(pacer, clock, PRESETS["coherent"], minutes=5)
    clock.t += 2.0
    qtbot.keyClick(pacer, Qt.Key.Key_Space)
    assert pacer.status == "paused"
    assert not pacer.timer_active
    assert pacer.pause_button.text() == "Resume"
    assert pacer.time_label.text().startswith("Paused")
    clock.t += 60.0
    qtbot.keyClick(pacer, Qt.Key.Key_Space)
    assert pacer.status == "running"
    assert pacer.timer_active
    assert pacer.state().elapsed == pytest.approx(2.0)
    assert shown(pacer) == ("Breathe in", "3")


def test_arrow_keys_change_the_pattern(pacer, qtbot, clock):
    chosen = []
    pacer.pattern_chosen.connect(chosen.append)
    start(pacer, clock, PRESETS["coherent"], minutes=5)
    qtbot.keyClick(pacer, Qt.Key.Key_Right)
    qtbot.keyClick(pacer, Qt.Key.Key_Right)
    qtbot.keyClick(pacer, Qt.Key.Key_Left)
    assert chosen == ["long-exhale", "box", "long-exhale"]


def test_escape_stops_closes_and_records_an_early_stop(pacer, clock, qtbot):
    ended = []
    pacer.session_ended.connect(ended.append)
    start(pacer, clock, PRESETS["coherent"], minutes=5)
    clock.t += 42.0
    qtbot.keyClick(pacer, Qt.Key.Key_Escape)
    assert not pacer.isVisible()
    assert not pacer.timer_active
    assert pacer.status == "stopped"
    [record] = ended
    assert record.exercise == "coherent"
    assert record.completed is False
    assert record.params["minutes"] == 5
    assert record.params["cycles"] == 30


def test_a_finished_session_ends_gently_and_is_recorded(pacer, clock):
    ended = []
    pacer.session_ended.connect(ended.append)
    start(pacer, clock, PRESETS["coherent"], cycles=3)
    clock.t += 30.0
    pacer.refresh()
    assert pacer.status == "finished"
    assert pacer.phase_label.text() == "Done"
    assert pacer.count_label.text() == ""
    assert not pacer.timer_active
    assert pacer.restart_button.text() == "Again"
    assert pacer.stop_button.text() == "Close"
    [record] = ended
    assert record.completed and record.params["cycles"] == 3
    assert (record.end - record.start).total_seconds() == 30.0
    pacer.close()
    assert len(ended) == 1  # closing a finished session records nothing more


def test_the_timer_runs_only_while_visible_and_running(pacer, clock):
    assert not pacer.timer_active  # nothing started yet
    start(pacer, clock, PRESETS["box"], minutes=1)
    assert pacer.timer_active
    pacer.hide()
    assert not pacer.timer_active
    pacer.show()
    assert pacer.timer_active
    pacer.toggle_pause()
    assert not pacer.timer_active
    pacer.toggle_pause()
    pacer.close()
    assert not pacer.timer_active


def test_reduced_motion_steps_once_a_second_and_slows_the_timer(pacer, clock):
    pacer.set_reduced_motion(True)
    start(pacer, clock, PRESETS["coherent"], minutes=1)
    levels = []
    for t in (0.0, 0.3, 0.7, 0.99, 1.0, 1.5, 2.0):
        clock.t = 500.0 + t
        pacer.refresh()
        levels.append(round(pacer.view.level(), 6))
    assert levels[0] == levels[1] == levels[2] == levels[3] == 0.0
    assert levels[4] == levels[5] > 0
    assert levels[6] > levels[5]
    assert pacer._timer.interval() >= 200
    assert pacer.reduced_action.isChecked()
    assert shown(pacer)[0] == "Breathe in"


def test_smooth_motion_follows_the_volume(pacer, clock):
    start(pacer, clock, PRESETS["coherent"], minutes=1)
    clock.t += 2.5
    pacer.refresh()
    assert pacer.view.level() == pytest.approx(0.5)


@pytest.mark.parametrize("style", ["circle", "wave", "bar"])
@pytest.mark.parametrize("reduced", [False, True])
def test_every_style_paints(pacer, clock, style, reduced):
    pacer.set_tokens(DARK)
    pacer.set_pacer_style(style)
    pacer.set_reduced_motion(reduced)
    start(pacer, clock, PRESETS["4-7-8"], cycles=4)
    clock.t += 5.0
    pacer.refresh()
    image = pacer.view.grab().toImage()
    colours = {
        image.pixelColor(x, y).name()
        for x in range(0, image.width(), 7)
        for y in range(0, image.height(), 7)
    }
    assert len(colours) > 3  # something was drawn on the background
    assert pacer.style_box.currentData() == style


def test_every_control_has_an_accessible_name(pacer):
    from PySide6.QtWidgets import QAbstractButton, QComboBox

    controls = pacer.findChildren(QAbstractButton) + pacer.findChildren(QComboBox)
    assert len(controls) >= 6
    for control in controls:
        assert control.accessibleName(), control


def test_restart_begins_again_with_the_same_length(pacer, clock):
    start(pacer, clock, PRESETS["box"], minutes=2)
    clock.t += 20
    pacer.restart()
    state = pacer.state()
    assert state.elapsed == 0
    assert state.total_cycles == 8


def test_space_still_pauses_after_a_click_on_a_button(pacer, qtbot, clock):
    start(pacer, clock, PRESETS["coherent"], minutes=5)
    pacer.view.setFocus()
    qtbot.mouseClick(pacer.restart_button, Qt.MouseButton.LeftButton)
    focused = QApplication.focusWidget() or pacer
    assert focused is not pacer.restart_button
    qtbot.keyClick(focused, Qt.Key.Key_Space)
    assert pacer.status == "paused"


def test_again_asks_for_a_new_session_instead_of_starting_one_unseen(pacer, clock):
    asked = []
    pacer.again_requested.connect(asked.append)
    run = start(pacer, clock, PRESETS["coherent"], cycles=1)
    clock.t += 10
    pacer.refresh()
    pacer.restart_button.click()
    assert asked == [run]
    assert pacer.run is run  # the app decides what starts next


def test_a_minimised_pacer_runs_no_timer(pacer, clock):
    start(pacer, clock, PRESETS["box"], minutes=1)
    assert pacer.timer_active
    pacer.setWindowState(Qt.WindowState.WindowMinimized)
    assert not pacer.timer_active
    pacer.setWindowState(Qt.WindowState.WindowNoState)
    assert pacer.timer_active
