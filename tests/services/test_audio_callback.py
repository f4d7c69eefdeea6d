"""The output callback's arithmetic, driven with a fake clock and fake PortAudio time info.

No device and no waiting: the callback is called directly, as PortAudio would. The last tests run
the service's audio thread against a fake ``sounddevice`` to check what the GUI thread learns.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
import pytest

from breathingroom.core.cues import CueTrack, Mode
from breathingroom.core.pacing import Session, SessionClock
from breathingroom.core.patterns import PRESETS
from breathingroom.services import audio
from breathingroom.services.audio import AudioService
from tests.fakes import FakeClock

RATE = audio.RATE


class _Stop(Exception):
    pass


class _Abort(Exception):
    pass


class FakeSd:
    CallbackStop = _Stop
    CallbackAbort = _Abort


@dataclass
class TimeInfo:
    currentTime: float  # PortAudio's names
    outputBufferDacTime: float


@dataclass
class Status:
    output_underflow: bool = False


class Harness:
    """An AudioService whose callback is run by hand: 10 ms blocks, 50 ms output latency."""

    def __init__(self, session: Session, mode: Mode = "both", volume: float = 60) -> None:
        self.now = FakeClock()
        self.service = AudioService(self.now, measure=True)
        self.clock = SessionClock(self.now)
        svc = self.service
        svc._sd = FakeSd  # type: ignore[assignment]
        svc._track = CueTrack(session, mode, RATE, volume=100)
        svc._clock = self.clock
        svc.set_volume(volume)
        svc._gain_now = svc._gain
        svc.sync()
        self.stream_time = 5_000_000.0  # PortAudio's own clock, unrelated to ours
        self.latency = 0.050
        self.block = svc._block

    def run(self, blocks: int = 1, advance: float | None = None) -> np.ndarray:
        out = []
        for _ in range(blocks):
            buf = np.zeros((self.block, 1), dtype=np.float32)
            info = TimeInfo(self.stream_time, self.stream_time + self.latency)
            self.service._callback(buf, self.block, info, Status())
            out.append(buf[:, 0].copy())
            step = self.block / RATE if advance is None else advance
            self.now.t += step
            self.stream_time += step
        return np.concatenate(out)


def test_each_buffer_carries_the_session_time_at_which_it_reaches_the_speaker() -> None:
    h = Harness(Session.for_cycles(PRESETS["coherent"], 2))
    h.now.t += 2.0  # two seconds into the session
    h.run()
    heard_at, sample = h.service.schedule[0]  # type: ignore[index]
    assert heard_at == pytest.approx(h.clock.origin() + 2.0 + h.latency)
    assert sample == round((2.0 + h.latency) * RATE)


def test_consecutive_buffers_are_contiguous_and_equal_the_rendered_track() -> None:
    session = Session.for_cycles(PRESETS["box"], 1)
    h = Harness(session, volume=100)
    h.now.t += 3.9  # just before the hold starts, past the start-up fade
    played = h.run(40)
    first = h.service.schedule[0][1]  # type: ignore[index]
    expected = CueTrack(session, "both", RATE, volume=100).render(first, played.shape[0])
    n_fade = h.service._edge_in.shape[0]
    assert np.array_equal(played[n_fade:], expected[n_fade:])
    # Starting mid-sound fades in rather than clicking.
    assert np.all(np.abs(played[:n_fade]) <= np.abs(expected[:n_fade]) + 1e-7)


def test_late_callbacks_are_ignored_and_real_drift_is_corrected() -> None:
    h = Harness(Session.for_cycles(PRESETS["coherent"], 2))
    h.run(5)
    h.now.t += 0.020  # callbacks run 20 ms late (the GIL, a busy machine): keep playing on
    h.run(audio.RESYNC_AFTER + 1)
    h.now.t -= 0.020
    h.run(5)
    steps = np.diff([s for _, s in h.service.schedule])  # type: ignore[union-attr]
    assert np.all(steps == h.block)
    # The device buffer now holds 50 ms more than before (its clock runs slow): re-align after
    # a few buffers, so what is heard stays on the session's time.
    h.latency += 0.050
    h.run(audio.RESYNC_AFTER + 2)
    heard_at, sample = h.service.schedule[-1]  # type: ignore[index]
    assert sample == round((heard_at - h.clock.origin()) * RATE)
    assert heard_at == pytest.approx(h.now.t - h.block / RATE + h.latency)


def test_closing_fades_out_within_one_buffer_then_stops_the_stream() -> None:
    h = Harness(Session.for_cycles(PRESETS["coherent"], 2), mode="tone", volume=100)
    h.now.t += 1.0
    loud = h.run(3)
    assert np.max(np.abs(loud[-h.block :])) > 0.05
    h.service._closing = True
    buf = np.zeros((h.block, 1), dtype=np.float32)
    with pytest.raises(_Stop):
        h.service._callback(buf, h.block, TimeInfo(1.0, 1.05), Status())
    tail = buf[:, 0]
    assert tail[-1] == 0
    assert np.max(np.abs(np.diff(tail))) < 0.01  # a ramp, not a cut


def test_volume_changes_ramp_over_one_buffer() -> None:
    h = Harness(Session.for_cycles(PRESETS["coherent"], 2), mode="tone", volume=100)
    h.now.t += 1.0
    h.run(2)
    h.service.set_volume(0)
    ramped = h.run()
    assert np.max(np.abs(np.diff(ramped))) < 0.02
    assert abs(ramped[-1]) < 1e-6
    assert not np.any(h.run())


def test_underruns_are_counted_and_the_end_of_the_session_stops_the_stream() -> None:
    h = Harness(Session.for_cycles(PRESETS["coherent"], 1))
    buf = np.zeros((h.block, 1), dtype=np.float32)
    h.service._callback(buf, h.block, TimeInfo(1.0, 1.05), Status(output_underflow=True))
    assert h.service.underruns == 1
    h.now.t += 10.0  # past the end: after re-aligning, the callback stops the stream
    with pytest.raises(_Stop):
        h.run(audio.RESYNC_AFTER + 1)
    assert h.service._reached_end


def test_a_failure_inside_the_callback_aborts_quietly_and_is_reported() -> None:
    h = Harness(Session.for_cycles(PRESETS["coherent"], 1))
    buf = np.ones((h.block, 1), dtype=np.float32)
    with pytest.raises(_Abort):
        h.service._callback(buf, h.block, "not time info", Status())
    assert not np.any(buf)
    assert "AttributeError" in h.service._callback_error


def test_sound_off_plays_nothing_and_needs_no_device(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "sounddevice", None)  # would fail if it were loaded
    service = AudioService()
    clock = SessionClock()
    assert service.start(Session.for_cycles(PRESETS["box"], 1), "off", 60, clock)
    assert service.state == "idle"
    assert not service.stream_open
    assert service.poll_events() == []


def test_restart_cross_fades_to_the_new_time_in_the_next_buffer_without_a_click() -> None:
    h = Harness(Session.for_cycles(PRESETS["coherent"], 3), mode="tone", volume=100)
    h.now.t += 2.5  # mid-inhale: the breath tone is sounding
    steady = h.run(blocks=30)
    h.clock.restart()  # the user pressed Restart
    h.service.sync()
    after = h.run(blocks=30)
    # The buffer right after sync() already plays the new time (0 s plus the output latency).
    heard_at, sample = h.service.schedule[30]  # type: ignore[index]
    assert sample == round((heard_at - h.clock.origin()) * RATE)
    assert sample == pytest.approx(h.latency * RATE, abs=2)
    # And the jump is smooth: no step between samples beyond what the steady tone makes.
    joined = np.concatenate([steady, after])
    steady_step = np.max(np.abs(np.diff(steady)))
    assert np.max(np.abs(np.diff(joined))) <= steady_step * 1.5 + 1e-4


class FakeStream:
    """Stands in for ``sounddevice.OutputStream``: no device, no callbacks."""

    latency = 0.05

    def __init__(self, **kwargs: object) -> None:
        self.active = False

    def start(self) -> None:
        self.active = True

    def abort(self, ignore_errors: bool = False) -> None:
        self.active = False

    def close(self, ignore_errors: bool = False) -> None:
        self.active = False


class FakeDevices(FakeSd):
    OutputStream = FakeStream

    @staticmethod
    def query_devices(kind: str = "") -> dict[str, object]:
        return {"name": "fake"}


@pytest.fixture
def fake_devices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audio, "load_sounddevice", lambda: (FakeDevices, ""))


def _news(service: AudioService) -> threading.Event:
    news = threading.Event()
    service.notify = news.set
    return news


def _next_kinds(service: AudioService, news: threading.Event) -> list[str]:
    """The next events, once the audio thread's news brings some (stale news brings none)."""
    while not (events := service.poll_events()):
        assert news.wait(10), "the audio thread never reported"
        news.clear()
    return [e.kind for e in events]


