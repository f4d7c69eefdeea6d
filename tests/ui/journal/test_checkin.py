"""Check-in, history and distress widgets, driven offscreen by keyboard and mouse."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QPushButton, QWidget

from breathingroom.core.journal import CheckIn
from breathingroom.services.store import Store
from breathingroom.ui.distress import DistressStrip
from breathingroom.ui.journal.checkin import CheckInWindow
from breathingroom.ui.journal.history import HistoryWindow
from tests.fakes import FakeClock

PLUS1 = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 26, 9, 15, tzinfo=PLUS1)


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "data" / "journal.sqlite3", auto_backup=False) as opened:
        yield opened


def _all_named(widget: QWidget) -> None:
    for child in widget.findChildren(QPushButton):
        assert child.accessibleName(), f"button {child.text()!r} has no accessible name"


def test_keyboard_only_check_in_is_saved(qtbot, store: Store) -> None:
    window = CheckInWindow(store, clock=FakeClock(wall=NOW, tz=PLUS1))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.grid.setFocus()
    assert not window.save_button.isEnabled()
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Down):
        qtbot.keyClick(window.grid, key)
    assert window.grid.value() is None  # moving is not choosing
    qtbot.keyClick(window.grid, Qt.Key.Key_Return)
    assert window.grid.value() == (7, 3)
    # relaxed quadrant suggested; pick the first word with the keyboard
    first_word = next(iter(window.feelings.buttons.values()))
    assert first_word.text() == "calm"
    first_word.setFocus()
    qtbot.keyClick(first_word, Qt.Key.Key_Space)
    qtbot.keyClicks(window.note, "a quiet morning")
    window.note.setFocus()
    for _ in range(6):  # Tab from the note to Save: the note gives Tab back to the window
        focused = window.focusWidget()
        assert focused is not None
        if focused is window.save_button:
            break
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert window.focusWidget() is window.save_button
    with qtbot.waitSignal(window.saved) as saved:
        qtbot.keyClick(window.save_button, Qt.Key.Key_Space)
    [entry] = store.recent_checkins()
    assert entry.id == saved.args[0]
    assert (entry.pleasant, entry.energy, entry.feelings) == (7, 3, ("calm",))
    assert entry.note == "a quiet morning"
    assert entry.iso_at == "2026-11-26T09:15:00+01:00"
    assert window.status.text().startswith("Saved.")
    assert "!" not in window.status.text()
    _all_named(window)
    window.close()


def test_clicking_a_cell_chooses_it_and_offers_that_quadrant(qtbot, store: Store) -> None:
    window = CheckInWindow(store, clock=FakeClock(wall=NOW, tz=PLUS1))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    grid = window.grid
    rect = grid._cell_rect(2, 8)
    with qtbot.waitSignal(grid.chosen) as chosen:
        qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert chosen.args == [2, 8]
    assert "anxious" in window.feelings.buttons
    assert "calm" not in window.feelings.buttons
    window.own_feelings.setText("wired, wired")
    window.own_sensations.setText("buzzing hands")
    window.tags.setText("work")
    window.distress.buttons[6].click()
    assert window.save() is not None
    [entry] = store.recent_checkins()
    assert entry.feelings == ("wired",)
    assert entry.sensations == ("buzzing hands",)
    assert (entry.tags, entry.distress) == (("work",), 6)
    window.close()


def test_save_needs_a_grid_choice(qtbot, store: Store) -> None:
    window = CheckInWindow(store, clock=FakeClock(wall=NOW, tz=PLUS1))
    qtbot.addWidget(window)
    assert window.save() is None
    assert store.count_checkins() == 0
    grid = window.grid
    assert grid.cell_at(grid.rect().center().toPointF() + QPoint(10000, 0).toPointF()) is None


def test_history_edit_delete_and_undo(qtbot, store: Store) -> None:
    for minute, note in ((0, "first"), (5, "second")):
        store.add_checkin(CheckIn.create(NOW + timedelta(minutes=minute), 4, 6, note=note))
    window = HistoryWindow(store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.list.count() == 2
    assert "second" in window.list.item(0).text()
    _all_named(window)

    window.list.setCurrentRow(0)
    with qtbot.waitSignal(window.changed):
        window.delete_selected()
    assert window.list.count() == 1 and window.undo_bar.isVisible()
    assert [c.note for c in store.recent_checkins()] == ["first"]
    with qtbot.waitSignal(window.changed):
        qtbot.mouseClick(window.undo_button, Qt.MouseButton.LeftButton)
    assert [c.note for c in store.recent_checkins()] == ["second", "first"]
    assert not window.undo_bar.isVisible()

    window.list.setCurrentRow(1)
    editor = window.edit_selected()
    assert editor is not None
    assert editor.grid.value() == (4, 6)
    editor.note.setPlainText("first, edited")
    with qtbot.waitSignal(window.changed):
        editor.save()
    assert [c.note for c in store.recent_checkins()] == ["second", "first, edited"]
    assert "first, edited" in window.list.item(1).text()
    window.close()
    assert not window._poll.isActive()


def test_history_sees_entries_written_by_another_process(qtbot, store: Store) -> None:
    window = HistoryWindow(store, poll_ms=10)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window._poll.isActive()
    assert window.list.count() == 0
    with Store(store.path, auto_backup=False) as cli:
        cli.add_checkin(CheckIn.create(NOW, 5, 5, source="cli"))
    qtbot.waitUntil(lambda: window.list.count() == 1)
    window.hide()
    assert not window._poll.isActive()
    window.close()


def test_history_runs_no_timer_while_hidden(qtbot, store: Store) -> None:
    window = HistoryWindow(store)
    qtbot.addWidget(window)
    assert not window._poll.isActive()


def test_distress_strip_taps_and_skip(qtbot) -> None:
    strip = DistressStrip()
    qtbot.addWidget(strip)
    with qtbot.waitSignal(strip.rated) as rated:
        qtbot.mouseClick(strip.buttons[7], Qt.MouseButton.LeftButton)
    assert rated.args == [7] and strip.value() == 7
    with qtbot.waitSignal(strip.skipped):
        qtbot.mouseClick(strip.skip_button, Qt.MouseButton.LeftButton)
    assert strip.value() is None
    assert not any(b.isChecked() for b in strip.buttons)
    strip.reset("After the session: how much distress now?")
    assert strip.prompt().startswith("After")
    _all_named(strip)
    strip.buttons[3].setFocus()
    with qtbot.waitSignal(strip.rated) as rated:
        qtbot.keyClick(strip.buttons[3], Qt.Key.Key_Space)
    assert rated.args == [3]


def test_import_dialog_previews_guesses_custom_moods_then_imports_once(
    qtbot, store: Store, tmp_path: Path
) -> None:
    from zoneinfo import ZoneInfo

    from breathingroom.ui.journal.import_dialog import ImportDialog

    file = tmp_path / "daylio.csv"
    file.write_text(
        "full_date,date,weekday,time,mood,activities,scales,note_title,note\n"
        "2024-03-10,March 10,Sunday,6:50 pm,rad,,Sleep Quality: 8/10 points,,\n"
        "2025-03-11,March 11,Tuesday,7:00 am,pretty good,,,,\n"
        "2025-03-11,March 11,Tuesday,7:00 am,pretty good,,,,\n"
        "2025-03-12,March 12,Wednesday,7:00 am,sleepy,,,,\n",
        encoding="utf-8",
    )
    dialog = ImportDialog(store, zone=ZoneInfo("Europe/Berlin"))
    qtbot.addWidget(dialog)
    dialog.load(str(file))  # a str, as a file dialog gives it, works as well as a Path
    text = dialog.preview_text.toPlainText()
    # The preview: per year, moods with levels (own names guessed), day facts, repeats.
    assert "Per year: 2024: 1, 2025: 2" in text
    assert "rad → 9  (1×)" in text
    assert "pretty good → 7  (2×)  guessed, please check" in text
    assert "sleepy → 5  (1×)  guessed, please check" in text
    assert "Sleep Quality: 1" in text
    assert "1 entry appears more than once in the file: each is added once." in text
    assert "Times are read in Europe/Berlin." in text
    assert dialog._mood_boxes["pretty good"].value() == 7
    assert dialog.import_button.isEnabled()
    assert "None of the check-ins is in your journal yet." in dialog.status.text()
    assert store.count_checkins() == 0  # a preview writes nothing
    dialog.set_mood_level("sleepy", 4)
    qtbot.mouseClick(dialog.apply_moods_button, Qt.MouseButton.LeftButton)
    assert "sleepy → 4" in dialog.preview_text.toPlainText()
    with qtbot.waitSignal(dialog.imported) as imported:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert imported.args == [3, 0]
    assert sorted(c.pleasant for c in store.all_checkins()) == [4, 7, 9]
    assert "Kept 1 day fact " in dialog.status.text()
    dialog.load(file)
    dialog.set_mood_level("sleepy", 4)
    dialog.preview()
    # The preview says what is there already, before anything is stored.
    assert "3 of the check-ins are in your journal already" in dialog.status.text()
    dialog.commit()
    assert store.count_checkins() == 3
    assert "0 check-ins" in dialog.status.text()
    _all_named(dialog)


def test_import_dialog_lets_the_user_choose_the_feelings_group(
    qtbot, store: Store, tmp_path: Path
) -> None:
    from zoneinfo import ZoneInfo

    from breathingroom.ui.journal.import_dialog import ImportDialog

    file = tmp_path / "PIXELS-BACKUP-1.json"
    file.write_text(
        '[{"date": "2022-9-20", "type": "Mood", "scores": [4], "notes": "n",'
        ' "tags": [{"type": "Stimmung", "entries": ["ruhig"]},'
        ' {"type": "Wetter", "entries": ["Regen"]}]}]',
        encoding="utf-8",
    )
    dialog = ImportDialog(store, zone=ZoneInfo("Europe/Berlin"))
    qtbot.addWidget(dialog)
    dialog.load(file)
    assert "Stimmung: 1 word, kept as tags" in dialog.preview_text.toPlainText()
    assert not dialog.feelings_box.isHidden()
    dialog.set_feelings_group("Stimmung")
    assert "Stimmung: 1 word, kept as feelings" in dialog.preview_text.toPlainText()
    dialog.commit()
    (entry,) = store.all_checkins()
    assert entry.feelings == ("ruhig",) and entry.tags == ("Regen",)


def test_import_dialog_reimport_uses_the_zone_of_the_first_import(
    qtbot, store: Store, tmp_path: Path
) -> None:
    from zoneinfo import ZoneInfo

    from breathingroom.ui.journal.import_dialog import ImportDialog

    file = tmp_path / "daylio.csv"
    file.write_text(
        "full_date,date,weekday,time,mood,activities,note\n2024-03-10,x,x,18:50,rad,,\n",
        encoding="utf-8",
    )
    first = ImportDialog(store, zone=ZoneInfo("Europe/Berlin"))
    qtbot.addWidget(first)
    first.load(file)
    first.commit()
    again = ImportDialog(store, zone=ZoneInfo("America/New_York"))
    qtbot.addWidget(again)
    again.load(file)
    assert again.zone_box.currentData() == "Europe/Berlin"
    assert "with its times read in Europe/Berlin" in again.preview_text.toPlainText()
    again.commit()
    assert store.count_checkins() == 1
    assert "0 check-ins" in again.status.text()
    # Another zone is a choice the user makes, and then the times are read anew.
    again.zone_box.setCurrentIndex(again.zone_box.findData("America/New_York"))
    assert "Times are read in America/New_York." in again.preview_text.toPlainText()
    again.commit()
    assert [c.iso_at for c in store.all_checkins()] == [
        "2024-03-10T18:50:00+01:00",
        "2024-03-10T18:50:00-04:00",
    ]


def test_import_dialog_reports_a_bad_file_and_writes_nothing(
    qtbot, store: Store, tmp_path: Path
) -> None:
    from breathingroom.ui.journal.import_dialog import ImportDialog

    file = tmp_path / "broken.json"
    file.write_text('{"format": "breathing-room", "version": 1, "checkins": [{"at": 3}]}')
    dialog = ImportDialog(store)
    qtbot.addWidget(dialog)
    dialog.load(file)
    assert "Nothing can be imported" in dialog.preview_text.toPlainText()
    assert not dialog.import_button.isEnabled()
    dialog.commit()
    assert store.count_checkins() == 0
