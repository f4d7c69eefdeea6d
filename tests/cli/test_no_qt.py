"""Commands that do not become the app never load Qt: each runs in a fresh interpreter.

A command that only reads or writes data, or only hands a request to the app that is already
running, should start as fast as Python does. Each case runs ``main`` in a new process and
reports its exit status and every PySide6 module loaded by then.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from breathingroom.core import exporters
from breathingroom.core.journal import CheckIn
from breathingroom.services import paths
from breathingroom.services.instance_client import socket_path

#: Runs main(argv) and prints, on its last line of stdout, the status and the Qt modules loaded.
PROBE = """
import json, sys
from breathingroom.cli import main
try:
    status = main(sys.argv[1:])
except SystemExit as exc:  # --help and --version exit from inside argparse
    status = exc.code
qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
print("\\nPROBE " + json.dumps({"status": status, "qt": qt}))
"""


def probe(*argv: str) -> tuple[int, list[str], str]:
    """The exit status, the Qt modules loaded and the output of ``breathing-room *argv``."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=60,
    )
    out, _, last = result.stdout.rpartition("\nPROBE ")
    assert last, f"the probe did not finish: {result.stderr}"
    report = json.loads(last)
    assert report["status"] == 0, result.stderr
    return report["status"], report["qt"], out


def _command_line(value: object) -> str | None:
    """A readable test id: the arguments as typed, or nothing for the expected values."""
    return " ".join(value) or "no command" if isinstance(value, list) else None


@pytest.fixture
def journal_file(tmp_path: Path) -> Path:
    """An export of this app with one check-in, for ``import``."""
    at = datetime(2026, 5, 4, 8, 0, tzinfo=timezone(timedelta(hours=2)))
    file = tmp_path / "journal.json"
    entry = CheckIn.create(at=at, pleasant=6, energy=5)
    file.write_text(exporters.to_json([entry], []), encoding="utf-8")
    return file


@pytest.mark.parametrize(
    ("argv", "shows"),
    [
        (["--help"], "COMMAND"),
        (["--version"], "breathing-room"),
        (["breathe", "--help"], "--audio-only"),
        (["render-audio", "--help"], "--rate"),
        (["patterns"], "coherent"),
        (["patterns", "--json"], '"cycle_seconds"'),
        (["ground", "--list"], "pmr-16"),
        (["ground", "--list", "--json"], '"seconds": null'),
        (["patterns", "--save", "Slow", "--custom", "4,6"], "Saved 'Slow'"),
        (["log", "--pleasant", "5", "--energy", "5"], "Saved your check-in"),
        (["export"], '"checkins"'),
        (["export", "--format", "csv"], "record"),
        (["backup"], "Backed up to"),
        (["backup", "--list"], "backups"),
        (["what-helps"], "Not enough ratings yet"),
        (["what-helps", "--json"], "[]"),
        (["plan", "--text"], "1. My warning signs"),
        (["review"], "What goes with your mood"),
        (["review", "--year", "2026", "--json"], '"caveat"'),
        (["status"], "Breathing Room is not running."),
    ],
    ids=_command_line,
)
def test_data_commands_load_no_qt(argv: list[str], shows: str) -> None:
    _, qt, out = probe(*argv)
    assert shows in out
    assert qt == []


def test_import_loads_no_qt(journal_file: Path) -> None:
    _, qt, out = probe("import", str(journal_file))
    assert "added 1 check-ins" in out
    assert qt == []
    _, qt, out = probe("import", str(journal_file), "--dry-run")
    assert "dry run" in out
    assert qt == []


class FakeRunningApp:
    """A plain socket listener where the app listens, answering each request as the app does."""

    def __init__(self, path: str) -> None:
        self.requests: list[dict[str, object]] = []
        self._path = path
        self._stop = threading.Event()
        self._server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._server.bind(path)
        self._server.listen()
        self._server.settimeout(0.1)  # so the loop sees the stop flag soon after close()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(10)
                line = b""
                while not line.endswith(b"\n"):
                    chunk = conn.recv(4096)
                    if not chunk:
                        break
                    line += chunk
                self.requests.append(json.loads(line))
                conn.sendall(b'{"ok": true}\n')

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._server.close()
        Path(self._path).unlink(missing_ok=True)


@pytest.fixture
def running_app() -> Iterator[FakeRunningApp]:
    # The probes inherit BREATHING_ROOM_DATA_DIR, so they look for the app at this same path.
    app = FakeRunningApp(socket_path(paths.current()))
    yield app
    app.close()


@pytest.mark.parametrize(
    ("argv", "request_sent"),
    [
        ([], {"v": 1, "cmd": "show"}),
        (["breathe"], {"v": 1, "cmd": "breathe", "pattern": "coherent"}),
        (
            ["breathe", "--pattern", "box", "--minutes", "3", "--sound", "tone", "--audio-only"],
            {
                "v": 1,
                "cmd": "breathe",
                "pattern": "box",
                "minutes": 3,
                "sound": "tone",
                "audio_only": True,
            },
        ),
        (
            ["breathe", "--custom", "4,7,8", "--cycles", "4", "--volume", "20"],
            {"v": 1, "cmd": "breathe", "custom": "4,7,8", "cycles": 4, "volume": 20},
        ),
        (
            ["ground", "orienting", "--sos"],
            {"v": 1, "cmd": "ground", "exercise": "orienting", "sos": True},
        ),
        (["sos", "--distress", "8"], {"v": 1, "cmd": "sos", "distress": 8}),
        (["plan"], {"v": 1, "cmd": "plan"}),
        (["timeline"], {"v": 1, "cmd": "timeline", "view": "week"}),
        (
            ["timeline", "--month", "2026-11"],
            {"v": 1, "cmd": "timeline", "view": "month", "period": "2026-11"},
        ),
        (["patterns", "--save", "Calm", "--custom", "4,6"], {"v": 1, "cmd": "settings-changed"}),
        (["log", "--pleasant", "3", "--energy", "7"], {"v": 1, "cmd": "journal-changed"}),
        (["settings"], {"v": 1, "cmd": "settings"}),
        (["tray"], {"v": 1, "cmd": "tray"}),
        (["status"], {"v": 1, "cmd": "status"}),
        (["pause"], {"v": 1, "cmd": "pause", "minutes": 60}),
        (["pause", "15"], {"v": 1, "cmd": "pause", "minutes": 15}),
        (["resume"], {"v": 1, "cmd": "resume"}),
    ],
    ids=_command_line,
)
def test_handing_a_request_to_the_running_app_loads_no_qt(
    running_app: FakeRunningApp, argv: list[str], request_sent: dict[str, object]
) -> None:
    _, qt, _ = probe(*argv)
    assert running_app.requests == [request_sent]
    assert qt == []
    assert not paths.current().lock_file.exists()  # it handed over; it did not start an app
