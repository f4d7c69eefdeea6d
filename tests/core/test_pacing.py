import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breathingroom.core.pacing import Session, SessionClock, ease
from breathingroom.core.patterns import PRESETS, PatternError, PhaseKind, custom_from_text
from tests.fakes import FakeClock


def test_five_minutes_of_coherent_is_exactly_thirty_cycles_of_ten_seconds():
    session = Session.for_minutes(PRESETS["coherent"], 5)
    assert session.cycles == 30
    assert session.duration == 300.0
    assert len(session.phase_starts()) == 60


@pytest.mark.parametrize("pattern", list(PRESETS.values()), ids=lambda p: p.id)
@pytest.mark.parametrize("minutes", [1, 5, 7, 60])
def test_sessions_end_on_a_cycle_boundary(pattern, minutes):
    session = Session.for_minutes(pattern, minutes)
    assert session.duration >= minutes * 60 - 1e-9
    assert session.duration < minutes * 60 + pattern.cycle_seconds
    cycles = session.duration / pattern.cycle_seconds
    assert math.isclose(cycles, round(cycles))
    last = session.state_at(session.duration - 1e-6)
    assert last.phase_index == len(pattern.phases) - 1
    assert not last.finished
    assert session.state_at(session.duration).finished


def test_session_lengths_are_limited():
    with pytest.raises(PatternError):
        Session.for_minutes(PRESETS["box"], 0)
    with pytest.raises(PatternError):
        Session.for_minutes(PRESETS["box"], 61)
    with pytest.raises(PatternError):
        Session.for_cycles(PRESETS["box"], 0)
    assert Session.for_cycles(PRESETS["4-7-8"], 4).duration == 76


@pytest.mark.parametrize("pattern", list(PRESETS.values()), ids=lambda p: p.id)
def test_state_at_every_phase_boundary(pattern):
    session = Session.for_cycles(pattern, 3)
    starts = session.phase_starts()
    for n, start in enumerate(starts):
        index = n % len(pattern.phases)
        phase = pattern.phases[index]
        at = session.state_at(start)
        assert at.phase_index == index
        assert at.progress == pytest.approx(0.0)
        assert at.phase_remaining == pytest.approx(phase.seconds)
        assert at.count == math.ceil(phase.seconds)
        assert at.cycle == n // len(pattern.phases) + 1
        just_before = session.state_at(start - 1e-6) if start > 0 else None
        if just_before is not None:
            assert just_before.phase_index == (index - 1) % len(pattern.phases)
            assert just_before.progress == pytest.approx(1.0, abs=1e-5)
            assert just_before.count == 1
            # Volume is continuous across the boundary.
            assert just_before.volume == pytest.approx(at.volume, abs=1e-6)


def test_labels_and_counts_of_box_breathing():
    session = Session.for_cycles(PRESETS["box"], 2)
    expectations = [
        (0.0, "Breathe in", 4),
        (3.2, "Breathe in", 1),
        (4.0, "Hold", 4),
        (9.5, "Breathe out", 3),
        (12.0, "Hold", 4),
        (16.0, "Breathe in", 4),
    ]
    for t, label, count in expectations:
        state = session.state_at(t)
        assert (state.label, state.count) == (label, count), t


def test_cyclic_sigh_tops_up_from_most_of_a_breath():
    session = Session.for_cycles(PRESETS["cyclic-sigh"], 1)
    assert session.state_at(2.0).label == "Top up"
    assert session.state_at(2.0).volume == pytest.approx(0.8)
    assert session.state_at(3.0).volume == pytest.approx(1.0)
    assert session.state_at(3.0).phase.kind is PhaseKind.EXHALE


def test_volume_eases_smoothly_with_holds_keeping_still():
    session = Session.for_cycles(PRESETS["box"], 1)
    assert session.state_at(0).volume == 0
    assert session.state_at(2).volume == pytest.approx(0.5)
    assert session.state_at(4).volume == pytest.approx(1.0)
    assert session.state_at(6).volume == pytest.approx(1.0)
    assert session.state_at(14).volume == pytest.approx(0.0)
    assert ease(0) == 0 and ease(1) == 1 and ease(0.5) == pytest.approx(0.5)


