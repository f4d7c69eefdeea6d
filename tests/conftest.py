"""Shared test guards: every test gets its own data folder, and no test leaves timers or windows."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest_plugins = ["pytester", "tests.audio_tools"]

# Widget tests draw offscreen; end-to-end tests start their own X server and set DISPLAY there.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("BREATHING_ROOM_DATA_DIR", None)


@pytest.fixture(autouse=True)
def _fresh_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point every path at a fresh folder so no test touches a real user's files, nor the real
    runtime folder where the single-instance socket lives."""
    from breathingroom.services import paths

    # Not under tmp_path: a Unix socket path must stay under ~100 characters, and tmp_path can be
    # long. Only this user may enter it, as the XDG spec asks (Qt warns about anything else).
    runtime = Path(tempfile.mkdtemp(prefix="br-run-"))
    runtime.chmod(0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))

    data = tmp_path / "data"
    monkeypatch.setenv("BREATHING_ROOM_DATA_DIR", str(data))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    paths.init(data)
    yield data
    paths._current = None
    shutil.rmtree(runtime, ignore_errors=True)


@pytest.fixture(autouse=True)
def _no_dangling_qt(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Fail a test that leaves a QTimer running (whoever owns it, pending single shots included)
    or, in a widget test, a visible top-level window."""
    from tests.timer_guard import TimerTracker, running_widget_timers

    tracker = TimerTracker()
    tracker.install(monkeypatch)
    yield
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is not None:
        # Let zero-delay calls that are already due run, then deferred deletions (which
        # processEvents alone leaves for the event loop): a timer deleted with its owner is gone.
        from PySide6.QtCore import QCoreApplication, QEvent

        app.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    tracked = tracker.running()
    seen = {leak.timer for leak in tracked}
    untracked = [t for t in running_widget_timers() if t not in seen]
    leaked = [str(t) for t in tracked] + [f"{t!r}, a child of {t.parent()!r}" for t in untracked]
    tracker.forget()
    for timer in untracked:
        timer.stop()
    visible = []
    if app is not None and ("qtbot" in request.fixturenames or "qapp" in request.fixturenames):
        visible = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        for w in visible:
            w.close()
            w.deleteLater()
        app.processEvents()
    assert not visible, f"test left windows open: {visible}"
    assert not leaked, "test left timers running:\n" + "\n".join(leaked)
