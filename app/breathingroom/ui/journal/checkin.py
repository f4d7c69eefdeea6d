"""The check-in window: the Affect Grid, feeling words, body sensations, a note, Save.

``CheckInWindow(store, parent: QWidget | None = None, *, entry: CheckIn | None = None,
clock: Clock = SYSTEM_CLOCK)``

- ``store`` is a :class:`breathingroom.services.store.Store` (anything with ``add_checkin`` and
  ``update_checkin``). With ``entry`` (which must have an ``id``) the window edits that entry and
  keeps its time; otherwise it adds a new one at ``clock.now()``, the local time.
- ``saved(int)`` is emitted with the entry's id after the save is durably committed; the window
  then shows a short validating line and stays open until closed (Esc or Close).
- ``failed(str)`` is emitted (and the reason shown) if the store refuses the entry.

Keyboard: the grid has focus first; arrows move, Enter or Space chooses; Tab moves on through the
suggested feelings, sensations, note and Save; Ctrl+Enter saves from anywhere; Esc closes.
Colours come from the widget's QPalette, so the window follows whatever theme the app sets.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from breathingroom.core.clock import SYSTEM_CLOCK, Clock
from breathingroom.core.journal import (
    FEELINGS,
    GRID_MAX,
    GRID_MID,
    GRID_MIN,
    SENSATIONS,
    CheckIn,
    JournalError,
    Quadrant,
    quadrants_for,
    split_words,
    validating_line,
)
from breathingroom.ui.distress import DistressStrip
from breathingroom.ui.flow import FlowLayout
from breathingroom.ui.theme import contrast
from breathingroom.ui.windows import fit_to_screen

if TYPE_CHECKING:
    from breathingroom.services.store import Store

#: The feeling words' groups, named by where they sit on the grid.
QUADRANT_WORDS = {
    Quadrant.UNPLEASANT_HIGH: "Unpleasant, high energy",
    Quadrant.PLEASANT_HIGH: "Pleasant, high energy",
    Quadrant.UNPLEASANT_LOW: "Unpleasant, low energy",
    Quadrant.PLEASANT_LOW: "Pleasant, low energy",
}


def describe_cell(pleasant: int, energy: int) -> str:
    return f"pleasantness {pleasant} of 9, energy {energy} of 9"


class AffectGrid(QWidget):
    """A 9×9 grid: pleasantness left to right, energy bottom to top.

    ``chosen(pleasant, energy)`` is emitted on a click, or on Enter/Space at the keyboard cursor.
    """

    chosen = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(200, 200)
        self.setAccessibleName("Affect grid: how pleasant and how energetic you feel")
        self._cursor = (GRID_MID, GRID_MID)
        self._value: tuple[int, int] | None = None
        self._update_description()

    def sizeHint(self) -> QSize:
        return QSize(300, 300)

    def value(self) -> tuple[int, int] | None:
        return self._value

    def cursor_cell(self) -> tuple[int, int]:
        return self._cursor

    def set_value(self, pleasant: int, energy: int, *, emit: bool = False) -> None:
        self._value = (pleasant, energy)
        self._cursor = (pleasant, energy)
        self._update_description()
        self.update()
        if emit:
            self.chosen.emit(pleasant, energy)

    def _update_description(self) -> None:
        chosen = (
            f"chosen: {describe_cell(*self._value)}"
            if self._value is not None
            else "nothing chosen"
        )
        self.setAccessibleDescription(
            f"Use the arrow keys to move and Enter to choose. At {describe_cell(*self._cursor)}; "
            f"{chosen}."
        )
        self.setToolTip(describe_cell(*self._cursor))

    # geometry: cells fill a centred square
    def _square(self) -> QRectF:
        side = min(self.width(), self.height()) - 2
        return QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)

    def _cell_rect(self, pleasant: int, energy: int) -> QRectF:
        square = self._square()
        size = square.width() / 9
        return QRectF(
            square.left() + (pleasant - 1) * size, square.top() + (9 - energy) * size, size, size
        )

    def cell_at(self, point: QPointF) -> tuple[int, int] | None:
        square = self._square()
        if not square.contains(point):
            return None
        size = square.width() / 9
        pleasant = int((point.x() - square.left()) // size) + 1
        energy = 9 - int((point.y() - square.top()) // size)
        return (min(max(pleasant, 1), 9), min(max(energy, 1), 9))

    def chosen_colours(self) -> tuple[QColor, QColor]:
        """The chosen cell's fill and its check mark, each at least 3:1 against what is beside it.

        The fill is the accent (the palette's highlight) when that stands out from the cells by
        3:1, as DESIGN.md asks; a system palette whose highlight is too close to its cells (one
        dark theme had #212826 on #242B2A) gets the text colour instead. The mark is whichever of
        the cells' colour and the text colour stands out more from the fill.
        """
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        fill = palette.color(QPalette.ColorRole.Highlight)
        if contrast(fill, base) < 3.0:
            fill = text
        mark = base if contrast(base, fill) >= contrast(text, fill) else text
        return fill, mark

    def paintEvent(self, event: QPaintEvent) -> None:
        palette = self.palette()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        base = palette.color(QPalette.ColorRole.Base)
        middle = palette.color(QPalette.ColorRole.AlternateBase)
        line = palette.color(QPalette.ColorRole.Mid)
        text = palette.color(QPalette.ColorRole.Text)
        square = self._square()
        painter.fillRect(square, base)
        # The middle column and row (neutral pleasantness, neutral energy) are shaded, not cut
        # by a line: the grid reads as the nine columns it has.
        painter.fillRect(
            self._cell_rect(GRID_MID, GRID_MAX).united(self._cell_rect(GRID_MID, GRID_MIN)), middle
        )
        painter.fillRect(
            self._cell_rect(GRID_MIN, GRID_MID).united(self._cell_rect(GRID_MAX, GRID_MID)), middle
        )
        painter.setPen(QPen(line, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for p in range(GRID_MIN, GRID_MAX + 1):
            for e in range(GRID_MIN, GRID_MAX + 1):
                painter.drawRect(self._cell_rect(p, e))
        if self._value is not None:
            fill, mark = self.chosen_colours()
            rect = self._cell_rect(*self._value)
            # Fill, an outline in the text colour, and a check mark: never colour alone.
            painter.setPen(QPen(text, 2))
            painter.setBrush(fill)
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
            s = rect.width()
            pen = QPen(mark, max(2.0, s / 9), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            left = rect.topLeft()
            painter.drawPolyline(
                [
                    left + QPointF(s * 0.27, s * 0.52),
                    left + QPointF(s * 0.43, s * 0.68),
                    left + QPointF(s * 0.74, s * 0.34),
                ]
            )
        if self.hasFocus():
            painter.setPen(QPen(text, 2, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self._cell_rect(*self._cursor).adjusted(-2, -2, 2, 2))
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        cell = self.cell_at(event.position())
        if cell is None:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self.set_value(*cell, emit=True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        moves = {
            Qt.Key.Key_Left: (-1, 0),
            Qt.Key.Key_Right: (1, 0),
            Qt.Key.Key_Up: (0, 1),
            Qt.Key.Key_Down: (0, -1),
        }
        key = Qt.Key(event.key())
        if key in moves:
            dp, de = moves[key]
            p, e = self._cursor
            self._cursor = (min(max(p + dp, 1), 9), min(max(e + de, 1), 9))
            self._update_description()
            self.update()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.set_value(*self._cursor, emit=True)
            self.focusNextChild()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)


class WordChips(QWidget):
    """Checkable word buttons that wrap like text, in captioned groups; the checked words survive
    a change of offer.

    Each word is a Tab stop, and the arrow keys move between words; a word's chosen state is its
    checked state, which screen readers say, and its description ("chosen" or "not chosen").
    """

    changed = Signal()

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kind = kind
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self.buttons: dict[str, QPushButton] = {}
        self._parts: list[QWidget] = []
        self._checked: list[str] = []
        self.captions: list[QLabel] = []
        self.setAccessibleName(f"{kind} words")
        # Words sized to their text, so a group fits a line or two; a chosen word is filled with
        # the accent and outlined in the text colour, so it shows in both themes.
        self.setStyleSheet(
            "QPushButton { padding: 4px 10px; border: 1px solid palette(mid);"
            " border-radius: 12px; background-color: palette(button); color: palette(text); }"
            " QPushButton:focus { border: 2px solid palette(text); padding: 3px 9px; }"
            " QPushButton:checked { background-color: palette(highlight);"
            " color: palette(highlighted-text); border: 2px solid palette(text);"
            " padding: 3px 9px; }"
        )

    def offer(self, words: Iterable[str]) -> None:
        self.offer_groups([("", list(words))])

    def offer_groups(self, groups: Iterable[tuple[str, Iterable[str]]]) -> None:
        """Show ``groups`` of (caption, words); words chosen before stay, first, if not offered."""
        for part in self._parts:
            self._layout.removeWidget(part)
            part.deleteLater()
        self._parts, self.buttons, self.captions = [], {}, []
        groups = [(caption, list(words)) for caption, words in groups]
        offered = {w for _, words in groups for w in words}
        kept = [w for w in self._checked if w not in offered]
        if kept:
            groups.insert(0, ("Chosen before", kept))
        for caption, words in groups:
            row = QWidget(self)
            flow = FlowLayout(row, spacing=6)
            if caption:  # the group's name leads its line of words
                label = QLabel(caption + ":", row)
                label.setContentsMargins(0, 4, 4, 0)
                flow.addWidget(label)
                self.captions.append(label)
            for word in words:
                if word in self.buttons:
                    continue
                flow.addWidget(self._button(word, row))
            self._layout.addWidget(row)
            self._parts.append(row)
        for part in self._parts:
            part.setVisible(True)  # now, not later: the grid's Enter moves on to the first word
        self._fit_rows()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_rows()

    def _fit_rows(self) -> None:
        """Each group asks for the height its words need at this width, so a narrow window
        wraps them onto more lines rather than cutting them off."""
        for part in self._parts:
            layout = part.layout()
            if isinstance(layout, FlowLayout):
                for child in part.findChildren(QWidget):
                    child.ensurePolished()  # measured with the style sheet's padding
                part.setMinimumHeight(layout.heightForWidth(max(self.width(), 1)))

    def _button(self, word: str, parent: QWidget) -> QPushButton:
        button = QPushButton(word, parent)
        button.setCheckable(True)
        button.setAutoDefault(False)
        button.setChecked(word in self._checked)
        button.setAccessibleName(f"{self._kind}: {word}")
        self._describe(button)
        button.toggled.connect(lambda on, w=word: self._toggle(w, on))
        button.toggled.connect(lambda _on, b=button: self._describe(b))
        button.toggled.connect(lambda _on: self.changed.emit())
        button.installEventFilter(self)
        self.buttons[word] = button
        return button

    @staticmethod
    def _describe(button: QPushButton) -> None:
        button.setAccessibleDescription("chosen" if button.isChecked() else "not chosen")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(watched, QPushButton):
            assert isinstance(event, QKeyEvent)
            step = {
                Qt.Key.Key_Right: 1,
                Qt.Key.Key_Down: 1,
                Qt.Key.Key_Left: -1,
                Qt.Key.Key_Up: -1,
            }.get(Qt.Key(event.key()))
            order = list(self.buttons.values())
            if step is not None and watched in order:
                index = order.index(watched) + step
                if 0 <= index < len(order):
                    order[index].setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return super().eventFilter(watched, event)

    def _toggle(self, word: str, on: bool) -> None:
        if on and word not in self._checked:
            self._checked.append(word)
        elif not on and word in self._checked:
            self._checked.remove(word)

    def checked(self) -> list[str]:
        return list(self._checked)

    def set_checked(self, words: Iterable[str]) -> None:
        self._checked = list(words)


class CheckInWindow(QWidget):
    saved = Signal(int)
    failed = Signal(str)

    def __init__(
        self,
        store: Store,
        parent: QWidget | None = None,
        *,
        entry: CheckIn | None = None,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self._store = store
        self._entry = entry
        self._clock = clock
        self.setWindowTitle("Edit check-in" if entry else "Check in")
        self.setAccessibleName(self.windowTitle())
        self._fitted = False

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        outer.setSpacing(12)

        heading = QLabel("How do you feel right now?", self)
        outer.addWidget(heading)

        self.grid = AffectGrid(self)
        # The two axes, each labelled once, at its ends.
        axes = QGridLayout()
        axes.setSpacing(6)
        self.axis_labels: dict[str, QLabel] = {}
        for name, row, column, align in (
            ("high energy", 0, 1, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom),
            ("unpleasant", 1, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            ("pleasant", 1, 2, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            ("low energy", 2, 1, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
        ):
            label = QLabel(name, self)
            axes.addWidget(label, row, column, align)
            self.axis_labels[name] = label
        axes.addWidget(self.grid, 1, 1)
        axes.setColumnStretch(1, 1)
        axes.setRowStretch(1, 1)
        outer.addLayout(axes, 2)
        self.position_label = QLabel(
            "Choose a square: click it, or move with the arrows and press Enter.", self
        )
        self.position_label.setWordWrap(True)
        outer.addWidget(self.position_label)

        # The feeling words sit in the window itself, wrapping, never in a small scroll box.
        self.words_hint = QLabel(
            "Words that fit (optional). Choose a square and some appear here.", self
        )
        self.words_hint.setWordWrap(True)
        self.feelings = WordChips("feeling", self)
        self.feelings.changed.connect(self._changed)
        # The optional details scroll, so Save stays in view on a small screen.
        details = QWidget(self)
        form = QVBoxLayout(details)
        form.setContentsMargins(0, 0, 8, 0)
        form.setSpacing(12)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(details)
        scroll.setMinimumHeight(90)
        outer.addWidget(self.words_hint)
        outer.addWidget(self.feelings)
        outer.addWidget(scroll, 1)
        self.details = scroll
        self.own_feelings = QLineEdit(self)
        self.own_feelings.setPlaceholderText("Your own words, separated by commas")
        self.own_feelings.setAccessibleName("Your own feeling words")
        form.addWidget(self.own_feelings)

        form.addWidget(QLabel("In your body (optional)", self))
        self.sensations = WordChips("sensation", self)
        self.sensations.offer(SENSATIONS)
        self.sensations.changed.connect(self._changed)
        form.addWidget(self.sensations)
        self.own_sensations = QLineEdit(self)
        self.own_sensations.setPlaceholderText("Other sensations, separated by commas")
        self.own_sensations.setAccessibleName("Your own body sensations")
        form.addWidget(self.own_sensations)

        self.distress = DistressStrip(
            "Distress right now, 0 to 10 (optional)", self, skippable=False
        )
        form.addWidget(self.distress)

        self.tags = QLineEdit(self)
        self.tags.setPlaceholderText("Activities or tags, separated by commas (optional)")
        self.tags.setAccessibleName("Activities or tags")
        form.addWidget(self.tags)

        self.note = QPlainTextEdit(self)
        self.note.setPlaceholderText("A note, if you like. Only you can read it.")
        self.note.setAccessibleName("Note")
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(100)
        form.addWidget(self.note)

        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Status")
        outer.addWidget(self.status)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.close_button = QPushButton("Close", self)
        self.close_button.setAccessibleName("Close the check-in window")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.close)
        self.save_button = QPushButton("Save", self)
        self.save_button.setAccessibleName("Save this check-in")
        self.save_button.setMinimumHeight(44)
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.save_button)
        outer.addLayout(buttons)

        for sequence in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(sequence), self, self.save)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)

        self.grid.chosen.connect(self._on_chosen)
        self.own_feelings.textChanged.connect(self._changed)
        self.own_sensations.textChanged.connect(self._changed)
        self.tags.textChanged.connect(self._changed)
        self.note.textChanged.connect(self._changed)
        self.distress.rated.connect(self._changed)
        if entry is not None:
            self._load(entry)
        self._order_tabs()
        self.grid.setFocus(Qt.FocusReason.OtherFocusReason)

    def _order_tabs(self) -> None:
        """Tab goes from the grid through the offered words to the rest, as they are seen."""
        chain: list[QWidget] = [
            self.grid,
            *self.feelings.buttons.values(),
            self.own_feelings,
            *self.sensations.buttons.values(),
            self.own_sensations,
        ]
        for first, second in itertools.pairwise(chain):
            self.setTabOrder(first, second)

    def showEvent(self, event: QShowEvent) -> None:
        if not self._fitted:
            self._fitted = True
            fit_to_screen(self, 620, 800)
        super().showEvent(event)

    def _load(self, entry: CheckIn) -> None:
        self.feelings.set_checked(entry.feelings)
        self.sensations.set_checked(entry.sensations)
        self.sensations.offer(SENSATIONS)
        self.grid.set_value(entry.pleasant, entry.energy, emit=True)
        self.distress.set_value(entry.distress)
        self.tags.setText(", ".join(entry.tags))
        self.note.setPlainText(entry.note)
        self.save_button.setEnabled(False)

    def _changed(self, *_: object) -> None:
        if self.grid.value() is not None:
            self.save_button.setEnabled(True)

    def _on_chosen(self, pleasant: int, energy: int) -> None:
        self.position_label.setText(f"You chose {describe_cell(pleasant, energy)}.")
        self.words_hint.setText("Words that fit (optional)")
        self.feelings.offer_groups(
            (QUADRANT_WORDS[q], FEELINGS[q]) for q in quadrants_for(pleasant, energy)
        )
        self._order_tabs()
        self.save_button.setEnabled(True)
        self.status.setText("")

    def entry_from_form(self) -> CheckIn:
        value = self.grid.value()
        if value is None:
            raise JournalError("choose a square on the grid first")
        at = self._entry.local if self._entry is not None else self._clock.now()
        return CheckIn.create(
            at=at,
            pleasant=value[0],
            energy=value[1],
            distress=self.distress.value(),
            feelings=[*self.feelings.checked(), *split_words(self.own_feelings.text())],
            sensations=[*self.sensations.checked(), *split_words(self.own_sensations.text())],
            tags=split_words(self.tags.text()),
            note=self.note.toPlainText(),
            source=self._entry.source if self._entry is not None else "app",
        )

    def save(self) -> int | None:
        """Store the entry; returns its id, or None (with the reason shown) if it was refused."""
        if not self.save_button.isEnabled():
            return None
        try:
            entry = self.entry_from_form()
            if self._entry is not None and self._entry.id is not None:
                self._store.update_checkin(self._entry.id, entry)
                entry_id = self._entry.id
            else:
                entry_id = self._store.add_checkin(entry)
        except (JournalError, sqlite3.Error, OSError) as exc:
            message = f"This entry was not saved: {exc}"
            self.status.setText(message)
            self.failed.emit(message)
            return None
        self._entry = entry.with_id(entry_id)
        self.save_button.setEnabled(False)
        self.status.setText(validating_line(entry))
        self.saved.emit(entry_id)
        return int(entry_id)
