"""Import from Daylio, Bearable, Pixels or an export of this app, with a preview first.

``ImportDialog(store, parent: QWidget | None = None, *, zone: tzinfo | None = None)``

- ``store`` is a :class:`breathingroom.services.store.Store`; ``zone`` is the time zone for files
  that keep wall-clock times (default: the computer's). The zone is shown and can be changed; if
  the same file was imported before with another zone, that zone is chosen and the preview says
  so, so importing again adds nothing twice.
- ``load(path)`` reads and previews a file (a ``Path`` or a ``str``; the "Choose a file…" button
  calls it after a file dialog). Nothing is written until Import is pressed; then everything is
  added in one transaction, or nothing.
- The preview shows the entries per year, each mood with the level it maps to (a 1–9 picker per
  mood name; a mood the app does not know is pre-filled with a guess and marked), where each tag
  group goes (with a choice of which group holds feelings), the day facts per category and the
  entries repeated in the file. Changing a level or a choice previews again.
- ``imported(int, int)`` is emitted with the numbers of check-ins and sessions added.
"""

from __future__ import annotations

import sqlite3
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import available_timezones

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from breathingroom.core import importers
from breathingroom.core.importers import (
    ImportBatch,
    ImportFormatError,
    UnmappedMoodsError,
    plural,
)
from breathingroom.core.journal import JournalError

if TYPE_CHECKING:
    from breathingroom.services.store import Store

_AUTO_GROUP = "__auto__"


