"""``check-in``: the desktop file's "Check in" action asks the app for its check-in window."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from breathingroom.cli import main
from breathingroom.core import messages
from breathingroom.services import paths
from breathingroom.services.instance_client import socket_path
from tests.cli.test_no_qt import FakeRunningApp


@pytest.fixture
def running_app() -> Iterator[FakeRunningApp]:
    app = FakeRunningApp(socket_path(paths.current()))
    yield app
    app.close()


def test_check_in_goes_to_the_running_app(
    capsys: pytest.CaptureFixture[str], running_app: FakeRunningApp
) -> None:
    assert main(["check-in"]) == 0
    assert capsys.readouterr().err == ""
    assert running_app.requests == [{"v": messages.VERSION, "cmd": "check-in"}]


def test_the_app_accepts_the_check_in_message() -> None:
    assert messages.decode(messages.encode({"cmd": "check-in"})) == {"cmd": "check-in"}


def test_check_in_takes_no_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["check-in", "--pleasant", "5"])
    assert exc.value.code == 2
    assert "unrecognized arguments: --pleasant 5" in capsys.readouterr().err
