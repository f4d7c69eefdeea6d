"""``status``, ``pause`` and ``resume`` in words, and with no app running."""

from __future__ import annotations

import pytest

from breathingroom.cli import main
from breathingroom.cli.breaks import status_lines


def test_status_words_for_each_state() -> None:
    assert status_lines({"invitations": "off"})[1].startswith("Break invitations are off")
    on = status_lines(
        {"invitations": "on", "next_in_seconds": 1500, "held_by": ["call"], "idle_source": "X"}
    )
    assert on == [
        "Breathing Room is running.",
        "Next break invitation in about 25 minutes of use.",
        "Held back while: call.",
        "Idle time from X.",
    ]
    paused = status_lines({"invitations": "paused", "paused_for_seconds": 3540})
    assert paused[1] == "Break invitations are paused for 59 minutes more."
    tomorrow = status_lines({"invitations": "paused", "paused_for_seconds": None})
    assert tomorrow[1] == "Break invitations are paused until tomorrow."
    assert status_lines({"invitations": "on", "next_in_seconds": None})[-1].startswith("No idle")


def test_pause_and_resume_with_no_app_change_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pause", "20"]) == 1
    assert main(["resume"]) == 1
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert out.count("Breathing Room is not running.") == 3
    assert out.endswith("Break invitations are off.\n")


def test_pause_minutes_are_checked(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["pause", "0"])
    assert stopped.value.code == 2
    assert "minutes must be 1 to 1440" in capsys.readouterr().err
