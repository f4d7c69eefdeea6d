"""The app for widget tests: built by the composition root from fakes, closed after the test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from breathingroom.services import paths
from breathingroom.services.settings import Settings
from tests.fakes import FakeClock


@pytest.fixture
def settings() -> Settings:
    return Settings.load(paths.current().settings_file)


class FakeAudio:
    """Stands in for the PortAudio service: records calls, can be told to fail."""

    def __init__(self, ok: bool = True, message: str = "No sound output device was found."):
        self.ok, self.message = ok, message
        self.calls: list[tuple[Any, ...]] = []
        self.events: list[Any] = []
        #: Set by SoundControl; the real service calls it from its audio thread.
        self.notify: Callable[[], None] | None = None

    def check(self) -> tuple[bool, str]:
        return self.ok, "" if self.ok else self.message

    def start(self, session, mode, volume, clock, *, restart_clock=False) -> bool:  # type: ignore[no-untyped-def]
        self.calls.append(("start", session.pattern.id, mode, volume, restart_clock))
        return self.ok

    def pause(self) -> None:
        self.calls.append(("pause",))

    def resume(self) -> bool:
        self.calls.append(("resume",))
        return True

    def sync(self) -> None:
        self.calls.append(("sync",))

    def set_volume(self, volume: int) -> None:
        self.calls.append(("volume", volume))

    def stop(self) -> None:
        self.calls.append(("stop",))

    def close(self) -> None:
        self.calls.append(("close",))

    def poll_events(self) -> list[Any]:
        events, self.events = self.events, []
        return events


@pytest.fixture
def make_room(qtbot: Any, settings: Settings) -> Iterator[Callable[..., Any]]:
    usual = settings
    """``make_room(tray=True, clock=None, audio=None, settings=None, exercises=None)``: the app.

    The clock is a :class:`FakeClock` at 10 s unless given; sound plays into ``audio`` (a
    :class:`FakeAudio` by default); ``room.quits`` counts the times the app asked to quit.
    Every room built is closed after the test.
    """
    from breathingroom.ui.app import compose
    from breathingroom.ui.sound.control import SoundControl

    rooms: list[Any] = []

    def make(
        tray: bool = True,
        clock: FakeClock | None = None,
        audio: FakeAudio | None = None,
        settings: Settings | None = None,
        exercises: Callable[[], Any] | None = None,
        **parts: Any,
    ) -> Any:
        audio = audio or FakeAudio()
        quits: list[bool] = []
        room = compose(
            settings or usual,
            tray,
            clock=clock or FakeClock(10.0),
            sound=SoundControl(factory=lambda: audio),
            quit_app=lambda: quits.append(True),
            exercises=exercises,
            **parts,
        )
        room.quits = quits
        rooms.append(room)
        return room

    yield make
    for room in rooms:
        room.close_windows()
