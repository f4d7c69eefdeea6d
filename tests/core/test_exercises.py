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
    assert loaded.errors == (
        f"{broken}: step 2: 'seconds' must be a number of seconds from 1 to 600 (got \"ten\")",
        f"{mine / 'latin1.toml'}: not UTF-8 text",
    )
    assert loaded.get("c") is loaded.exercises[2]
    assert loaded.get("nope") is None


def test_a_file_of_yours_never_replaces_a_built_in_exercise(tmp_path: Path) -> None:
    shipped, mine = tmp_path / "shipped", tmp_path / "mine"
    _write(shipped, "calm.toml", _with_id("calm"))
    own = _write(mine, "calm.toml", _with_id("calm").replace("My calm", "Mine"))
    loaded = load_library([(shipped, True), (mine, False)])
    assert loaded.ids == ("calm",)
    assert loaded.exercises[0].title == "My calm" and loaded.exercises[0].builtin
    assert loaded.errors == (
        f"{own}: the id 'calm' belongs to a built-in exercise; give yours another id",
    )


def test_two_files_with_one_id_keep_the_first_by_name(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    first = _write(mine, "a.toml", _with_id("same"))
    second = _write(mine, "b.toml", _with_id("same"))
    _write(mine, "c.toml", _with_id("other"))
    loaded = load_library([(mine, False)])
    assert loaded.ids == ("same", "other")
    assert loaded.errors == (
        f"{second}: the id 'same' is already used by {first}; give one of them another id",
    )


def test_built_in_files_are_named_by_file_name(tmp_path: Path) -> None:
    shipped = tmp_path / "shipped"
    _write(shipped, "x.toml", _changed("minutes = 2", "minutes = 0"))
    loaded = load_library([(shipped, True), (tmp_path / "no such folder", False)])
    assert loaded.ids == ()
    assert loaded.errors == (
        "x.toml: 'minutes' must be a number of minutes from 0.5 to 120 (got 0)",
    )


def test_your_exercises_in_the_data_folder_load_after_the_shipped_ones() -> None:
    folder = exercise_library.user_folder()
    assert folder == paths.current().data_dir / "exercises"
    _write(folder, "my-calm.toml", GOOD)
    loaded = exercise_library.load()
    assert loaded.errors == ()
    assert loaded.ids[-1] == "my-calm"
    assert not loaded.exercises[-1].builtin
    assert all(e.builtin for e in loaded.exercises[:-1])
