"""The foundation's end-to-end run once with sound on: the installed app, a real tray host, and
its chimes played through PortAudio into a PulseAudio null sink and recorded back."""

import numpy as np
import pytest

from tests.audio_tools import RATE, Recorder, onsets
from tests.e2e.xtools import visible_windows, wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.audio]


def test_a_session_started_from_the_command_line_chimes_in_step(
    display, tray, app, pulse, tmp_path
):
    app.env["XDG_RUNTIME_DIR"] = str(pulse.runtime)
    app.env.pop("PULSE_SERVER", None)
    first = app.start()
    wait_for(lambda: [w for w in tray.icons() if w.name == "Breathing Room"], what="the icon")

    recorder = Recorder(pulse, tmp_path / "session.wav")
    try:
        result = app.run(
            "breathe",
            "--custom",
            "1.5,1.5",
            "--cycles",
            "3",
            "--sound",
            "chimes",
            "--volume",
            "100",
        )
        assert result.returncode == 0, result.stderr
        wait_for(lambda: visible_windows(display, "Custom 1.5-1.5 · Breathe"), what="the pacer")
        display.screenshot("pacer-with-sound.png")
        recorder.watch(9.0 + 1.0)  # the session, and a moment for its last chime to ring out
    finally:
        recorded = recorder.stop()
    assert first.poll() is None  # one app all along
    assert len([w for w in tray.icons() if w.name == "Breathing Room"]) == 1

    found = onsets(recorded)
    assert len(found) == 6, found
    gaps = np.diff(found) / RATE
    # Each chime starts 1.5 s after the one before, within 10 ms, with no drift.
    assert np.all(np.abs(gaps - 1.5) < 0.010), gaps
    assert abs((found[-1] - found[0]) / RATE - 7.5) < 0.010
    assert pulse.sink_inputs() == []  # the stream closed when the session ended