@given(st.floats(min_value=0, max_value=599.99), st.sampled_from(sorted(PRESETS)))
def test_volume_never_jumps(t, pattern_id):
    session = Session.for_minutes(PRESETS[pattern_id], 10)
    dt = 0.001
    a, b = session.state_at(t), session.state_at(min(t + dt, session.duration - 1e-9))
    # The steepest slope is a 1 s top-up from 0.8: pi/2 * 0.2 per second.
    assert abs(b.volume - a.volume) <= dt * math.pi / 2 + 1e-9
    assert 0.0 <= a.volume <= 1.0


def test_no_drift_over_a_simulated_eight_hour_session():
    pattern = custom_from_text("4.5,0,5.5")
    clock = FakeClock()
    session_clock = SessionClock(clock)
    session = Session(pattern, cycles=3000)  # 8 h 20 min
    # Eight hours of uneven frames, with pauses in between.
    frame = 0
    while clock.t < 1000 + 8 * 3600:
        clock.t += 0.016 + (frame % 7) * 0.001
        frame += 1
        if frame % 50000 == 0:
            session_clock.pause()
            clock.t += 123.25
            session_clock.resume()
    pauses = (frame // 50000) * 123.25
    elapsed = session_clock.elapsed()
    assert elapsed == pytest.approx(clock.t - 1000 - pauses, abs=1e-6)
    state = session.state_at(elapsed)
    # The phase is what the arithmetic of whole cycles says it is, not what ticks added up to.
    assert state.cycle == int(elapsed // 10) + 1
    expected_phase = 0 if (elapsed % 10) < 4.5 else 1
    assert state.phase_index == expected_phase


def test_pause_and_resume_shift_the_origin():
    clock = FakeClock(50.0)
    session_clock = SessionClock(clock)
    clock.t = 53.0
    session_clock.pause()
    assert session_clock.paused
    clock.t = 90.0
    assert session_clock.elapsed() == 3.0
    session_clock.resume()
    assert session_clock.elapsed() == 3.0
    assert session_clock.origin() == 87.0
    clock.t = 91.5
    assert session_clock.elapsed() == 4.5
    session_clock.pause()
    session_clock.pause()
    clock.t = 100
    session_clock.resume()
    session_clock.resume()
    assert session_clock.elapsed() == 4.5
    session_clock.restart()
    assert session_clock.elapsed() == 0.0


def test_restart_at_a_later_instant_holds_the_session_at_zero_until_then():
    clock = FakeClock(50.0)
    session_clock = SessionClock(clock)
    clock.t = 52.0
    session_clock.restart_at(52.25)  # the first sample of the sound will be heard then
    assert session_clock.elapsed() == 0.0
    assert session_clock.origin() == 52.25
    clock.t = 52.5
    assert session_clock.elapsed() == 0.25
    session_clock.restart_at(math.inf)  # held at the start until the next restart
    clock.t = 60.0
    assert session_clock.elapsed() == 0.0
    session_clock.pause()
    clock.t = 61.0
    session_clock.resume()
    assert session_clock.elapsed() == 0.0
    session_clock.restart_at(60.5)  # an instant already past: that far in
    assert session_clock.elapsed() == 0.5


def test_restart_at_while_paused_keeps_the_wait_for_after_the_resume():
    clock = FakeClock(10.0)
    session_clock = SessionClock(clock)
    clock.t = 12.0
    session_clock.pause()
    session_clock.restart_at(12.5)
    assert session_clock.paused
    clock.t = 20.0
    assert session_clock.elapsed() == 0.0
    session_clock.resume()
    assert session_clock.elapsed() == 0.0
    clock.t = 20.25
    assert session_clock.elapsed() == 0.0
    clock.t = 20.75
    assert session_clock.elapsed() == 0.25


half_steps = st.integers(min_value=0, max_value=60).map(lambda n: n / 2)


@given(st.lists(half_steps, min_size=2, max_size=4))
def test_no_valid_pattern_changes_phase_more_than_three_times_a_second(values):
    from breathingroom.core.patterns import phases_from_seconds

    try:
        phases = phases_from_seconds(values)
    except PatternError:
        return
    from breathingroom.core.patterns import Pattern

    session = Session.for_cycles(Pattern("p", "p", phases), 5)
    starts = session.phase_starts()
    for i, start in enumerate(starts):
        in_one_second = [s for s in starts[i:] if s < start + 1.0]
        assert len(in_one_second) <= 3  # WCAG 2.3.1: at most three flashes a second
