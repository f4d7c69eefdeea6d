"""Journal commands when the files fight back (issue 10): a journal the user may only read, a full
disk, an output that is a folder, a damaged journal reported once.

File modes mean nothing to root, so the read-only cases run the command as ``nobody`` through
``runuser``, with an interpreter and a data folder that user can reach. The full-disk cases run on
a small tmpfs of their own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import platformdirs
import pytest

import breathingroom
from tests.cli.test_journal import export_json, run
from tests.fakes import FakeClock
from tests.tmpfs import Tmpfs, mounted

_PACKAGES = (breathingroom, platformdirs)
RUNUSER = shutil.which("runuser", path=f"{os.environ.get('PATH', '')}:/usr/sbin:/sbin") or "runuser"


def _copy_code_for_nobody(folder: Path) -> None:
    """Copy the app and what its commands import where ``nobody`` can read them.

    The checkout and its virtual environment may live under /root, which that user cannot
    enter, so the command runs from a world-readable copy made for each test.
    """
    for package in _PACKAGES:
        source = Path(package.__file__).resolve().parent
        shutil.copytree(source, folder / source.name, ignore=shutil.ignore_patterns("__pycache__"))
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)


def _python_for_nobody() -> str:
    """The system's interpreter, which ``nobody`` may run (a virtualenv may be out of its reach)."""
    for candidate in (shutil.which("python3", path="/usr/bin:/bin") or "", sys.executable):
        if not candidate:
            continue
        done = subprocess.run(
            [RUNUSER, "-u", "nobody", "--", candidate, "-c", "import sqlite3"],
            capture_output=True,
        )
        if done.returncode == 0:
            return candidate
    raise AssertionError("no Python interpreter that the user nobody can run")


def run_as_nobody(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the command as ``nobody``, with the code that ``nobody_home`` copied beside the data."""
    env = {
        "PATH": "/usr/bin:/bin",
        "TZ": "Europe/Berlin",
        "HOME": str(data_dir.parent),
        "PYTHONPATH": str(data_dir.parent / "code"),
        "LANG": "C.UTF-8",
    }
    return subprocess.run(
        [
            RUNUSER,
            "-u",
            "nobody",
            "--",
            _python_for_nobody(),
            "-m",
            "breathingroom",
            "--data-dir",
            str(data_dir),
            *args,
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
    )


@pytest.fixture
def nobody_home() -> Iterator[Path]:
    """A folder that belongs to ``nobody``, outside root's private temporary folders."""
    home = Path(tempfile.mkdtemp(prefix="br-nobody-"))
    shutil.chown(home, "nobody")
    home.chmod(0o755)
    _copy_code_for_nobody(home / "code")
    try:
        yield home
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _logged(data: Path, *notes: str) -> None:
    for minute, note in enumerate(notes):
        at = f"2026-07-01T09:{minute:02d}"
        done = run_as_nobody(
            data, "log", "--pleasant", "6", "--energy", "4", "--note", note, "--at", at
        )
        assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("folder_too", [False, True], ids=["file-0400", "folder-0500-too"])
def test_a_journal_the_user_may_only_read_is_read_and_never_moved(
    nobody_home: Path, folder_too: bool
) -> None:
    data = nobody_home / "data"
    _logged(data, "one", "two", "three")
    journal = data / "journal.sqlite3"
    content = journal.read_bytes()
    journal.chmod(0o400)
    if folder_too:
        data.chmod(0o500)
    try:
        exported = run_as_nobody(data, "export", "--format", "csv")
        assert exported.returncode == 0, exported.stderr
        assert exported.stderr == ""
        assert [line.split(",")[8] for line in exported.stdout.splitlines()[1:]] == [
            "one",
            "two",
            "three",
        ]
        refused = run_as_nobody(data, "log", "--pleasant", "5", "--energy", "5")
        assert refused.returncode == 1
        [line] = refused.stderr.strip().splitlines()
        assert "can only be read" in line and "nothing was saved" in line
        assert "Saved" not in refused.stdout
    finally:
        data.chmod(0o700)
    assert journal.read_bytes() == content
    assert not list(data.glob("*.corrupt-*"))


def test_review_and_list_work_on_a_read_only_journal(nobody_home: Path) -> None:
    data = nobody_home / "data"
    _logged(data, "one")
    (data / "journal.sqlite3").chmod(0o400)
    listed = run_as_nobody(data, "backup", "--list")
    assert listed.returncode == 0, listed.stderr
    review = run_as_nobody(data, "review")
    assert review.returncode == 0, review.stderr
    assert not list(data.glob("*.corrupt-*"))


@pytest.fixture
def tmpfs() -> Iterator[Tmpfs]:
    with mounted() as where:
        yield where


def _one_calm_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def test_a_full_disk_saves_nothing_says_so_once_and_leaves_no_temporary_file(
    tmpfs: Tmpfs, tmp_path: Path
) -> None:
    data = tmpfs.path / "data"
    note = "n" * 19_000
    assert run(data, "log", "--pleasant", "5", "--energy", "5", "--note", "first").returncode == 0
    assert run(data, "backup").returncode == 0
    big = tmp_path / "big.json"
    big.write_text(
        '{"format": "breathing-room", "version": 1, "sessions": [], "checkins": ['
        + ",".join(
            f'{{"at": "2026-01-01T{h:02d}:{m:02d}:00+01:00", "pleasant": 5, "energy": 5, '
            f'"note": "{i}{note}"}}'
            for i, (h, m) in enumerate((h, m) for h in range(24) for m in range(0, 60, 10))
        )
        + "]}",
        encoding="utf-8",
    )
    before = sorted(p.name for p in data.rglob("*"))
    filler = tmpfs.fill()
    logged = run(data, "log", "--pleasant", "5", "--energy", "5", "--note", note)
    assert "the disk is full: nothing was saved" in _one_calm_line(logged)
    assert "Saved" not in logged.stdout
    imported = run(data, "import", str(big))
    assert "the disk is full: nothing was saved" in _one_calm_line(imported)
    exported = run(data, "export", "-o", str(tmpfs.path / "out.json"))
    assert "the disk is full: nothing was saved" in _one_calm_line(exported)
    backed = run(data, "backup")
    assert "the disk is full: nothing was saved" in _one_calm_line(backed)
    assert sorted(p.name for p in data.rglob("*") if not p.name.endswith(("-wal", "-shm"))) == [
        n for n in before if not n.endswith(("-wal", "-shm"))
    ]
    assert not (tmpfs.path / "out.json").exists()
    assert not [p for p in tmpfs.path.rglob(".*")]
    filler.unlink()
    assert run(data, "log", "--pleasant", "5", "--energy", "5", "--note", "after").returncode == 0
    # Both were logged within the same minute, where the export's order is by content.
    assert sorted(e["note"] for e in export_json(data)["checkins"]) == ["after", "first"]


def test_export_to_a_folder_says_so_in_one_line(data_dir: Path, tmp_path: Path) -> None:
    assert run(data_dir, "log", "--pleasant", "5", "--energy", "5").returncode == 0
    folder = tmp_path / "a-folder"
    folder.mkdir()
    line = _one_calm_line(run(data_dir, "export", "-o", str(folder)))
    assert "is a folder" in line and "nothing was saved" in line
    assert list(folder.iterdir()) == []


def test_a_journal_moved_aside_is_reported_once(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "journal.sqlite3").write_bytes(b"\x00garbage" * 500)
    result = run(data_dir, "log", "--pleasant", "5", "--energy", "5")
    assert result.returncode == 0
    assert result.stderr.count("moved to") == 1, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "cli-data"


def _count(journal: Path) -> int:
    import sqlite3

    conn = sqlite3.connect(f"file:{journal}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM checkins").fetchone()[0])
    finally:
        conn.close()


