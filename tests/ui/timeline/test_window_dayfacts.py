"""Review my week shows the day facts kept from other apps: one read-only card per day, the day
note first, read with the same progressive loading as the check-ins (issue 11 review)."""

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from breathingroom.core.dayfacts import DAY_NOTE, DayFact, day_card
from breathingroom.core.journal import CheckIn
from breathingroom.services.store import Store
from breathingroom.ui.theme import DARK, LIGHT
from breathingroom.ui.timeline.window import KIND_ROLE, TimelineWindow
from tests.fakes import FakeClock

PLUS1 = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 26, 20, 0, tzinfo=PLUS1)  # a Thursday
TUESDAY = date(2026, 11, 24)
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
FACTS = [
    DayFact(TUESDAY, "Symptom", "Headache (Moderate)", "2", "all day", source="bearable"),
    DayFact(TUESDAY, "Factors", "☕ Caffeine - Little", "", "pm", source="bearable"),
    DayFact(TUESDAY, "Sleep", "", "7.5", source="bearable"),
    DayFact(TUESDAY, DAY_NOTE, note="A long day, but a good walk.", source="pixels"),
    DayFact(TUESDAY, "Factors", "Walk", "", "pm", source="bearable"),
    DayFact(TUESDAY, "Food Diary", "Dinner", "", "pm", "soup & bread", "bearable"),
    DayFact(date(2026, 11, 10), "Sleep Quality", amount="8/10 points", source="daylio"),
]


def test_a_day_card_puts_the_note_first_and_groups_by_category() -> None:
    text = day_card(TUESDAY, FACTS[:6])
    first, second = text.split("\n")
    assert first == "Tue 24 Nov 2026  ·  day note: A long day, but a good walk."
    assert second == (
        "Symptom: Headache (Moderate, 2)  ·  Factors: ☕ Caffeine - Little, Walk  ·  "
        "Sleep: 7.5  ·  Food Diary: Dinner – soup & bread"
    )
    assert day_card(TUESDAY, FACTS[:1]) == (
        "Tue 24 Nov 2026  ·  about the day\nSymptom: Headache (Moderate, 2)"
    )
    assert day_card(TUESDAY, FACTS[3:4]) == (
        "Tue 24 Nov 2026  ·  day note: A long day, but a good walk."
    )


@pytest.fixture
def store(_fresh_paths):
    with Store.open() as store:
        for day in range(4):
            store.add_checkin(CheckIn.create(NOW - timedelta(days=day), 5 + day, 5, tags=["walk"]))
        store.import_batch([], facts=FACTS, file="b.csv", format="bearable")
        yield store


def _cards(window: TimelineWindow) -> list[tuple[str, str]]:
    items = [window.cards.item(i) for i in range(window.cards.count())]
    return [(item.data(KIND_ROLE), item.text()) for item in items]


def test_the_week_shows_a_card_for_each_day_with_facts_above_that_days_check_ins(qtbot, store):
    window = TimelineWindow(store, clock=FakeClock(wall=NOW, tz=PLUS1), first_weekday=0)
    qtbot.addWidget(window)
    cards = _cards(window)
    kinds = [kind for kind, _text in cards]
    assert kinds == ["checkin", "checkin", "day", "checkin", "checkin"]
    day_text = cards[2][1]
    assert day_text.startswith("Tue 24 Nov 2026  ·  day note: A long day")
    assert cards[3][1].startswith("Tue 24 Nov 2026, 20:00")
    assert "Headache (Moderate, 2)" in day_text
    # The facts of two weeks ago are not on this week's cards.
    assert not any("8/10 points" in text for _kind, text in cards)
    window.show()
    qtbot.waitUntil(lambda: window.complete)  # the rest is read once the window shows
    window.step(-2)
    assert any(k == "day" and "Sleep Quality: 8/10 points" in t for k, t in _cards(window))
    window.close()


def test_day_facts_load_like_the_check_ins_first_the_period_then_everything(qtbot, store):
    window = TimelineWindow(store, clock=FakeClock(wall=NOW, tz=PLUS1), first_weekday=0)
    qtbot.addWidget(window)
    assert not window.complete
    assert {f.day for f in window.day_facts} == {TUESDAY}  # this week and the one before
    window.show()
    qtbot.waitUntil(lambda: window.complete)
    assert window.day_facts == store.all_day_facts()
    window.close()


def test_a_day_card_is_read_only(qtbot, store):
    window = TimelineWindow(store, clock=FakeClock(wall=NOW, tz=PLUS1), first_weekday=0)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.complete)
    window.cards.setCurrentRow(0)
    assert window.edit_button.isEnabled() and window.delete_button.isEnabled()
    row = [kind for kind, _ in _cards(window)].index("day")
    window.cards.setCurrentRow(row)
    assert not window.edit_button.isEnabled() and not window.delete_button.isEnabled()
    assert window.edit_selected() is None
    before = len(store.all_checkins())
    window.delete_selected()
    assert len(store.all_checkins()) == before and store.all_day_facts()
    window.close()


def test_a_tag_filter_shows_only_check_ins(qtbot, store):
    window = TimelineWindow(store, clock=FakeClock(wall=NOW, tz=PLUS1), first_weekday=0)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.complete)
    window.set_filter("tag", "walk")
    assert {kind for kind, _ in _cards(window)} == {"checkin"}
    window.set_filter(None)
    assert "day" in {kind for kind, _ in _cards(window)}
    window.close()


@pytest.mark.parametrize("tokens", [LIGHT, DARK], ids=["light", "dark"])
def test_day_cards_render_in_both_themes(qtbot, store, tokens):
    from breathingroom.ui.theme import ThemeManager

    ThemeManager(tokens.name).apply()
    window = TimelineWindow(store, clock=FakeClock(wall=NOW, tz=PLUS1), first_weekday=0)
    qtbot.addWidget(window)
    window.finish_loading()
    window.set_tokens(tokens)
    window.resize(1100, 760)
    window.show()
    ARTIFACTS.mkdir(exist_ok=True)
    assert window.grab().save(str(ARTIFACTS / f"review-dayfacts-{tokens.name}.png"))
    window.close()
    ThemeManager("light").apply()
