"""``render-audio`` and the sound options of ``breathe``."""

from __future__ import annotations

import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

from breathingroom import cli
from breathingroom.cli import audio, breathe, common
from breathingroom.core import cues, sound
from breathingroom.core.pacing import Session
from breathingroom.core.patterns import PRESETS, custom_from_text


def _soxi(path: Path, flag: str) -> str:
    return subprocess.run(
        ["soxi", flag, str(path)], check=True, capture_output=True, text=True
    ).stdout.strip()


def test_render_audio_writes_a_standard_wav_of_exactly_the_sessions_length(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "coherent.wav"
    assert (
        cli.main(["render-audio", "--pattern", "coherent", "--minutes", "5", "-o", str(out)]) == 0
    )
    assert "60 cues" in capsys.readouterr().out
    assert _soxi(out, "-r") == "48000"
    assert _soxi(out, "-c") == "1"
    assert _soxi(out, "-b") == "16"
    assert _soxi(out, "-e") == "Signed Integer PCM"
    assert _soxi(out, "-s") == str(300 * 48000)
    assert _soxi(out, "-D") == "300.000000"


def test_the_file_is_sample_for_sample_what_the_stream_plays(tmp_path: Path) -> None:
    out = tmp_path / "sigh.wav"
    args = ["render-audio", "--pattern", "cyclic-sigh", "--cycles", "3", "--sound", "both"]
    assert cli.main([*args, "--volume", "70", "--rate", "44100", "-o", str(out)]) == 0
    with wave.open(str(out)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 44100)
        written = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    session = Session.for_cycles(PRESETS["cyclic-sigh"], 3)
    track = cues.CueTrack(session, "both", 44100, volume=70)
    # What the stream's callback would produce, block by block.
    blocks = [track.render(s, 441) for s in range(0, track.length, 441)]
    assert np.array_equal(written, cues.to_pcm16(np.concatenate(blocks)[: track.length]))
    assert written.shape[0] == 27 * 44100


def test_custom_patterns_and_cycles_render_too(tmp_path: Path) -> None:
    out = tmp_path / "custom.wav"
    assert cli.main(["render-audio", "--custom", "4,7,8", "--cycles", "2", "-o", str(out)]) == 0
    assert _soxi(out, "-s") == str(38 * 48000)
    session = Session.for_cycles(custom_from_text("4,7,8"), 2)
    assert session.duration == 38


@pytest.mark.parametrize(
    "argv",
    [
        ["render-audio", "--pattern", "coherent"],  # no output file
        ["render-audio", "--rate", "12345", "-o", "x.wav"],
        ["render-audio", "--sound", "off", "-o", "x.wav"],
        ["render-audio", "--volume", "101", "-o", "x.wav"],
        ["render-audio", "--minutes", "0", "-o", "x.wav"],
        ["render-audio", "--pattern", "no-such-pattern", "-o", "x.wav"],
        ["render-audio", "--custom", "4,x", "-o", "x.wav"],
        ["render-audio", "-o", "/no/such/folder/x.wav"],
        ["breathe", "--sound", "loud"],
        ["breathe", "--volume", "-1"],
    ],
)
def test_bad_arguments_exit_2_with_a_one_line_error(
    argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "breathingroom", *argv], capture_output=True, text=True
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert lines[-1].startswith("breathing-room")
    assert "error:" in lines[-1]
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "x.wav").exists()


def test_a_folder_as_output_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["render-audio", "--cycles", "1", "-o", str(tmp_path)]) == common.EXIT_USAGE
    assert "is a folder" in capsys.readouterr().err


def test_breathe_forwards_the_sound_options_to_the_app() -> None:
    parser = cli.build_parser()
    args = parser.parse_args(
        ["breathe", "--pattern", "box", "--sound", "tone", "--volume", "35", "--audio-only"]
    )
    request = breathe.breathe_request(args)
    assert request["sound"] == "tone"
    assert request["volume"] == 35
    assert request["audio_only"] is True
    quiet = breathe.breathe_request(parser.parse_args(["breathe"]))
    assert "sound" not in quiet and "audio_only" not in quiet


def test_cli_rates_and_sounds_match_the_synthesis() -> None:
    assert audio.RATES == cues.RATES
    parser = cli.build_parser()
    for choice in sound.SOUND_CHOICES:
        assert parser.parse_args(["breathe", "--sound", choice]).sound == choice
    for mode in sound.CUE_MODES:
        assert parser.parse_args(["render-audio", "--sound", mode, "-o", "x.wav"]).sound == mode


def test_the_cli_module_loads_no_numpy() -> None:
    code = (
        "import sys; from breathingroom import cli; cli.build_parser(); "
        "print('numpy' in sys.modules)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "False"
