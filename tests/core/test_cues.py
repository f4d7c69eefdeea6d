"""Cue synthesis: the sound follows the pacer's schedule to the sample, and never clicks."""

from __future__ import annotations

import math

import numpy as np
import pytest

from breathingroom.core import cues
from breathingroom.core.cues import CueTrack, render_session
from breathingroom.core.pacing import Session
from breathingroom.core.patterns import PRESETS, PhaseKind, custom_from_text

RATE = cues.DEFAULT_RATE
PRESET_IDS = sorted(PRESETS)


def _short(pattern_id: str, cycles: int = 3) -> Session:
    return Session.for_cycles(PRESETS[pattern_id], cycles)


def _onsets_by_threshold(x: np.ndarray, quiet: int, level: float = 1e-4) -> list[int]:
    """First sample above ``level`` after at least ``quiet`` samples at or below it."""
    loud = np.flatnonzero(np.abs(x) > level)
    if loud.size == 0:
        return []
    gaps = np.diff(loud)
    starts = [int(loud[0])] + [int(s) for s, g in zip(loud[1:], gaps, strict=True) if g > quiet]
    return starts


@pytest.mark.parametrize("pattern_id", PRESET_IDS)
def test_chimes_are_the_phase_notes_placed_on_the_exact_sample_of_each_phase_change(
    pattern_id: str,
) -> None:
    session = _short(pattern_id)
    got = render_session(session, "chimes")
    # Built independently: one chime per phase start from the pacer's own schedule.
    kinds = [p.kind for p in session.pattern.phases] * session.cycles
    expected = np.zeros(got.shape[0] + RATE)
    for start, kind in zip(session.phase_starts(), kinds, strict=True):
        onset = round(start * RATE)
        assert onset == start * RATE  # every phase change falls on a whole sample
        wave = cues.chime_wave(kind, RATE)
        expected[onset : onset + wave.shape[0]] += wave
    expected = expected[: got.shape[0]]
    fade = round(cues.RAMP_SECONDS * RATE)
    expected[-fade:] *= cues.ramp_down(fade)
    np.testing.assert_allclose(got, expected, atol=2e-6)
    # A chime starts from silence on its own sample and sounds on the next.
    for onset, _kind in CueTrack(session, "chimes").onsets():
        assert got[onset] == pytest.approx(float(expected[onset]), abs=1e-6)
        assert abs(got[onset + 1] - got[onset]) > 0


@pytest.mark.parametrize("pattern_id", PRESET_IDS)
def test_track_onsets_are_the_pacers_phase_starts(pattern_id: str) -> None:
    session = _short(pattern_id)
    track = CueTrack(session, "both")
    kinds = [p.kind for p in session.pattern.phases] * session.cycles
    assert track.onsets() == [
        (round(t * RATE), kind) for t, kind in zip(session.phase_starts(), kinds, strict=True)
    ]
    assert track.length == round(session.duration * RATE)


