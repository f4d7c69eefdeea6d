"""``ground`` and ``sos``: listing the library, and the requests handed to the running app."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from breathingroom.cli import main
from breathingroom.services import exercise_library, paths
from breathingroom.services.instance_client import socket_path
from tests.cli.test_no_qt import FakeRunningApp

MINE = """\
id = "my-calm"
title = "My calm"
summary = "A pause of my own."
minutes = 1.5
band = "low"
tags = ["reflective"]

[[steps]]
text = "Sit down."
when_ready = true

[[steps]]
text = "Breathe out slowly."
seconds = 30
"""


@pytest.fixture
def running_app() -> Iterator[FakeRunningApp]:
    app = FakeRunningApp(socket_path(paths.current()))
    yield app
    app.close()


def _mine(name: str = "my-calm.toml", text: str = MINE) -> Path:
    folder = exercise_library.user_folder()
    folder.mkdir(parents=True, exist_ok=True)
    file = folder / name
    file.write_text(text, encoding="utf-8")
    return file


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        status = main(list(argv))
    except SystemExit as exc:  # argparse's own errors
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def test_list_prints_a_table_of_every_exercise(capsys: pytest.CaptureFixture[str]) -> None:
    _mine()
    status, out, err = _run(capsys, "ground", "--list")
    assert status == 0 and err == ""
    lines = out.splitlines()
    assert len(lines) == len(exercise_library.load().exercises) == 13
    rows = {line.split()[0]: line for line in lines}
    assert rows["pmr-16"].split() == [
        "pmr-16",
        "12",
        "min",
        "middle",
        "Muscle",
        "relaxation,",
        "full",
    ]
    assert rows["cold-water"].split()[:4] == ["cold-water", "2", "min", "high"]
    assert lines[-1].split() == ["my-calm", "1.5", "min", "low", "My", "calm"]  # yours come last


def test_list_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    _mine()
    status, out, _ = _run(capsys, "ground", "--list", "--json")
    assert status == 0
    rows = json.loads(out)
    assert all(set(row) == {"id", "title", "minutes", "tags", "band", "steps"} for row in rows)
    assert rows[-1] == {
        "id": "my-calm",
        "title": "My calm",
        "minutes": 1.5,
        "tags": ["reflective"],
        "band": "low",
        "steps": [
            {"text": "Sit down.", "seconds": None},
            {"text": "Breathe out slowly.", "seconds": 30},
        ],
    }
    water = next(row for row in rows if row["id"] == "cold-water")
    assert water["band"] == "high" and "panic" in water["tags"]
    assert 30 in [step["seconds"] for step in water["steps"]]


def test_a_bad_file_of_yours_is_named_on_stderr_and_the_rest_are_listed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _mine()
    bad = _mine(
        "broken.toml", MINE.replace('id = "my-calm"', 'id = "other"').replace("30", '"ten"')
    )
    clash = _mine("clash.toml", MINE.replace('id = "my-calm"', 'id = "orienting"'))
    status, out, err = _run(capsys, "ground", "--list")
    assert status == 0
    assert err.splitlines() == [
        f"breathing-room: skipped {bad}: step 2: 'seconds' must be a number of seconds from 1 "
        'to 600 (got "ten")',
        f"breathing-room: skipped {clash}: the id 'orienting' belongs to a built-in exercise; "
        "give yours another id",
    ]
    listed = [line.split()[0] for line in out.splitlines()]
    assert "my-calm" in listed and "other" not in listed
    assert listed.count("orienting") == 1
    # JSON output stays clean: the messages go to stderr only.
    status, out, err = _run(capsys, "ground", "--list", "--json")
    assert status == 0 and len(err.splitlines()) == 2
    assert "my-calm" in [row["id"] for row in json.loads(out)]


@pytest.mark.parametrize(
    ("argv", "request_sent"),
    [
        (["ground", "5-4-3-2-1"], {"v": 1, "cmd": "ground", "exercise": "5-4-3-2-1", "sos": False}),
        (
            ["ground", "cold-water", "--sos"],
            {"v": 1, "cmd": "ground", "exercise": "cold-water", "sos": True},
        ),
        (["ground", "my-calm"], {"v": 1, "cmd": "ground", "exercise": "my-calm", "sos": False}),
        (["sos"], {"v": 1, "cmd": "sos"}),
        (["sos", "--distress", "0"], {"v": 1, "cmd": "sos", "distress": 0}),
        (["sos", "--distress", "9"], {"v": 1, "cmd": "sos", "distress": 9}),
    ],
)
def test_requests_go_to_the_running_app(
    capsys: pytest.CaptureFixture[str],
    running_app: FakeRunningApp,
    argv: list[str],
    request_sent: dict[str, object],
) -> None:
    _mine()
    status, _, err = _run(capsys, *argv)
    assert status == 0, err
    assert running_app.requests == [request_sent]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["ground", "calm"], "breathing-room: error: no exercise is called 'calm' (5-4-3-2-1, "),
        (["ground"], "breathing-room: error: give an exercise id, or --list to see them"),
        (["ground", "orienting", "--json"], "breathing-room: error: --json goes with --list"),
        (
            ["ground", "--list", "orienting"],
            "breathing-room: error: --list takes no exercise id and no --sos",
        ),
        (["sos", "--distress", "11"], "breathing-room sos: error: argument --distress: distress "),
        (["sos", "--distress", "high"], "distress must be a whole number from 0 to 10"),
    ],
)
def test_bad_arguments_give_one_line_exit_2_and_send_nothing(
    capsys: pytest.CaptureFixture[str],
    running_app: FakeRunningApp,
    argv: list[str],
    message: str,
) -> None:
    status, out, err = _run(capsys, *argv)
    assert status == 2
    assert out == ""
    [line] = err.splitlines()
    assert message in line
    assert running_app.requests == []
    assert not paths.current().lock_file.exists()


def test_an_unknown_id_lists_every_id_including_yours(capsys: pytest.CaptureFixture[str]) -> None:
    _mine()
    status, _, err = _run(capsys, "ground", "calm")
    assert status == 2
    ids = ", ".join(exercise_library.load().ids)
    assert err == f"breathing-room: error: no exercise is called 'calm' ({ids})\n"
    assert ids.endswith(", my-calm")


def test_an_unknown_id_says_when_some_files_could_not_be_read(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _mine("broken.toml", "id = ")
    status, _, err = _run(capsys, "ground", "broken")
    assert status == 2
    [line] = err.splitlines()
    assert line.endswith("; 1 file(s) could not be read, see 'breathing-room ground --list'")
