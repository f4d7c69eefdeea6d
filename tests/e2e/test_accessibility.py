"""What a screen reader hears: the AT-SPI tree of the running app, read with pyatspi."""

import json
import os
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from tests.e2e.xtools import app_command

pytestmark = pytest.mark.e2e

HERE = Path(__file__).resolve().parent

SCRIPT = textwrap.dedent(
    """
    set -eu
    /usr/libexec/at-spi-bus-launcher --launch-immediately &
    bus=$!
    "$@" &
    app=$!
    status=0
    /usr/bin/python3 "$DUMP" "Breathing Room" 20 > "$OUT" || status=$?
    kill "$app" "$bus"
    wait "$app" || true
    exit $status
    """
)


def test_the_pacer_speaks_its_controls_and_the_phase(display, tmp_path, _fresh_paths):
    out = tmp_path / "tree.jsonl"
    env = {
        **display.env,
        "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
        "BREATHING_ROOM_DATA_DIR": str(_fresh_paths),
        "XDG_RUNTIME_DIR": os.environ["XDG_RUNTIME_DIR"],  # the test's own, from _fresh_paths
        "DUMP": str(HERE / "atspi_dump.py"),
        "OUT": str(out),
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
            "breathe",
            "--pattern",
            "box",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert result.returncode == 0, result.stderr[-2000:] + out.read_text()
    nodes = [json.loads(line) for line in out.read_text().splitlines()]
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