def test_a_five_minute_coherent_render_has_sixty_cues_five_seconds_apart_and_lasts_300_s() -> None:
    session = Session.for_minutes(PRESETS["coherent"], 5)
    x = render_session(session, "chimes")
    assert x.shape[0] == 300 * RATE
    onsets = _onsets_by_threshold(x, quiet=RATE // 2)
    assert len(onsets) == 60
    assert onsets[0] < round(0.001 * RATE)  # the first chime rises from the very first samples
    assert set(np.diff(onsets).tolist()) == {5 * RATE}


def test_tone_is_silent_in_holds_and_ramps_over_10_to_30_ms_at_each_change() -> None:
    session = _short("box")
    x = render_session(session, "tone")
    ramp_min, ramp_max = round(0.010 * RATE), round(0.030 * RATE)
    for onset, kind in CueTrack(session, "tone").onsets():
        after = x[onset : onset + ramp_max]
        if kind.is_hold:
            # Still fading during the first 10 ms, silent after 30 ms and for the rest of the hold.
            assert np.max(np.abs(after[:ramp_min])) > 1e-3
            hold_end = onset + round(4 * RATE)
            assert np.all(x[onset + ramp_max : hold_end] == 0)
        else:
            # Rises from silence starting on the phase's own sample, not before it.
            assert np.all(x[onset - 100 : onset + 1] == 0)
            assert np.max(np.abs(after[:ramp_min])) < 0.5 * cues.TONE_LEVEL
            assert (
                np.max(np.abs(x[onset + ramp_max : onset + 2 * ramp_max])) > 0.5 * cues.TONE_LEVEL
            )


@pytest.mark.parametrize("mode", cues.MODES)
@pytest.mark.parametrize("pattern_id", PRESET_IDS)
def test_no_sample_jumps_further_than_the_ramps_and_partials_allow(
    pattern_id: str, mode: cues.Mode
) -> None:
    x = render_session(_short(pattern_id, cycles=2), mode).astype(np.float64)
    ramp = round(cues.RAMP_SECONDS * RATE)
    steepest_ramp = cues.RAMP_CURVE * math.exp(cues.RAMP_CURVE) / math.expm1(cues.RAMP_CURVE) / ramp
    # Each part may change by at most its level times (its highest frequency's slope + the ramp).
    parts = []
    if mode != "chimes":
        top = cues.TONE_HIGH_HZ * max(m for m, _ in cues.TONE_PARTIALS)
        parts.append((cues.TONE_LEVEL, top))
    if mode != "tone":
        top = max(v.hz * ratio for v in cues.CHIMES.values() for ratio, _, _ in v.partials)
        parts.append((cues.CHIME_LEVEL, top))
    bound = sum(level * (2 * math.pi * hz / RATE + steepest_ramp) for level, hz in parts)
    # A hard cut would jump by about a part's level, far above this bound.
    assert bound < 0.5 * max(level for level, _ in parts)
    assert np.max(np.abs(np.diff(x))) <= bound
    # The session starts and ends in silence.
    assert x[0] == 0
    assert abs(x[-1]) < 1e-6


@pytest.mark.parametrize("mode", cues.MODES)
@pytest.mark.parametrize("text", [*(f"preset:{p}" for p in PRESET_IDS), "0.5,0.5,0.5,0.5"])
def test_peak_stays_below_full_scale(text: str, mode: cues.Mode) -> None:
    if text.startswith("preset:"):
        session = _short(text.removeprefix("preset:"))
    else:
        session = Session.for_cycles(custom_from_text(text), 6)  # chimes overlap here
    x = render_session(session, mode, volume=100)
    assert np.max(np.abs(x)) < 0.9  # at least 1 dB of headroom


@pytest.mark.parametrize("mode", cues.MODES)
def test_rendering_block_by_block_gives_the_same_samples_as_one_go(mode: cues.Mode) -> None:
    session = Session.for_cycles(PRESETS["cyclic-sigh"], 3)
    track = CueTrack(session, mode, volume=73)
    whole = track.render(0, track.length)
    rng = np.random.default_rng(7)
    pieces, pos = [], -300
    while pos < track.length + 500:
        n = int(rng.integers(1, 4097))
        pieces.append(track.render(pos, n))
        pos += n
    joined = np.concatenate(pieces)
    assert np.all(joined[:300] == 0)
    assert np.array_equal(joined[300 : 300 + track.length], whole)
    assert np.all(joined[300 + track.length :] == 0)


def test_render_into_fills_a_caller_buffer_like_render() -> None:
    track = CueTrack(_short("box"), "both", volume=40)
    out = np.full(1000, 9.0, dtype=np.float32)
    track.render_into(out, track.cycle_length - 400)
    assert np.array_equal(out, track.render(track.cycle_length - 400, 1000))


def test_volume_scales_the_sound_and_zero_is_silence() -> None:
    session = _short("coherent", cycles=1)
    loud = render_session(session, "both", volume=100)
    half = render_session(session, "both", volume=50)
    np.testing.assert_allclose(half, loud * 0.25, atol=1e-7)
    assert not np.any(render_session(session, "both", volume=0))
    track = CueTrack(session, "both", volume=100)
    track.volume = 150
    assert track.volume == 100


def test_breath_tone_rises_over_the_inhale_and_falls_over_the_exhale() -> None:
    session = _short("coherent", cycles=2)
    x = render_session(session, "tone")

    def pitch(at: float) -> float:
        a = round(at * RATE)
        w = x[a : a + RATE // 4]
        crossings = np.count_nonzero(np.diff(np.signbit(w)))
        return crossings / 2 / 0.25

    low, high = cues.TONE_LOW_HZ, cues.TONE_HIGH_HZ
    assert pitch(5.5) > pitch(7.5) > pitch(9.0)
    assert pitch(0.3) == pytest.approx(low, rel=0.05)
    assert pitch(4.6) == pytest.approx(high, rel=0.05)
    assert pitch(2.0) < pitch(3.0)
    assert pitch(9.6) == pytest.approx(low, rel=0.05)
    assert high / low < 1.5  # a narrow range


def test_other_sample_rates_keep_exact_lengths_and_bad_ones_are_refused() -> None:
    session = _short("4-7-8", cycles=2)
    track = CueTrack(session, "both", rate=44100)
    assert track.length == 2 * 19 * 44100
    assert track.onsets()[1] == (4 * 44100, PhaseKind.HOLD_IN)
    with pytest.raises(ValueError, match="sample rate"):
        CueTrack(session, "both", rate=44101)
    with pytest.raises(ValueError, match="Unknown sound"):
        CueTrack(session, "bells", rate=RATE)  # type: ignore[arg-type]


def test_pcm16_conversion_rounds_and_never_wraps() -> None:
    x = np.array([0.0, 0.5, -0.5, 1.2, -1.2], dtype=np.float32)
    assert cues.to_pcm16(x).tolist() == [0, 16384, -16384, 32767, -32768]
