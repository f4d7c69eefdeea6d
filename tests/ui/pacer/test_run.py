from breathingroom.core.patterns import PRESETS, custom_from_text
from breathingroom.ui.pacer.run import BreathingRun
from tests.fakes import FakeClock


def test_a_run_without_a_window_finishes_on_its_own(qtbot):
    # Real time on purpose: the point is that Qt's end timer fires with no window to drive it.
    run = BreathingRun.of(custom_from_text("0.5,0.5,0.5,0.5"), cycles=1)  # 2 s
    records = []
    run.ended.connect(records.append)
    with qtbot.waitSignal(run.ended, timeout=5000):
        pass
    assert run.status == "finished"
    assert records[0].completed
    assert not run._end_timer.isActive()


def test_the_end_timer_is_armed_for_the_time_left_and_only_while_running(qtbot):
    clock = FakeClock(100.0)
    run = BreathingRun.of(PRESETS["coherent"], minutes=1, clock=clock)
    assert run._end_timer.isActive()
    assert run._end_timer.interval() == 60_000
    clock.advance(20)
    run.pause()
    assert not run._end_timer.isActive()
    clock.advance(500)  # paused time does not count
    run.resume()
    assert run._end_timer.isActive()
    assert run._end_timer.interval() == 40_000
    clock.advance(15.5)
    run.check()  # the pacer checks every frame; the timer keeps its deadline
    assert run._end_timer.interval() == 40_000
    run.restart()
    assert run._end_timer.interval() == 60_000
    run.stop()
    assert not run._end_timer.isActive()
    assert run.status == "stopped"


def test_restart_and_stop_record_what_happened(qtbot):
    clock = FakeClock(100.0)
    run = BreathingRun.of(PRESETS["box"], cycles=3, clock=clock)
    records, statuses, restarts = [], [], []
    run.ended.connect(records.append)
    run.status_changed.connect(statuses.append)
    run.restarted.connect(lambda: restarts.append(True))
    clock.advance(10)
    run.pause()
    run.restart()
    assert run.status == "running" and run.state().elapsed == 0
    assert restarts == [True]
    clock.advance(0.5)
    run.stop()
    assert records == []  # half a second is not a session worth recording
    assert statuses == ["paused", "running", "stopped"]
    run.restart()  # a stopped run stays stopped
    assert run.status == "stopped"


def test_check_finishes_exactly_at_the_end(qtbot):
    clock = FakeClock(100.0)
    run = BreathingRun.of(PRESETS["coherent"], cycles=2, clock=clock)
    records = []
    run.ended.connect(records.append)
    clock.advance(19.999)
    run.check()
    assert run.status == "running"
    clock.advance(0.001)
    run.check()
    assert run.status == "finished"
    assert not run._end_timer.isActive()
    [record] = records
    assert record.params == {
        "phases": [["inhale", 5.0], ["exhale", 5.0]],
        "cycles": 2,
        "sound": "off",
    }
