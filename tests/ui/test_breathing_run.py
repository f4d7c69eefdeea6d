import pytest

from breathingroom.core.patterns import PRESETS, custom_from_text
from breathingroom.ui.breathing_run import BreathingRun
from tests.fakes import FakeClock


def test_a_run_without_a_window_finishes_on_its_own(qtbot):
    run = BreathingRun(custom_from_text("0.5,0.5,0.5,0.5"), cycles=1)  # 2 s of real time
    records = []
    run.ended.connect(records.append)
    with qtbot.waitSignal(run.ended, timeout=5000):
        pass
    assert run.status == "finished"
    assert records[0].completed
    assert not run._end_timer.isActive()


def test_the_end_timer_is_armed_only_while_running(qtbot):
    clock = FakeClock(100.0)
    run = BreathingRun(PRESETS["coherent"], minutes=1, clock=clock)
    assert run._end_timer.isActive()
    assert run._end_timer.remainingTime() == pytest.approx(60_000, abs=50)
    clock.t += 20
    run.pause()
    assert not run._end_timer.isActive()
    clock.t += 500
    run.resume()
    assert run._end_timer.remainingTime() == pytest.approx(40_000, abs=50)
    run.stop()
    assert not run._end_timer.isActive()
    assert run.status == "stopped"


def test_restart_and_stop_record_what_happened(qtbot):
    clock = FakeClock(100.0)
    run = BreathingRun(PRESETS["box"], cycles=3, clock=clock)
    records, statuses, restarts = [], [], []
    run.ended.connect(records.append)
    run.status_changed.connect(statuses.append)
    run.restarted.connect(lambda: restarts.append(True))
    clock.t += 10
    run.pause()
    run.restart()
    assert run.status == "running" and run.state().elapsed == 0
    assert restarts == [True]
    clock.t += 0.5
    run.stop()
    assert records == []  # half a second is not a session worth recording
    assert statuses == ["paused", "running", "stopped"]
    run.restart()  # a stopped run stays stopped
    assert run.status == "stopped"


def test_check_finishes_exactly_at_the_end(qtbot):
    clock = FakeClock(100.0)
    run = BreathingRun(PRESETS["coherent"], cycles=2, clock=clock)
    clock.t += 19.999
    run.check()
    assert run.status == "running"
    clock.t += 0.001
    run.check()
    assert run.status == "finished"
