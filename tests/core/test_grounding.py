import pytest

from breathingroom.core.exercises import Band, Exercise, Prompt, Step
from breathingroom.core.grounding import GroundingRun
from breathingroom.core.session import Status
from tests.fakes import FakeClock

EXERCISE = Exercise(
    id="test-ground",
    title="A test",
    summary="Three steps.",
    minutes=1,
    band=Band.MIDDLE,
    steps=(
        Step("Settle in.", seconds=10),
        Step("Name five things you can see.", prompt=Prompt("Five things you see", fields=5)),
        Step("Breathe out slowly.", seconds=20),
    ),
)


def make(clock: FakeClock, **kw) -> tuple[GroundingRun, dict[str, list]]:
    run = GroundingRun(EXERCISE, clock, **kw)
    seen: dict[str, list] = {"steps": [], "records": []}
    run.on_step = seen["steps"].append
    run.on_end = seen["records"].append
    return run, seen


def test_timed_steps_count_down_and_move_on_by_themselves():
    clock = FakeClock()
    run, seen = make(clock)
    assert run.index == 0 and run.step_remaining() == 10
    clock.advance(9.5)
    run.check()
    assert run.index == 0 and run.step_remaining() == pytest.approx(0.5)
    clock.advance(0.5)
    run.check()
    assert seen["steps"] == [1]
    assert run.step_remaining() is None  # "when ready": it waits
    clock.advance(600)
    run.check()
    assert run.index == 1
    run.next()
    assert run.index == 2 and run.step_remaining() == 20
    clock.advance(20)
    run.check()
    [record] = seen["records"]
    assert run.status is Status.FINISHED and record.completed
    assert record.kind == "grounding" and record.exercise == "test-ground"
    assert record.params == {"steps": 3, "reached": 3}
    assert (record.end - record.start).total_seconds() == 630


def test_a_busy_window_catches_up_without_drift():
    exercise = Exercise(
        "t", "T", "", 1, Band.HIGH, tuple(Step(f"{i}", seconds=5) for i in range(4))
    )
    clock = FakeClock()
    run = GroundingRun(exercise, clock)
    clock.advance(12)  # nothing checked for 12 s: two steps are over, 2 s into the third
    run.check()
    assert run.index == 2 and run.step_remaining() == pytest.approx(3)


def test_pause_holds_the_count_down():
    clock = FakeClock()
    run, _ = make(clock)
    clock.advance(4)
    run.pause()
    clock.advance(300)
    run.check()
    assert run.status is Status.PAUSED and run.step_remaining() == 6
    run.resume()
    clock.advance(6)
    run.check()
    assert run.index == 1


def test_back_returns_to_the_previous_step_with_its_full_time():
    clock = FakeClock()
    run, seen = make(clock)
    clock.advance(10)
    run.check()
    run.next()
    clock.advance(7)
    run.back()
    assert run.index == 1 and run.step_remaining() is None
    run.back()
    assert run.index == 0 and run.step_remaining() == 10
    run.back()  # on the first step: it starts again
    assert run.index == 0 and seen["steps"] == [1, 2, 1, 0, 0]


def test_next_moves_on_early_and_after_the_last_step_finishes():
    clock = FakeClock()
    run, seen = make(clock)
    run.next()
    run.next()
    assert run.is_last
    clock.advance(2)
    run.next()
    assert run.status is Status.FINISHED and seen["records"][0].completed


def test_stopping_early_is_recorded_with_how_far_it_got_and_distress():
    clock = FakeClock()
    run, seen = make(clock, sos=True)
    run.session.distress_before = 9
    clock.advance(10)
    run.check()
    clock.advance(5)
    run.stop()
    [record] = seen["records"]
    assert not record.completed and record.distress_before == 9
    assert record.params == {"steps": 3, "sos": True, "reached": 2}
    run.next()  # ended: nothing moves
    assert run.index == 1


def test_typed_words_are_kept_only_when_chosen():
    for keep in (False, True):
        clock = FakeClock()
        run, seen = make(clock)
        run.next()
        run.set_answer(1, ["the window", "a mug", "", "", ""])
        run.keep_words = keep
        run.next()
        run.next()
        [record] = seen["records"]
        assert ("words" in record.params) is keep
        if keep:
            assert record.params["words"] == {"2": ["the window", "a mug", "", "", ""]}
