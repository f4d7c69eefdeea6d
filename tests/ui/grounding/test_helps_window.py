from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt

from breathingroom.core.helps import Choice
from breathingroom.core.records import SessionRecord
from breathingroom.services import paths
from breathingroom.services.settings import Settings
from breathingroom.ui.grounding.helps_window import NOT_ENOUGH, WhatHelpsWindow

T0 = datetime(2026, 11, 1, 20, 0, tzinfo=UTC)

TITLES = {
    "grounding:5-4-3-2-1": "5-4-3-2-1: five senses",
    "breathing:long-exhale": "Slow breathing: Long exhale",
    "grounding:orienting": "Orienting to the room",
    "grounding:cold-water": "Cold water on your face",
}
EVERYTHING = [Choice.from_key(key) for key in TITLES]


def rated(kind: str, ident: str, pairs: list[tuple[int, int]], day: int = 0) -> list[SessionRecord]:
    out = []
    for i, (before, after) in enumerate(pairs):
        start = T0 + timedelta(days=day + i)
        out.append(
            SessionRecord(
                kind,  # type: ignore[arg-type]
                ident,
                start,
                start + timedelta(minutes=3),
                True,
                distress_before=before,
                distress_after=after,
            )
        )
    return out


HISTORY = (
    rated("grounding", "5-4-3-2-1", [(7, 4), (6, 3), (8, 5), (7, 2), (6, 4)])  # drops 3,3,3,5,2
    + rated("breathing", "long-exhale", [(8, 4), (9, 5), (7, 3)], day=10)  # 4,4,4
    + rated("grounding", "orienting", [(5, 5), (6, 5), (5, 6)], day=20)  # 0,1,-1
    + rated("grounding", "cold-water", [(9, 5)], day=30)  # one only: left out
)


def make(qtbot, settings, sessions=HISTORY):
    started: list[Choice] = []
    window = WhatHelpsWindow(
        settings,
        lambda: list(sessions),
        lambda c: TITLES.get(c.key, c.label),
        started.append,
        lambda: list(EVERYTHING),
    )
    qtbot.addWidget(window)
    window.show()
    return window, started


def texts(window) -> list[str]:
    return [window.list.item(i).text() for i in range(window.list.count())]


def reload_pins() -> list[str]:
    return Settings.load(paths.current().settings_file).get("helps_pinned")


def test_most_helpful_first_with_the_median_and_count_in_words(qtbot, settings):
    window, _ = make(qtbot, settings)
    assert [h.key for h in window.rows] == [
        "breathing:long-exhale",
        "grounding:5-4-3-2-1",
        "grounding:orienting",
    ]
    assert texts(window) == [
        "Slow breathing: Long exhale. Distress down by 4 on average (median), from 3 sessions",
        "5-4-3-2-1: five senses. Distress down by 3 on average (median), from 5 sessions",
        "Orienting to the room. Distress about the same on average (median), from 3 sessions",
    ]
    assert window.empty.isHidden()


def test_too_little_data_says_how_the_list_fills_in_and_pinning_still_works(qtbot, settings):
    window, _ = make(qtbot, settings, sessions=rated("grounding", "5-4-3-2-1", [(6, 3)]))
    assert not window.empty.isHidden() and window.empty.text() == NOT_ENOUGH
    assert "Rate your distress before and after" in NOT_ENOUGH
    assert window.list.count() == 0 and window.list.isHidden()
    combo = window.add_combo
    assert combo.itemText(0) == "Add something you know helps…"
    assert [combo.itemText(i) for i in range(1, combo.count())] == list(TITLES.values())
    combo.setCurrentIndex(combo.findText("5-4-3-2-1: five senses"))
    window.add_button.click()
    assert reload_pins() == ["grounding:5-4-3-2-1"]
    assert texts(window) == [
        "5-4-3-2-1: five senses, pinned. Rated after 1 session so far, too few to say"
    ]
    assert combo.findText("5-4-3-2-1: five senses") == -1  # already pinned: not offered again
    assert not window.empty.isHidden()  # still too few ratings to rank anything


