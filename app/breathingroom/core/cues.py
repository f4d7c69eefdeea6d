"""The sound of a session, as a pure function of the sample index.

A :class:`CueTrack` turns a :class:`~breathingroom.core.pacing.Session` into audio on the same
schedule as the picture: phase changes come from ``Session.phase_starts()`` and the breath tone's
pitch follows the lung volume of ``Session.state_at``. Sample ``k`` is the sound of elapsed time
``k / rate``, so the live stream and a WAV file are the same numbers, block by block or in one go.

Modes:

``chimes``
    A soft bell of sine partials at the start of every phase; inhale, exhale, holds and top-up
    each have their own note.
``tone``
    A continuous soft tone whose pitch rises with the breath in (and the top-up) and falls with the
    breath out, over a narrow range; silent during holds. Every gain change ramps over 20 ms.
``both``
    The two together.

How it is built: the sound of a cycle is periodic, so one cycle is synthesised up front (the tone's
pitch is nudged by a few parts in ten thousand so the cycle holds a whole number of turns and
joins itself without a seam). Chime tails that run past the cycle's end wrap into the next
cycle's start; the very first cycle has its own head, without tails from before the session and
with the tone fading in. The last 20 ms of the session fade out. Rendering then only copies.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from breathingroom.core.pacing import Session
from breathingroom.core.patterns import PhaseKind
from breathingroom.core.sound import CUE_MODES as MODES
from breathingroom.core.sound import CueMode as Mode

DEFAULT_RATE = 48000
#: Sample rates a track can be rendered at; each makes every half-second a whole number of samples.
RATES = (16000, 22050, 24000, 32000, 44100, 48000, 88200, 96000)

#: Gain ramps (tone on and off, start and end of the session), in seconds.
RAMP_SECONDS = 0.020
#: How sharply the ramps curve: an exponential shape, quick to fall and gentle to rise.
RAMP_CURVE = 4.0

#: Breath tone: pitch at empty and full lungs (a perfect fourth), and its level.
TONE_LOW_HZ = 220.0
TONE_HIGH_HZ = 293.66
TONE_LEVEL = 0.16
#: Harmonics of the breath tone: (multiple of the fundamental, relative amplitude).
TONE_PARTIALS = ((1.0, 1.0), (2.0, 0.22), (3.0, 0.06))

#: Chimes: how long one lasts, its attack, the taper that brings it to silence, and its peak level.
CHIME_SECONDS = 0.9
CHIME_ATTACK_SECONDS = 0.012
CHIME_TAPER_SECONDS = 0.25
CHIME_LEVEL = 0.38


@dataclass(frozen=True)
class ChimeVoice:
    """One chime: a fundamental and sine partials, each (ratio, amplitude, decay seconds)."""

    hz: float
    partials: tuple[tuple[float, float, float], ...]


_BELL = ((1.0, 1.0, 0.45), (2.0, 0.28, 0.22), (3.0, 0.09, 0.12))
_PLAIN = ((1.0, 1.0, 0.35), (2.0, 0.12, 0.18))

#: The note of each phase: a brighter note in, a lower one out, a plain one for holds.
CHIMES: dict[PhaseKind, ChimeVoice] = {
    PhaseKind.INHALE: ChimeVoice(523.25, _BELL),  # C5
    PhaseKind.TOP_UP: ChimeVoice(659.25, _PLAIN),  # E5
    PhaseKind.EXHALE: ChimeVoice(392.00, _BELL),  # G4
    PhaseKind.HOLD_IN: ChimeVoice(440.00, _PLAIN),  # A4
    PhaseKind.HOLD_OUT: ChimeVoice(440.00, _PLAIN),
}

FloatArray = npt.NDArray[np.float32]


def volume_gain(volume: float) -> float:
    """The amplitude factor for a volume of 0-100: a square law, which sounds even to the ear."""
    volume = min(max(float(volume), 0.0), 100.0)
    return (volume / 100.0) ** 2


def ramp_up(n: int) -> npt.NDArray[np.float64]:
    """``n`` gains rising from 0 towards 1 on an exponential curve (the first is 0)."""
    x = np.arange(n, dtype=np.float64) / max(n, 1)
    return np.expm1(RAMP_CURVE * x) / math.expm1(RAMP_CURVE)


def ramp_down(n: int) -> npt.NDArray[np.float64]:
    """``n`` gains falling from 1 to 0 like an exponential decay (the last is 0)."""
    x = np.arange(1, n + 1, dtype=np.float64) / max(n, 1)
    return np.expm1(RAMP_CURVE * (1.0 - x)) / math.expm1(RAMP_CURVE)


def chime_wave(kind: PhaseKind, rate: int) -> npt.NDArray[np.float64]:
    """One chime for a phase of ``kind``, peak ``CHIME_LEVEL``, starting and ending at 0."""
    voice = CHIMES[kind]
    n = round(CHIME_SECONDS * rate)
    t = np.arange(n, dtype=np.float64) / rate
    wave = np.zeros(n)
    for ratio, amp, decay in voice.partials:
        wave += amp * np.exp(-t / decay) * np.sin(2.0 * math.pi * voice.hz * ratio * t)
    attack = round(CHIME_ATTACK_SECONDS * rate)
    wave[:attack] *= ramp_up(attack)
    taper = round(CHIME_TAPER_SECONDS * rate)
    wave[n - taper :] *= 0.5 + 0.5 * np.cos(np.pi * np.arange(1, taper + 1) / taper)
    wave *= CHIME_LEVEL / np.max(np.abs(wave))
    return wave


def _samples(seconds: float, rate: int) -> int:
    exact = seconds * rate
    n = round(exact)
    if abs(exact - n) > 1e-6:
        raise ValueError(f"{seconds} s is not a whole number of samples at {rate} Hz.")
    return n


class CueTrack:
    """The whole session's sound at ``rate`` samples a second, rendered on demand.

    ``render(start, n)`` returns samples ``start`` to ``start + n`` of the session as float32;
    samples before 0 or past :attr:`length` are silence. ``volume`` (0-100) scales everything;
    it may be changed between renders.
    """

    def __init__(
        self, session: Session, mode: Mode, rate: int = DEFAULT_RATE, volume: float = 100
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"Unknown sound {mode!r}; choose one of {', '.join(MODES)}.")
        if rate not in RATES:
            raise ValueError(f"Unsupported sample rate {rate}; choose one of {RATES}.")
        self.session = session
        self.mode: Mode = mode
        self.rate = rate
        self.volume = volume
        phases = session.pattern.phases
        self.cycle_length = _samples(session.pattern.cycle_seconds, rate)
        self.length = self.cycle_length * session.cycles
        first_cycle = session.phase_starts()[: len(phases)]
        #: (sample in the cycle, phase index) of each phase that owns time, in order.
        self._cycle_onsets = [
            (_samples(start, rate), index)
            for index, (start, phase) in enumerate(zip(first_cycle, phases, strict=True))
            if phase.seconds > 0
        ]
        self._build()

    # -- public ------------------------------------------------------------------------------
    @property
    def volume(self) -> float:
        return self._volume

    @volume.setter
    def volume(self, value: float) -> None:
        self._volume = min(max(float(value), 0.0), 100.0)
        self.gain = np.float32(volume_gain(self._volume))

    @property
    def duration(self) -> float:
        return self.length / self.rate

    def onsets(self) -> list[tuple[int, PhaseKind]]:
        """The sample at which each phase of the session starts, and the phase's kind."""
        phases = self.session.pattern.phases
        return [
            (cycle * self.cycle_length + sample, phases[index].kind)
            for cycle in range(self.session.cycles)
            for sample, index in self._cycle_onsets
        ]

    def render(self, start: int, n: int) -> FloatArray:
        """Samples ``start`` to ``start + n``, at the current volume."""
        out = np.empty(n, dtype=np.float32)
        self.render_into(out, start)
        return out

    def render_into(self, out: FloatArray, start: int) -> None:
        """Fill the 1-D float32 array ``out`` with samples from ``start``, allocating nothing big.

        Safe to call from an audio callback: it only copies from arrays built up front.
        """
        n = out.shape[0]
        pos = 0
        while pos < n:
            s = start + pos
            if s < 0:
                step = min(n - pos, -s)
                out[pos : pos + step] = 0.0
            elif s >= self.length:
                out[pos:] = 0.0
                break
            else:
                cycle, i = divmod(s, self.cycle_length)
                if cycle == 0 and i < self._head.shape[0]:
                    source, end = self._head, self._head.shape[0]
                else:
                    source, end = self._cycle, self.cycle_length
                step = min(n - pos, end - i, self.length - s)
                out[pos : pos + step] = source[i : i + step]
            pos += step
        out *= self.gain
        # The session's last few milliseconds fade out, so a cut-off chime never clicks.
        fade_from = self.length - self._fade.shape[0]
        lo, hi = max(start, fade_from), min(start + n, self.length)
        if lo < hi:
            out[lo - start : hi - start] *= self._fade[lo - fade_from : hi - fade_from]

    # -- synthesis ---------------------------------------------------------------------------
    def _build(self) -> None:
        rate, n = self.rate, self.cycle_length
        ramp = round(RAMP_SECONDS * rate)
        self._fade = ramp_down(ramp).astype(np.float32)
        cycle = np.zeros(n)
        head_len = ramp
        if self.mode in ("tone", "both"):
            wave, envelope, first_envelope = self._tone(ramp)
            cycle += TONE_LEVEL * wave * envelope
        if self.mode in ("chimes", "both"):
            chimes = self._chimes()
            cycle += chimes[:n]
            tails = chimes[n:]
            head_len = max(head_len, tails.shape[0])
        head = cycle[:head_len].copy()
        if self.mode in ("chimes", "both"):
            # Tails of the previous cycle's chimes sound at the start of every cycle but the first.
            cycle[: tails.shape[0]] += tails
        if self.mode in ("tone", "both"):
            head[:ramp] += TONE_LEVEL * wave[:ramp] * (first_envelope - envelope[:ramp])
        self._cycle = cycle.astype(np.float32)
        self._head = head.astype(np.float32)

    def _phase_bounds(self) -> list[tuple[int, int, int]]:
        """(start, end, phase index) in cycle samples for each phase that owns time."""
        bounds = []
        for k, (start, index) in enumerate(self._cycle_onsets):
            end = (
                self._cycle_onsets[k + 1][0]
                if k + 1 < len(self._cycle_onsets)
                else self.cycle_length
            )
            bounds.append((start, end, index))
        return bounds

    def _tone(
        self, ramp: int
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """The breath tone of one cycle: waveform, gain envelope, and the first cycle's fade-in."""
        session, rate, n = self.session, self.rate, self.cycle_length
        phases = session.pattern.phases
        lungs = np.empty(n)
        sounding = np.empty(n, dtype=bool)
        for start, end, index in self._phase_bounds():
            # Lung volume from the pacer itself: start level, and the eased path to the end level
            # (state_at at mid-phase sits exactly halfway along the sine easing).
            t0 = start / rate
            seconds = phases[index].seconds
            v0 = session.state_at(t0).volume
            v_mid = session.state_at(t0 + seconds / 2).volume
            v1 = v0 + 2.0 * (v_mid - v0)
            progress = np.arange(end - start, dtype=np.float64) / (end - start)
            lungs[start:end] = v0 + (v1 - v0) * (0.5 - 0.5 * np.cos(np.pi * progress))
            sounding[start:end] = not phases[index].kind.is_hold
        hz = TONE_LOW_HZ * (TONE_HIGH_HZ / TONE_LOW_HZ) ** lungs
        step = 2.0 * np.pi * hz / rate
        turns = step.sum() / (2.0 * np.pi)
        step *= max(round(turns), 1) / turns  # a whole number of turns: the cycle joins itself
        phase = np.concatenate(([0.0], np.cumsum(step[:-1])))
        wave = np.zeros(n)
        for multiple, amp in TONE_PARTIALS:
            wave += amp * np.sin(multiple * phase)
        wave /= sum(amp for _, amp in TONE_PARTIALS)

        # Gain: 1 while breathing, 0 in holds; each change ramps over the first samples of the
        # phase that brings it, so a ramp starts on the exact sample the phase does.
        envelope = sounding.astype(np.float64)
        for start, _end, _index in self._phase_bounds():
            before = sounding[start - 1] if start > 0 else sounding[n - 1]
            if before != sounding[start]:
                envelope[start : start + ramp] = (
                    ramp_up(ramp) if sounding[start] else ramp_down(ramp)
                )
        first_envelope = envelope[:ramp].copy()
        if sounding[0]:
            first_envelope = ramp_up(ramp)
        return wave, envelope, first_envelope

    def _chimes(self) -> npt.NDArray[np.float64]:
        """The chimes of one cycle, with tails that may run past its end."""
        phases = self.session.pattern.phases
        voices = {kind: chime_wave(kind, self.rate) for kind in {p.kind for p in phases}}
        length = max(w.shape[0] for w in voices.values())
        out = np.zeros(self.cycle_length + length)
        for start, index in self._cycle_onsets:
            wave = voices[phases[index].kind]
            out[start : start + wave.shape[0]] += wave
        last = max(
            start + voices[phases[index].kind].shape[0] for start, index in self._cycle_onsets
        )
        return out[: max(last, self.cycle_length)]


def render_session(
    session: Session, mode: Mode, rate: int = DEFAULT_RATE, volume: float = 100
) -> FloatArray:
    """The whole session's sound in one array."""
    track = CueTrack(session, mode, rate, volume)
    return track.render(0, track.length)


def to_pcm16(samples: FloatArray) -> npt.NDArray[np.int16]:
    """Float samples in [-1, 1] as 16-bit PCM, rounded to the nearest step."""
    scaled = np.clip(np.rint(samples.astype(np.float64) * 32767.0), -32768, 32767)
    return scaled.astype("<i2")
