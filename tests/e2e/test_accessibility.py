"""What a screen reader hears: the AT-SPI tree of the running app, read with pyatspi."""

import json
import os
import shutil
import subprocess
import textwrap
import tomllib
from pathlib import Path

import pytest

from tests.e2e.xtools import app_command

pytestmark = pytest.mark.e2e

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

SCRIPT = textwrap.dedent(
    """
    set -eu
    /usr/libexec/at-spi-bus-launcher --launch-immediately &
    bus=$!
    "$@" &
    app=$!
    status=0
    /usr/bin/python3 "$DUMP" "Breathing Room" 20 ${NEEDLE:-} > "$OUT" || status=$?
    kill "$app" "$bus"
    wait "$app" || true
    exit $status
    """
)


def heard(display, tmp_path, data, *args, needle=""):
    """The AT-SPI tree of ``breathing-room ARGS`` (once a node's name holds ``needle``)."""
    out = tmp_path / "tree.jsonl"
    env = {
        **display.env,
        "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
        "BREATHING_ROOM_DATA_DIR": str(data),
        "XDG_RUNTIME_DIR": os.environ["XDG_RUNTIME_DIR"],  # the test's own, from _fresh_paths
        "DUMP": str(HERE / "atspi_dump.py"),
        "OUT": str(out),
        "NEEDLE": needle,
    }
    script = tmp_path / "run.sh"
    script.write_text(SCRIPT)
    result = subprocess.run(
        [
            shutil.which("dbus-run-session") or "dbus-run-session",
            "--",
            "bash",
            str(script),
            *app_command(),
            *args,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert result.returncode == 0, result.stderr[-2000:] + out.read_text()
    return [json.loads(line) for line in out.read_text().splitlines()]


def test_the_pacer_speaks_its_controls_and_the_phase(display, tmp_path, _fresh_paths):
    nodes = heard(display, tmp_path, _fresh_paths, "breathe", "--pattern", "box")
    names = {(n["role"], n["name"]) for n in nodes}
    for expected in [
        ("push button", "Pause"),
        ("push button", "Restart the session"),
        ("push button", "Stop and close"),
        ("push button", "More options"),
        ("filler", "Breathing guide"),
        ("filler", "Breathing pacer"),
        # Without a tray host the home window is there too, with its own names.
        ("push button", "Start breathing"),
    ]:
        assert expected in names, expected
    labels = [n["name"] for n in nodes if n["role"] == "label"]
    assert any(label in ("Breathe in", "Hold", "Breathe out") for label in labels), labels
    assert any(label.endswith("breath 1 of 19") for label in labels), labels
    for n in nodes:
        if n["role"] == "push button":
            assert n["name"], n


def test_the_grounding_player_speaks_each_step_and_its_controls(display, tmp_path, _fresh_paths):
    nodes = heard(display, tmp_path, _fresh_paths, "ground", "5-4-3-2-1", needle="Step 1 of ")
    names = {(n["role"], n["name"]) for n in nodes}
    for expected in [
        ("push button", "Next step"),
        ("push button", "Pause"),
        ("push button", "Stop and close"),
        ("push button", "Open my safety plan"),
    ]:
        assert expected in names, expected
    steps = [n for n in nodes if n["role"] == "label" and n["name"].startswith("Step 1 of ")]
    assert steps, [n["name"] for n in nodes if n["role"] == "label"]
    shipped = tomllib.loads((ROOT / "resources" / "exercises" / "5-4-3-2-1.toml").read_text())
    total = len(shipped["steps"])
    assert steps[0]["name"] == f"Step 1 of {total}: {shipped['steps'][0]['text']}"
