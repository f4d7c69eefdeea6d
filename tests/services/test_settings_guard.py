"""Issue 10, part B: a settings file of any shape is never a reason not to start, and two writers
(the running app and a command) never undo each other's changes."""

from __future__ import annotations

import json
import shutil
import string
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from breathingroom.core.patterns import make_custom, phases_from_seconds
from breathingroom.services.settings import SCHEMA, Settings
from tests.fakes import FakeClock

CLOCK = FakeClock(wall=datetime(2026, 11, 30, 8, 0, tzinfo=UTC))


def test_a_deeply_nested_file_is_damage_moved_aside_and_defaults_used(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    settings = Settings.load(path, clock=CLOCK)
    assert settings.get("theme") == "system"
    assert not path.exists()
    [aside] = tmp_path.glob("settings.json.corrupt-*")
    assert aside.stat().st_size == 200_000
    [warning] = settings.warnings
    assert "nested too deeply" in warning and str(aside) in warning
    # And the next start is an ordinary one.
    assert Settings.load(path, clock=CLOCK).warnings == []


def test_a_deep_object_is_damage_too(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"theme": ' + '{"a": ' * 50_000 + "1" + "}" * 50_001)
    settings = Settings.load(path, clock=CLOCK)
    assert settings.warnings and not path.exists()


def test_the_apps_stale_copy_does_not_undo_what_a_command_saved(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    app = Settings.load(path, clock=CLOCK)
    app.set("volume", 40)
    command = Settings.load(path, clock=CLOCK)  # `patterns --save` in another process
    command.add_custom_pattern(make_custom("Evening", phases_from_seconds([4, 8])))
    command.set("theme", "dark")
    app.set("reduced_motion", True)  # the app's next save, from its copy loaded earlier
    final = Settings.load(path, clock=CLOCK)
    assert [p.name for p in final.custom_patterns()] == ["Evening"]
    assert final.get("theme") == "dark"
    assert final.get("volume") == 40
    assert final.get("reduced_motion") is True


def test_a_pattern_added_from_a_stale_copy_keeps_the_others(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    first = Settings.load(path, clock=CLOCK)
    second = Settings.load(path, clock=CLOCK)
    first.add_custom_pattern(make_custom("One", phases_from_seconds([4, 6])))
    second.add_custom_pattern(make_custom("Two", phases_from_seconds([5, 5])))
    assert [p.name for p in Settings.load(path).custom_patterns()] == ["One", "Two"]
    first.remove_custom_pattern("custom-two")
    assert [p.name for p in Settings.load(path).custom_patterns()] == ["One"]


def test_a_save_that_fails_is_remembered_and_retried(tmp_path: Path) -> None:
    folder = tmp_path / "config"
    folder.mkdir()
    path = folder / "settings.json"
    settings = Settings.load(path, clock=CLOCK)
    settings.set("theme", "dark")
    assert settings.last_save_error is None
    shutil.rmtree(folder)
    folder.write_text("in the way")  # the folder cannot be made: every save fails
    settings.set("volume", 10)
    assert isinstance(settings.last_save_error, OSError)
    assert settings.get("volume") == 10  # kept for now
    folder.unlink()
    settings.set("ask_distress", False)
    assert settings.last_save_error is None
    again = Settings.load(path, clock=CLOCK)
    assert (again.get("volume"), again.get("ask_distress")) == (10, False)


# -- the fuzzer ---------------------------------------------------------------------------------

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=20,
)
_settings_like = st.dictionaries(
    st.sampled_from([*SCHEMA, "version", "unknown"]) | st.text(string.ascii_lowercase, max_size=8),
    _json,
)
_files = (
    st.binary(max_size=300)
    | _json.map(lambda v: json.dumps(v).encode())
    | _settings_like.map(lambda v: json.dumps(v).encode())
    | st.integers(1, 3000).map(lambda n: b'{"theme": ' + b"[" * n + b"]" * n + b"}")
)


@hyp_settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(_files)
def test_any_settings_file_starts_with_valid_values(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "settings.json"
        path.write_bytes(content)
        settings = Settings.load(path, clock=CLOCK)
        for key, (_default, valid) in SCHEMA.items():
            assert valid(settings.get(key)), key
        settings.custom_patterns()
        if path.exists():  # read as settings: saving and loading again gives the same values
            settings.set("volume", 33)
            again = Settings.load(path, clock=CLOCK)
            assert again.warnings == []
            assert {k: again.get(k) for k in SCHEMA} == {k: settings.get(k) for k in SCHEMA}
        else:  # damage: moved aside, byte for byte, and said
            [aside] = Path(folder).glob("settings.json.corrupt-*")
            assert aside.read_bytes() == content
            assert settings.warnings
