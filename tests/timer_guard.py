"""Find every QTimer a test leaves running, whoever owns it.

A timer that outlives its test fires into the next one, and a timer left running in the real app
keeps an idle tray process awake. Looking only at the children of widgets misses timers that belong
to no widget (a service's poll timer, a parentless timer) and the hidden timer behind each pending
``QTimer.singleShot``. So while a test runs, ``TimerTracker`` wraps ``QTimer.start`` to note each
started timer and where it was started, and replaces ``QTimer.singleShot`` with an equivalent
single-shot ``QTimer`` it can see. After the test, ``running()`` lists those still active.
"""

from __future__ import annotations

import sys
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import SIGNAL, QObject, Qt, QThread, QTimer

ROOT = Path(__file__).resolve().parents[1]
_THIS_FILE = str(Path(__file__).resolve())
# Qt picks a precise timer for short single shots and a coarse one for long ones.
_PRECISE_LIMIT_MS = 2000


@dataclass(frozen=True)
class LeakedTimer:
    timer: QTimer
    started_at: str

    def __str__(self) -> str:
        kind = "single shot" if self.timer.isSingleShot() else "repeating"
        return f"{kind} QTimer ({self.timer.interval()} ms) started at {self.started_at}"


def _caller() -> str:
    """The first frame of this project's code below the guard, or the nearest caller if none."""
    frame = sys._getframe(1)
    nearest = None
    while frame is not None:
        name = frame.f_code.co_filename
        if name != _THIS_FILE:
            here = f"{name}:{frame.f_lineno}"
            nearest = nearest or here
            if name.startswith(str(ROOT)) and "site-packages" not in name:
                return here
        frame = frame.f_back
    return nearest or "an unknown place"


def _alive(timer: QTimer) -> bool:
    return shiboken6.isValid(timer)


class TimerTracker:
    """Note every timer started while installed; list those still running."""

    def __init__(self) -> None:
        # Weak: a parentless timer whose last reference goes away is deleted and so stopped; the
        # guard must not keep it alive. A timer with a parent is kept alive by that parent.
        self._started: weakref.WeakKeyDictionary[QTimer, str] = weakref.WeakKeyDictionary()
        # Strong: nothing else holds the timer behind a single shot until it has fired.
        self._single_shots: list[tuple[QTimer, str]] = []

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        original_start = QTimer.start
        tracker = self

        def start(self: QTimer, *args: Any) -> None:
            tracker._started[self] = _caller()
            original_start(self, *args)

        def single_shot(msec: int, *args: Any) -> None:
            tracker._single_shot(original_start, msec, *args)

        monkeypatch.setattr(QTimer, "start", start)
        monkeypatch.setattr(QTimer, "singleShot", staticmethod(single_shot))

    def _single_shot(self, original_start: Callable[..., None], msec: int, *args: Any) -> None:
        """``QTimer.singleShot`` with every overload, as a timer this tracker can see."""
        timer_type = (
            Qt.TimerType.PreciseTimer if msec < _PRECISE_LIMIT_MS else Qt.TimerType.CoarseTimer
        )
        if args and isinstance(args[0], Qt.TimerType):
            timer_type, *rest = args
            args = tuple(rest)
        if len(args) == 1 and callable(args[0]):
            context, target = None, args[0]
        elif len(args) == 2 and isinstance(args[0], QObject):
            context, target = args
        else:
            raise TypeError(f"QTimer.singleShot{(msec, *args)!r}: overload the guard does not know")
        if context is not None and context.thread() is not QThread.currentThread():
            raise TypeError("QTimer.singleShot with a context in another thread: not tracked")
        # A context owns the timer, so the call is dropped when the context is deleted, as in Qt.
        timer = QTimer(context)
        timer.setSingleShot(True)
        timer.setTimerType(timer_type)
        if isinstance(target, bytes | bytearray | str):
            member = target.decode() if isinstance(target, bytes | bytearray) else target
            QObject.connect(timer, SIGNAL("timeout()"), context, member)
        else:
            timer.timeout.connect(target)
        self._single_shots.append((timer, _caller()))
        original_start(timer, msec)

    def running(self) -> list[LeakedTimer]:
        """The timers started since ``install`` that are still active."""
        found = [*self._started.items(), *self._single_shots]
        return [LeakedTimer(t, where) for t, where in found if _alive(t) and t.isActive()]

    def forget(self) -> None:
        """Stop whatever still runs, so it cannot fire into the next test, and drop references."""
        for leaked in self.running():
            leaked.timer.stop()
        self._started.clear()
        self._single_shots.clear()


def running_widget_timers() -> list[QTimer]:
    """Active timers that are children of a widget or of the application (a backstop for timers
    started before the tracker was installed, or from C++)."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return []
    owners: list[QObject] = [app, *QApplication.allWidgets()]
    return [t for owner in owners for t in owner.findChildren(QTimer) if t.isActive()]
