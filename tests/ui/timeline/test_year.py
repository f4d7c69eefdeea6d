from __future__ import annotations

import random
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from breathingroom.ui.theme import DARK, LIGHT, relative_luminance
from breathingroom.ui.timeline.year import YearView, ramp_color

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


@pytest.fixture
def view(qtbot):
    view = YearView(LIGHT)
    qtbot.addWidget(view)
    view.resize(700, 300)
    return view


def sample_year(year: int) -> dict[date, float | None]:
    """A plausible year: most days logged, slow swings, a few gaps and a quiet fortnight."""
    rng = random.Random(year)
    values: dict[date, float | None] = {}
    day = date(year, 1, 1)
    level = 5.0
    while day.year == year:
        level = min(9.0, max(1.0, level + rng.uniform(-0.7, 0.7)))
        if rng.random() > 0.12 and not (date(year, 8, 3) <= day <= date(year, 8, 16)):
            values[day] = round(level, 1)
        day += timedelta(days=1)
    values[date(year, 3, 3)] = None
    return values


def pixel(view: YearView, day: date) -> str:
    image = view.grab().toImage()
    centre = view.squares()[day].center().toPoint()
    return image.pixelColor(centre).name()


@pytest.mark.parametrize("tokens", [LIGHT, DARK], ids=["light", "dark"])
def test_pleasant_unpleasant_and_empty_days_look_different(view, tokens):
    view.set_tokens(tokens)
    view.set_days(2025, {date(2025, 5, 1): 9.0, date(2025, 5, 2): 1.0, date(2025, 5, 3): None})
    high, low, empty = (pixel(view, date(2025, 5, d)) for d in (1, 2, 3))
    assert len({high, low, empty}) == 3
    assert empty == tokens.background.lower()  # an outline only: the inside is the background
    assert view.color_for(None) is None
    assert view.color_for(9.0) != view.color_for(1.0)


@pytest.mark.parametrize("tokens", [LIGHT, DARK], ids=["light", "dark"])
def test_the_ramp_changes_lightness_one_way(tokens):
    steps = [relative_luminance(ramp_color(tokens, 1 + i / 4)) for i in range(33)]
    pairs = list(pairwise(steps))
    assert all(a < b for a, b in pairs) or all(a > b for a, b in pairs), steps
    # Light: darker means more pleasant; dark: brighter does. Both ends stand off the background.
    background = relative_luminance(QColor(tokens.background))
    assert abs(steps[0] - background) > 0.03


def test_tooltip_and_accessible_name_carry_the_value(view, qtbot):
    view.set_days(2025, {date(2025, 10, 14): 6.24, date(2025, 10, 15): None})
    assert view.text_for(date(2025, 10, 14)) == "Tue 14 Oct 2025: pleasantness 6.2 on average"
    assert view.text_for(date(2025, 10, 15)) == "Wed 15 Oct 2025: no check-ins"
    view.set_focused_day(date(2025, 10, 14))
    assert view.accessibleName() == "Tue 14 Oct 2025: pleasantness 6.2 on average"
    assert "Arrow keys" in view.accessibleDescription()

    view.show()
    qtbot.waitExposed(view)
    pos = view.squares()[date(2025, 10, 14)].center().toPoint()
    event = QHelpEvent(QHelpEvent.Type.ToolTip, pos, view.mapToGlobal(pos))
    QApplication.sendEvent(view, event)
    assert QToolTip.text() == "Tue 14 Oct 2025: pleasantness 6.2 on average"
    QToolTip.hideText()


def test_arrow_keys_move_by_day_and_week_and_enter_activates(view, qtbot):
    view.set_days(2025, {date(2025, 3, 1): 4.0})
    assert view.focused_day() == date(2025, 3, 1)  # the latest day with a check-in
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.focused_day() == date(2025, 3, 2)
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert view.focused_day() == date(2025, 2, 23)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.focused_day() == date(2025, 3, 9)
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert view.focused_day() == date(2025, 3, 8)
    assert view.accessibleName() == "Sat 8 Mar 2025: no check-ins"
    with qtbot.waitSignal(view.day_activated) as signal:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert signal.args == [date(2025, 3, 8)]


