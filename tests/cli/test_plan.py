"""``plan``: the request handed to the running app, the plan as text, and the plan as a PDF."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from breathingroom.cli import common, main
from breathingroom.core.messages import decode, encode
from breathingroom.core.safety_plan import SECTIONS, HelpContact, SafetyPlan
from breathingroom.services import paths
from breathingroom.services.instance_client import socket_path
from breathingroom.services.store import Store
from tests.cli.test_no_qt import FakeRunningApp

PLAN = SafetyPlan(
    {
        "warning_signs": "I stop answering messages.\nI sleep badly for a few nights.",
        "on_my_own": "Hold an ice cube.",
        "reasons_for_living": "Seeing my niece grow up.",
    },
    (HelpContact("Sam", "0123 456 789"),),
    "112",
)


@pytest.fixture
def running_app() -> Iterator[FakeRunningApp]:
    app = FakeRunningApp(socket_path(paths.current()))
    yield app
    app.close()


def _save(plan: SafetyPlan) -> None:
    store = Store.open(clock=common.clock)
    try:
        store.save_safety_plan(plan)
    finally:
        store.close()


def _damage() -> None:
    """Store a plan from a newer version of the app, which this one cannot read."""
    _save(SafetyPlan({"warning_signs": "soon damaged"}))
    with sqlite3.connect(paths.current().database) as conn:
        conn.execute("UPDATE safety_plan SET body = ? WHERE id = 1", ('{"format": 99}',))
    conn.close()


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        status = main(list(argv))
    except SystemExit as exc:  # argparse's own errors
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def test_plan_asks_the_running_app_to_open_it(running_app: FakeRunningApp) -> None:
    assert main(["plan"]) == 0
    assert running_app.requests == [{"v": 1, "cmd": "plan"}]
    assert not paths.current().lock_file.exists()  # handed over, not started


def test_the_app_accepts_the_plan_message() -> None:
    assert decode(encode({"cmd": "plan"})) == {"cmd": "plan"}


def test_text_prints_the_headings_and_the_persons_own_lines(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _save(PLAN)
    status, out, err = _run(capsys, "plan", "--text")
    assert status == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "My safety plan"
    assert lines[lines.index("1. My warning signs") + 1 :][:2] == [
        "  I stop answering messages.",
        "  I sleep badly for a few nights.",
    ]
    assert "2. Things I can do on my own to take my mind off it" in lines
    assert "  Hold an ice cube." in lines
    assert lines[lines.index("My reasons for living") + 1] == "  Seeing my niece grow up."
    assert lines[lines.index("Help contacts") + 1] == "  Sam: 0123 456 789"
    assert "Your local emergency number: 112" in lines
    numbered = [s.heading for s in SECTIONS if not s.optional]
    assert [line.split(". ", 1)[1] for line in lines if line[:1].isdigit()] == numbered


def test_text_of_an_empty_plan_shows_every_step_and_no_number(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = _run(capsys, "plan", "--text")
    assert status == 0
    assert "6. Making my surroundings safer\n  (nothing written yet)" in out
    assert "My reasons for living" not in out  # optional, and left out while empty
    assert "In an emergency, call your local emergency number." in out
    assert "Your local emergency number" not in out  # no number of the app's own


@pytest.mark.parametrize("option", [["--text"], ["--pdf", "plan.pdf"]])
def test_a_damaged_plan_is_one_line_and_exit_status_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, option: list[str]
) -> None:
    _damage()
    if option[0] == "--pdf":
        option = ["--pdf", str(tmp_path / "plan.pdf")]
    status, out, err = _run(capsys, "plan", *option)
    assert status == 1
    assert out == ""
    assert err.count("\n") == 1 and "safety plan cannot be read" in err
    assert "newer version" in err
    assert not (tmp_path / "plan.pdf").exists()


def test_pdf_into_a_missing_folder_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _, err = _run(capsys, "plan", "--pdf", str(tmp_path / "nowhere" / "plan.pdf"))
    assert status == 2
    assert err.count("\n") == 1 and "no folder" in err


def test_text_and_pdf_together_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(capsys, "plan", "--text", "--pdf", "x.pdf")
    assert status == 2 and "not allowed with" in err


def test_pdf_holds_the_persons_words_and_the_headings(tmp_path: Path) -> None:
    _save(PLAN)
    target = tmp_path / "my plan.pdf"
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    # A fresh process, as a person runs it: no display, and Qt's platform not chosen for it.
    result = subprocess.run(
        [sys.executable, "-m", "breathingroom", "plan", "--pdf", str(target)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert str(target) in result.stdout
    assert target.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", str(target), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout
    words = " ".join(text.split())
    for said in (
        "My safety plan",
        "1. My warning signs",
        "I stop answering messages.",
        "I sleep badly for a few nights.",
        "Hold an ice cube.",
        "My reasons for living",
        "Seeing my niece grow up.",
        "Help contacts",
        "Sam: 0123 456 789",
        "112",
        "6. Making my surroundings safer",
    ):
        assert said in words, f"{said!r} is not in the PDF:\n{text}"
