from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from breathingroom.core.patterns import PRESETS
from breathingroom.core.session import (
    MIN_RECORDED_SECONDS,
    BreathingPlan,
    SessionRun,
    Status,
    breathing_params,
)
from tests.fakes import FakeClock

BERLIN = ZoneInfo("Europe/Berlin")


def watch(run: SessionRun) -> dict[str, list]:
    seen: dict[str, list] = {"status": [], "restart": [], "end": []}
    run.on_status = seen["status"].append
    run.on_restart = lambda: seen["restart"].append(True)
    run.on_end = seen["end"].append
    return seen


def test_a_session_runs_pauses_resumes_and_finishes_when_its_time_is_up():
    clock = FakeClock()
    run = SessionRun("breathing", "coherent", 60.0, clock=clock)
    seen = watch(run)
    assert run.status is Status.RUNNING and run.active
    clock.advance(20)
    run.pause()
    run.pause()  # pausing twice changes nothing
    clock.advance(300)
    assert run.elapsed() == 20 and run.remaining() == 40
    run.resume()
    clock.advance(39.5)
    assert not run.check()
    clock.advance(0.5)
    assert run.check()
    assert seen["status"] == [Status.PAUSED, Status.RUNNING, Status.FINISHED]
    [record] = seen["end"]
    assert record.completed and record.kind == "breathing" and record.exercise == "coherent"
    assert (record.end - record.start).total_seconds() == 360  # wall time, pause included
    run.stop()  # ended once: nothing changes it
    assert run.status is Status.FINISHED and len(seen["end"]) == 1


def test_a_stop_within_the_first_second_is_not_recorded_but_later_ones_are():
    clock = FakeClock()
    early = SessionRun("breathing", "box", 60.0, clock=clock)
    seen = watch(early)
    clock.advance(MIN_RECORDED_SECONDS - 0.01)
    early.stop()
    assert early.status is Status.STOPPED and seen["end"] == []

    later = SessionRun("breathing", "box", 60.0, clock=clock)
    seen = watch(later)
    clock.advance(MIN_RECORDED_SECONDS)
    later.stop()
    [record] = seen["end"]
    assert not record.completed


def test_restart_begins_again_from_zero_with_a_new_start_time():
    clock = FakeClock()
    run = SessionRun("breathing", "box", 16.0, clock=clock)
    seen = watch(run)
    clock.advance(10)
    run.pause()
    clock.advance(5)
    run.restart()
    assert run.status is Status.RUNNING and run.elapsed() == 0
    assert run.started_at == clock.now()
    assert seen["restart"] == [True]
    run.stop()
    run.restart()  # an ended session stays ended
    assert run.status is Status.STOPPED and seen["restart"] == [True]


def test_an_open_session_ends_when_its_owner_finishes_it():
    """How a grounding exercise with "when ready" steps uses it."""
    clock = FakeClock()
    run = SessionRun("grounding", "5-4-3-2-1", None, params={"steps": 6}, clock=clock)
    seen = watch(run)
    clock.advance(3600)
    assert not run.check() and run.remaining() is None and run.elapsed() == 3600
    run.distress_before, run.distress_after = 8, 4
    run.finish()
    [record] = seen["end"]
    assert record.kind == "grounding" and record.completed
    assert (record.distress_before, record.distress_after) == (8, 4)
    assert record.params == {"steps": 6}


def test_start_and_end_carry_the_local_offset_of_each_instant():
    # A session across the night the clocks go back: +02:00 at its start, +01:00 at its end.
    clock = FakeClock(wall=datetime(2026, 10, 25, 0, 30, tzinfo=UTC), tz=BERLIN)
    run = SessionRun("breathing", "coherent", 7200.0, clock=clock)
    seen = watch(run)
    clock.advance(7200)
    run.check()
    [record] = seen["end"]
    assert record.start.isoformat() == "2026-10-25T02:30:00+02:00"
    assert record.end.isoformat() == "2026-10-25T03:30:00+01:00"


def test_the_plan_uses_what_was_asked_else_the_patterns_rounds_else_the_usual_length():
    assert BreathingPlan.choose(PRESETS["4-7-8"]).cycles == 4
    assert BreathingPlan.choose(PRESETS["4-7-8"], minutes=3).minutes == 3
    usual = BreathingPlan.choose(PRESETS["box"], usual_minutes=10)
    assert (usual.minutes, usual.cycles) == (10, None)
    assert usual.pacing().duration == 608  # 38 whole breaths: it ends at the end of one
    assert BreathingPlan.choose(PRESETS["box"], cycles=2).pacing().cycles == 2
    with pytest.raises(ValueError):
        BreathingPlan.choose(PRESETS["box"], minutes=2, cycles=2)


def test_a_session_with_no_window_always_has_something_to_hear():
    assert BreathingPlan.choose(PRESETS["box"], audio_only=True).sound == "chimes"
    assert BreathingPlan.choose(PRESETS["box"], audio_only=True, sound="tone").sound == "tone"
    assert BreathingPlan.choose(PRESETS["box"]).sound == "off"
    assert BreathingPlan.choose(PRESETS["box"], usual_sound="both").sound == "both"
    plan = BreathingPlan.choose(PRESETS["box"], audio_only=True, volume=30, usual_volume=80)
    assert plan.volume == 30 and plan.params() == {"sound": "chimes", "audio_only": True}


def test_a_breathing_record_keeps_its_phases_breaths_and_length():
    plan = BreathingPlan.choose(PRESETS["long-exhale"], minutes=2, usual_sound="tone")
    assert breathing_params(plan.pacing(), plan.minutes, plan.params()) == {
        "phases": [["inhale", 4.0], ["exhale", 6.0]],
        "cycles": 12,
        "sound": "tone",
        "minutes": 2,
    }