@pytest.mark.usefixtures("fake_devices")
def test_a_fresh_session_waits_at_zero_then_starts_when_its_first_sample_is_heard() -> None:
    now = FakeClock()
    service = AudioService(now)
    news = _news(service)
    clock = SessionClock(now)
    try:
        assert service.start(
            Session.for_cycles(PRESETS["box"], 1), "both", 60, clock, restart_clock=True
        )
        assert service.state == "playing"
        opened_at = now.t
        assert news.wait(10), "the audio thread never reported"
        now.advance(1.0)  # the GUI thread is busy; the session still stands at its start
        assert clock.elapsed() == 0.0
        assert _next_kinds(service, news) == ["playing"]
        # Session time 0 is when the stream's first sample reaches the speaker.
        assert clock.origin() == pytest.approx(opened_at + FakeStream.latency + audio.START_MARGIN)
        assert service._origin == clock.origin()
        assert clock.elapsed() == pytest.approx(1.0 - FakeStream.latency - audio.START_MARGIN)
    finally:
        service.close()
    assert not service.stream_open


@pytest.mark.usefixtures("fake_devices")
def test_news_of_a_stream_paused_before_it_was_heard_is_dropped_and_the_clock_waits() -> None:
    now = FakeClock()
    service = AudioService(now)
    news = _news(service)
    clock = SessionClock(now)
    try:
        assert service.start(
            Session.for_cycles(PRESETS["box"], 1), "tone", 60, clock, restart_clock=True
        )
        clock.pause()
        service.pause()  # before the GUI thread heard that the stream runs
        assert [e.kind for e in service.poll_events()] == ["paused"]
        now.advance(5.0)
        assert clock.elapsed() == 0.0  # still waiting for the sound's first sample
        clock.resume()
        assert service.resume()
        assert _next_kinds(service, news) == ["playing"]
        assert clock.origin() == pytest.approx(now.t + FakeStream.latency + audio.START_MARGIN)
    finally:
        service.close()


