"""The audio service: real output into a PulseAudio null sink, recorded and analysed.

The ``pulse`` fixture (``tests/audio_tools.py``) starts its own PulseAudio (a null sink named
``cue``) in a private runtime folder; PortAudio's ALSA ``default`` device plays into it through
libasound2-plugins, and ``parec`` records its monitor. Waiting on real time is inherent here, so
the sessions are short. The service opens and closes streams on its own audio thread, so the
tests wait for its news.
"""

from __future__ import annotations

import itertools
import math
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from breathingroom.core.cues import CueTrack
from breathingroom.core.pacing import Session, SessionClock
from breathingroom.core.patterns import PRESETS, custom_from_text
from breathingroom.services import audio
from breathingroom.services.audio import AudioService
from tests.audio_tools import RATE as TOOLS_RATE
from tests.audio_tools import Pulse, Recorder, onsets

RATE = audio.RATE
assert RATE == TOOLS_RATE


@pytest.fixture
def services() -> Iterator[list[AudioService]]:
    """Services made by a test; each is closed afterwards, so no stream outlives a failure."""
    made: list[AudioService] = []
    yield made
    for service in made:
        service.close()


@pytest.fixture
def recorders() -> Iterator[list[Recorder]]:
    """Recorders made by a test; each ``parec`` is stopped afterwards, whatever happened."""
    made: list[Recorder] = []
    yield made
    for recorder in made:
        if recorder.proc.poll() is None:
            recorder.proc.kill()
            recorder.proc.wait(10)


