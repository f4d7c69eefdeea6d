"""``breathing-room timeline``: a picture or a report of a period, with no window."""

import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from breathingroom.cli import main
from breathingroom.core.journal import CheckIn
from breathingroom.services.store import Store

PLUS1 = timezone(timedelta(hours=1))


@pytest.fixture
def journal(_fresh_paths):
    with Store.open() as store:
        for day in range(5):
            store.add_checkin(
                CheckIn.create(
                    datetime(2026, 11, 23, 20, tzinfo=PLUS1) + timedelta(days=day),
                    4 + day % 3,
                    5,
                    note="Tea with Ana." if day == 2 else "",
                )
            )
    return _fresh_paths


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "breathingroom", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_screenshot_of_a_week_is_drawn_without_a_window(journal, tmp_path: Path):
    out = tmp_path / "week.png"
    result = run("timeline", "--week", "2026-W48", "--screenshot", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"\x89PNG")
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert image.width() >= 800 and image.height() >= 600


def test_a_report_of_the_week_holds_its_notes(journal, tmp_path: Path):
    out = tmp_path / "week.pdf"
    result = run("timeline", "--week", "2026-W48", "--pdf", str(out))
    assert result.returncode == 0, result.stderr
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "Tea with Ana." in text and "23 to 29 November 2026" in text


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--week", "2026-W60"], "week"),
        (["--to", "2026-11-30"], "--to goes with --from"),
        (["--month", "2026-13"], "month must be 01 to 12"),
    ],
)
def test_a_bad_period_is_one_line_and_status_2(argv, says, capsys):
    assert main(["timeline", *argv, "--screenshot", "x.png"]) == 2
    err = capsys.readouterr().err
    assert says in err and err.count("\n") == 1
