"""The command line as a user runs it: a real process, real arguments, real exit codes."""

import json
import subprocess
import sys

import pytest


def run(*args, data_dir):
    return subprocess.run(
        [sys.executable, "-m", "breathingroom", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_version_and_help(tmp_path):
    from breathingroom import __version__

    assert run("--version", data_dir=tmp_path).stdout.strip() == f"breathing-room {__version__}"
    out = run("--help", data_dir=tmp_path).stdout
    assert "breathe" in out and "patterns" in out


def test_patterns_lists_every_preset_with_its_pace(tmp_path):
    result = run("patterns", "--json", data_dir=tmp_path)
    assert result.returncode == 0
    rows = {row["id"]: row for row in json.loads(result.stdout)}
    assert set(rows) >= {"coherent", "long-exhale", "box", "4-7-8", "cyclic-sigh", "tipp-paced"}
    assert rows["box"]["breaths_per_minute"] == 3.75
    assert [p["seconds"] for p in rows["4-7-8"]["phases"]] == [4, 7, 8]
    table = run("patterns", data_dir=tmp_path).stdout
    assert "box" in table and "3.75/min" in table


def test_saved_patterns_are_listed_and_deleted(tmp_path):
    saved = run("patterns", "--save", "Evening", "--custom", "4,2,8", data_dir=tmp_path)
    assert saved.returncode == 0, saved.stderr
    rows = json.loads(run("patterns", "--json", data_dir=tmp_path).stdout)
    assert rows[-1]["id"] == "custom-evening" and not rows[-1]["builtin"]
    assert run("patterns", "--delete", "custom-evening", data_dir=tmp_path).returncode == 0
    rows = json.loads(run("patterns", "--json", data_dir=tmp_path).stdout)
    assert "custom-evening" not in {r["id"] for r in rows}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["breathe", "--pattern", "nope"], "Unknown pattern 'nope'"),
        (["breathe", "--custom", "4,x"], "Value 2 ('x') is not a number of seconds."),
        (["breathe", "--custom", "4,40"], "longer than the 30 s"),
        (["breathe", "--minutes", "0"], "minutes must be 1 to 60"),
        (["breathe", "--minutes", "5", "--cycles", "3"], "not allowed with argument"),
        (["breathe", "--pattern", "box", "--custom", "4,4"], "not allowed with argument"),
        (["breathe", "--cycles", "many"], "cycles must be a whole number from 1 to 1000"),
        (["patterns", "--save", "X"], "--save needs --custom"),
        (["patterns", "--delete", "coherent"], "no pattern of yours"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_arguments_give_one_line_and_exit_2(tmp_path, args, message):
    result = run(*args, data_dir=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("breathing-room")
    assert message in lines[0]
    assert not (tmp_path / "instance.lock").exists()  # nothing started


def test_the_environment_variable_chooses_the_data_folder(tmp_path):
    env_dir = tmp_path / "from-env"
    result = subprocess.run(
        [sys.executable, "-m", "breathingroom", "patterns", "--save", "E", "--custom", "3,3"],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "BREATHING_ROOM_DATA_DIR": str(env_dir)},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert (env_dir / "settings.json").exists()
