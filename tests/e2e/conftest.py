import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.xtools import Display, TrayHost, app_command, stop

pytestmark = pytest.mark.e2e


@pytest.fixture
def display(request: pytest.FixtureRequest) -> Iterator[Display]:
    marker = request.node.get_closest_marker("screen")
    server = Display(marker.args[0]) if marker else Display()
    yield server
    server.close()


@pytest.fixture
def tray(display: Display) -> Iterator[TrayHost]:
    host = TrayHost(display)
    yield host
    host.close()


class AppRunner:
    def __init__(self, display: Display, data_dir: Path) -> None:
        self.display = display
        self.data_dir = data_dir
        self.env = {
            **display.env,
            "BREATHING_ROOM_DATA_DIR": str(data_dir),
            # The test's own runtime folder, set by _fresh_paths: the app's socket goes there.
            "XDG_RUNTIME_DIR": os.environ["XDG_RUNTIME_DIR"],
        }
        self.procs: list[subprocess.Popen[bytes]] = []

    def start(self, *args: str) -> subprocess.Popen[bytes]:
        proc = subprocess.Popen(
            [*app_command(), *args],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.procs.append(proc)
        return proc

    def run(self, *args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*app_command(), *args], env=self.env, capture_output=True, text=True, timeout=timeout
        )

    def close(self) -> None:
        for proc in self.procs:
            stop(proc)
            for stream in (proc.stdout, proc.stderr):
                if stream:
                    stream.close()


@pytest.fixture
def app(display: Display, _fresh_paths: Path) -> Iterator[AppRunner]:
    runner = AppRunner(display, _fresh_paths)
    yield runner
    runner.close()