def test_pin_reorder_and_unpin_save_at_once(qtbot, settings):
    window, _ = make(qtbot, settings)
    window.list.setCurrentRow(2)  # orienting
    assert window.pin_button.text() == "Pin"
    window.pin_button.click()
    assert reload_pins() == ["grounding:orienting"]
    assert window.rows[0].key == "grounding:orienting" and window.rows[0].pinned
    assert window.pin_button.text() == "Unpin"
    assert texts(window)[0].startswith("Orienting to the room, pinned.")

    window.list.setCurrentRow(2)  # 5-4-3-2-1, now third
    window.pin_button.click()
    assert reload_pins() == ["grounding:orienting", "grounding:5-4-3-2-1"]
    assert window.selected_choice() == Choice("grounding", "5-4-3-2-1")  # selection follows
    assert window.up_button.isEnabled() and not window.down_button.isEnabled()
    window.up_button.click()
    assert reload_pins() == ["grounding:5-4-3-2-1", "grounding:orienting"]
    assert [h.key for h in window.rows][:2] == reload_pins()
    window.down_button.click()
    assert reload_pins() == ["grounding:orienting", "grounding:5-4-3-2-1"]

    window.list.setCurrentRow(2)  # long-exhale: not pinned, so it does not move
    assert not window.up_button.isEnabled() and not window.down_button.isEnabled()
    window.list.setCurrentRow(0)
    window.pin_button.click()  # unpin orienting
    assert reload_pins() == ["grounding:5-4-3-2-1"]


def test_keyboard_moves_starts_and_unpins(qtbot, settings):
    settings.set("helps_pinned", ["grounding:cold-water", "grounding:orienting"])
    window, started = make(qtbot, settings)
    assert texts(window)[0] == (
        "Cold water on your face, pinned. Rated after 1 session so far, too few to say"
    )
    window.list.setFocus()
    window.list.setCurrentRow(0)
    qtbot.keyClick(window.list, Qt.Key.Key_Down)
    assert window.selected_choice() == Choice("grounding", "orienting")
    qtbot.keyClick(window.list, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert reload_pins() == ["grounding:orienting", "grounding:cold-water"]
    assert window.list.currentRow() == 0
    qtbot.keyClick(window.list, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert reload_pins() == ["grounding:cold-water", "grounding:orienting"]
    qtbot.keyClick(window.list, Qt.Key.Key_Delete)
    assert reload_pins() == ["grounding:cold-water"]
    assert started == []
    window.list.setCurrentRow(1)  # after cold water (pinned): long-exhale, the best helper
    qtbot.keyClick(window.list, Qt.Key.Key_Return)
    assert started == [Choice("breathing", "long-exhale")]
    assert not window.isVisible()


def test_start_button_and_space_start_the_selected_choice(qtbot, settings):
    window, started = make(qtbot, settings)
    window.list.setCurrentRow(1)
    window.start_button.click()
    assert started == [Choice("grounding", "5-4-3-2-1")]
    window.show()
    window.list.setFocus()
    window.list.setCurrentRow(2)
    qtbot.keyClick(window.list, Qt.Key.Key_Space)
    assert started[-1] == Choice("grounding", "orienting")


def test_every_control_has_an_accessible_name_and_a_44_px_target(qtbot, settings):
    window, _ = make(qtbot, settings)
    controls = [
        window.list,
        window.add_combo,
        window.add_button,
        window.pin_button,
        window.up_button,
        window.down_button,
        window.start_button,
        window.close_button,
    ]
    for control in controls:
        assert control.accessibleName(), control
    for control in controls[1:]:
        assert control.height() >= 44 and control.width() >= 44, control
    window.close_button.click()
    assert not window.isVisible()