def test_focus_stays_inside_the_year(view, qtbot):
    view.set_days(2025, {})
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert view.focused_day() == date(2025, 1, 1)
    qtbot.keyClick(view, Qt.Key.Key_End)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.focused_day() == date(2025, 12, 31)
    view.set_focused_day(date(2025, 1, 31))
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert view.focused_day() == date(2025, 2, 28)


def test_a_click_activates_that_day(view, qtbot):
    view.set_days(2025, {date(2025, 7, 4): 8.0})
    centre = view.squares()[date(2025, 7, 4)].center().toPoint()
    with qtbot.waitSignal(view.day_activated) as signal:
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=centre)
    assert signal.args == [date(2025, 7, 4)]
    assert view.focused_day() == date(2025, 7, 4)


def test_a_click_between_months_does_nothing(view, qtbot):
    view.set_days(2025, {})
    geo_square = view.squares()[date(2025, 2, 28)]
    not_a_day = geo_square.center() + QPointF(2 * geo_square.width(), 0)  # "30 Feb"
    assert view.day_at(not_a_day) is None
    with qtbot.assertNotEmitted(view.day_activated):
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=not_a_day.toPoint())


def test_a_leap_year_has_366_squares_and_29_february(view):
    view.set_days(2024, {date(2024, 2, 29): 7.0})
    squares = view.squares()
    assert len(squares) == 366
    assert date(2024, 2, 29) in squares
    view.set_days(2025, {})
    assert len(view.squares()) == 365


@pytest.mark.parametrize("year", range(2023, 2030))  # 1 January on each weekday
def test_every_day_is_found_where_it_is_drawn(view, year):
    view.set_days(year, {})
    assert date(year, 1, 1).weekday() in range(7)
    for day, rect in view.squares().items():
        assert view.day_at(rect.center()) == day
        assert view.rect().contains(rect.toRect())


def test_days_of_other_years_are_ignored(view):
    view.set_days(2025, {date(2024, 12, 31): 5.0, date(2025, 1, 1): 12.0})
    assert view.value(date(2024, 12, 31)) is None
    assert view.value(date(2025, 1, 1)) == 9.0  # clamped to the scale


def test_an_empty_year_says_so_calmly(view):
    view.set_days(2025, {date(2025, 1, 1): None})
    image = view.grab().toImage()
    assert not image.isNull()
    ARTIFACTS.mkdir(exist_ok=True)
    image.save(str(ARTIFACTS / "year-empty.png"))
    assert view.message() == "No check-ins in 2025 yet."
    assert all(view.value(d) is None for d in view.squares())
    view.set_days(2025, {date(2025, 1, 1): 5.0})
    assert view.message() == ""


@pytest.mark.parametrize("tokens", [LIGHT, DARK], ids=["light", "dark"])
def test_screenshot(view, qtbot, tokens):
    view.set_tokens(tokens)
    values = sample_year(2024)
    values[date(2024, 10, 14)] = 6.2
    view.set_days(2024, values)
    view.show()
    qtbot.waitExposed(view)
    view.setFocus()
    view.set_focused_day(date(2024, 10, 14))
    qtbot.waitUntil(view.hasFocus)
    image = view.grab().toImage()
    ARTIFACTS.mkdir(exist_ok=True)
    assert image.save(str(ARTIFACTS / f"year-{tokens.name}.png"))


@pytest.mark.parametrize("scale", [1.0, 1.5, 2.0])
def test_labels_fit_at_the_smallest_size_for_the_font(view, scale):
    font = view.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    view.setFont(font)
    view.set_days(2024, {})
    if scale == 1.0:
        assert view.minimumSizeHint().width() <= 700
        assert view.minimumSizeHint().height() <= 300
    view.resize(view.minimumSizeHint())
    squares = view.squares()
    pitch = squares[date(2024, 2, 1)].top() - squares[date(2024, 1, 1)].top()
    assert pitch >= 0.85 * view.fontMetrics().height()  # month names do not overlap
    assert all(view.rect().contains(rect.toRect()) for rect in squares.values())
