"""The timeline graph: what it plots (arrays, not pixels), its keys, its range and its looks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from breathingroom.core.journal import CheckIn
from breathingroom.core.records import SessionRecord
from breathingroom.ui.theme import DARK, LIGHT
from breathingroom.ui.timeline.plot import DAY, EMPTY_TEXT, TimelinePlot, wall_x
from tests.fakes import FakeClock

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
BERLIN = ZoneInfo("Europe/Berlin")
SUMMER = timezone(timedelta(hours=2))


def at(day: int, hour: int, minute: int = 0, tz: timezone = SUMMER) -> datetime:
    return datetime(2026, 6, day, hour, minute, tzinfo=tz)


def checkin(moment: datetime, pleasant: int, energy: int, **kw: object) -> CheckIn:
    return CheckIn.create(moment, pleasant, energy, **kw)  # type: ignore[arg-type]


def session(moment: datetime, before: int | None = 7, after: int | None = 4) -> SessionRecord:
    return SessionRecord(
        "breathing",
        "long-exhale",
        moment,
        moment + timedelta(minutes=5),
        True,
        distress_before=before,
        distress_after=after,
    )


def x_of(year: int, month: int, day: int, hour: float = 0) -> float:
    return datetime(year, month, day, tzinfo=UTC).timestamp() + hour * 3600


@pytest.fixture
def plot(qtbot):  # type: ignore[no-untyped-def]
    widget = TimelinePlot()
    qtbot.addWidget(widget)
    widget.resize(900, 420)
    return widget


def three_days() -> list[CheckIn]:
    # 1 June: two entries; 2 June: none; 3 June: one.
    return [
        checkin(at(1, 9), 3, 6, feelings=("tense",), note="Busy morning\nand more"),
        checkin(at(3, 20), 8, 2),
        checkin(at(1, 21), 7, 4),
    ]


def test_points_sit_at_their_wall_clock_time_and_values(plot):
    plot.set_data(three_days(), [])
    x, y = plot.pleasant_points.getData()
    assert list(x) == [x_of(2026, 6, 1, 9), x_of(2026, 6, 1, 21), x_of(2026, 6, 3, 20)]
    assert list(y) == [3, 7, 8]
    ex, ey = plot.energy_points.getData()
    assert list(ex) == list(x)
    assert list(ey) == [6, 4, 2]


def test_daily_means_have_a_gap_on_a_day_without_entries(plot):
    plot.set_data(three_days(), [])
    x, y = plot.mean_line["pleasant"].getData()
    assert list(x) == [x_of(2026, 6, d, 12) for d in (1, 2, 3)]
    assert y[0] == 5 and np.isnan(y[1]) and y[2] == 8
    _, energy = plot.mean_line["energy"].getData()
    assert energy[0] == 5 and np.isnan(energy[1]) and energy[2] == 2
    assert plot.mean_line["pleasant"].opts["connect"] == "finite"


def test_bands_span_each_days_min_and_max(plot):
    plot.set_data(three_days(), [])
    low, high = plot.band["pleasant"].curves
    _, lows = low.getData()
    _, highs = high.getData()
    assert lows[0] == 3 and highs[0] == 7
    assert np.isnan(lows[1]) and np.isnan(highs[1])
    assert lows[2] == highs[2] == 8
    # The fill joins neighbouring days and never bridges an empty one.
    plot.set_data([*three_days(), checkin(at(4, 9), 2, 2), checkin(at(4, 10), 6, 2)], [])
    path = plot.band["pleasant"].path()
    assert path.contains(QPointF(x_of(2026, 6, 3, 18), 7))
    assert not path.contains(QPointF(x_of(2026, 6, 2, 12), 5))
    assert not path.contains(QPointF(x_of(2026, 6, 1, 18), 5))


def test_sessions_are_markers_along_the_bottom_that_say_what_was_done(plot):
    records = [session(at(1, 20)), session(at(3, 7), after=None)]
    plot.set_data(three_days(), records)
    x, y = plot.session_markers.getData()
    assert list(x) == [x_of(2026, 6, 1, 20), x_of(2026, 6, 3, 7)]
    assert all(v == 0.5 for v in y)
    assert plot.session_texts == [
        "Breathing: long-exhale, distress 7 → 4",
        "Breathing: long-exhale, distress 7 before",
    ]
    assert "Breathing: long-exhale, distress 7 → 4" in plot._session_tip(0, 0.5, 0)


def test_entries_around_the_october_clock_change_land_on_their_own_day(plot):
    # In Berlin, 25 October 2026 03:00 CEST becomes 02:00 CET. Both entries are at 00:30 local.
    before = datetime(2026, 10, 25, 0, 30, tzinfo=BERLIN)  # +02:00
    after = datetime(2026, 10, 26, 0, 30, tzinfo=BERLIN)  # +01:00
    plot.set_data([checkin(before, 5, 5), checkin(after, 6, 6)], [])
    x, _ = plot.pleasant_points.getData()
    assert list(x) == [x_of(2026, 10, 25, 0.5), x_of(2026, 10, 26, 0.5)]
    assert [int(v // DAY) for v in x] == [
        int(x_of(2026, 10, 25) // DAY),
        int(x_of(2026, 10, 26) // DAY),
    ]
    days, means = plot.mean_line["pleasant"].getData()
    assert list(days) == [x_of(2026, 10, 25, 12), x_of(2026, 10, 26, 12)]
    assert list(means) == [5, 6]


def test_left_and_right_walk_every_check_in_in_time_order(plot, qtbot):
    entries = [checkin(at(1 + i % 9, 8 + i % 5, i), 1 + i % 9, 9 - i % 9) for i in range(40)]
    plot.set_data(entries, [])
    plot.show_range(datetime(2026, 6, 1), datetime(2026, 6, 2))
    seen: list[int] = []
    plot.point_selected.connect(seen.append)
    plot.setFocus()
    for _ in range(len(entries) + 3):
        qtbot.keyClick(plot, Qt.Key.Key_Right)
    assert sorted(seen[: len(entries)]) == list(range(len(entries)))
    times = [entries[i].local for i in seen[: len(entries)]]
    assert times == sorted(times)
    # Each one selected is brought into view and described.
    last = entries[seen[-1]]
    start, end = plot.visible_range()
    assert start <= last.local.replace(tzinfo=None) <= end
    assert last.local.strftime("%H:%M") in plot.info_text()
    qtbot.keyClick(plot, Qt.Key.Key_Left)
    assert seen[-1] == seen[len(entries) - 2]


def test_selecting_shows_time_feelings_and_the_notes_first_line(plot):
    plot.set_data(three_days(), [])
    plot.select(0)
    assert plot.selected == 0
    assert plot.info_text() == "Mon 01 Jun 2026, 09:00\nPleasant 3, energy 6\ntense\nBusy morning"
    assert plot.info.isVisible()
    assert "Busy morning" in plot.accessibleDescription()
    hx, hy = plot.highlight.getData()
    assert list(hx) == [x_of(2026, 6, 1, 9)] * 2 and list(hy) == [3, 6]
    plot.select(None)
    assert plot.info_text() == "" and not plot.info.isVisible()


def test_show_range_moves_the_view_and_says_so(plot, qtbot):
    plot.set_data(three_days(), [])
    with qtbot.waitSignal(plot.range_changed) as signal:
        plot.show_range(at(1, 0), at(4, 0))
    assert signal.args == [datetime(2026, 6, 1), datetime(2026, 6, 4)]
    assert plot.visible_range() == (datetime(2026, 6, 1), datetime(2026, 6, 4))


def test_zoom_stays_between_a_day_and_ten_years_and_y_stays_put(plot, qtbot):
    plot.set_data(three_days(), [])
    plot.show_range(datetime(2026, 6, 1), datetime(2026, 6, 8))
    plot.setFocus()
    for _ in range(30):
        qtbot.keyClick(plot, Qt.Key.Key_Plus)
    start, end = plot.visible_range()
    assert end - start == pytest.approx(timedelta(days=1), abs=timedelta(minutes=1))
    for _ in range(80):
        qtbot.keyClick(plot, Qt.Key.Key_Minus)
    start, end = plot.visible_range()
    assert timedelta(days=3650) < end - start <= timedelta(days=10.5 * 365.25)
    assert plot.view.viewRange()[1] == [0.0, 9.5]


def test_page_keys_step_by_a_period_and_home_shows_today(qtbot):
    plot = TimelinePlot(clock=FakeClock(wall=datetime(2026, 6, 20, 15, 0, tzinfo=SUMMER)))
    qtbot.addWidget(plot)
    plot.set_data(three_days(), [])
    plot.show_range(datetime(2026, 6, 1), datetime(2026, 7, 1))
    plot.setFocus()
    qtbot.keyClick(plot, Qt.Key.Key_PageDown)
    assert plot.visible_range() == (datetime(2026, 7, 1), datetime(2026, 8, 1))
    qtbot.keyClick(plot, Qt.Key.Key_PageUp)
    qtbot.keyClick(plot, Qt.Key.Key_PageUp)
    assert plot.visible_range() == (datetime(2026, 5, 1), datetime(2026, 6, 1))
    plot.show_range(datetime(2026, 6, 1), datetime(2026, 6, 8))
    qtbot.keyClick(plot, Qt.Key.Key_PageDown)
    assert plot.visible_range() == (datetime(2026, 6, 8), datetime(2026, 6, 15))
    qtbot.keyClick(plot, Qt.Key.Key_Home)
    assert plot.visible_range() == (datetime(2026, 6, 14), datetime(2026, 6, 21))


def test_new_data_keeps_the_range(plot):
    plot.set_data(three_days(), [])
    plot.show_range(datetime(2026, 5, 20), datetime(2026, 5, 27))
    plot.set_data([*three_days(), checkin(at(10, 9), 5, 5)], [session(at(12, 9))])
    assert plot.visible_range() == (datetime(2026, 5, 20), datetime(2026, 5, 27))


def test_the_first_data_shows_the_week_up_to_the_newest_entry(plot):
    plot.set_data(three_days(), [])
    assert plot.visible_range() == (datetime(2026, 5, 28), datetime(2026, 6, 4))


def test_no_data_shows_a_calm_sentence_instead_of_an_empty_graph(plot):
    plot.set_data([], [])
    assert plot.stack.currentWidget() is plot.empty
    assert plot.empty.text() == EMPTY_TEXT
    plot.set_data(three_days(), [])
    assert plot.stack.currentWidget() is plot.graph
    plot.set_data([], [])
    assert plot.stack.currentWidget() is plot.empty


def test_hovering_a_point_describes_it(plot, qtbot):
    plot.set_data(three_days(), [])
    plot.show_range(datetime(2026, 6, 1), datetime(2026, 6, 2))
    plot.show()
    qtbot.waitExposed(plot)
    near = plot.view.mapViewToScene(QPointF(x_of(2026, 6, 1, 21), 7)) + QPointF(3, -2)
    plot._mouse_moved(near)
    assert plot.info_text().startswith("Mon 01 Jun 2026, 21:00")
    plot.close()


def sample_month() -> tuple[list[CheckIn], list[SessionRecord]]:
    rng = np.random.default_rng(7)
    entries, records = [], []
    for d in range(1, 29):
        if d in (10, 11, 19):
            continue
        for hour in sorted(rng.choice([8, 11, 14, 17, 21], size=3, replace=False)):
            mood = int(np.clip(round(5.5 + 2 * np.sin(d / 4) + rng.normal(0, 1)), 1, 9))
            energy = int(np.clip(round(4.5 + 1.5 * np.cos(d / 3) + rng.normal(0, 1)), 1, 9))
            entries.append(
                checkin(
                    at(d, int(hour), int(rng.integers(0, 59))),
                    mood,
                    energy,
                    feelings=("calm", "tired"),
                    note="Walked by the river",
                )
            )
        if d % 3 == 0:
            records.append(session(at(d, 20)))
    return entries, records


@pytest.mark.parametrize("tokens", [LIGHT, DARK], ids=["light", "dark"])
def test_renders_in_both_themes(qtbot, tokens):
    plot = TimelinePlot()
    qtbot.addWidget(plot)
    plot.set_tokens(tokens)
    plot.resize(900, 420)
    entries, records = sample_month()
    plot.set_data(entries, records)
    plot.show_range(datetime(2026, 6, 7), datetime(2026, 6, 21))
    plot.select(len(entries) // 2)
    image = plot.grab().toImage()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert image.save(str(ARTIFACTS / f"timeline-{tokens.name}.png"))
    # The background is the theme's, and both series' colours are on the picture.
    assert image.pixelColor(5, 5).name().upper() == tokens.background.upper()
    colours = {
        image.pixelColor(x, y).name().upper()
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
    }
    assert tokens.inhale.upper() in colours
    assert tokens.exhale.upper() in colours
    assert wall_x(entries[0].local) < wall_x(entries[-1].local)


def test_a_touchpad_pinch_zooms_around_the_fingers(plot, qtbot):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QNativeGestureEvent, QPointingDevice
    from PySide6.QtWidgets import QApplication

    plot.show()
    plot.show_range(datetime(2026, 3, 1), datetime(2026, 3, 29))
    before = plot.visible_range()
    viewport = plot.graph.viewport()
    middle = QPointF(viewport.width() / 2, viewport.height() / 2)

    def pinch(value: float) -> None:
        event = QNativeGestureEvent(
            Qt.NativeGestureType.ZoomNativeGesture,
            QPointingDevice.primaryPointingDevice(),
            2,
            middle,
            middle,
            viewport.mapToGlobal(middle),
            value,
            QPointF(0, 0),
        )
        QApplication.sendEvent(viewport, event)

    pinch(0.5)  # fingers apart: closer in
    closer = plot.visible_range()
    assert closer[1] - closer[0] < before[1] - before[0]
    pinch(-0.5)
    pinch(-0.5)  # together: further out
    further = plot.visible_range()
    assert further[1] - further[0] > before[1] - before[0]
