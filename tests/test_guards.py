"""The autouse guards in tests/conftest.py hold: each can fail, and each test is kept apart."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QTimer

from tests.timer_guard import ROOT, TimerTracker


@pytest.fixture
def tracker(qapp, monkeypatch):
    """A second tracker beside the autouse guard's; each test below leaves nothing for the guard."""
    tracker = TimerTracker()
    tracker.install(monkeypatch)
    yield tracker
    tracker.forget()


def test_a_parentless_running_timer_is_found_with_where_it_started(tracker):
    timer = QTimer()
    timer.start(1000)
    [leaked] = tracker.running()
    assert leaked.timer is timer
    assert leaked.started_at.startswith(f"{__file__}:")
    timer.stop()
    assert tracker.running() == []


def test_a_timer_owned_by_a_plain_qobject_is_found(tracker):
    owner = QObject()
    timer = QTimer(owner)
    timer.start(50)
    assert [leaked.timer for leaked in tracker.running()] == [timer]
    timer.stop()


def test_a_pending_single_shot_is_found_and_a_fired_one_is_not(tracker, qtbot):
    fired: list[str] = []
    QTimer.singleShot(10, lambda: fired.append("soon"))
    QTimer.singleShot(60_000, lambda: fired.append("later"))
    assert len(tracker.running()) == 2
    qtbot.waitUntil(lambda: fired == ["soon"])
    [pending] = tracker.running()
    assert pending.timer.isSingleShot()
    assert pending.timer.interval() == 60_000
    tracker.forget()
    assert tracker.running() == []


def test_a_single_shot_with_a_context_is_dropped_with_its_context(tracker):
    context = QObject()
    QTimer.singleShot(60_000, context, lambda: None)
    assert len(tracker.running()) == 1
    del context  # the last reference: the object and the timer it owns are deleted
    assert tracker.running() == []


def test_a_stopped_or_deleted_timer_is_not_reported(tracker):
    timer = QTimer()
    timer.start(1000)
    del timer  # a parentless timer dies with its last reference, and stops
    assert tracker.running() == []


def test_the_autouse_guard_fails_a_test_that_leaks_a_timer(pytester, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    pytester.makeconftest("from tests.conftest import _no_dangling_qt  # noqa: F401\n")
    pytester.makepyfile(
        test_leaks="""
        from PySide6.QtCore import QTimer

        def test_leaves_a_single_shot_pending(qapp):
            QTimer.singleShot(60_000, print)

        def test_leaves_nothing(qapp):
            timer = QTimer()
            timer.start(1000)
            timer.stop()
        """
    )
    result = pytester.runpytest_subprocess()
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*test left timers running:*",
            "*single shot QTimer (60000 ms) started at *test_leaks.py:4*",
        ]
    )


def test_the_single_instance_socket_lives_in_this_tests_own_runtime_folder():
    from breathingroom.services import paths
    from breathingroom.services.instance_client import socket_path

    runtime = Path(os.environ["XDG_RUNTIME_DIR"])
    assert runtime.is_dir()
    assert stat.S_IMODE(runtime.stat().st_mode) == 0o700  # Qt warns about any other mode
    assert runtime.name.startswith("br-run-")
    assert Path(socket_path(paths.current())).parent == runtime
    assert len(socket_path(paths.current())) < 100  # fits a Unix socket address
