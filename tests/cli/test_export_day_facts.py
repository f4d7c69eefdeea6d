"""``breathing-room export`` carries the day facts kept from Bearable, Daylio and Pixels: export,
import into an empty journal, export again, and the two exports are the same (issue 11 review)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_journal import run

FIXTURES = Path(__file__).resolve().parents[1] / "core" / "fixtures"


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    data = tmp_path / "first"
    for name in ("bearable_v2.csv", "pixels_current.json", "daylio_de.csv"):
        result = run(data, "import", str(FIXTURES / name))
        assert result.returncode == 0, result.stderr
    logged = run(data, "log", "--pleasant", "6", "--energy", "4", "--note", "=1+1")
    assert logged.returncode == 0, logged.stderr
    return data


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_import_export_is_identical_with_day_facts(
    journal: Path, tmp_path: Path, fmt: str
) -> None:
    first = tmp_path / f"first.{fmt}"
    assert run(journal, "export", "--format", fmt, "-o", str(first)).returncode == 0
    other = tmp_path / "other"
    imported = run(other, "import", str(first))
    assert imported.returncode == 0, imported.stderr
    assert "kept " in imported.stdout and "day fact" in imported.stdout
    second = tmp_path / f"second.{fmt}"
    assert run(other, "export", "--format", fmt, "-o", str(second)).returncode == 0
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")


def test_the_export_holds_every_day_fact_and_the_pixels_day_note(journal: Path) -> None:
    result = run(journal, "export", "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    facts = document["day_facts"]
    assert document["version"] == 2
    assert {f["source"] for f in facts} == {"bearable", "pixels", "daylio"}
    assert any(f["category"] == "Day note" and f["note"] for f in facts)
    assert any(f["category"] == "Meds/Supplements" and f["item"] == "Vitamin D" for f in facts)
    csv_export = run(journal, "export", "--format", "csv")
    rows = [line for line in csv_export.stdout.splitlines() if line.startswith("dayfact,")]
    assert len(rows) == len(facts)
