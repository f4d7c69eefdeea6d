"""The safety plan model: its sections in order, the versioned dict, and the bounds."""

from __future__ import annotations

import json

import pytest

from breathingroom.core.safety_plan import (
    MAX_CONTACTS,
    MAX_SECTION_CHARS,
    PLAN_FORMAT,
    SECTION_KEYS,
    SECTIONS,
    HelpContact,
    SafetyPlan,
    SafetyPlanError,
    validate_plan,
)


def filled() -> SafetyPlan:
    return SafetyPlan(
        {"warning_signs": "I stop sleeping\nI cancel plans", "reasons_for_living": "My dog"},
        (HelpContact("Sam", "0170 000000"), HelpContact("Dr. Lee", "weekday mornings")),
        "999 111",
    )


def test_sections_follow_the_stanley_brown_order_with_reasons_last_and_optional() -> None:
    assert SECTION_KEYS == (
        "warning_signs",
        "on_my_own",
        "people_and_places",
        "people_to_ask",
        "professionals",
        "safer_surroundings",
        "reasons_for_living",
    )
    assert [s.optional for s in SECTIONS] == [False] * 6 + [True]
    for s in SECTIONS:
        assert s.heading and s.hint and s.placeholder
        assert "!" not in s.heading + s.hint + s.placeholder


def test_no_section_text_carries_a_phone_number() -> None:
    for s in SECTIONS:
        assert not any(ch.isdigit() for ch in s.heading + s.hint + s.placeholder)


def test_round_trip_through_json() -> None:
    plan = filled()
    data = json.loads(json.dumps(plan.to_dict()))
    assert data["format"] == PLAN_FORMAT
    assert SafetyPlan.from_dict(data) == plan


def test_an_empty_plan_is_valid_and_has_no_number() -> None:
    plan = SafetyPlan()
    assert plan.is_empty
    assert plan.emergency_number == ""
    assert SafetyPlan.from_dict(plan.to_dict()) == plan
    assert SafetyPlan.from_dict({}) == plan


def test_lines_and_normalised() -> None:
    plan = SafetyPlan(
        {"on_my_own": "\n walk  \n\ncold water  \n\n", "people_to_ask": "   "},
        (HelpContact("  ", ""), HelpContact(" Ana ", " 123 ")),
        " 112 ",
    )
    assert plan.lines("on_my_own") == ["walk", "cold water"]
    clean = plan.normalised()
    assert clean.texts == {"on_my_own": " walk  \n\ncold water"}
    assert clean.contacts == (HelpContact("Ana", "123"),)
    assert clean.emergency_number == "112"
    assert HelpContact("Ana", "123").describe() == "Ana: 123"
    assert HelpContact("", "123").describe() == "123"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ([], "an object"),
        ({"format": 99}, "newer version"),
        ({"format": "one"}, "version number"),
        ({"colour": "blue"}, "no part called 'colour'"),
        ({"sections": []}, "sections must be"),
        ({"sections": {"hobbies": "x"}}, "no section called 'hobbies'"),
        ({"sections": {"on_my_own": 3}}, "must be text"),
        ({"contacts": {}}, "contacts must be a list"),
        ({"contacts": [{"name": "a", "phone": "1"}]}, "contact 1"),
        ({"contacts": [{"name": 5}]}, "must be text"),
        ({"emergency_number": 112}, "emergency number must be text"),
        ({"sections": {"on_my_own": "x" * (MAX_SECTION_CHARS + 1)}}, "up to 2000"),
        ({"contacts": [{"name": "a"}] * (MAX_CONTACTS + 1)}, "up to 20"),
        ({"emergency_number": "1" * 41}, "up to 40"),
        ({"emergency_number": "1\n2"}, "cannot be stored"),
    ],
)
def test_bad_shapes_are_refused_with_a_clear_message(data: object, words: str) -> None:
    with pytest.raises(SafetyPlanError, match=words):
        SafetyPlan.from_dict(data)


def test_a_section_at_the_limit_is_fine() -> None:
    plan = SafetyPlan({"on_my_own": "x" * MAX_SECTION_CHARS})
    assert validate_plan(plan) is plan


def test_unknown_section_key_is_refused() -> None:
    with pytest.raises(SafetyPlanError):
        SafetyPlan().with_text("hobbies", "x")
