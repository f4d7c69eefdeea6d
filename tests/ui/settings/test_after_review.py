"""The Settings window after the review: volume saved on release, export as chosen, calm errors."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from breathingroom.services import paths
from breathingroom.services.settings import Settings
from breathingroom.services.store import StoreError
from tests.ui.conftest import FakeAudio
from tests.ui.settings.test_window import open_settings

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def saved_volume() -> int:
    return int(Settings.load(paths.current().settings_file).get("volume"))


def test_dragging_the_volume_is_heard_at_once_and_saved_on_release(
    make_room, qtbot, tmp_path, settings
):
    settings.set("sound", "chimes")
    settings.set("volume", 40)
    audio = FakeAudio()
    room, window, _ = open_settings(lambda **k: make_room(audio=audio, **k), tmp_path)
    try:
        room.breathe(pattern_id="box")
        writes: list[str] = []
        settings.on_change(lambda key, _value: writes.append(key))
        window.volume.setSliderDown(True)
        for step in (45, 50, 55):
            window.volume.setValue(step)
        assert [c for c in audio.calls if c[0] == "volume"] == [
            ("volume", 45), ("volume", 50), ("volume", 55)
        ]  # fmt: skip
        assert writes == [] and saved_volume() == 40  # nothing written while dragging
        window.volume.setSliderDown(False)  # released
        assert writes == ["volume"] and saved_volume() == 55
        window.volume.setValue(60)  # the keyboard: no drag, so saved at once
        assert saved_volume() == 60
    finally:
        room.close_windows()


@pytest.mark.parametrize(
    ("name", "chosen", "written", "csv"),
    [
        ("breathing-room-journal.json", "CSV (*.csv)", "breathing-room-journal.csv", True),
        ("breathing-room-journal", "CSV (*.csv)", "breathing-room-journal.csv", True),
        ("notes.csv", "JSON (*.json)", "notes.json", False),
        ("breathing-room-journal.json", "JSON (*.json)", "breathing-room-journal.json", False),
    ],
)
def test_export_writes_the_file_type_chosen_in_the_dialog(
    make_room, qtbot, tmp_path, monkeypatch, name, chosen, written, csv
):
    room, window, _ = open_settings(make_room, tmp_path)
    try:
        monkeypatch.setattr(
            QFileDialog,
            "getSaveFileName",
            staticmethod(lambda *a, **k: (str(tmp_path / name), chosen)),
        )
        room.journal.open_now()
        window.export_entries.emit()
        text = (tmp_path / written).read_text()
        if csv:
            assert not text.lstrip().startswith("{") and "," in text.splitlines()[0]
        else:
            assert "checkins" in json.loads(text)
    finally:
        room.close_windows()


@pytest.mark.parametrize(
    "error", [sqlite3.OperationalError("database is locked"), StoreError("the journal is busy")]
)
def test_an_export_the_journal_cannot_give_is_said_calmly(
    make_room, qtbot, tmp_path, monkeypatch, error
):
    room, window, _ = open_settings(make_room, tmp_path)
    try:
        monkeypatch.setattr(
            QFileDialog,
            "getSaveFileName",
            staticmethod(lambda *a, **k: (str(tmp_path / "out.json"), "JSON (*.json)")),
        )
        room.journal.open_now()
        store = room.journal.store

        def fails(*_a: object) -> list[object]:
            raise error

        monkeypatch.setattr(store, "all_checkins", fails)
        notices: list[str] = []
        room.journal.notice.connect(notices.append)
        window.export_entries.emit()  # nothing escapes the slot
        assert notices == [f"Your journal was not exported: {error}"]
        assert not (tmp_path / "out.json").exists()
    finally:
        room.close_windows()


@pytest.mark.parametrize(
    "error", [PermissionError(13, "Permission denied"), sqlite3.OperationalError("disk I/O error")]
)
def test_a_restore_that_cannot_copy_the_journal_first_changes_nothing(
    make_room, qtbot, tmp_path, monkeypatch, error
):
    from breathingroom.core.journal import CheckIn
    from breathingroom.services import backup

    room, window, _ = open_settings(make_room, tmp_path)
    try:
        room.journal.open_now()
        store = room.journal.store
        store.add_checkin(CheckIn.create(NOW, 5, 5))
        backup.make_backup(store)
        store.add_checkin(CheckIn.create(NOW + timedelta(minutes=5), 6, 6))

        def fails(*_a: object, **_k: object) -> Path:
            raise error

        monkeypatch.setattr(backup, "make_backup", fails)
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
        notices: list[str] = []
        room.journal.notice.connect(notices.append)
        window.restore_backup.emit()  # nothing escapes the slot
        assert len(notices) == 1
        assert notices[0].startswith("The backup could not be restored") and "Nothing" in notices[0]
        assert store.count_checkins() == 2  # nothing changed
    finally:
        room.close_windows()


class AnswersLater:
    """An autostart that settles a change later, as the Flatpak portal does (a person said no)."""

    where = "your desktop's list"

    def __init__(self) -> None:
        self.on = False
        self.asked: bool | None = None
        self.listeners: list = []

    def enabled(self) -> bool:
        return self.asked if self.asked is not None else self.on

    def enable(self, command: list[str]) -> None:
        self.asked = True

    def disable(self) -> None:
        self.asked = False

    def on_answer(self, listener) -> None:  # type: ignore[no-untyped-def]
        self.listeners.append(listener)

    def refuse(self) -> None:
        self.asked = None
        for listener in self.listeners:
            listener("Your desktop did not allow the change.")


def test_a_later_answer_from_the_desktop_shows_in_the_window(make_room, qtbot):
    entry = AnswersLater()
    room = make_room(tray=True, autostart=entry, find_idle=lambda: None, holds=set)
    try:
        room.handle({"cmd": "settings"})
        window = room._settings_window
        window.start_with_desktop.setChecked(True)
        assert window.start_with_desktop.isChecked()  # asked, waiting for the answer
        entry.refuse()
        assert not window.start_with_desktop.isChecked()
        assert window.note.text() == "Your desktop did not allow the change."
    finally:
        room.close_windows()
