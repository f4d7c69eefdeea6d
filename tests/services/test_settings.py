import json
import os
from datetime import datetime, timedelta, timezone

import pytest

from breathingroom.core.patterns import make_custom, phases_from_seconds
from breathingroom.services.atomic import write_atomic
from breathingroom.services.settings import Settings
from tests.fakes import FakeClock


def test_defaults_when_there_is_no_file(tmp_path):
    settings = Settings.load(tmp_path / "settings.json")
    assert settings.get("theme") == "system"
    assert settings.get("reduced_motion") is False
    assert settings.get("last_pattern") == "coherent"
    assert settings.warnings == []


def test_changes_are_saved_and_read_back(tmp_path):
    path = tmp_path / "settings.json"
    settings = Settings.load(path)
    seen = []
    settings.on_change(lambda k, v: seen.append((k, v)))
    settings.set("theme", "dark")
    settings.set("reduced_motion", True)
    settings.add_custom_pattern(make_custom("Slow", phases_from_seconds([5, 7])))
    again = Settings.load(path)
    assert again.get("theme") == "dark"
    assert again.get("reduced_motion") is True
    assert [p.name for p in again.custom_patterns()] == ["Slow"]
    assert seen[:2] == [("theme", "dark"), ("reduced_motion", True)]
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    again.remove_custom_pattern("custom-slow")
    assert Settings.load(path).custom_patterns() == []


def test_a_corrupt_file_is_moved_aside_with_a_warning(tmp_path):
    path = tmp_path / "settings.json"
    path.write_bytes(b'{"theme": "dark", \x00\xff garbage')
    settings = Settings.load(path)
    assert settings.get("theme") == "system"
    assert len(settings.warnings) == 1
    assert "damaged" in settings.warnings[0]
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("settings.json.corrupt-")]
    assert len(aside) == 1
    assert aside[0].read_bytes().startswith(b'{"theme": "dark"')
    assert not path.exists()
    settings.set("theme", "light")  # saving afterwards works
    assert Settings.load(path).get("theme") == "light"


def test_a_json_list_is_not_settings(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text("[1, 2]")
    settings = Settings.load(path)
    assert settings.warnings and settings.get("theme") == "system"


def test_a_bad_value_falls_back_alone(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"theme": "purple", "reduced_motion": True, "minutes": 999}))
    settings = Settings.load(path)
    assert settings.get("theme") == "system"
    assert settings.get("reduced_motion") is True
    assert settings.get("minutes") == 5
    assert len(settings.warnings) == 2


def test_atomic_write_leaves_old_content_when_the_write_fails(tmp_path, monkeypatch):
    path = tmp_path / "f.json"
    write_atomic(path, b"old")

    def broken_fsync(fd):
        raise OSError("disk on fire")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="disk on fire"):
        write_atomic(path, b"new")
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.json"]


def test_a_corrupt_file_is_named_by_the_clock_in_local_time(tmp_path):
    plus2 = timezone(timedelta(hours=2))
    clock = FakeClock(wall=datetime(2026, 7, 1, 23, 15, 30, tzinfo=plus2), tz=plus2)
    path = tmp_path / "settings.json"
    path.write_bytes(b"not json")
    Settings.load(path, clock=clock)
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json.corrupt-20260701-231530"]


def test_pinned_helps_are_an_ordered_list_of_choice_keys(tmp_path):
    path = tmp_path / "settings.json"
    settings = Settings.load(path)
    assert settings.get("helps_pinned") == []
    settings.set("helps_pinned", ["grounding:cold-water", "breathing:long-exhale"])
    assert Settings.load(path).get("helps_pinned") == [
        "grounding:cold-water",
        "breathing:long-exhale",
    ]
    for bad in (
        ["cold-water"],  # no kind
        ["break:rest"],  # not something to start
        ["grounding:"],
        [3],
        "grounding:cold-water",  # not a list
        [f"grounding:exercise-{i}" for i in range(21)],  # more than 20
    ):
        with pytest.raises(ValueError, match="helps_pinned"):
            settings.set("helps_pinned", bad)
    settings.set("helps_pinned", [f"grounding:exercise-{i}" for i in range(20)])
    path.write_text(json.dumps({"helps_pinned": ["grounding:5-4-3-2-1", "nonsense"]}))
    loaded = Settings.load(path)
    assert loaded.get("helps_pinned") == []
    assert len(loaded.warnings) == 1