@pytest.mark.usefixtures("fake_devices")
def test_an_unexpected_failure_while_opening_is_told_and_lets_the_held_session_go(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Broken(FakeStream):
        @property
        def latency(self) -> float:  # type: ignore[override]
            raise RuntimeError("the host API gave no latency")

    monkeypatch.setattr(FakeDevices, "OutputStream", Broken)
    now = FakeClock()
    service = AudioService(now)
    news = _news(service)
    clock = SessionClock(now)
    try:
        assert service.start(
            Session.for_cycles(PRESETS["box"], 1), "chimes", 60, clock, restart_clock=True
        )
        assert _next_kinds(service, news) == ["unavailable"]
        assert "the host API gave no latency" in service.message
        now.advance(3.0)
        assert clock.elapsed() == 3.0  # the picture goes on without sound
    finally:
        service.close()


@pytest.mark.usefixtures("fake_devices")
def test_a_close_that_times_out_in_portaudio_never_leaves_two_audio_threads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    unstuck = threading.Event()

    class Hanging(FakeStream):
        def close(self, ignore_errors: bool = False) -> None:
            assert unstuck.wait(10)  # PortAudio taking its time to let go of a device
            super().close()

    monkeypatch.setattr(FakeDevices, "OutputStream", Hanging)
    now = FakeClock()
    service = AudioService(now)
    news = _news(service)
    session = Session.for_cycles(PRESETS["box"], 1)
    assert service.start(session, "tone", 60, SessionClock(now), restart_clock=True)
    assert _next_kinds(service, news) == ["playing"]
    service.close(timeout=0.05)  # gives up waiting; the thread is still closing the stream
    assert service.start(session, "tone", 60, SessionClock(now), restart_clock=True)
    assert [t.name for t in threading.enumerate()].count("audio") == 1
    unstuck.set()
    kinds = _next_kinds(service, news)
    while "playing" not in kinds:  # the same thread carries on with the new start
        kinds += _next_kinds(service, news)
    assert kinds == ["stopped", "playing"]
    service.close()
    assert not service.stream_open
    assert "audio" not in [t.name for t in threading.enumerate()]
