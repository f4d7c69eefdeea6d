"""The app's journal when it cannot be opened or written (issue 10, case 14): a calm message, no
exception out of a Qt slot, and no session lost, whether the journal opens later or not at all."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from breathingroom.core.journal import CheckIn
from breathingroom.core.records import SessionRecord
from breathingroom.services import paths
from breathingroom.services.store import FULL_DISK, Store
from breathingroom.ui.journal.control import JournalControl
from breathingroom.ui.journal.history import HistoryWindow
from tests.fakes import FakeClock

PLUS1 = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 26, 20, 0, tzinfo=PLUS1)


def session(minute: int) -> SessionRecord:
    start = NOW + timedelta(minutes=minute)
    return SessionRecord(
        kind="breathing",
        exercise="box",
        start=start,
        end=start + timedelta(minutes=3),
        completed=True,
        params={"minutes": 3},
    )


class Opener:
    """Opens the real journal, or fails as a broken disk would until ``broken`` is cleared."""

    def __init__(self, error: Exception | None) -> None:
        self.broken = error
        self.attempts = 0

    def __call__(self) -> Store:
        self.attempts += 1
        if self.broken is not None:
            raise self.broken
        return Store.open(clock=FakeClock(wall=NOW))


def control_with(opener: Callable[[], Store], clock: FakeClock) -> tuple[JournalControl, list]:
    control = JournalControl(store_factory=opener, clock=clock)
    notices: list[str] = []
    control.notice.connect(notices.append)
    return control, notices


@pytest.mark.parametrize(
    "error",
    [
        OSError(30, "Read-only file system"),
        sqlite3.OperationalError("disk I/O error"),
    ],
    ids=["oserror", "sqlite-error"],
)
def test_a_journal_that_fails_to_open_keeps_the_session_and_saves_it_once_it_opens(
    qapp, error: Exception
) -> None:
    clock = FakeClock(wall=NOW)
    opener = Opener(error)
    control, notices = control_with(opener, clock)
    control.add_session(session(0))  # a Qt slot in the app: nothing may escape it
    assert control.store is None
    assert len(notices) == 1
    assert "kept" in notices[0] and "Traceback" not in notices[0]
    assert [r.exercise for r in control.recent_sessions()] == ["box"]
    opener.broken = None
    clock.advance(120)
    control.add_session(session(10))
    store = control.store
    assert store is not None
    assert [r.start for r in store.all_sessions()] == [session(0).start, session(10).start]
    assert any("saved" in n for n in notices[1:])
    control.close()


def test_sessions_still_held_at_quit_are_kept_and_saved_at_the_next_start(qapp) -> None:
    clock = FakeClock(wall=NOW)
    opener = Opener(OSError(13, "Permission denied"))
    control, _ = control_with(opener, clock)
    control.add_session(session(0))
    control.add_session(session(5))
    control.close()
    kept = list(paths.current().data_dir.glob("unsaved-sessions-*.json"))
    assert len(kept) == 1

    later, notices = control_with(Opener(None), FakeClock(wall=NOW))
    later.open_now()
    store = later.store
    assert store is not None
    assert [r.start for r in store.all_sessions()] == [session(0).start, session(5).start]
    assert not list(paths.current().data_dir.glob("unsaved-sessions-*.json"))
    assert any("2 sessions" in n for n in notices)
    later.close()


def test_a_session_the_full_disk_refused_is_kept_and_saved_when_there_is_room(qapp) -> None:
    clock = FakeClock(wall=NOW)
    control, notices = control_with(Opener(None), clock)
    store = control.store
    assert store is not None
    store.read_only = FULL_DISK  # what the store says when it opened on a full disk
    control.add_session(session(0))
    assert "the disk is full" in notices[-1] and "kept" in notices[-1]
    assert store.all_sessions() == []
    store.read_only = None
    clock.advance(120)
    control.add_session(session(10))
    assert len(store.all_sessions()) == 2
    control.close()


def test_undo_that_cannot_be_saved_is_said_in_the_window(qtbot, tmp_path: Path) -> None:
    with Store(tmp_path / "journal.sqlite3", auto_backup=False) as store:
        store.add_checkin(CheckIn.create(datetime(2026, 11, 26, 9, tzinfo=UTC), 4, 6, note="a"))
        window = HistoryWindow(store)
        qtbot.addWidget(window)
        window.show()
        window.list.setCurrentRow(0)
        window.delete_selected()
        store.read_only = FULL_DISK
        window.undo_delete()  # a Qt slot: nothing may escape it
        assert "Could not undo" in window.undo_label.text()
        assert "the disk is full" in window.undo_label.text()
        assert window.undo_bar.isVisible() and window.undo_button.isVisible()
        store.read_only = None
        window.undo_delete()  # and it can be tried again
        assert [c.note for c in store.all_checkins()] == ["a"]
        window.close()


def test_undo_in_the_review_window_that_cannot_be_saved_is_said(qtbot, tmp_path: Path) -> None:
    from breathingroom.ui.timeline.window import TimelineWindow

    with Store(tmp_path / "journal.sqlite3", auto_backup=False) as store:
        store.add_checkin(CheckIn.create(NOW - timedelta(hours=1), 4, 6, note="a"))
        window = TimelineWindow(store, clock=FakeClock(wall=NOW, tz=PLUS1), first_weekday=0)
        qtbot.addWidget(window)
        window.show()
        window.cards.setCurrentRow(0)
        window.delete_selected()
        assert store.all_checkins() == []
        store.read_only = FULL_DISK
        window.undo_delete()
        assert "Could not undo" in window.undo_label.text()
        store.read_only = None
        window.undo_delete()
        assert [c.note for c in store.all_checkins()] == ["a"]
        window.close()


def test_a_read_only_journal_opens_in_the_app_and_the_review_shows_it(qtbot) -> None:
    from breathingroom.ui.timeline.window import TimelineWindow
    from tests.tmpfs import mounted

    with mounted() as disk:
        db = disk.path / "journal.sqlite3"
        with Store(db, auto_backup=False) as store:
            store.add_checkin(CheckIn.create(NOW - timedelta(hours=1), 4, 6, note="a"))
        disk.remount("ro")
        clock = FakeClock(wall=NOW, tz=PLUS1)
        control, notices = control_with(lambda: Store(db, auto_backup=False), clock)
        window = control.timeline()
        assert isinstance(window, TimelineWindow)
        assert [c.note for c in window.checkins] == ["a"]
        assert "can only be read" in notices[0] and "read-only disk" in notices[0]
        window.cards.setCurrentRow(0)
        window.delete_selected()
        assert "could not be deleted" in window.undo_label.text()
        control.add_session(session(0))  # held, not lost
        assert [r.exercise for r in control.recent_sessions()] == ["box"]
        control.close()
        assert list(paths.current().data_dir.glob("unsaved-sessions-*.json"))


def test_after_a_journal_was_moved_aside_restore_offers_the_copy_from_before(
    qapp, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from breathingroom.services import backup

    clock = FakeClock(wall=NOW)
    with Store.open(clock=clock) as store:
        for minute in range(3):
            store.add_checkin(CheckIn.create(NOW + timedelta(minutes=minute), 5, 5))
        backup.make_backup(store)
    paths.current().database.write_bytes(b"damaged " * 1000)
    clock.advance(60)
    control, _ = control_with(lambda: Store.open(clock=clock), clock)
    store = control.store
    assert store is not None and store.moved_aside is not None
    store.add_checkin(CheckIn.create(NOW + timedelta(minutes=30), 6, 6))  # the day's copy of it
    asked: list[str] = []

    def yes(_parent: object, _title: str, text: str, *a: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    control.restore_backup()
    assert len(asked) == 1
    assert store.count_checkins() == 3
    control.close()
