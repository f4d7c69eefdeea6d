import pytest

from breathingroom.core.library import all_patterns, find_pattern
from breathingroom.core.patterns import (
    PRESETS,
    Pattern,
    PatternError,
    Phase,
    PhaseKind,
    custom_from_text,
    make_custom,
    pattern_from_dict,
    phases_from_seconds,
    validate_phases,
)

I, HI, E, HO, T = (
    PhaseKind.INHALE,
    PhaseKind.HOLD_IN,
    PhaseKind.EXHALE,
    PhaseKind.HOLD_OUT,
    PhaseKind.TOP_UP,
)


@pytest.mark.parametrize(
    ("pattern_id", "phases", "bpm"),
    [
        ("coherent", [(I, 5), (E, 5)], 6.0),
        ("long-exhale", [(I, 4), (E, 6)], 6.0),
        ("box", [(I, 4), (HI, 4), (E, 4), (HO, 4)], 3.75),
        ("4-7-8", [(I, 4), (HI, 7), (E, 8)], 3.16),
        ("cyclic-sigh", [(I, 2), (T, 1), (E, 6)], 6.67),
        ("tipp-paced", [(I, 4), (E, 7)], 5.45),
    ],
)
def test_presets_have_the_evidence_timings(pattern_id, phases, bpm):
    pattern = PRESETS[pattern_id]
    assert [(p.kind, p.seconds) for p in pattern.phases] == phases
    assert round(pattern.breaths_per_minute, 2) == bpm
    assert pattern.builtin
    validate_phases(pattern.phases)


def test_custom_text_maps_numbers_onto_phases():
    assert [p.kind for p in phases_from_seconds([4, 6])] == [I, E]
    assert [p.kind for p in phases_from_seconds([4, 7, 8])] == [I, HI, E]
    box = custom_from_text("4, 4, 4, 4")
    assert [(p.kind, p.seconds) for p in box.phases] == [(I, 4), (HI, 4), (E, 4), (HO, 4)]


def test_zero_second_holds_are_dropped():
    assert [p.kind for p in phases_from_seconds([4, 0, 6, 0])] == [I, E]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("4,x", "Value 2 ('x') is not a number of seconds."),
        ("4", "Give 2, 3 or 4 numbers"),
        ("4,4,4,4,4", "Give 2, 3 or 4 numbers"),
        ("4,31", "Phase 2 (out): 31 s is longer than the 30 s a phase may last."),
        ("4,4.3", "Phase 2 (out): 4.3 s is not a multiple of 0.5 s."),
        ("4,-1,4", "Phase 2 (hold): the length must be 0 seconds or more."),
        ("0,4", "Phase 1 (in): a breath needs at least 0.5 s."),
        ("0.5,0,1", "The whole cycle lasts 1.5 s; it must last at least 2 s."),
        ("4,nan", "Value 2 ('nan') is not a number of seconds."),
    ],
)
def test_invalid_custom_patterns_say_which_phase_and_why(text, message):
    with pytest.raises(PatternError) as info:
        custom_from_text(text)
    assert str(info.value).startswith(message)


def test_boundaries_of_custom_patterns_are_accepted():
    assert custom_from_text("30,30").cycle_seconds == 60
    assert custom_from_text("1,1").cycle_seconds == 2
    assert custom_from_text("1.5,0.5,2.5,0").cycle_seconds == 4.5


def test_top_up_must_follow_an_inhale():
    with pytest.raises(PatternError, match=r"Phase 3 \(top-up\): a top-up follows a breath in"):
        validate_phases([Phase(I, 2), Phase(E, 6), Phase(T, 1)])


def test_a_cycle_starts_with_an_inhale():
    with pytest.raises(PatternError, match="starts with a breath in"):
        validate_phases([Phase(E, 4), Phase(I, 4)])


def test_make_custom_names_and_ids_never_collide():
    phases = phases_from_seconds([4, 6])
    first = make_custom("  My  calm ", phases)
    assert first.name == "My calm"
    assert first.id == "custom-my-calm"
    second = make_custom("My calm", phases, taken_ids=[first.id])
    assert second.id == "custom-my-calm-2"
    with pytest.raises(PatternError, match="name"):
        make_custom("   ", phases)


def test_saved_patterns_round_trip_and_bad_ones_are_refused():
    pattern = make_custom("Evening", phases_from_seconds([4, 2, 8]))
    assert pattern_from_dict(pattern.to_dict()) == pattern
    with pytest.raises(PatternError):
        pattern_from_dict({"id": "x", "name": "x", "phases": [{"kind": "inhale", "seconds": 99}]})
    with pytest.raises(PatternError):
        pattern_from_dict({"id": "x", "name": "x", "phases": [{"kind": "gasp", "seconds": 1}]})
    with pytest.raises(PatternError):
        pattern_from_dict(["not", "a", "dict"])


def test_find_pattern_looks_in_presets_then_custom():
    mine = Pattern("custom-mine", "Mine", phases_from_seconds([3, 3]))
    assert find_pattern("box").id == "box"
    assert find_pattern("custom-mine", [mine]) is mine
    assert [p.id for p in all_patterns([mine])][-1] == "custom-mine"
    with pytest.raises(PatternError, match=r"Unknown pattern 'nope'\. Known patterns: coherent"):
        find_pattern("nope")


def test_a_new_session_uses_the_pattern_asked_for_then_the_last_used_then_coherent():
    from breathingroom.core.library import pattern_to_start

    assert pattern_to_start("box", "4-7-8").id == "box"
    assert pattern_to_start(None, "4-7-8").id == "4-7-8"
    assert pattern_to_start(None, "deleted-one").id == "coherent"
    assert pattern_to_start(None, None).id == "coherent"
    with pytest.raises(PatternError):
        pattern_to_start("no-such-pattern", "box")


def test_session_kinds_are_defined_once_and_checked_by_name():
    from breathingroom.core.records import SESSION_KINDS, session_kind

    assert SESSION_KINDS == ("breathing", "grounding", "break")
    assert session_kind("grounding") == "grounding"
    assert session_kind("nap") is None