def test_a_backup_from_before_a_journal_was_moved_aside_survives_the_next_backup(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from breathingroom import cli
    from breathingroom.cli import common

    clock = FakeClock(wall=datetime(2026, 11, 26, 12, tzinfo=UTC))
    monkeypatch.setattr(common, "clock", clock)

    def command(*args: str) -> None:
        clock.advance(60)  # as a person types them: each a minute after the last
        assert cli.main(["--data-dir", str(data_dir), *args]) == common.EXIT_OK

    for p in ("3", "4", "5"):
        command("log", "--pleasant", p, "--energy", "5")
    command("backup")
    (data_dir / "journal.sqlite3").write_bytes(b"\x00damaged" * 600)
    command("log", "--pleasant", "6", "--energy", "5")
    command("backup")
    capsys.readouterr()
    command("backup", "--list")
    listed = capsys.readouterr().out
    counts = [_count(data_dir / "backups" / line.split()[0]) for line in listed.splitlines()]
    assert 3 in counts, listed


def test_every_backup_reported_as_made_exists_even_within_one_second(data_dir: Path) -> None:
    assert run(data_dir, "log", "--pleasant", "5", "--energy", "5").returncode == 0
    names = []
    for _ in range(3):
        made = run(data_dir, "backup")
        assert made.returncode == 0, made.stderr
        reported = Path(made.stdout.split()[-1])
        assert reported.exists(), made.stdout
        names.append(reported.name)
    assert len(set(names)) == 3


def test_a_backup_from_a_newer_version_is_refused_and_the_journal_still_works(
    data_dir: Path, tmp_path: Path
) -> None:
    import sqlite3

    assert (
        run(data_dir, "log", "--pleasant", "5", "--energy", "5", "--note", "mine").returncode == 0
    )
    newer = tmp_path / "newer.sqlite3"
    shutil.copy(data_dir / "journal.sqlite3", newer)
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE schema_version SET version = 99")
    conn.commit()
    conn.close()
    line = _one_calm_line(run(data_dir, "backup", "--restore", str(newer)))
    assert "newer version" in line and "nothing was restored" in line.lower()
    assert [e["note"] for e in export_json(data_dir)["checkins"]] == ["mine"]
    assert run(data_dir, "log", "--pleasant", "6", "--energy", "5").returncode == 0
