"""Grounding exercises: the file format, the loader's messages, and the shipped library."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from breathingroom.core.exercises import (
    Band,
    Exercise,
    ExerciseError,
    Prompt,
    Step,
    is_exercise_id,
    load_library,
    parse_exercise,
)
from breathingroom.services import exercise_library, paths

#: A complete, valid file; the malformed cases below change one thing in it.
GOOD = """\
id = "my-calm"
title = "My calm"
summary = "A short pause of my own."
minutes = 2
band = "middle"
tags = ["senses"]
cautions = ["Stop if it feels wrong."]

[[steps]]
text = "Sit down."
when_ready = true

[[steps]]
text = "Look around."
seconds = 20

[[steps]]
text = "Name three things."
seconds = 30
[steps.prompt]
label = "Three things you see"
fields = 3

[[steps]]
text = "Write freely."
seconds = 120
[steps.prompt]
label = "Whatever comes"
long = true
"""


def test_a_complete_file_reads_into_the_model() -> None:
    exercise = parse_exercise(GOOD, "my-calm.toml", builtin=False)
    assert exercise == Exercise(
        id="my-calm",
        title="My calm",
        summary="A short pause of my own.",
        minutes=2,
        band=Band.MIDDLE,
        steps=(
            Step("Sit down.", None),
            Step("Look around.", 20),
            Step("Name three things.", 30, Prompt("Three things you see", fields=3)),
            Step("Write freely.", 120, Prompt("Whatever comes", long=True)),
        ),
        tags=("senses",),
        cautions=("Stop if it feels wrong.",),
        builtin=False,
    )
    assert exercise.timed_seconds == 170


def test_tags_cautions_and_prompt_fields_are_optional() -> None:
    text = GOOD.replace('tags = ["senses"]\n', "").replace(
        'cautions = ["Stop if it feels wrong."]\n', ""
    )
    exercise = parse_exercise(text.replace("fields = 3\n", ""), "f.toml", builtin=True)
    assert exercise.tags == () and exercise.cautions == ()
    assert exercise.steps[2].prompt == Prompt("Three things you see", fields=1)
    assert exercise.builtin


def _changed(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new, 1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (_changed('title = "My calm"\n', ""), "my-calm.toml: 'title' is missing"),
        (_changed('id = "my-calm"\n', ""), "my-calm.toml: 'id' is missing"),
        (_changed("minutes = 2\n", ""), "my-calm.toml: 'minutes' is missing"),
        (_changed('band = "middle"\n', ""), "my-calm.toml: 'band' is missing"),
        (
            _changed('title = "My calm"', "title = 3"),
            "my-calm.toml: 'title' must be a text in quotes (got 3)",
        ),
        (
            _changed("minutes = 2", 'minutes = "two"'),
            "my-calm.toml: 'minutes' must be a number of minutes from 0.5 to 120 (got \"two\")",
        ),
        (
            _changed('band = "middle"', 'band = "medium"'),
            'my-calm.toml: \'band\' must be "high", "middle" or "low" (got "medium")',
        ),
        (
            _changed('tags = ["senses"]', 'tags = "senses"'),
            'my-calm.toml: \'tags\' must be a list of texts in quotes, like ["one", "two"]',
        ),
        (
            _changed('id = "my-calm"', 'id = "My Calm"'),
            "my-calm.toml: 'id' must be lowercase letters, digits and single dashes, up to 64 "
            'characters, like "my-calm" (got "My Calm")',
        ),
        (
            _changed('title = "My calm"', 'titel = "My calm"'),
            "my-calm.toml: unknown key 'titel' (did you mean 'title'?)",
        ),
        (
            _changed('[[steps]]\ntext = "Sit down."', '[[step]]\ntext = "Sit down."'),
            "my-calm.toml: unknown key 'step' (did you mean 'steps'?)",
        ),
        (
            _changed("seconds = 20", 'seconds = "ten"'),
            "my-calm.toml: step 2: 'seconds' must be a number of seconds from 1 to 600 "
            '(got "ten")',
        ),
        (
            _changed("seconds = 20", "seconds = 900"),
            "my-calm.toml: step 2: 'seconds' must be a number of seconds from 1 to 600 (got 900)",
        ),
        (
            _changed("seconds = 20", "seconds = 20\nwhen_ready = true"),
            "my-calm.toml: step 2: give 'seconds' or 'when_ready = true', not both",
        ),
        (
            _changed("seconds = 20\n", ""),
            "my-calm.toml: step 2: needs 'seconds = N' (it lasts N seconds) or 'when_ready = true'",
        ),
        (
            _changed("when_ready = true", "when_ready = false"),
            "my-calm.toml: step 1: 'when_ready' can only be true (got false)",
        ),
        (
            _changed("seconds = 20", "pause = 20"),
            "my-calm.toml: step 2: unknown key 'pause'",
        ),
        (
            _changed("seconds = 20", 'kind = "breathing"\nseconds = 20'),
            "my-calm.toml: step 2: unknown key 'kind'",
        ),
        (
            _changed('text = "Look around."\n', ""),
            "my-calm.toml: step 2: 'text' is missing",
        ),
        (
            _changed("fields = 3", "fields = 6"),
            "my-calm.toml: step 3: prompt: 'fields' must be a whole number from 1 to 5 (got 6)",
        ),
        (
            _changed('label = "Three things you see"', 'lable = "Three things you see"'),
            "my-calm.toml: step 3: prompt: unknown key 'lable' (did you mean 'label'?)",
        ),
        (
            _changed("long = true", "long = true\nfields = 2"),
            "my-calm.toml: step 4: prompt: 'long = true' is one large box: leave 'fields' out",
        ),
        (
            _changed("long = true", 'long = "yes"'),
            "my-calm.toml: step 4: prompt: 'long' must be true or false (got \"yes\")",
        ),
        (
            _changed('title = "My calm"', 'title = "My calm'),
            "my-calm.toml: line 2, column 17: not valid TOML: Illegal character '\\n'",
        ),
        (
            _changed("minutes = 2", "minutes 2"),
            "my-calm.toml: line 4, column 9: not valid TOML: Expected '=' after a key in a "
            "key/value pair",
        ),
        (
            GOOD.split("[[steps]]")[0],
            "my-calm.toml: 'steps' is missing",
        ),
        (
            GOOD.split("[[steps]]")[0] + "steps = []\n",
            "my-calm.toml: needs at least one [[steps]]",
        ),
        (
            GOOD.split("[[steps]]")[0] + 'steps = ["Sit down."]\n',
            "my-calm.toml: 'steps' must be [[steps]] tables, one for each step",
        ),
    ],
)
def test_a_malformed_file_names_the_file_the_step_and_the_problem(text: str, message: str) -> None:
    with pytest.raises(ExerciseError) as raised:
        parse_exercise(text, "my-calm.toml", builtin=False)
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("5-4-3-2-1", True),
        ("my-calm", True),
        ("pmr16", True),
        ("My-calm", False),
        ("my calm", False),
        ("-calm", False),
        ("calm-", False),
        ("my--calm", False),
        ("", False),
        ("a" * 65, False),
        (5, False),
    ],
)
def test_exercise_ids(text: object, valid: bool) -> None:
    assert is_exercise_id(text) is valid


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    file = folder / name
    file.write_text(textwrap.dedent(text), encoding="utf-8")
    return file


def _with_id(exercise_id: str) -> str:
    return GOOD.replace('id = "my-calm"', f'id = "{exercise_id}"')


def test_a_bad_file_is_skipped_and_reported_and_the_rest_still_load(tmp_path: Path) -> None:
    shipped, mine = tmp_path / "shipped", tmp_path / "mine"
    _write(shipped, "b.toml", _with_id("b"))
    _write(shipped, "a.toml", _with_id("a"))
    _write(mine, "c.toml", _with_id("c"))
    broken = _write(mine, "broken.toml", _changed("seconds = 20", 'seconds = "ten"'))
    _write(mine, "notes.txt", "not an exercise")
    (mine / "latin1.toml").write_bytes('title = "caf\xe9"'.encode("latin-1"))
    # The person's folder is given first, yet the shipped exercises come first.
    loaded = load_library([(mine, False), (shipped, True)])
    assert loaded.ids == ("a", "b", "c")
    assert [e.builtin for e in loaded.exercises] == [True, True, False]
    assert loaded.errors == [
        f"{broken}: step 2: 'seconds' must be a number of seconds from 1 to 600 (got \"ten\")",
        f"{mine / 'latin1.toml'}: not UTF-8 text",
    ]
    assert loaded.get("c") is loaded.exercises[2]
    assert loaded.get("nope") is None


def test_a_file_of_yours_never_replaces_a_built_in_exercise(tmp_path: Path) -> None:
    shipped, mine = tmp_path / "shipped", tmp_path / "mine"
    _write(shipped, "calm.toml", _with_id("calm"))
    own = _write(mine, "calm.toml", _with_id("calm").replace("My calm", "Mine"))
    loaded = load_library([(shipped, True), (mine, False)])
    assert loaded.ids == ("calm",)
    assert loaded.exercises[0].title == "My calm" and loaded.exercises[0].builtin
    assert loaded.errors == [
        f"{own}: the id 'calm' belongs to a built-in exercise; give yours another id",
    ]


def test_two_files_with_one_id_keep_the_first_by_name(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    first = _write(mine, "a.toml", _with_id("same"))
    second = _write(mine, "b.toml", _with_id("same"))
    _write(mine, "c.toml", _with_id("other"))
    loaded = load_library([(mine, False)])
    assert loaded.ids == ("same", "other")
    assert loaded.errors == [
        f"{second}: the id 'same' is already used by {first}; give one of them another id",
    ]


def test_built_in_files_are_named_by_file_name(tmp_path: Path) -> None:
    shipped = tmp_path / "shipped"
    _write(shipped, "x.toml", _changed("minutes = 2", "minutes = 0"))
    loaded = load_library([(shipped, True), (tmp_path / "no such folder", False)])
    assert loaded.ids == ()
    assert loaded.errors == [
        "x.toml: 'minutes' must be a number of minutes from 0.5 to 120 (got 0)",
    ]


def test_your_exercises_in_the_data_folder_load_after_the_shipped_ones() -> None:
    folder = exercise_library.user_folder()
    assert folder == paths.current().data_dir / "exercises"
    _write(folder, "my-calm.toml", GOOD)
    loaded = exercise_library.load()
    assert loaded.errors == []
    assert loaded.ids[-1] == "my-calm"
    assert not loaded.exercises[-1].builtin
    assert all(e.builtin for e in loaded.exercises[:-1])
    # The app's grounding control takes it as a plain pair.
    exercises, errors = exercise_library.load()
    assert exercises == loaded.exercises and errors == []


# --- The shipped library ---------------------------------------------------------------------

SHIPPED = {
    "5-4-3-2-1",
    "pmr-16",
    "pmr-short",
    "body-scan",
    "orienting",
    "butterfly-hug",
    "safe-place",
    "cold-water",
    "paired-relaxation",
    "validate-feeling",
    "micro-safety",
    "repair-prep",
}
TAGS = {
    "panic",
    "anxious",
    "sleep",
    "after conflict",
    "overwhelmed",
    "low",
    "body",
    "senses",
    "reflective",
}


@pytest.fixture(scope="module")
def shipped() -> dict[str, Exercise]:
    loaded = load_library([(exercise_library.builtin_folder(), True)])
    assert loaded.errors == []
    return {e.id: e for e in loaded.exercises}


def test_every_shipped_file_loads_under_its_own_name() -> None:
    folder = exercise_library.builtin_folder()
    files = sorted(f.name for f in folder.iterdir() if f.name.endswith(".toml"))
    assert files == sorted(f"{i}.toml" for i in SHIPPED)
    for name in files:
        exercise = parse_exercise(folder.joinpath(name).read_text("utf-8"), name, builtin=True)
        assert f"{exercise.id}.toml" == name


def test_the_shipped_library_speaks_calmly_and_uses_the_known_tags(
    shipped: dict[str, Exercise],
) -> None:
    assert set(shipped) == SHIPPED
    for exercise in shipped.values():
        assert exercise.builtin
        assert set(exercise.tags) <= TAGS, exercise.id
        words = [exercise.title, exercise.summary, *exercise.cautions]
        words += [s.text for s in exercise.steps]
        words += [s.prompt.label for s in exercise.steps if s.prompt]
        for text in words:
            assert "!" not in text, (exercise.id, text)
        # "About how long it takes" is at least the timed part.
        assert exercise.minutes * 60 >= exercise.timed_seconds, exercise.id


@pytest.mark.parametrize(
    ("exercise_id", "band"),
    [
        ("5-4-3-2-1", Band.MIDDLE),
        ("safe-place", Band.LOW),
        ("cold-water", Band.HIGH),
        ("paired-relaxation", Band.HIGH),
        ("validate-feeling", Band.LOW),
        ("micro-safety", Band.LOW),
        ("repair-prep", Band.LOW),
    ],
)
def test_bands(shipped: dict[str, Exercise], exercise_id: str, band: Band) -> None:
    assert shipped[exercise_id].band is band


def test_every_band_has_something_to_offer(shipped: dict[str, Exercise]) -> None:
    assert {e.band for e in shipped.values()} == set(Band)


#: The 16 groups of Bernstein & Borkovec, in order, as each tensing step begins.
PMR_16_GROUPS = [
    "Stronger side: hand and forearm",
    "Stronger side: upper arm",
    "Other side: hand and forearm",
    "Other side: upper arm",
    "Forehead",
    "Eyes and nose",
    "Cheeks and jaw",
    "Neck and throat",
    "Chest, shoulders and upper back",
    "Stomach",
    "Stronger side: thigh",
    "Stronger side: calf",
    "Stronger side: foot",
    "Other side: thigh",
    "Other side: calf",
    "Other side: foot",
]


def _tense_and_release(exercise: Exercise) -> list[tuple[Step, Step]]:
    """The timed steps between the first and last, in pairs: (tense, release)."""
    inner = list(exercise.steps[1:-1])
    assert exercise.steps[0].seconds is None and exercise.steps[-1].seconds is None
    assert len(inner) % 2 == 0
    return list(zip(inner[::2], inner[1::2], strict=True))


def test_pmr_16_tenses_the_sixteen_groups_in_order(shipped: dict[str, Exercise]) -> None:
    pairs = _tense_and_release(shipped["pmr-16"])
    assert [tense.text.split(".")[0] for tense, _ in pairs] == PMR_16_GROUPS
    for tense, release in pairs:
        assert tense.seconds is not None and 5 <= tense.seconds <= 7, tense.text
        assert release.seconds is not None and 30 <= release.seconds <= 40, release.text
        assert release.text.startswith("Let go.")
    feet = [tense.text for tense, _ in pairs if "foot" in tense.text.split(".")[0]]
    assert len(feet) == 2
    assert all("toes upward" in text for text in feet)


def test_the_short_pmr_has_seven_or_eight_groups(shipped: dict[str, Exercise]) -> None:
    pairs = _tense_and_release(shipped["pmr-short"])
    assert 7 <= len(pairs) <= 8
    for tense, release in pairs:
        assert tense.seconds is not None and 5 <= tense.seconds <= 7
        assert release.seconds is not None and 30 <= release.seconds <= 40
        assert "toes down" not in tense.text


def test_5_4_3_2_1_asks_for_five_down_to_one_in_order_of_the_senses(
    shipped: dict[str, Exercise],
) -> None:
    prompts = [s.prompt for s in shipped["5-4-3-2-1"].steps if s.prompt]
    assert [p.fields for p in prompts] == [5, 4, 3, 2, 1]
    senses = ["see", "touch", "hear", "smell", "taste"]
    assert all(sense in p.label for sense, p in zip(senses, prompts, strict=True))
    smell = next(s for s in shipped["5-4-3-2-1"].steps if s.prompt and "smell" in s.prompt.label)
    assert "remember a smell you like" in smell.text


def test_the_butterfly_hug_taps_six_to_eight_sets_for_one_to_three_minutes(
    shipped: dict[str, Exercise],
) -> None:
    hug = shipped["butterfly-hug"]
    assert 6 <= sum(s.seconds is not None for s in hug.steps) <= 8
    assert 60 <= hug.timed_seconds <= 180
    assert any("Stop when it feels like enough" in s.text for s in hug.steps)


def test_cold_water_lists_all_six_cautions(shipped: dict[str, Exercise]) -> None:
    water = shipped["cold-water"]
    assert len(water.cautions) == 6
    for concern in (
        "heart condition",
        "beta-blockers",
        "resting heart rate is low",
        "allergic to cold",
        "eating disorder",
        "pregnant",
    ):
        assert sum(concern in c for c in water.cautions) == 1, concern
    assert next(s.seconds for s in water.steps if s.seconds is not None) == 30
    assert 30 <= sum(s.seconds or 0 for s in water.steps[3:]) <= 60  # the time to feel it work


def test_paired_relaxation_tenses_breathing_in_and_lets_go_breathing_out(
    shipped: dict[str, Exercise],
) -> None:
    steps = shipped["paired-relaxation"].steps
    tense = [s for s in steps if s.text.startswith("Breathe in")]
    release = [s for s in steps if s.text.startswith("Breathe out")]
    assert len(tense) == len(release) >= 5
    assert all(
        "tighten" in s.text.lower() or "scrunch" in s.text or "lift" in s.text for s in tense
    )
    assert all("let" in s.text for s in release)


def test_orienting_says_to_stop_if_it_raises_anxiety(shipped: dict[str, Exercise]) -> None:
    assert "If this raises your anxiety, stop" in shipped["orienting"].steps[0].text


def test_the_body_scan_moves_from_the_feet_to_the_head(shipped: dict[str, Exercise]) -> None:
    timed = [s.text for s in shipped["body-scan"].steps if s.seconds is not None]
    assert "feet" in timed[0]
    assert "head" in timed[-2] and "whole body" in timed[-1]


def test_the_safe_place_ends_with_a_cue_word(shipped: dict[str, Exercise]) -> None:
    labels = [s.prompt.label for s in shipped["safe-place"].steps if s.prompt]
    assert labels[-1] == "Your cue word"
    assert any("calm" in label for label in labels)


def test_validation_asks_to_finish_it_makes_sense_that_i_feel(
    shipped: dict[str, Exercise],
) -> None:
    labels = [s.prompt.label for s in shipped["validate-feeling"].steps if s.prompt]
    assert "It makes sense that I feel …" in labels


def test_the_free_write_is_one_long_box_for_a_few_minutes(shipped: dict[str, Exercise]) -> None:
    [write] = [s for s in shipped["micro-safety"].steps if s.prompt]
    assert write.prompt == Prompt("Whatever is there", long=True)
    assert write.seconds is not None and 120 <= write.seconds <= 600
    assert "kept only if you choose" in shipped["micro-safety"].steps[0].text


def test_repair_prep_is_for_after_conflict(shipped: dict[str, Exercise]) -> None:
    repair = shipped["repair-prep"]
    assert "after conflict" in repair.tags
    labels = [s.prompt.label for s in repair.steps if s.prompt]
    assert labels == [
        "What happened",
        "I feel…",
        "The impact I had",
        "What I need",
        "When to check in",
    ]


def test_the_readme_example_is_a_valid_exercise_of_yours() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Your own grounding exercises", 1)[1]
    example = section.split("```toml\n", 1)[1].split("```", 1)[0]
    exercise = parse_exercise(example, "evening-pause.toml", builtin=False)
    assert exercise.id == "evening-pause" and exercise.band is Band.LOW
    assert [s.seconds for s in exercise.steps] == [None, 60, None]
    assert exercise.steps[2].prompt == Prompt("One thing that went all right", fields=1)
