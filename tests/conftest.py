"""Shared test guards: every test gets its own data folder, and no test leaves timers or windows."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest_plugins = ["tests.audio_tools"]

# Widget tests draw offscreen; end-to-end tests start their own X server and set DISPLAY there.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("BREATHING_ROOM_DATA_DIR", None)


@pytest.fixture(autouse=True)
def _fresh_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point every path at a fresh folder so no test touches a real user's files."""
    from breathingroom.services import paths

    data = tmp_path / "data"
    monkeypatch.setenv("BREATHING_ROOM_DATA_DIR", str(data))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    paths.init(data)
    yield data
    paths._current = None


@pytest.fixture(autouse=True)
def _no_dangling_qt(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a widget test that leaves a running QTimer or a visible top-level window behind."""
    yield
    if "qtbot" not in request.fixturenames and "qapp" not in request.fixturenames:
        return
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return
    app.processEvents()
    visible = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    running = [t for w in QApplication.allWidgets() for t in w.findChildren(QTimer) if t.isActive()]
    for w in visible:
        w.close()
        w.deleteLater()
    app.processEvents()
    assert not visible, f"test left windows open: {visible}"
    assert not running, f"test left timers running: {running}"
