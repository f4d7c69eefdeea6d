"""The report for a therapist, written offscreen and read back with poppler's tools."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from breathingroom.core.journal import CheckIn
from breathingroom.core.records import SessionRecord
from breathingroom.core.review import previous_period, week_in_words
from breathingroom.ui.timeline.report import (
    DIARY_ROWS,
    FOOTER,
    HEADINGS,
    ReportSections,
    report_title,
    write_report,
)

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
BERLIN_WINTER = timezone(timedelta(hours=1))
WEEK = (date(2026, 11, 16), date(2026, 11, 23))


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True)
    # Ligatures back to letters, and line breaks to spaces, so phrases can be found.
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", out.stdout))


def page_count(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    match = re.search(r"Pages:\s+(\d+)", out.stdout)
    assert match
    return int(match[1])


def checkin(
    day: int,
    hour: int,
    pleasant: int,
    energy: int,
    distress: int | None = None,
    feelings: tuple[str, ...] = (),
    note: str = "",
    tz: timezone = BERLIN_WINTER,
) -> CheckIn:
    at = datetime(2026, 11, day, hour, 5, tzinfo=tz)
    return CheckIn.create(at, pleasant, energy, distress, feelings, note=note)


def session(
    day: int, hour: int, kind: str, exercise: str, before: int | None, after: int | None
) -> SessionRecord:
    start = datetime(2026, 11, day, hour, 0, tzinfo=BERLIN_WINTER)
    return SessionRecord(
        kind,  # type: ignore[arg-type]
        exercise,
        start,
        start + timedelta(minutes=5),
        True,
        {},
        before,
        after,
    )


CHECKINS = [
    checkin(9, 9, 5, 5),  # the week before, for the comparison
    checkin(16, 8, 3, 6, 7, ("anxious", "tense"), "Hard meeting at work.\nSlept badly."),
    checkin(16, 21, 5, 4, 4, ("calm",)),
    checkin(17, 10, 6, 5, None, ("tired", "calm", "hopeful", "sad")),
    checkin(19, 12, 4, 3, 6, ("sad",), "Called my sister. It helped a bit."),
    checkin(20, 18, 7, 6),
    checkin(22, 20, 6, 3, 2, ("content",)),
]
SESSIONS = [
    session(16, 9, "breathing", "long-exhale", 7, 4),
    session(16, 13, "grounding", "5-4-3-2-1", 6, 5),
    session(17, 9, "breathing", "long-exhale", 5, 3),
    session(19, 12, "breathing", "long-exhale", 8, 3),
    session(20, 9, "grounding", "5-4-3-2-1", None, None),
]


def week_report(tmp_path: Path, **kwargs: object) -> Path:
    return write_report(tmp_path / "week.pdf", CHECKINS, SESSIONS, *WEEK, **kwargs)  # type: ignore[arg-type]


def test_a_week_report_says_the_week_in_words_what_helps_the_notes_and_the_diary_card(
    tmp_path: Path, qapp
) -> None:
    path = week_report(tmp_path)
    text = pdf_text(path)
    assert "Breathing Room — 16 to 22 November 2026" in text
    assert "not a clinical record" in text
    before = previous_period(*WEEK)
    for sentence in week_in_words(CHECKINS, SESSIONS, *WEEK, *before).sentences():
        assert sentence in text
    assert "Long exhale — n = 3 sessions, median drop 3" in text
    assert "5-4-3-2-1 — n = 1 rated session so far; it needs 2 more" in text
    assert "Hard meeting at work." in text
    assert "Called my sister. It helped a bit." in text
    assert "Monday 16 November, 08:05" in text
    for row in DIARY_ROWS:
        assert row in text
    assert "anxious, calm, tense" in text  # the day's feelings, up to 3
    assert "hopeful" in text and "tired" not in text  # Tuesday had four: the first 3 by name
    assert "7→4" in text  # distress before → after beside a session
    for heading in ("The week in words", "Your days in graphs", "What helps", "Your notes"):
        assert heading in text
    assert "Pleasantness (solid line, round markers)" in text
    assert "Energy (dashed line, square markers)" in text
    pages = page_count(path)
    assert pages == 3  # the diary card has a page of its own
    assert text.count(FOOTER) == pages
    assert f"Page {pages} of {pages}" in text


def test_a_note_is_dated_at_its_own_offset(tmp_path: Path, qapp) -> None:
    tokyo = timezone(timedelta(hours=9))
    late = checkin(18, 23, 5, 5, note="Written on the trip.", tz=tokyo)
    text = pdf_text(write_report(tmp_path / "trip.pdf", [late], [], *WEEK))
    assert "Wednesday 18 November, 23:05" in text


@pytest.mark.parametrize("off", ["graphs", "week_in_words", "what_helps", "notes", "diary_card"])
def test_turning_a_section_off_leaves_its_heading_out(tmp_path: Path, qapp, off: str) -> None:
    path = week_report(tmp_path, sections=ReportSections(**{off: False}))
    text = pdf_text(path)
    for section, heading in HEADINGS.items():
        heading = heading.format(noun="week")
        assert (heading in text) is (section != off), heading
    assert "Breathing Room — 16 to 22 November 2026" in text


def test_a_month_report_has_one_diary_table_a_week(tmp_path: Path, qapp) -> None:
    start, end = date(2026, 11, 1), date(2026, 12, 1)
    path = write_report(tmp_path / "month.pdf", CHECKINS, SESSIONS, start, end)
    text = pdf_text(path)
    assert report_title(start, end) == "Breathing Room — November 2026"
    assert "Breathing Room — November 2026" in text
    assert "The month in words" in text
    # 1 November 2026 is a Sunday and 30 November a Monday: six weeks touch the month
    assert text.count("Week: ") == 6
    assert "Week: 1 November 2026" in text
    assert "Week: 30 November 2026" in text
    assert text.count(DIARY_ROWS[0]) == 6
    assert "16: 7→4, 6→5" in text  # in a month, ratings are listed under the sessions


def test_an_empty_week_is_a_calm_single_page(tmp_path: Path, qapp) -> None:
    path = write_report(tmp_path / "empty.pdf", [], [], *WEEK)
    text = pdf_text(path)
    assert page_count(path) == 1
    assert "Nothing is in your journal for this week, and that is all right." in text
    assert "No notes this week." in text
    assert "Page 1 of 1" in text
    assert "!" not in text


def test_a_period_that_ends_before_it_starts_is_refused(tmp_path: Path, qapp) -> None:
    with pytest.raises(ValueError, match="ends"):
        write_report(tmp_path / "x.pdf", [], [], WEEK[1], WEEK[0])


def test_the_first_page_renders_and_is_saved_for_review(tmp_path: Path, qapp) -> None:
    path = week_report(tmp_path)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")],
        check=True,
    )
    [png] = tmp_path.glob("page*.png")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(png, ARTIFACTS / "report-week.png")
    assert png.stat().st_size > 5_000


def test_a_long_note_flows_onto_the_next_page_and_names_can_be_given(tmp_path: Path, qapp) -> None:
    long = "\n".join(f"Line {i} of a long evening note." for i in range(120))
    entries = [checkin(18, 21, 4, 4, note=long)]
    grounding = [session(18, 20, "grounding", "5-4-3-2-1", 6, 4)]
    names = {"grounding:5-4-3-2-1": "5-4-3-2-1 senses"}
    path = write_report(
        tmp_path / "long.pdf",
        entries,
        grounding,
        *WEEK,
        sections=ReportSections(graphs=False, diary_card=False),
        names=names,
    )
    text = pdf_text(path)
    assert "Line 0 of a long evening note." in text
    assert "Line 119 of a long evening note." in text
    assert "5-4-3-2-1 senses" in text
    assert page_count(path) >= 2
