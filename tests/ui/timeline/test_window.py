"""Review my week: the window that puts the graph, the words and the entries together."""

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from breathingroom.core import review
from breathingroom.core.journal import CheckIn
from breathingroom.core.records import SessionRecord
from breathingroom.services.store import Store
from breathingroom.ui.theme import DARK, LIGHT
from breathingroom.ui.timeline.window import (
    INDEX_ROLE,
    TimelineWindow,
    period_bounds,
    step_period,
)
from tests.fakes import FakeClock

PLUS1 = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 26, 20, 0, tzinfo=PLUS1)  # a Thursday
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


@pytest.fixture
def store(_fresh_paths):
    with Store.open() as store:
        for day in range(10):
            when = NOW - timedelta(days=day, hours=day % 3)
            store.add_checkin(
                CheckIn.create(
                    when,
                    3 + day % 5,
                    4 + day % 3,
                    feelings=["calm"] if day % 2 else ["tense"],
                    tags=["walk"] if day % 2 else [],
                    note="A slow morning." if day == 1 else "",
                )
            )
        start = NOW - timedelta(days=2)
        store.add_session(
            SessionRecord(
                kind="grounding",
                exercise="5-4-3-2-1",
                start=start,
                end=start + timedelta(minutes=4),
                completed=True,
                distress_before=7,
                distress_after=4,
            )
        )
        yield store


@pytest.fixture
def window(qtbot, store):
    window = TimelineWindow(store, clock=FakeClock(wall=NOW, tz=PLUS1), first_weekday=0)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.complete)  # the rest of the journal, read once it shows
    yield window
    window.close()


def test_periods_have_their_bounds_and_steps():
    thursday = date(2026, 11, 26)
    sunday_first = period_bounds("week", thursday, first_weekday=6)
    assert sunday_first == (date(2026, 11, 22), date(2026, 11, 29))
    assert period_bounds("week", thursday) == (date(2026, 11, 23), date(2026, 11, 30))
    assert period_bounds("month", thursday) == (date(2026, 11, 1), date(2026, 12, 1))
    assert period_bounds("year", thursday) == (date(2026, 1, 1), date(2027, 1, 1))
    assert step_period("month", date(2026, 12, 15), 1) == date(2027, 1, 1)
    assert step_period("month", date(2026, 1, 15), -1) == date(2025, 12, 1)


def test_it_opens_on_this_week_with_its_entries_newest_first(window):
    assert window.period == "week"
    assert window.title_label.text() == "Week of 23 Nov – 29 Nov 2026"
    texts = [window.cards.item(i).text() for i in range(window.cards.count())]
    assert texts[0].startswith("Thu 26 Nov 2026, 20:00")
    assert any("Grounding: 5-4-3-2-1  ·  distress 7 → 4" in t for t in texts)
    assert len(texts) == 5  # Mon 23 to Thu 26: four check-ins, and the session
    assert window.words_heading.text() == "The week in words"
    assert "You checked in 4 times" in window.words_label.text()
    assert review.CAVEAT in window.mood_label.text()


def test_previous_next_today_and_the_year(window):
    window.step(-1)
    assert window.title_label.text() == "Week of 16 Nov – 22 Nov 2026"
    window.today()
    assert window.title_label.text() == "Week of 23 Nov – 29 Nov 2026"
    window.set_period("year")
    assert window.views.currentWidget() is window.year
    assert window.year.value(date(2026, 11, 26)) == 3.0
    window.year.day_activated.emit(date(2026, 11, 18))
    assert window.period == "week" and window.title_label.text().startswith("Week of 16 Nov")


def test_a_card_selects_its_point_and_a_point_its_card(window, qtbot):
    window.cards.setCurrentRow(1)  # a check-in (row 2 is the session)
    chosen = window.cards.currentItem().data(INDEX_ROLE)
    assert window.plot.selected == chosen
    window.plot.setFocus()
    qtbot.keyClick(window.plot, Qt.Key.Key_Right)  # the next check-in on the graph
    assert window.plot.selected != chosen
    assert window.cards.currentItem().data(INDEX_ROLE) == window.plot.selected


def test_delete_can_be_undone(window, store):
    window.cards.setCurrentRow(0)
    before = len(store.all_checkins())
    window.delete_selected()
    assert len(store.all_checkins()) == before - 1 and window.undo_button.isVisible()
    window.undo_delete()
    assert len(store.all_checkins()) == before


@pytest.mark.parametrize("tokens", [LIGHT, DARK], ids=["light", "dark"])
def test_the_window_renders_in_both_themes(qtbot, store, tokens):
    from breathingroom.ui.theme import ThemeManager

    theme = ThemeManager(tokens.name)
    theme.apply()  # the app's palette, set before its windows are built, as in the app
    window = TimelineWindow(store, clock=FakeClock(wall=NOW, tz=PLUS1), first_weekday=0)
    qtbot.addWidget(window)
    window.finish_loading()
    window.set_tokens(tokens)
    window.resize(1100, 760)
    window.show()
    ARTIFACTS.mkdir(exist_ok=True)
    image = window.grab()
    assert image.width() >= 800
    assert image.save(str(ARTIFACTS / f"review-{tokens.name}.png"))
    window.close()
    ThemeManager("light").apply()


def test_cards_say_the_grid_position_in_words_and_the_note(window):
    texts = [window.cards.item(i).text() for i in range(window.cards.count())]
    wednesday = next(t for t in texts if t.startswith("Wed 25 Nov"))
    assert "a little unpleasant, middling energy (pleasant 4, energy 5)" in wednesday
    assert "calm" in wednesday and "tags: walk" in wednesday and "A slow morning." in wednesday


