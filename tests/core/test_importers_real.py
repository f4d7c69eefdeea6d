"""The importers against files shaped like real Daylio, Bearable and Pixels exports.

The fixtures in ``tests/core/fixtures`` were written for this project from the shapes described
in docs/formats.md; every field that comes out is checked.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from breathingroom.core.dayfacts import DAY_NOTE, DayFact
from breathingroom.core.importers import ImportFormatError, UnmappedMoodsError, parse
from breathingroom.core.importers.base import parse_mood_map, parse_mood_map_file
from tests.fakes import local_zone

HERE = Path(__file__).parent / "fixtures"
BERLIN = ZoneInfo("Europe/Berlin")


def rows(batch):  # type: ignore[no-untyped-def]
    return [(c.iso_at, c.pleasant, c.energy, c.feelings, c.tags, c.note) for c in batch.checkins]


def facts(batch):  # type: ignore[no-untyped-def]
    return [(f.day.isoformat(), f.category, f.item, f.amount, f.time, f.note) for f in batch.facts]


def test_bearable_first_header_generation_ordinals_slots_and_a_five_point_energy() -> None:
    batch = parse(HERE / "bearable_v1.csv", "b.csv", zone=BERLIN, zone_name="Europe/Berlin")
    assert batch.format == "bearable"
    assert rows(batch) == [
        ("2020-09-22T09:00:00+02:00", 6, 3, ("Meh", "Anxious"), (), "slow start"),
    ]
    assert facts(batch) == [
        ("2020-09-22", "Symptom", "Headache (Moderate)", "2", "all day", ""),
        ("2020-09-22", "Sleep", "", "7.5", "", ""),
        ("2024-05-01", "Period", "Light", "", "Day 7", ""),
        ("2021-01-03", "Lifestyle", "☕ Caffeine - Little", "", "pm", ""),
        ("2021-01-03", "Energy", "Good", "4", "mid", ""),
    ]
    assert "energy read on a 1–5 scale (found in the file)" in batch.summary()
    assert batch.fact_categories()["Energy"] == 1


def test_bearable_second_generation_iso_dates_clock_times_and_energy_joining_its_mood() -> None:
    batch = parse(HERE / "bearable_v2.csv", "b.csv", zone=BERLIN)
    assert rows(batch) == [
        ("2020-09-22T00:46:00+02:00", 1, 5, ("Sad", "Tired"), (), ""),
        ("2020-09-22T05:50:00+02:00", 9, 7, ("Happy",), (), "first"),
    ]
    assert facts(batch) == [
        ("2020-09-22", "Meds/Supplements", "Vitamin D", "1", "all day", ""),
        ("2020-09-22", "Sleep quality", "", "4", "", ""),
        ("2020-09-22", "Productivity", "", "3", "all day", ""),
        ("2020-09-23", "Food Diary", "Dinner", "", "pm", "soup & bread"),
        ("2020-09-23", "Energy", "", "6", "14:00", ""),
    ]
    summary = batch.summary()
    assert "energy read on a 1–10 scale (found in the file)" in summary
    assert "1 joined the mood logged within 10 minutes" in summary
    # Every category is counted in the summary.
    for category in ("Meds/Supplements", "Sleep quality", "Productivity", "Food Diary", "Energy"):
        assert f"  {category}: 1" in summary


def test_bearable_energy_scale_can_be_named() -> None:
    batch = parse(HERE / "bearable_v2.csv", "b.csv", zone=BERLIN, energy_scale=10)
    assert "(as asked)" in batch.summary()
    with pytest.raises(ImportFormatError, match="above 5"):
        parse(HERE / "bearable_v2.csv", "b.csv", zone=BERLIN, energy_scale=5)


def test_pixels_2019_shape() -> None:
    batch = parse(HERE / "pixels_2019.json", "p.json", zone=BERLIN)
    assert rows(batch) == [
        ("2019-03-10T12:00:00+01:00", 9, 5, ("joy",), (), ""),
        ("2019-03-09T12:00:00+01:00", 3, 5, (), (), ""),
    ]
    assert batch.facts == [
        DayFact(day=date(2019, 3, 10), category=DAY_NOTE, note="sunny walk", source="pixels")
    ]


def test_pixels_2022_shape_keeps_each_entrys_note_and_tags() -> None:
    batch = parse(HERE / "pixels_2022.json", "p.json", zone=BERLIN)
    assert rows(batch) == [
        ("2022-01-05T12:00:00+01:00", 7, 5, (), (), "tea with a friend"),
        ("2022-01-05T12:01:00+01:00", 3, 5, (), ("work",), ""),
    ]
    assert batch.facts == []


def test_pixels_current_shape_day_tags_on_each_score_note_once_groups_in_other_languages() -> None:
    batch = parse(HERE / "pixels_current.json", "p.json", zone=BERLIN)
    assert rows(batch) == [
        ("2022-09-20T12:00:00+02:00", 3, 5, ("alegría", "miedo"), ("rain",), ""),
        ("2022-09-20T12:01:00+02:00", 9, 5, ("alegría", "miedo"), ("rain",), ""),
        ("2022-09-21T12:00:00+02:00", 5, 5, ("ruhig",), (), ""),
    ]
    assert facts(batch) == [("2022-09-20", DAY_NOTE, "", "", "", "a long day")]
    assert batch.groups == {
        "Emociones": ("feelings", 2),
        "Weather": ("tags", 1),
        "Gefühle": ("feelings", 1),
    }
    assert "tag group 'Weather': 1 word, kept as tags" in batch.summary()


def test_pixels_feelings_group_can_be_chosen() -> None:
    batch = parse(HERE / "pixels_current.json", "p.json", zone=BERLIN, feelings_group="weather")
    assert batch.checkins[0].feelings == ("rain",)
    assert batch.checkins[0].tags == ("alegría", "miedo")
    assert batch.groups["Emociones"] == ("tags", 2)


def test_pixels_day_with_words_but_no_score_keeps_its_words_as_day_facts() -> None:
    data = json.dumps(
        [
            {
                "date": "2022-9-22",
                "type": "Mood",
                "scores": [],
                "notes": "no score today",
                "tags": [
                    {"type": "Emotionen", "entries": ["Freude"]},
                    {"type": "Weather", "entries": ["fog"]},
                ],
            }
        ]
    ).encode()
    batch = parse(data, "p.json", zone=BERLIN)
    assert batch.checkins == []
    assert facts(batch) == [
        ("2022-09-22", DAY_NOTE, "", "", "", "no score today"),
        ("2022-09-22", "Feelings", "Freude", "", "", ""),
        ("2022-09-22", "Tags", "fog", "", "", ""),
    ]


@pytest.mark.parametrize("bad", ["2020-01-01garbage", "2020-1-1 ", "20-01-01", "2020-02-30"])
def test_pixels_dates_with_anything_more_are_refused(bad: str) -> None:
    data = json.dumps([{"date": bad, "scores": [3]}]).encode()
    with pytest.raises(ImportFormatError, match="day 1"):
        parse(data, "p.json", zone=BERLIN)


def test_daylio_german_defaults_scales_and_html_notes() -> None:
    batch = parse(HERE / "daylio_de.csv", "d.csv", zone=BERLIN)
    assert rows(batch) == [
        (
            "2026-03-29T10:15:00+02:00",
            7,
            5,
            (),
            ("Arbeit", "Freunde"),
            "Titel\neins\nzwei & drei\nété ok",
        ),
        ("2026-03-28T21:00:00+01:00", 1, 5, (), (), ""),
    ]
    assert facts(batch) == [
        ("2026-03-29", "Sleep Quality", "", "8/10 points", "10:15", ""),
        ("2026-03-29", "Sleep Time", "", "8:00", "10:15", ""),
    ]


@pytest.mark.parametrize(
    ("names", "levels"),
    [
        ("rad,good,meh,bad,awful", [9, 7, 5, 3, 1]),
        ("Super,Gut,Ok,Schlecht,Lausig", [9, 7, 5, 3, 1]),
        ("ottimo,buono,così così,male,terribile", [9, 7, 5, 3, 1]),
        ("super,bien,mouais,mauvais,horrible", [9, 7, 5, 3, 1]),
    ],
)
def test_daylio_default_moods_in_each_language_need_no_map(names: str, levels: list[int]) -> None:
    header = "full_date,date,weekday,time,mood,activities,note"
    lines = [f"2024-01-0{n + 1},x,x,09:00,{m},," for n, m in enumerate(names.split(","))]
    batch = parse("\n".join([header, *lines]).encode(), "d.csv", zone=BERLIN)
    assert [c.pleasant for c in batch.checkins] == levels


def test_daylio_at_a_daylight_saving_gap_moves_forward_and_repeats_are_said() -> None:
    header = "full_date,date,weekday,time,mood,activities,note"
    data = "\n".join(
        [
            header,
            "2026-03-29,x,x,2:30 am,good,,",
            "2026-03-29,x,x,1:30 am,good,,",
            "2026-03-29,x,x,1:30 am,good,,",
        ]
    ).encode()
    with local_zone("Europe/Berlin"):
        batch = parse(data, "d.csv")
    assert [c.iso_at for c in batch.checkins] == [
        "2026-03-29T03:30:00+02:00",
        "2026-03-29T01:30:00+01:00",
    ]
    assert batch.moved_forward == 1
    assert batch.duplicates_in_file == 1
    assert batch.zone_name == "Europe/Berlin"
    summary = batch.summary()
    assert "moved forward" in summary and "repeated within this file, taken once: 1" in summary


def test_ten_thousand_unknown_moods_are_named_ten_at_a_time() -> None:
    header = "full_date,date,weekday,time,mood,activities,note"
    lines = [f"2024-01-01,x,x,09:00,mood number {n},," for n in range(10_000)]
    with pytest.raises(UnmappedMoodsError) as caught:
        parse("\n".join([header, *lines]).encode(), "d.csv", zone=BERLIN)
    message = str(caught.value)
    assert len(caught.value.names) == 10_000
    assert "10000 moods" in message and "'mood number 9'" in message
    assert "'mood number 10'" not in message and "and 9990 more" in message
    assert len(message) < 600


def test_mood_names_with_commas_in_quotes_or_a_file() -> None:
    assert parse_mood_map('sleepy=4, "good, mostly"=6') == {"sleepy": 4, "good, mostly": 6}
    assert parse_mood_map_file("# mine\ngood, mostly=6\n\nsleepy = 4\n") == {
        "good, mostly": 6,
        "sleepy": 4,
    }
    with pytest.raises(ValueError, match="whole number"):
        parse_mood_map("a=٣")


def run_cli(
    data_dir: Path, *args: str, tz: str = "Europe/Berlin"
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "breathingroom", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env={
            "TZ": tz,
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(Path(__file__).parents[2] / "app"),
        },
        timeout=60,
        check=False,
    )


def test_import_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    result = run_cli(tmp_path / "data", "import", "/dev/zero")
    assert result.returncode == 2
    assert "not a regular file" in result.stderr
    assert result.stderr.count("\n") == 1


def test_reimport_under_another_zone_is_a_visible_choice(tmp_path: Path) -> None:
    data = tmp_path / "data"
    file = HERE / "daylio_de.csv"
    first = run_cli(data, "import", str(file))
    assert first.returncode == 0, first.stderr
    assert "times read in the time zone Europe/Berlin" in first.stdout
    assert "kept 2 day facts;" in first.stdout
    same = run_cli(data, "import", str(file))
    assert "imported before with the same time zone" in same.stdout
    assert "added 0 check-ins" in same.stdout
    moved = run_cli(data, "import", str(file), tz="America/New_York")
    assert moved.returncode == 1
    assert "--assume-tz Europe/Berlin" in moved.stderr
    as_before = run_cli(data, "import", str(file), "--assume-tz", "Europe/Berlin", tz="Asia/Tokyo")
    assert as_before.returncode == 0 and "added 0 check-ins" in as_before.stdout
    chosen = run_cli(data, "import", str(file), "--assume-tz", "America/New_York")
    assert chosen.returncode == 0 and "added 2 check-ins" in chosen.stdout
    # Read before in this zone as well as in another: nothing can be doubled, so no question.
    again = run_cli(data, "import", str(file))
    assert again.returncode == 0, again.stderr
    assert "added 0 check-ins" in again.stdout
    assert run_cli(data, "import", str(file), "--assume-tz", "Mars/Olympus").returncode == 2


def test_the_dst_gap_case_from_the_command_line(tmp_path: Path) -> None:
    # Issue 10, case 4: both rows are added, and nothing is said to be "already" there.
    file = tmp_path / "daylio.csv"
    file.write_text(
        "full_date,date,weekday,time,mood,activities,note\n"
        "2026-03-29,x,x,2:30 am,good,,\n"
        "2026-03-29,x,x,1:30 am,good,,\n",
        encoding="utf-8",
    )
    result = run_cli(tmp_path / "data", "import", str(file))
    assert result.returncode == 0, result.stderr
    assert "added 2 check-ins and 0 sessions; 0 were already in your journal" in result.stdout
    exported = run_cli(tmp_path / "data", "export", "--format", "json")
    times = sorted(c["at"] for c in json.loads(exported.stdout)["checkins"])
    assert times == ["2026-03-29T01:30:00+01:00", "2026-03-29T03:30:00+02:00"]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=3000), fmt=st.sampled_from(["auto", "daylio", "bearable", "pixels"]))
def test_streamed_files_raise_only_the_import_error(tmp_path: Path, data: bytes, fmt: str) -> None:
    file = tmp_path / "fuzz.csv"
    file.write_bytes(data)
    with contextlib.suppress(ImportFormatError):
        parse(file, "fuzz.csv", fmt, zone=BERLIN)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(st.lists(st.text(max_size=12), min_size=8, max_size=8), min_size=1, max_size=12),
    iso=st.booleans(),
)
def test_bearable_shaped_rows_raise_only_the_import_error(
    tmp_path: Path, rows: list[list[str]], iso: bool
) -> None:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    header = "date,date formatted,weekday,time of day,category,rating/amount,detail,notes"
    writer.writerow(header.split(",") if iso else header.replace("date formatted,", "").split(","))
    for row in rows:
        writer.writerow(row if iso else row[1:])
    with contextlib.suppress(ImportFormatError):
        parse(out.getvalue().encode(), "b.csv", "bearable", zone=BERLIN)


def test_a_bad_row_after_thousands_streamed_leaves_the_journal_as_it_was(tmp_path: Path) -> None:
    # Rows go into the transaction in chunks as they are read; a bad row late in the file must
    # still undo every chunk already written.
    lines = ["full_date,date,weekday,time,mood,activities,note"]
    lines += [f"2024-01-01,x,x,{n // 60 % 24}:{n % 60:02d},good,,row {n}" for n in range(5000)]
    lines.append("2024-01-02,x,x,25:00,good,,")
    file = tmp_path / "daylio.csv"
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli(tmp_path / "data", "import", str(file))
    assert result.returncode == 1
    assert f"{file}:5002:" in result.stderr
    exported = run_cli(tmp_path / "data", "export", "--format", "json")
    assert json.loads(exported.stdout)["checkins"] == []
    dry = run_cli(tmp_path / "data", "import", str(file), "--dry-run")
    assert dry.returncode == 1 and f"{file}:5002:" in dry.stderr