@pytest.mark.audio
def test_recorded_cues_keep_the_patterns_spacing_without_drift_and_match_the_rendered_file(
    pulse: Pulse, tmp_path: Path, services: list[AudioService], recorders: list[Recorder]
) -> None:
    session = Session.for_cycles(custom_from_text("1.5,1,1.5,1"), 4)  # 20 s, holds chime too
    track = CueTrack(session, "chimes", RATE, volume=100)
    reference = track.render(0, track.length).astype(np.float64)
    expected = onsets(reference)
    assert len(expected) == 16

    recorder = Recorder(pulse, tmp_path / "rec.wav")
    recorders.append(recorder)
    service = AudioService(measure=True)
    services.append(service)
    clock = SessionClock()
    assert service.start(session, "chimes", 100, clock, restart_clock=True), service.message
    recorder.watch(session.duration + 0.3)
    events = _wait_for_events(service, until="finished")
    service.close()
    recorded = recorder.stop()
    origin = clock.origin()

    assert [e.kind for e in events] == ["playing", "finished"]
    assert service.underruns == 0
    found = onsets(recorded)
    # Every cue, the first too: the clock started when the stream's first sample was heard.
    later = expected
    assert len(found) == len(later), (found, later)
    # Spacing as the pattern says, to the sample or nearly (within 10 ms), and no drift:
    # one constant offset maps every recorded onset onto the file's.
    offsets = np.array(found) - np.array(later)
    assert np.ptp(offsets) / RATE * 1000 < 2.0, offsets
    spacing_error = np.abs(np.diff(found) - np.diff(later)) / RATE
    assert spacing_error.max() < 0.010
    # The recorded sound is the rendered sound, sample for sample (to 16-bit rounding), around
    # each cue. A starved sound server or recorder can slip a few samples on a very busy
    # machine (PortAudio reported no underrun above), so one cue may differ.
    shift = int(np.median(offsets))
    exact = 0
    for onset in later:
        before = min(200, onset)
        a = reference[onset - before : onset + RATE // 2]
        b = recorded[onset + shift - before : onset + shift + RATE // 2]
        exact += bool(np.max(np.abs(a - b)) < 3 / 32768)
    assert exact >= len(later) - 1, f"{exact} of {len(later)} cues match the file exactly"
    # Heard when the picture shows the phase change: place the recording's samples on the
    # monotonic clock and compare with the session's time base. (The null sink renders its
    # 5 ms blocks, set by parec's --latency-msec, ahead of time, so about -5 ms is expected.)
    zero = recorder.sample_zero_time()
    errors = [(zero + (onset + shift) / RATE) - (origin + onset / RATE) for onset in later]
    print(f"alignment error: median {np.median(errors) * 1000:.2f} ms")
    assert abs(float(np.median(errors))) < 0.010


@pytest.mark.audio
def test_pause_stops_the_stream_and_resume_follows_the_session_clock(
    pulse: Pulse, services: list[AudioService]
) -> None:
    session = Session.for_cycles(PRESETS["coherent"], 2)
    clock = SessionClock()
    service = AudioService(measure=True)
    services.append(service)
    assert service.start(session, "both", 60, clock)
    _wait_for(lambda: len(pulse.sink_inputs()) == 1)
    # A fresh null sink holds its first buffers for a moment: pause once the sound flows.
    _wait_for(lambda: len(service.schedule or []) > 30)

    clock.pause()
    service.pause()
    assert service.state == "paused"
    # Faded out over the next 10 ms block by the audio thread, which then closes the stream.
    _wait_for(lambda: not service.stream_open)
    _wait_for(lambda: pulse.sink_inputs() == [])

    time.sleep(0.5)  # a real pause: the session's time stands still
    assert service.schedule is not None
    service.schedule.clear()
    clock.resume()
    assert service.resume()
    assert service.state == "playing"
    _wait_for(lambda: service.stream_open)
    _wait_for(lambda: len(service.schedule or []) > 60)
    # Once the new stream flows, every buffer carries the session time at which it is heard
    # (a fresh null-sink stream first stalls for a moment; the service re-aligns after it).
    steady = service.schedule[-20:]
    for heard_at, sample in steady:
        assert abs(sample / RATE - (heard_at - clock.origin())) < audio.RESYNC_SECONDS * 2
    assert all(b[1] - a[1] == service._block for a, b in itertools.pairwise(steady))

    service.close()
    assert not service.stream_open
    _wait_for(lambda: pulse.sink_inputs() == [])
    kinds = [e.kind for e in service.poll_events()]
    assert kinds == ["playing", "paused", "playing", "stopped"]


@pytest.mark.audio
def test_a_lost_device_is_reported_and_one_that_comes_back_is_used_next_time(
    pulse: Pulse, services: list[AudioService]
) -> None:
    session = Session.for_cycles(PRESETS["coherent"], 2)
    service = AudioService()
    services.append(service)
    assert service.start(session, "chimes", 60, SessionClock())
    assert [e.kind for e in _wait_for_events(service)] == ["playing"]
    pulse.kill()
    events = _wait_for_events(service)
    assert [e.kind for e in events] == ["lost"]
    assert events[0].message == audio.MSG_LOST
    assert not service.stream_open

    # The audio thread looks afresh, finds nothing, and says so; the held clock is let go.
    clock = SessionClock()
    assert service.start(session, "chimes", 60, clock, restart_clock=True)
    assert [(e.kind, e.message) for e in _wait_for_events(service)] == [
        ("unavailable", audio.MSG_NO_DEVICE)
    ]
    assert service.state == "unavailable"
    assert service.message == audio.MSG_NO_DEVICE
    assert math.isfinite(clock.origin())

    pulse.start()
    assert service.check() == (True, "")
    assert service.start(session, "chimes", 60, SessionClock())
    assert [e.kind for e in _wait_for_events(service)] == ["playing"]
    _wait_for(lambda: len(pulse.sink_inputs()) == 1)
    service.close()
    assert not service.stream_open
    assert [e.kind for e in service.poll_events()] == ["stopped"]


def test_without_portaudio_sound_is_unavailable_with_a_clear_message(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # sounddevice raises OSError at import when the PortAudio library is missing.
    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / "sounddevice.py").write_text("raise OSError('PortAudio library not found')\n")
    monkeypatch.delitem(sys.modules, "sounddevice", raising=False)
    monkeypatch.syspath_prepend(str(fake))
    service = AudioService()
    clock = SessionClock()
    session = Session.for_cycles(PRESETS["box"], 1)
    # The audio thread loads PortAudio, and says what it found.
    assert service.start(session, "tone", 60, clock, restart_clock=True)
    message = "Sound is unavailable: install libportaudio2 (PortAudio)."
    assert _wait_for_events(service) == [audio.AudioEvent("unavailable", message)]
    assert service.state == "unavailable"
    assert service.message == message
    assert not service.stream_open
    # The visual session is not held up: the clock held for the sound runs again.
    assert not clock.paused
    assert math.isfinite(clock.origin())
    # Now it is known: the next start says so at once.
    assert service.start(session, "tone", 60, SessionClock()) is False
    assert service.poll_events() == [audio.AudioEvent("unavailable", message)]
    service.close()


def test_a_failing_sounddevice_import_gives_the_unavailable_state(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "sounddevice", None)
    service = AudioService()
    assert service.check()[0] is False
    assert service.start(Session.for_cycles(PRESETS["box"], 1), "both", 60, SessionClock()) is False
    assert service.state == "unavailable"
    assert service.message.startswith("Sound is unavailable")
    [event] = service.poll_events()
    assert event.kind == "unavailable"
    assert event.message == service.message


def test_with_no_sound_server_there_is_no_output_device(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))  # no PulseAudio lives here
    monkeypatch.delenv("PULSE_SERVER", raising=False)
    service = AudioService()
    service._refresh = True  # PortAudio may have been initialised by an earlier test
    assert service.check() == (False, audio.MSG_NO_DEVICE)
    assert service.start(Session.for_cycles(PRESETS["box"], 1), "both", 60, SessionClock())
    assert _wait_for_events(service) == [audio.AudioEvent("unavailable", audio.MSG_NO_DEVICE)]
    assert service.state == "unavailable"
    service.close()


def _wait_for(condition: object, timeout: float = 5.0) -> None:
    assert callable(condition)
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def _wait_for_events(
    service: AudioService, until: str = "", timeout: float = 8.0
) -> list[audio.AudioEvent]:
    """Events from the service, once there are any (or once one of kind ``until`` came)."""
    deadline = time.monotonic() + timeout
    events: list[audio.AudioEvent] = []
    while True:
        events += service.poll_events()
        if events and (not until or until in [e.kind for e in events]):
            return events
        assert time.monotonic() < deadline, f"no event: {events}"
        time.sleep(0.05)