def test_filter_by_tag_shows_only_those_entries(window):
    window.set_filter("tag", "walk")
    assert window.checkins and all("walk" in e.tags for e in window.checkins)
    cards = [window.cards.item(i).text() for i in range(window.cards.count())]
    checkin_cards = [t for t in cards if "pleasant " in t and "Grounding" not in t]
    assert checkin_cards and all("tags: walk" in t for t in checkin_cards)
    window.set_filter(None)
    assert len(window.checkins) == len(window.all_checkins)


def test_the_view_saves_as_a_picture_and_the_report_as_a_pdf(window, tmp_path):
    import subprocess

    from breathingroom.ui.timeline.report import ReportSections

    picture = window.save_picture(tmp_path / "view.png")
    assert picture is not None and picture.read_bytes().startswith(b"\x89PNG")
    report = window.save_report(tmp_path / "r.pdf", ReportSections(diary_card=False))
    assert report is not None
    text = subprocess.run(["pdftotext", str(report), "-"], capture_output=True, text=True)
    assert "A slow morning." in text.stdout and "Diary card" not in text.stdout


def test_weekday_and_time_of_day_are_in_the_mood_panel(window):
    text = window.mood_label.text()
    assert "By weekday: " in text and "By time of day: " in text


def test_it_opens_on_the_period_first_and_reads_the_rest_once_shown(qtbot, store):
    window = TimelineWindow(store, clock=FakeClock(wall=NOW, tz=PLUS1), first_weekday=0)
    qtbot.addWidget(window)
    assert not window.complete
    # Only this week and the one before were read: the 10 days of check-ins all fall there.
    assert {e.local.date() for e in window.all_checkins} <= {
        date(2026, 11, 16) + timedelta(days=n) for n in range(14)
    }
    assert window.helps_label.text() == "Reading your journal…"
    window.show()
    qtbot.waitUntil(lambda: window.complete)
    assert len(window.all_checkins) == len(store.all_checkins())
    assert window.helps_label.text() != "Reading your journal…"
    window.close()


def test_a_point_outside_the_period_brings_its_period_and_its_card(window):
    old = next(i for i, e in enumerate(window.checkins) if e.local.date() == date(2026, 11, 17))
    window.plot.point_selected.emit(old)
    assert window.title_label.text() == "Week of 16 Nov – 22 Nov 2026"
    assert window.cards.currentItem().data(INDEX_ROLE) == old
    assert window.delete_button.isEnabled()


def test_the_cards_follow_the_graph_when_it_is_dragged_or_zoomed(window, qtbot):
    window.plot.show_range(datetime(2026, 11, 16), datetime(2026, 11, 19))  # as a drag would
    qtbot.waitUntil(lambda: window.period == "range")
    assert window.title_label.text() == "16 Nov 2026 – 18 Nov 2026"
    days = {window.cards.item(i).text()[:10] for i in range(window.cards.count())}
    assert days <= {"Mon 16 Nov", "Tue 17 Nov", "Wed 18 Nov"}
    window.today()
    assert window.period == "week" and window.title_label.text().startswith("Week of 23 Nov")


def test_an_iso_week_in_a_sunday_first_locale_shows_exactly_its_days(qtbot, store):
    window = TimelineWindow(store, clock=FakeClock(wall=NOW, tz=PLUS1), first_weekday=6)
    qtbot.addWidget(window)
    window.finish_loading()
    window.show_dates("week", date(2026, 11, 16), date(2026, 11, 23))  # 2026-W47
    assert window.current_range() == (date(2026, 11, 16), date(2026, 11, 23))
    window.close()


def test_breaks_taken_show_on_the_calendar_and_the_week_and_skipped_ones_do_not(qtbot, store):
    for n, (day, outcome) in enumerate(((0, "taken"), (0, "taken"), (1, "skipped"), (3, "taken"))):
        start = NOW - timedelta(days=day, hours=1 + n)
        store.add_session(
            SessionRecord(
                kind="break",
                exercise="coherent" if outcome == "taken" else "break",
                start=start,
                end=start + timedelta(minutes=2 if outcome == "taken" else 0),
                completed=outcome == "taken",
                params={"outcome": outcome, "felt": "better"}
                if outcome == "taken"
                else {"outcome": outcome},
            )
        )
    window = TimelineWindow(store, clock=FakeClock(wall=NOW, tz=PLUS1), first_weekday=0)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.complete)
    try:
        calendar = window.break_calendar
        assert calendar.counts == {NOW.date(): 2, (NOW - timedelta(days=3)).date(): 1}
        assert calendar.accessibleDescription().startswith("3 breaks on 2 days")
        assert calendar.shade(0) is None and calendar.shade(3) != calendar.shade(1)
        assert "3 breaks in the last 26 weeks" in window.breaks_label.text()
        breaks = [s for s in window.sessions if s.kind == "break"]
        assert len(breaks) == 3  # the skipped invitation is not a session shown
        texts = [t for t in window.plot.session_texts if t.startswith("Break")]
        assert texts and all("felt better after" in t for t in texts)
        symbols = window.plot.session_markers.data["symbol"]
        assert list(symbols).count("s") == 3
        ARTIFACTS.mkdir(exist_ok=True)
        window.grab().save(str(ARTIFACTS / "timeline-breaks.png"))
    finally:
        window.close()