class ImportDialog(QWidget):
    imported = Signal(int, int)

    def __init__(
        self, store: Store, parent: QWidget | None = None, *, zone: tzinfo | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setWindowTitle("Import entries")
        self.setAccessibleName("Import entries")
        self._store = store
        if zone is None:
            zone, zone_name = importers.system_zone()
        else:
            zone_name = str(getattr(zone, "key", "")) or "the given zone"
        self._zones: dict[str, tzinfo] = {zone_name: zone}
        self._path: Path | None = None
        self._digest = ""
        self._batch: ImportBatch | None = None
        self._mood_boxes: dict[str, QSpinBox] = {}
        self._guessed: set[str] = set()
        self._building = False
        self._zone_note = ""

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(12)
        intro = QLabel(
            "Bring in entries from Daylio, Bearable, Pixels or a Breathing Room export. You see "
            "what would be added before anything changes.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        row = QHBoxLayout()
        self.choose_button = QPushButton("Choose a file…", self)
        self.choose_button.setAccessibleName("Choose a file to import")
        self.choose_button.clicked.connect(self._choose)
        self.format_box = QComboBox(self)
        self.format_box.setAccessibleName("File format")
        for fmt in importers.FORMATS:
            self.format_box.addItem("recognise it" if fmt == "auto" else fmt, fmt)
        self.format_box.currentIndexChanged.connect(lambda _i: self.preview())
        format_label = QLabel("&Format:", self)
        format_label.setBuddy(self.format_box)
        row.addWidget(self.choose_button)
        row.addWidget(format_label)
        row.addWidget(self.format_box)
        row.addStretch(1)
        layout.addLayout(row)

        choices = QFormLayout()
        self.zone_box = QComboBox(self)
        self.zone_box.setAccessibleName("Time zone the file's times were written in")
        self.zone_box.addItem(zone_name, zone_name)
        for name in sorted(available_timezones()):  # typing a name's start jumps to it
            if name != zone_name:
                self.zone_box.addItem(name, name)
        self.zone_box.currentIndexChanged.connect(lambda _i: self.preview())
        choices.addRow("&Time zone of the file's times:", self.zone_box)
        self.feelings_box = QComboBox(self)
        self.feelings_box.setAccessibleName("The tag group that holds feelings")
        self.feelings_box.currentIndexChanged.connect(lambda _i: self._choice_changed())
        choices.addRow("Tag group with &feelings:", self.feelings_box)
        self.energy_box = QComboBox(self)
        self.energy_box.setAccessibleName("Scale of the energy ratings")
        for text, value in (("as found in the file", 0), ("1 to 5", 5), ("1 to 10", 10)):
            self.energy_box.addItem(text, value)
        self.energy_box.currentIndexChanged.connect(lambda _i: self._choice_changed())
        choices.addRow("&Energy ratings:", self.energy_box)
        layout.addLayout(choices)
        self._choices = choices
        self._show_choice(self.feelings_box, False)
        self._show_choice(self.energy_box, False)

        self.preview_text = QPlainTextEdit(self)
        self.preview_text.setReadOnly(True)
        self.preview_text.setAccessibleName("What would be imported")
        self.preview_text.setTabChangesFocus(True)
        layout.addWidget(self.preview_text, 1)

        self.moods_title = QLabel(
            "Moods and their pleasantness, from 1 (least) to 9 (most). Check the ones marked "
            "'guessed': they are your own names.",
            self,
        )
        self.moods_title.setWordWrap(True)
        self.moods_title.setVisible(False)
        layout.addWidget(self.moods_title)
        self.moods = QWidget(self)
        self.moods_form = QFormLayout(self.moods)
        self.moods_form.setContentsMargins(0, 0, 0, 0)
        self.moods.setVisible(False)
        layout.addWidget(self.moods)
        self.apply_moods_button = QPushButton("Use these levels", self)
        self.apply_moods_button.setAccessibleName("Use these mood levels and preview again")
        self.apply_moods_button.clicked.connect(self.preview)
        self.apply_moods_button.setVisible(False)
        layout.addWidget(self.apply_moods_button)

        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Status")
        layout.addWidget(self.status)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.close_button = QPushButton("Close", self)
        self.close_button.setAccessibleName("Close the import window")
        self.close_button.clicked.connect(self.close)
        self.import_button = QPushButton("Import", self)
        self.import_button.setAccessibleName("Import these entries")
        self.import_button.setEnabled(False)
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.commit)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.import_button)
        layout.addLayout(buttons)
        self.resize(560, 640)

    # -- choosing --------------------------------------------------------------------------------

    def _show_choice(self, box: QWidget, visible: bool) -> None:
        box.setVisible(visible)
        label = self._choices.labelForField(box)
        if label is not None:
            label.setVisible(visible)

    def _choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Choose a file to import", str(Path.home()), "Exports (*.csv *.json);;All (*)"
        )
        if name:
            self.load(Path(name))

    def load(self, path: Path | str) -> None:
        """Read ``path`` and show what it would add."""
        path = Path(path)
        try:
            importers.check_input(path)
            self._digest = importers.file_digest(path)
        except ImportFormatError as exc:
            self._show_problem(f"This file cannot be read: {exc.reason}.")
            return
        except OSError as exc:
            self._show_problem(f"This file cannot be read: {exc.strerror or exc}.")
            return
        self._path = path
        self._building = True
        for name in list(self._mood_boxes):
            self.moods_form.removeRow(self._mood_boxes.pop(name))
        self._guessed.clear()
        self.feelings_box.clear()
        self.energy_box.setCurrentIndex(0)
        self._building = False
        self._zone_note = self._pick_earlier_zone()
        self.preview()

    def _pick_earlier_zone(self) -> str:
        """If this file was imported before with another zone, choose that zone and say why."""
        try:
            earlier = [e for e in self._store.earlier_imports(self._digest) if e.zone]
        except sqlite3.Error:
            return ""
        if not earlier:
            return ""
        zone = earlier[-1].zone
        try:
            self._zone(zone)
        except ValueError:
            return ""
        if self.zone_box.findData(zone) < 0:
            self.zone_box.addItem(zone, zone)
        self._building = True
        self.zone_box.setCurrentIndex(self.zone_box.findData(zone))
        self._building = False
        when = earlier[-1].at.astimezone().strftime("%d %B %Y")
        return (
            f"This file was imported on {when} with its times read in {zone}. The same zone is "
            f"used, so nothing is added twice; choose another zone above to read them anew."
        )

    def mood_map(self) -> dict[str, int]:
        return {name: box.value() for name, box in self._mood_boxes.items()}

    def set_mood_level(self, name: str, level: int) -> None:
        self._mood_boxes[name].setValue(level)

    def set_feelings_group(self, name: str) -> None:
        self.feelings_box.setCurrentIndex(self.feelings_box.findData(name))

    def _choice_changed(self) -> None:
        if not self._building:
            self.preview()

    # -- preview ---------------------------------------------------------------------------------

    def preview(self) -> ImportBatch | None:
        if self._path is None or self._building:
            return None
        self._batch = None
        self.import_button.setEnabled(False)
        fmt = str(self.format_box.currentData())
        zone_name = str(self.zone_box.currentData())
        group = self.feelings_box.currentData()
        energy = int(self.energy_box.currentData() or 0)
        try:
            batch = self._parse(fmt, zone_name, group, energy)
        except ImportFormatError as exc:
            self._show_problem(f"Nothing can be imported from this file yet. {exc}")
            return None
        self._batch = batch
        self._offer_choices(batch)
        self._show_moods(batch)
        self.preview_text.setPlainText(self._describe(batch))
        total = batch.checkin_count() + len(batch.sessions)
        try:
            present = self._store.already_present(batch.checkins)
        except sqlite3.Error:  # the preview goes on without the count; the import says it
            present = None
        if total or batch.facts:
            there = (
                "Entries already in your journal are skipped."
                if present is None
                else f"{present} of the check-ins are in your journal already and are skipped."
                if present
                else "None of the check-ins is in your journal yet."
            )
            self.status.setText(
                f"Ready to add up to {plural(total, 'entry', 'entries')} and "
                f"{plural(len(batch.facts), 'day fact')}. {there}"
            )
        else:
            self.status.setText("This file holds no entries.")
        self.import_button.setEnabled(bool(total or batch.facts))
        return batch

    def _zone(self, name: str) -> tzinfo:
        if name not in self._zones:
            self._zones[name] = importers.zone_by_name(name)
        return self._zones[name]

    def _parse(self, fmt: str, zone_name: str, group: object, energy: int) -> ImportBatch:
        assert self._path is not None
        path = self._path
        chosen = None if group in (None, _AUTO_GROUP) else str(group)

        def run() -> ImportBatch:
            return importers.parse(
                path,
                path.name,
                fmt,
                mood_map=self.mood_map(),
                zone=self._zone(zone_name),
                zone_name=zone_name,
                feelings_group=chosen,
                energy_scale=energy or None,
            )

        try:
            return run()
        except UnmappedMoodsError as exc:
            self._add_mood_boxes(exc.names, guessed=True)
            return run()

    def _add_mood_boxes(self, names: list[str], *, guessed: bool) -> None:
        levels = self._batch.mood_levels if self._batch else {}
        for name in names:
            if name in self._mood_boxes:
                continue
            box = QSpinBox(self.moods)
            box.setRange(1, 9)
            box.setValue(importers.guess_level(name) if guessed else levels.get(name, 5))
            box.setAccessibleName(f"Pleasantness for the mood {name}, 1 to 9")
            box.setMaximumWidth(96)
            label = f"{name} (guessed)" if guessed else name
            self.moods_form.addRow(label, box)
            self._mood_boxes[name] = box
            if guessed:
                self._guessed.add(name)

    def _show_moods(self, batch: ImportBatch) -> None:
        named = batch.format == "daylio"
        if named:
            known = [n for n in batch.mood_levels if n not in self._mood_boxes]
            self._batch = batch
            self._add_mood_boxes(sorted(known), guessed=False)
        self.moods_title.setVisible(named)
        self.moods.setVisible(named and bool(self._mood_boxes))
        self.apply_moods_button.setVisible(named and bool(self._mood_boxes))

    def _offer_choices(self, batch: ImportBatch) -> None:
        self._building = True
        if batch.groups and self.feelings_box.count() == 0:
            self.feelings_box.addItem("recognise it by its name", _AUTO_GROUP)
            for name in batch.groups:
                self.feelings_box.addItem(name, name)
        self._building = False
        self._show_choice(self.feelings_box, bool(batch.groups))
        self._show_choice(self.energy_box, batch.format == "bearable")
        self._show_choice(self.zone_box, bool(batch.zone_name))

    def _describe(self, batch: ImportBatch) -> str:
        lines = []
        if self._zone_note:
            lines += [self._zone_note, ""]
        total = batch.checkin_count()
        lines.append(
            f"{plural(total, 'check-in')} and {plural(len(batch.sessions), 'session')} from a "
            f"{batch.format} file."
        )
        years = batch.per_year()
        if years:
            lines.append("Per year: " + ", ".join(f"{y}: {n}" for y, n in years.items()))
        if batch.zone_name:
            lines.append(f"Times are read in {batch.zone_name}.")
        if batch.mood_levels:
            lines += ["", "Moods (level 1–9, times found):"]
            for name, count in sorted(batch.moods_used.items()):
                mark = "  guessed, please check" if name in self._guessed else ""
                lines.append(f"  {name} → {batch.mood_levels.get(name, '?')}  ({count}×){mark}")
        if batch.groups:
            lines += ["", "Tag groups:"]
            for name, (target, count) in batch.groups.items():
                lines.append(f"  {name}: {plural(count, 'word')}, kept as {target}")
        if batch.facts:
            lines += ["", f"Day facts kept with their day ({len(batch.facts)}):"]
            lines += [f"  {name}: {n}" for name, n in batch.fact_categories().items()]
        extra = [a[:1].upper() + a[1:] + "." for a in batch.assumptions]
        if batch.moved_forward:
            extra.append(
                f"{plural(batch.moved_forward, 'time')} fell in a daylight-saving gap and move "
                f"forward to the hour that exists."
            )
        if batch.duplicates_in_file:
            n = batch.duplicates_in_file
            extra.append(
                f"{n} {'entry appears' if n == 1 else 'entries appear'} more than once in the "
                f"file: each is added once."
            )
        if extra:
            lines += ["", *extra]
        return "\n".join(lines)

    def _show_problem(self, message: str) -> None:
        self._batch = None
        self.preview_text.setPlainText(message)
        self.status.setText("")
        self.import_button.setEnabled(False)

    # -- importing -------------------------------------------------------------------------------

    def commit(self) -> None:
        """Add the previewed entries in one transaction."""
        batch = self._batch
        if batch is None or self._path is None:
            return
        try:
            result = self._store.import_batch(
                batch.checkins,
                batch.sessions,
                file=self._path.name,
                format=batch.format,
                facts=batch.facts,
                zone=batch.zone_name,
                digest=self._digest,
            )
        except (JournalError, sqlite3.Error, OSError) as exc:
            self.status.setText(f"Nothing was imported: {exc}")
            return
        self.import_button.setEnabled(False)
        facts = (
            f" Kept {plural(result.added_facts, 'day fact')} ({result.facts_present} already "
            f"there)."
            if batch.facts
            else ""
        )
        self.status.setText(
            f"Added {plural(result.added_checkins, 'check-in')} and "
            f"{plural(result.added_sessions, 'session')}. "
            f"{result.already_present} were already in your journal.{facts}"
        )
        self.imported.emit(result.added_checkins, result.added_sessions)
