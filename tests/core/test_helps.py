"""What works for me, SOS routing and escalation; every expected number is worked out by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from breathingroom.core.exercises import Band
from breathingroom.core.helps import (
    BAND_DEFAULTS,
    KNOWN_BANDS,
    Choice,
    Helpfulness,
    escalation,
    is_choice_key,
    should_escalate,
    sos_choice,
    what_helps,
)
from breathingroom.core.records import SessionRecord

DAY0 = datetime(2026, 3, 1, 20, 0, tzinfo=UTC)

LONG_EXHALE = Choice("breathing", "long-exhale")
FIVE = Choice("grounding", "5-4-3-2-1")
ORIENTING = Choice("grounding", "orienting")
BUTTERFLY = Choice("grounding", "butterfly-hug")
COLD = Choice("grounding", "cold-water")
PAIRED = Choice("grounding", "paired-relaxation")
SAFE = Choice("grounding", "safe-place")
VALIDATE = Choice("grounding", "validate-feeling")
EVERYTHING = set(KNOWN_BANDS)


def session(
    key: str,
    before: int | None,
    after: int | None,
    day: int = 0,
    completed: bool = True,
) -> SessionRecord:
    choice = Choice.from_key(key) if ":" in key else None
    kind, exercise = (choice.kind, choice.id) if choice else ("break", key)
    start = DAY0 + timedelta(days=day)
    return SessionRecord(
        kind=kind,
        exercise=exercise,
        start=start,
        end=start + timedelta(minutes=5),
        completed=completed,
        distress_before=before,
        distress_after=after,
    )


def summary(rows: list[Helpfulness]) -> list[tuple[str, int, float | None, bool]]:
    return [(h.key, h.n, h.median_drop, h.pinned) for h in rows]


#: A mixed history. Drops (before - after), worked out by hand:
#:   5-4-3-2-1     8->5 3, 7->5 2, 6->2 4         n 3, median 3
#:   long-exhale   9->6 3, 8->4 4, 7->5 2, 6->5 1 n 4, median (2+3)/2 = 2.5 (one stopped early)
#:   orienting     7->2 5, 6->1 5                 n 2: too few to rank
#:   butterfly-hug 5->6 -1, 6->8 -2, 5->5 0       n 3, median -1: made things worse
#:   cold-water    rated before only: not counted; a break: not a choice
HISTORY = [
    session("grounding:5-4-3-2-1", 8, 5, day=1),
    session("grounding:5-4-3-2-1", 7, 5, day=2),
    session("grounding:5-4-3-2-1", 6, 2, day=3),
    session("breathing:long-exhale", 9, 6, day=1),
    session("breathing:long-exhale", 8, 4, day=2),
    session("breathing:long-exhale", 7, 5, day=3, completed=False),
    session("breathing:long-exhale", 6, 5, day=4),
    session("grounding:orienting", 7, 2, day=5),
    session("grounding:orienting", 6, 1, day=6),
    session("grounding:butterfly-hug", 5, 6, day=7),
    session("grounding:butterfly-hug", 6, 8, day=8),
    session("grounding:butterfly-hug", 5, 5, day=9),
    session("grounding:cold-water", 9, None, day=10),
    session("grounding:cold-water", 9, None, day=11),
    session("grounding:cold-water", 9, None, day=12),
    session("rest", 6, 2, day=13),
]


# -- Choice ---------------------------------------------------------------------------------------
def test_a_choice_has_a_key_for_pins_and_a_plain_label() -> None:
    assert FIVE.key == "grounding:5-4-3-2-1"
    assert LONG_EXHALE.label == "Breathing: long-exhale"
    assert Choice.from_key("grounding:5-4-3-2-1") == FIVE
    assert Choice.from_key("breathing:custom-slow") == Choice("breathing", "custom-slow")


@pytest.mark.parametrize(
    "key",
    ["grounding", "walk:5-4-3-2-1", "break:rest", "grounding:", "grounding: x", ":x", "x" * 90],
)
def test_keys_that_are_not_shaped_kind_id_are_refused(key: str) -> None:
    assert not is_choice_key(key)
    with pytest.raises(ValueError, match="not a choice key"):
        Choice.from_key(key)


def test_only_strings_are_choice_keys() -> None:
    assert is_choice_key("breathing:coherent")
    assert not is_choice_key(3)
    assert not is_choice_key(["breathing:coherent"])


# -- what_helps -----------------------------------------------------------------------------------
def test_ranked_by_median_drop_with_too_few_left_out_and_the_worse_last() -> None:
    assert summary(what_helps(HISTORY)) == [
        ("grounding:5-4-3-2-1", 3, 3.0, False),
        ("breathing:long-exhale", 4, 2.5, False),
        ("grounding:butterfly-hug", 3, -1.0, False),
    ]


def test_sessions_stopped_early_count_when_both_ratings_are_there() -> None:
    stopped = [session("grounding:orienting", 7, 4, day=d, completed=False) for d in range(3)]
    assert summary(what_helps(stopped)) == [("grounding:orienting", 3, 3.0, False)]


def test_fewer_than_min_n_sessions_are_not_ranked() -> None:
    two = [session("grounding:orienting", 7, 2, day=1), session("grounding:orienting", 6, 1, 2)]
    assert what_helps(two) == []
    assert summary(what_helps(two, min_n=2)) == [("grounding:orienting", 2, 5.0, False)]


def test_ties_go_to_more_sessions_then_to_the_most_recent_use() -> None:
    # Every median is 2. B has 4 sessions; A, C and D have 3 each. A's ratings are the oldest,
    # but it was used again (unrated) on day 20, which makes it the most recent of the three.
    sessions = [
        *[session("grounding:a", 5, 5 - d, day=d) for d in (1, 2, 3)],  # drops 1, 2, 3
        *[session("grounding:b", 6, 4, day=d) for d in (1, 2, 3, 4)],  # 2, 2, 2, 2
        *[session("grounding:c", 6, 4, day=d) for d in (4, 5, 6)],
        *[session("grounding:d", 6, 4, day=d) for d in (7, 8, 9)],
        session("grounding:a", None, None, day=20),
    ]
    rows = what_helps(sessions)
    assert summary(rows) == [
        ("grounding:b", 4, 2.0, False),
        ("grounding:a", 3, 2.0, False),
        ("grounding:d", 3, 2.0, False),
        ("grounding:c", 3, 2.0, False),
    ]
    assert rows[1].last_used == DAY0 + timedelta(days=20)


def test_pins_come_first_in_their_order_whatever_their_numbers() -> None:
    pinned = (
        "grounding:safe-place",  # never tried
        "grounding:butterfly-hug",  # made things worse, still first when pinned
        "grounding:orienting",  # too few to rank: n and median still shown
        "grounding:safe-place",  # a duplicate
        "not a key",
    )
    assert summary(what_helps(HISTORY, pinned=pinned)) == [
        ("grounding:safe-place", 0, None, True),
        ("grounding:butterfly-hug", 3, -1.0, True),
        ("grounding:orienting", 2, 5.0, True),
        ("grounding:5-4-3-2-1", 3, 3.0, False),
        ("breathing:long-exhale", 4, 2.5, False),
    ]


def test_the_band_counts_only_sessions_that_started_at_that_level() -> None:
    # MIDDLE (before 5-7): 5-4-3-2-1 7->5 2, 6->2 4 (n 2, median 3); long-exhale 7->5 2,
    # 6->5 1 (n 2, median 1.5); orienting 5, 5 (n 2, median 5); butterfly-hug all three.
    assert summary(what_helps(HISTORY, band=Band.MIDDLE)) == [
        ("grounding:butterfly-hug", 3, -1.0, False),
    ]
    assert summary(what_helps(HISTORY, band=Band.MIDDLE, min_n=2)) == [
        ("grounding:orienting", 2, 5.0, False),
        ("grounding:5-4-3-2-1", 2, 3.0, False),
        ("breathing:long-exhale", 2, 1.5, False),
        ("grounding:butterfly-hug", 3, -1.0, False),
    ]
    # HIGH (8-10): long-exhale 9->6 3, 8->4 4 (median 3.5); 5-4-3-2-1 8->5 only.
    assert summary(what_helps(HISTORY, band=Band.HIGH, min_n=2)) == [
        ("breathing:long-exhale", 2, 3.5, False),
    ]
    assert what_helps(HISTORY, band=Band.LOW, min_n=1) == []


# -- sos_choice -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("distress", "expected"),
    [
        (10, LONG_EXHALE),
        (8, LONG_EXHALE),
        (7, FIVE),
        (5, FIVE),
        (4, VALIDATE),
        (0, VALIDATE),
        (None, FIVE),
    ],
)
def test_with_no_history_the_sos_goes_by_the_band(distress: int | None, expected: Choice) -> None:
    assert sos_choice(distress, [], available=EVERYTHING) == expected


def test_the_defaults_are_body_first_then_senses_then_reflection() -> None:
    assert BAND_DEFAULTS == {Band.HIGH: LONG_EXHALE, Band.MIDDLE: FIVE, Band.LOW: VALIDATE}


#: cold-water at HIGH: 9->5 4, 8->5 3, 10->6 4 (median 4); long-exhale at HIGH 2, 2, 2;
#: paired-relaxation, only ever at MIDDLE: 6->1 5 three times (median 5).
PERSONAL = [
    *[
        session("grounding:cold-water", b, a, day=d)
        for d, (b, a) in enumerate([(9, 5), (8, 5), (10, 6)])
    ],
    *[session("breathing:long-exhale", 9, 7, day=d) for d in (4, 5, 6)],
    *[session("grounding:paired-relaxation", 6, 1, day=d) for d in (7, 8, 9)],
]


def test_the_sos_follows_what_helped_this_person_at_that_level() -> None:
    assert sos_choice(9, PERSONAL, available=EVERYTHING) == COLD
    assert sos_choice(6, PERSONAL, available=EVERYTHING) == PAIRED
    assert sos_choice(2, PERSONAL, available=EVERYTHING) == VALIDATE  # no history at LOW


def test_the_sos_never_offers_what_made_things_worse() -> None:
    worse = [session("grounding:butterfly-hug", 6, 7, day=d) for d in range(3)]
    level = [session("grounding:orienting", 6, 6, day=d) for d in range(3)]  # median 0
    assert sos_choice(6, worse + level, available=EVERYTHING) == FIVE
    assert sos_choice(None, worse + level, available=EVERYTHING) == FIVE
    pinned_worse = ("grounding:butterfly-hug", "grounding:safe-place")
    assert sos_choice(None, worse, pinned=pinned_worse, available=EVERYTHING) == SAFE


def test_a_default_that_made_things_worse_for_this_person_is_passed_over() -> None:
    worse_default = [session("breathing:long-exhale", 9, 10, day=d) for d in range(4)]
    choice = sos_choice(9, worse_default, available=EVERYTHING)
    assert choice != LONG_EXHALE and choice == COLD  # the next body-first choice
    skipped_worse = [session("grounding:5-4-3-2-1", 6, 8, day=d) for d in range(3)]
    assert sos_choice(None, skipped_worse, available=EVERYTHING) != FIVE


def test_the_sos_needs_three_sessions_before_it_trusts_them() -> None:
    two = PERSONAL[:2]  # cold-water twice, drops 4 and 3
    assert sos_choice(9, two, available=EVERYTHING) == LONG_EXHALE


def test_available_may_be_given_by_position_or_left_out() -> None:
    assert sos_choice(9, PERSONAL, (), EVERYTHING - {COLD.key}) == LONG_EXHALE
    assert sos_choice(9, PERSONAL) == COLD  # None: anything may be started


def test_helped_means_three_sessions_and_a_median_above_zero() -> None:
    rows = {h.key: h.helped for h in what_helps(HISTORY, pinned=("grounding:orienting",))}
    assert rows == {
        "grounding:orienting": False,  # median 5 but only 2 sessions
        "grounding:5-4-3-2-1": True,
        "breathing:long-exhale": True,
        "grounding:butterfly-hug": False,  # made things worse
    }


def test_the_sos_skips_what_cannot_be_started_now() -> None:
    no_cold = EVERYTHING - {COLD.key}
    assert sos_choice(9, PERSONAL, available=no_cold) == LONG_EXHALE
    assert sos_choice(9, [], available=EVERYTHING - {LONG_EXHALE.key}) == COLD
    # Nothing of MIDDLE: the nearest bands, the body-first one first.
    middle = {FIVE.key, ORIENTING.key, BUTTERFLY.key}
    assert sos_choice(6, [], available=EVERYTHING - middle) == LONG_EXHALE
    assert sos_choice(6, [], available={VALIDATE.key}) == VALIDATE


def test_skipping_the_question_starts_the_personal_default() -> None:
    pins = ("grounding:safe-place", "grounding:orienting")
    assert sos_choice(None, PERSONAL, pinned=pins, available=EVERYTHING) == SAFE
    assert sos_choice(None, PERSONAL, pinned=pins, available=EVERYTHING - {SAFE.key}) == ORIENTING
    # No pins: the best helper over everything, paired-relaxation (median 5 over cold-water's 4).
    assert sos_choice(None, PERSONAL, available=EVERYTHING) == PAIRED
    assert sos_choice(None, PERSONAL, available=EVERYTHING - {PAIRED.key}) == COLD


# -- escalation -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (8, 6, False),
        (3, 0, False),
        (8, 7, True),
        (8, 8, True),
        (5, 7, True),
        (None, 5, False),
        (5, None, False),
    ],
)
def test_escalate_when_distress_fell_by_less_than_two(
    before: int | None, after: int | None, expected: bool
) -> None:
    assert should_escalate(before, after) is expected


def test_came_down_somewhat_offers_a_calmer_band() -> None:
    assert escalation(LONG_EXHALE, Band.HIGH, EVERYTHING, [], before=9, after=8) == FIVE
    assert escalation(FIVE, Band.MIDDLE, EVERYTHING, [], before=6, after=5) == VALIDATE
    # From LOW there is no calmer band: the senses.
    assert escalation(VALIDATE, Band.LOW, EVERYTHING, [], before=4, after=3) == FIVE


def test_not_coming_down_at_all_offers_the_body_first() -> None:
    assert escalation(FIVE, Band.MIDDLE, EVERYTHING, [], before=6, after=6) == LONG_EXHALE
    assert escalation(VALIDATE, Band.LOW, EVERYTHING, [], before=4, after=5) == LONG_EXHALE
    assert escalation(FIVE, Band.MIDDLE, EVERYTHING, [], before=None, after=6) == LONG_EXHALE


def test_after_the_body_first_did_not_help_there_is_the_safety_plan() -> None:
    assert escalation(LONG_EXHALE, Band.HIGH, EVERYTHING, [], before=9, after=9) is None
    assert escalation(COLD, Band.HIGH, EVERYTHING, PERSONAL, before=8, after=10) is None


def test_escalation_prefers_what_helps_this_person_and_never_what_made_it_worse() -> None:
    assert escalation(FIVE, Band.MIDDLE, EVERYTHING, PERSONAL, before=6, after=6) == PAIRED
    safe_helps = [session("grounding:safe-place", 4, 1, day=d) for d in range(3)]
    assert escalation(FIVE, Band.MIDDLE, EVERYTHING, safe_helps, before=6, after=5) == SAFE
    worse = [session("breathing:long-exhale", 7, 8, day=d) for d in range(3)]
    assert escalation(FIVE, Band.MIDDLE, EVERYTHING, worse, before=6, after=6) == COLD


def test_escalation_offers_only_what_can_be_started() -> None:
    two = {LONG_EXHALE.key, VALIDATE.key}
    # Came down from HIGH, nothing of MIDDLE: the next calmer band.
    assert escalation(LONG_EXHALE, Band.HIGH, two, [], before=9, after=8) == VALIDATE
    # Not at all from MIDDLE and nothing of HIGH: the safety plan, not a reflective exercise.
    no_body = {FIVE.key, VALIDATE.key}
    assert escalation(FIVE, Band.MIDDLE, no_body, [], before=6, after=7) is None
    # The person's own exercise, when it is all the band has; its band comes from the library.
    own = {"grounding:my-own", LONG_EXHALE.key}
    bands = {"grounding:my-own": Band.MIDDLE}
    mine = Choice("grounding", "my-own")
    assert escalation(LONG_EXHALE, Band.HIGH, own, [], before=9, after=8, bands=bands) == mine
    # Without its band it is not offered: nothing says where it belongs.
    assert escalation(LONG_EXHALE, Band.HIGH, own, [], before=9, after=8) is None


def test_escalation_leaves_out_the_band_of_what_was_tried_too() -> None:
    # paired-relaxation (a body exercise) helped this person at MIDDLE and the SOS chose it.
    assert escalation(PAIRED, Band.MIDDLE, EVERYTHING, [], before=6, after=6) is None
    assert escalation(PAIRED, Band.MIDDLE, EVERYTHING, [], before=6, after=5) == VALIDATE


def test_escalation_without_the_ratings_goes_body_first() -> None:
    # Called as the grounding control calls it: the level tried at, keys, sessions.
    assert escalation(FIVE, Band.for_distress(6), EVERYTHING, PERSONAL) == PAIRED
    assert escalation(LONG_EXHALE, Band.for_distress(9), EVERYTHING, PERSONAL) is None


def test_a_rating_outside_0_to_10_is_refused() -> None:
    with pytest.raises(ValueError, match="0 to 10"):
        sos_choice(11, [], available=EVERYTHING)
