"""``breathing-room log/export/import/backup`` as a user runs them: a subprocess per command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from breathingroom import cli
from breathingroom.cli import common
from tests.fakes import FakeClock


def run(data_dir: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TZ": "Europe/Berlin"}
    env.pop("BREATHING_ROOM_DATA_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "breathingroom", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        input=stdin,
        env=env,
        timeout=60,
    )


def export_json(data_dir: Path) -> dict[str, list[dict[str, object]]]:
    result = run(data_dir, "export", "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "cli-data"


def test_log_stores_an_entry_that_export_shows(data: Path) -> None:
    result = run(
        data,
        "log",
        "--pleasant",
        "7",
        "--energy",
        "3",
        "--distress",
        "2",
        "--feelings",
        "calm, safe",
        "--tags",
        "walk",
        "--note",
        'after the walk, "better"',
        "--at",
        "2026-07-01T09:15",
    )
    assert result.returncode == 0, result.stderr
    assert "Saved" in result.stdout
    [entry] = export_json(data)["checkins"]
    assert entry == {
        "at": "2026-07-01T09:15:00+02:00",
        "pleasant": 7,
        "energy": 3,
        "distress": 2,
        "feelings": ["calm", "safe"],
        "sensations": [],
        "tags": ["walk"],
        "note": 'after the walk, "better"',
        "source": "cli",
    }


@pytest.mark.parametrize(
    "args",
    [
        ["--pleasant", "10", "--energy", "3"],
        ["--pleasant", "0", "--energy", "3"],
        ["--pleasant", "x", "--energy", "3"],
        ["--pleasant", "5"],
        ["--pleasant", "5", "--energy", "5", "--distress", "11"],
        ["--pleasant", "5", "--energy", "5", "--at", "last tuesday"],
        ["--pleasant", "5", "--energy", "5", "--tags", "a|b"],
    ],
)
def test_log_with_bad_values_exits_2_with_one_line_and_stores_nothing(
    data: Path, args: list[str]
) -> None:
    result = run(data, "log", *args)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("breathing-room")
    assert not (data / "journal.sqlite3").exists() or export_json(data)["checkins"] == []


def test_export_csv_then_import_into_a_new_journal_is_identical(data: Path, tmp_path: Path) -> None:
    for p, note in ((3, "line\nbreak"), (8, "ünïcødé, 😌")):
        assert (
            run(data, "log", "--pleasant", str(p), "--energy", "5", "--note", note).returncode == 0
        )
    out = tmp_path / "export.csv"
    assert run(data, "export", "--format", "csv", "-o", str(out)).returncode == 0
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    other = tmp_path / "other"
    result = run(other, "import", str(out))
    assert result.returncode == 0, result.stderr
    assert "added 2 check-ins" in result.stdout
    assert export_json(other)["checkins"] == export_json(data)["checkins"]


DAYLIO = (
    "\ufefffull_date,date,weekday,time,mood,activities,note_title,note\n"
    '2024-03-10,March 10,Sunday,6:50 pm,rad,work | friends,,"a<br>b"\n'
    "2024-03-09,March 9,Saturday,14:58,sleepy,,,\n"
)


def test_import_daylio_needs_a_mood_map_then_imports_once(data: Path, tmp_path: Path) -> None:
    file = tmp_path / "daylio.csv"
    file.write_text(DAYLIO, encoding="utf-8")
    refused = run(data, "import", str(file))
    assert refused.returncode == 1
    assert "sleepy" in refused.stderr and "--mood-map" in refused.stderr
    dry = run(data, "import", str(file), "--mood-map", "sleepy=4", "--dry-run")
    assert dry.returncode == 0 and "check-ins: 2" in dry.stdout and "sleepy → 4" in dry.stdout
    assert export_json(data)["checkins"] == []
    first = run(data, "import", str(file), "--format", "daylio", "--mood-map", "sleepy=4")
    assert first.returncode == 0 and "added 2 check-ins" in first.stdout
    second = run(data, "import", str(file), "--mood-map", "sleepy=4")
    assert second.returncode == 0 and "added 0 check-ins" in second.stdout
    entries = export_json(data)["checkins"]
    assert [(e["at"], e["pleasant"], e["source"]) for e in entries] == [
        ("2024-03-09T14:58:00+01:00", 4, "daylio"),
        ("2024-03-10T18:50:00+01:00", 9, "daylio"),
    ]


def test_import_with_a_bad_row_names_the_line_and_imports_nothing(
    data: Path, tmp_path: Path
) -> None:
    file = tmp_path / "bad.csv"
    file.write_text(DAYLIO.replace("14:58", "99:99"), encoding="utf-8")
    result = run(data, "import", str(file), "--mood-map", "sleepy=4")
    assert result.returncode == 1
    assert f"{file}:3:" in result.stderr
    assert export_json(data)["checkins"] == []
    assert run(data, "import", str(tmp_path / "missing.csv")).returncode == 2
    assert run(data, "import", str(file), "--mood-map", "sleepy=12").returncode == 2


def test_backup_now_list_and_restore(data: Path) -> None:
    assert run(data, "log", "--pleasant", "2", "--energy", "2", "--note", "old").returncode == 0
    made = run(data, "backup")
    assert made.returncode == 0, made.stderr
    name = Path(made.stdout.split()[-1]).name
    assert run(data, "log", "--pleasant", "8", "--energy", "2", "--note", "new").returncode == 0
    listed = run(data, "backup", "--list")
    assert listed.returncode == 0 and name in listed.stdout
    restored = run(data, "backup", "--restore", name)
    assert restored.returncode == 0, restored.stderr
    assert [e["note"] for e in export_json(data)["checkins"]] == ["old"]
    assert "journal-before-restore" in run(data, "backup", "--list").stdout
    assert run(data, "backup", "--restore", "no-such-backup.sqlite3").returncode == 1


def test_a_corrupt_journal_is_reported_and_kept(data: Path) -> None:
    data.mkdir(parents=True)
    (data / "journal.sqlite3").write_bytes(b"\x00garbage" * 500)
    result = run(data, "log", "--pleasant", "5", "--energy", "5")
    assert result.returncode == 0
    assert "moved to" in result.stderr
    assert list(data.glob("journal.sqlite3.corrupt-*"))
    assert len(export_json(data)["checkins"]) == 1


def test_cli_module_import_stays_light() -> None:
    code = (
        "import sys; import breathingroom.cli as c; c.build_parser();"
        "bad = [m for m in ('PySide6', 'numpy', 'sqlite3', 'breathingroom.services.store')"
        " if m in sys.modules]; print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_log_without_at_is_stamped_by_the_cli_clock(
    data: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    evening = datetime(2026, 3, 1, 20, 30, tzinfo=timezone(timedelta(hours=1)))
    monkeypatch.setattr(common, "clock", FakeClock(wall=evening, tz=evening.tzinfo))
    status = cli.main(["--data-dir", str(data), "log", "--pleasant", "6", "--energy", "4"])
    assert status == common.EXIT_OK
    assert "Sun 01 Mar 2026, 20:30" in capsys.readouterr().out
    [entry] = export_json(data)["checkins"]
    assert entry["at"] == "2026-03-01T20:30:00+01:00"
