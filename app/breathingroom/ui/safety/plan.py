"""My safety plan: a page to write it, a small panel to reach for it, and a printout.

``SafetyPlanWindow(store, parent: QWidget | None = None)``

- ``store`` is a :class:`breathingroom.services.store.Store` (anything with ``safety_plan()`` and
  ``save_safety_plan(plan)``). The window shows the saved plan on one scrolling page: each section's
  heading and hint over a box for the person's own words, then their help contacts (rows to add
  and remove) and their local emergency number, which stays empty unless they type one.
- ``saved(SafetyPlan)`` is emitted after the plan is durably stored (for a :class:`NeedHelpPanel`
  to :meth:`~NeedHelpPanel.set_plan`); ``failed(str)`` if the store refused it.
- Closing with unsaved changes asks (through :func:`ask_about_unsaved`) whether to save, close
  without saving, or keep editing.
- "Print to PDF…" asks for a file (:func:`choose_pdf_path`) and writes what is on the page with
  :func:`print_to_pdf`.

Keyboard: Tab moves through every box and button (a text box gives Tab back); Ctrl+S saves;
Ctrl+P prints to PDF; Esc closes.

``NeedHelpPanel(plan, open_plan: Callable[[], None], parent: QWidget | None = None)`` is a small
card for the SOS window, the player or any window: "Call your local emergency number" (with the
number only if the person typed one), their own help contacts, an "Open my safety plan" button
(which calls ``open_plan``) and one sentence that Breathing Room is not a medical or crisis
service. ``set_plan(plan)`` refreshes it.

``print_to_pdf(plan, path)`` writes the plan as a clean A4 document (headings, the person's
words, their contacts, and a footer line on each page); it needs a ``QGuiApplication`` but no
window.

Colours come from the widget's QPalette, which ``ui/theme.py`` sets from the design tokens, so
the window follows the app's light or dark theme. The person's words are always shown as plain
text, never read as markup.
"""

from __future__ import annotations

import html
import sqlite3
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QCloseEvent,
    QColor,
    QFont,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QShortcut,
    QShowEvent,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from breathingroom.core.safety_plan import (
    MAX_CONTACT_NAME_CHARS,
    MAX_CONTACT_REACH_CHARS,
    MAX_CONTACTS,
    MAX_EMERGENCY_CHARS,
    NOT_A_SERVICE,
    SECTIONS,
    HelpContact,
    SafetyPlan,
    SafetyPlanError,
)
from breathingroom.ui.theme import LIGHT
from breathingroom.ui.windows import a4_pdf, fit_to_screen

if TYPE_CHECKING:
    from breathingroom.services.store import Store

TITLE = "My safety plan"
INTRO = (
    "Write this while you feel steady, in your own words, and read it when things get hard. "
    "Go through it in order, as far as you need. It stays on this computer, with your journal."
)
CONTACTS_HEADING = "Help contacts"
CONTACTS_HINT = (
    "The people and services you can reach, and how: a number, an address, a time of day. "
    "They also show under “Need help now?”."
)
EMERGENCY_HEADING = "Your local emergency number"
EMERGENCY_HINT = (
    "Breathing Room does not know where you are, so it fills in no number. "
    "If you like, write the one for where you live."
)
SAVED_LINE = "Your plan is saved. You can come back and change it whenever you like."
NOT_A_SERVICE_SHORT = "Breathing Room is not a medical or crisis service."

#: The light theme's text and muted tokens: a printout is always on white paper.
PRINT_TEXT = LIGHT.text
PRINT_MUTED = LIGHT.muted
PRINT_ACCENT = LIGHT.inhale

Answer = Literal["save", "discard", "keep"]


def ask_about_unsaved(parent: QWidget) -> Answer:
    """Ask whether to save the changes before closing; tests replace this function."""
    box = QMessageBox(parent)
    box.setWindowTitle("Close my safety plan")
    box.setText("Your changes to the plan are not saved yet.")
    box.setInformativeText("Do you want to save them before you close?")
    save = box.addButton("Save and close", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("Close without saving", QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("Keep editing", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(keep)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        return "save"
    if clicked is discard:
        return "discard"
    return "keep"


def choose_pdf_path(parent: QWidget) -> Path | None:
    """Ask where to write the PDF; None if the person cancels. Tests replace this function."""
    start = str(Path.home() / "My safety plan.pdf")
    name, _ = QFileDialog.getSaveFileName(
        parent, "Print my safety plan to PDF", start, "PDF (*.pdf)"
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


# --- printing -----------------------------------------------------------------------------------


def _paragraphs(text: str) -> str:
    lines = [html.escape(line.strip()) for line in text.splitlines() if line.strip()]
    if not lines:
        blank = f'<p style="color:{PRINT_MUTED}">{"_" * 64}</p>'
        return blank * 2
    if len(lines) == 1:
        return f"<p>{lines[0]}</p>"
    return "<ul>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul>"


def plan_html(plan: SafetyPlan) -> str:
    """The printable plan as the HTML subset QTextDocument reads; every word of the person's
    is escaped."""
    parts = [
        f"<h1>{TITLE}</h1>",
        f'<p style="color:{PRINT_MUTED}">Read this when things get hard. '
        "Go through the steps in order, as far as you need.</p>",
    ]
    number = 0
    for item in SECTIONS:
        text = plan.text(item.key)
        if item.optional and not text.strip():
            continue
        heading = html.escape(item.heading)
        if not item.optional:
            number += 1
            heading = f"{number}. {heading}"
        parts.append(f"<h2>{heading}</h2>")
        parts.append(_paragraphs(text))
    parts.append(f"<h2>{CONTACTS_HEADING}</h2>")
    contacts = [c for c in plan.contacts if not c.is_blank]
    if contacts:
        parts.append(
            "<ul>" + "".join(f"<li>{html.escape(c.describe())}</li>" for c in contacts) + "</ul>"
        )
    else:
        parts.append(_paragraphs(""))
    number_text = plan.emergency_number.strip()
    if number_text:
        parts.append(f"<p><b>Your local emergency number: {html.escape(number_text)}</b></p>")
    else:
        parts.append("<p><b>In an emergency, call your local emergency number.</b></p>")
    return "\n".join(parts)


def print_to_pdf(plan: SafetyPlan, path: Path | str) -> Path:
    """Write ``plan`` to ``path`` as an A4 PDF; returns the path.

    Needs a running ``QGuiApplication`` (for fonts), not a window. Raises ``OSError`` if the file
    cannot be written.
    """
    target = Path(path)
    writer = a4_pdf(target, TITLE, 300)
    area = writer.pageLayout().paintRectPixels(writer.resolution())
    width, height = float(area.width()), float(area.height())

    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)
    font = QFont()
    font.setPointSizeF(12)
    doc.setDefaultFont(font)
    doc.setDefaultStyleSheet(
        "h1 { font-size: 20pt; margin-bottom: 4pt; } "
        f"h2 {{ font-size: 14pt; margin-top: 14pt; margin-bottom: 2pt; color: {PRINT_ACCENT}; }} "
        "p, li { margin-top: 3pt; margin-bottom: 3pt; }"
    )
    doc.setHtml(plan_html(plan))
    footer_font = QFont(font)
    footer_font.setPointSizeF(9)
    footer_height = 3.0 * 9 * writer.resolution() / 72  # three lines of 9 pt
    body_height = height - footer_height
    doc.setPageSize(QSizeF(width, body_height))
    pages = max(1, doc.pageCount())
    paper = QPalette()
    paper.setColor(QPalette.ColorRole.Text, QColor(PRINT_TEXT))

    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"cannot write a PDF at {target}")
    try:
        for page in range(pages):
            if page:
                writer.newPage()
            painter.save()
            painter.translate(0, -page * body_height)
            context = QAbstractTextDocumentLayout.PaintContext()
            context.palette = paper  # the printout is dark on white in either theme
            context.clip = QRectF(0, page * body_height, width, body_height)
            painter.setClipRect(context.clip)
            doc.documentLayout().draw(painter, context)
            painter.restore()
            painter.setFont(footer_font)
            painter.setPen(QPen(QColor(PRINT_MUTED)))
            footer = NOT_A_SERVICE
            if pages > 1:
                footer += f"   Page {page + 1} of {pages}"
            painter.drawText(
                QRectF(0, body_height, width, footer_height),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
                | int(Qt.TextFlag.TextWordWrap),
                footer,
            )
    finally:
        painter.end()
    if not target.exists():
        raise OSError(f"the PDF could not be written at {target}")
    return target


# --- small pieces --------------------------------------------------------------------------------


def _heading(text: str, parent: QWidget, scale: float = 1.15) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    font = QFont(label.font())
    font.setBold(True)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label


def _muted(text: str, parent: QWidget) -> QLabel:
    """Secondary text in the theme's muted colour (the palette's placeholder role)."""
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class ContactRow(QWidget):
    """One help contact: a name, how to reach them, and a Remove button."""

    remove_requested = Signal(object)  # ContactRow
    changed = Signal()

    def __init__(self, contact: HelpContact, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        self.name = QLineEdit(contact.name, self)
        self.name.setPlaceholderText("Name, for example Sam or my doctor")
        self.name.setAccessibleName("Contact's name")
        self.name.setMaxLength(MAX_CONTACT_NAME_CHARS)
        self.name.setMinimumHeight(36)
        self.reach = QLineEdit(contact.reach, self)
        self.reach.setPlaceholderText("Number, or how to reach them")
        self.reach.setAccessibleName("How to reach this contact")
        self.reach.setMaxLength(MAX_CONTACT_REACH_CHARS)
        self.reach.setMinimumHeight(36)
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.setAccessibleName("Remove this contact")
        self.remove_button.setAutoDefault(False)
        self.remove_button.setMinimumHeight(36)
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        row.addWidget(self.name, 2)
        row.addWidget(self.reach, 3)
        row.addWidget(self.remove_button)
        self.name.textChanged.connect(self.changed)
        self.reach.textChanged.connect(self.changed)

    def contact(self) -> HelpContact:
        return HelpContact(self.name.text(), self.reach.text())


# --- the window ----------------------------------------------------------------------------------


class SafetyPlanWindow(QWidget):
    saved = Signal(object)  # SafetyPlan
    failed = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setWindowTitle(TITLE)
        self.setAccessibleName(TITLE)
        self._store = store
        self._fitted = False
        self._closing_checked = False
        load_problem = ""
        try:
            self._saved = store.safety_plan()
        except (SafetyPlanError, sqlite3.Error) as exc:
            self._saved = SafetyPlan()
            load_problem = (
                f"Your saved plan could not be read ({exc}). What you save now replaces it."
            )

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        outer.setSpacing(12)
        outer.addWidget(_heading(TITLE, self, 1.4))
        outer.addWidget(_muted(INTRO, self))

        page = QWidget(self)
        form = QVBoxLayout(page)
        form.setContentsMargins(0, 8, 12, 8)
        form.setSpacing(6)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(page)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        outer.addWidget(scroll, 1)
        self.scroll_area = scroll

        self.editors: dict[str, QPlainTextEdit] = {}
        number = 0
        for item in SECTIONS:
            heading = item.heading
            if not item.optional:
                number += 1
                heading = f"{number}. {heading}"
            form.addSpacing(10)
            form.addWidget(_heading(heading, page))
            form.addWidget(_muted(item.hint, page))
            editor = QPlainTextEdit(page)
            editor.setPlaceholderText(item.placeholder)
            editor.setAccessibleName(item.heading)
            editor.setAccessibleDescription(item.hint)
            editor.setTabChangesFocus(True)
            editor.setMinimumHeight(76)
            editor.setMaximumHeight(112)
            editor.textChanged.connect(self._changed)
            form.addWidget(editor)
            self.editors[item.key] = editor

        form.addSpacing(16)
        form.addWidget(_heading(CONTACTS_HEADING, page))
        form.addWidget(_muted(CONTACTS_HINT, page))
        self._rows_box = QVBoxLayout()
        self._rows_box.setSpacing(6)
        form.addLayout(self._rows_box)
        self.contact_rows: list[ContactRow] = []
        self.add_contact_button = QPushButton("Add a contact", page)
        self.add_contact_button.setAccessibleName("Add a help contact")
        self.add_contact_button.setAutoDefault(False)
        self.add_contact_button.setMinimumHeight(44)
        self.add_contact_button.clicked.connect(self._add_and_focus)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_contact_button)
        add_row.addStretch(1)
        form.addLayout(add_row)

        form.addSpacing(16)
        form.addWidget(_heading(EMERGENCY_HEADING, page))
        form.addWidget(_muted(EMERGENCY_HINT, page))
        self.emergency = QLineEdit(page)
        self.emergency.setPlaceholderText("The number for emergencies where you live")
        self.emergency.setAccessibleName(EMERGENCY_HEADING)
        self.emergency.setMaxLength(MAX_EMERGENCY_CHARS)
        self.emergency.setMinimumHeight(36)
        self.emergency.setMaximumWidth(360)
        self.emergency.textChanged.connect(self._changed)
        form.addWidget(self.emergency)
        form.addSpacing(12)
        form.addWidget(_muted(NOT_A_SERVICE, page))
        form.addStretch(1)

        self.status = QLabel(load_problem, self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Status")
        outer.addWidget(self.status)

        buttons = QHBoxLayout()
        self.print_button = QPushButton("Print to PDF…", self)
        self.print_button.setAccessibleName("Print my safety plan to a PDF file")
        self.print_button.setAutoDefault(False)
        self.print_button.setMinimumHeight(44)
        self.print_button.clicked.connect(lambda: self.print_pdf())
        self.close_button = QPushButton("Close", self)
        self.close_button.setAccessibleName("Close my safety plan")
        self.close_button.setAutoDefault(False)
        self.close_button.setMinimumHeight(44)
        self.close_button.clicked.connect(self.close)
        self.save_button = QPushButton("Save", self)
        self.save_button.setAccessibleName("Save my safety plan")
        self.save_button.setAutoDefault(False)
        self.save_button.setMinimumHeight(44)
        self.save_button.setMinimumWidth(120)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.save_button)
        outer.addLayout(buttons)

        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self, lambda: self.print_pdf())
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        self.load(self._saved)
        self.editors[SECTIONS[0].key].setFocus(Qt.FocusReason.OtherFocusReason)

    def showEvent(self, event: QShowEvent) -> None:
        if not self._fitted:
            self._fitted = True
            fit_to_screen(self, 680, 860)
        super().showEvent(event)

    def load(self, plan: SafetyPlan) -> None:
        """Show ``plan`` as the saved state of the page."""
        self._saved = plan.normalised()
        for key, editor in self.editors.items():
            editor.setPlainText(self._saved.text(key))
        for row in list(self.contact_rows):
            self.remove_contact(row)
        for contact in self._saved.contacts:
            self.add_contact(contact)
        if not self.contact_rows:
            self.add_contact()
        self.emergency.setText(self._saved.emergency_number)
        self._update_buttons()

    # -- contacts ---------------------------------------------------------------------------------

    def add_contact(self, contact: HelpContact | None = None) -> ContactRow | None:
        """Add a row (empty unless ``contact`` is given); None when the list is full."""
        if len(self.contact_rows) >= MAX_CONTACTS:
            self.status.setText(f"The plan holds up to {MAX_CONTACTS} contacts.")
            return None
        row = ContactRow(contact or HelpContact(""), self.add_contact_button.parentWidget())
        row.changed.connect(self._changed)
        row.remove_requested.connect(self.remove_contact)
        self._rows_box.addWidget(row)
        self.contact_rows.append(row)
        self._update_tab_order()
        self._changed()
        return row

    def _add_and_focus(self) -> None:
        row = self.add_contact()
        if row is not None:
            row.name.setFocus(Qt.FocusReason.TabFocusReason)
            self.scroll_area.ensureWidgetVisible(row)

    def remove_contact(self, row: ContactRow) -> None:
        if row not in self.contact_rows:
            return
        index = self.contact_rows.index(row)
        self.contact_rows.remove(row)
        self._rows_box.removeWidget(row)
        row.hide()
        row.deleteLater()
        self._update_tab_order()
        if self.contact_rows:
            self.contact_rows[min(index, len(self.contact_rows) - 1)].name.setFocus()
        else:
            self.add_contact_button.setFocus()
        self._changed()

    def _update_tab_order(self) -> None:
        chain: list[QWidget] = [self.editors[SECTIONS[-1].key]]
        for row in self.contact_rows:
            chain += [row.name, row.reach, row.remove_button]
        chain += [self.add_contact_button, self.emergency]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    # -- state ------------------------------------------------------------------------------------

    def plan_from_form(self) -> SafetyPlan:
        """What is on the page now, normalised (blank contact rows left out)."""
        return SafetyPlan(
            {key: editor.toPlainText() for key, editor in self.editors.items()},
            tuple(row.contact() for row in self.contact_rows),
            self.emergency.text(),
        ).normalised()

    def has_unsaved_changes(self) -> bool:
        return self.plan_from_form() != self._saved

    def _changed(self, *_: object) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        if hasattr(self, "save_button"):
            self.save_button.setEnabled(self.has_unsaved_changes())

    def save(self) -> bool:
        """Store what is on the page; True once it is durably saved (the reason shown if not)."""
        try:
            stored = self._store.save_safety_plan(self.plan_from_form())
        except (SafetyPlanError, sqlite3.Error, OSError) as exc:
            message = f"Your plan was not saved: {exc}"
            self.status.setText(message)
            self.failed.emit(message)
            return False
        self._saved = stored
        self._update_buttons()
        self.status.setText(SAVED_LINE)
        self.saved.emit(stored)
        return True

    def print_pdf(self, path: Path | None = None) -> Path | None:
        """Write what is on the page to a PDF (asking where, unless ``path`` is given)."""
        target = path if path is not None else choose_pdf_path(self)
        if target is None:
            return None
        try:
            print_to_pdf(self.plan_from_form(), target)
        except OSError as exc:
            self.status.setText(f"The PDF was not written: {exc}")
            return None
        self.status.setText(f"Your plan was printed to {target.name}.")
        return target

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.has_unsaved_changes():
            answer = ask_about_unsaved(self)
            if answer == "keep" or (answer == "save" and not self.save()):
                event.ignore()
                return
            if answer == "discard":
                self.load(self._saved)  # shown again, the window holds the saved plan
        super().closeEvent(event)


# --- the panel -----------------------------------------------------------------------------------


class NeedHelpPanel(QFrame):
    """A small card: the emergency number in words, the person's contacts, their plan."""

    def __init__(
        self, plan: SafetyPlan, open_plan: Callable[[], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName("Need help now?")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._open_plan = open_plan
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(8)
        layout.addWidget(_heading("Need help now?", self, 1.2))
        self.emergency_label = QLabel(self)
        self.emergency_label.setTextFormat(Qt.TextFormat.PlainText)
        self.emergency_label.setWordWrap(True)
        self.emergency_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.emergency_label)
        self._contacts_box = QVBoxLayout()
        self._contacts_box.setSpacing(2)
        layout.addLayout(self._contacts_box)
        self.contact_labels: list[QLabel] = []
        self.open_button = QPushButton("Open my safety plan", self)
        self.open_button.setAccessibleName("Open my safety plan")
        self.open_button.setAutoDefault(False)
        self.open_button.setMinimumHeight(44)
        self.open_button.clicked.connect(lambda: self._open_plan())
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.disclaimer = _muted(NOT_A_SERVICE_SHORT, self)
        layout.addWidget(self.disclaimer)
        self.set_plan(plan)

    def set_plan(self, plan: SafetyPlan) -> None:
        number = plan.emergency_number.strip()
        self.emergency_label.setText(
            f"Call your local emergency number: {number}"
            if number
            else "Call your local emergency number."
        )
        for label in self.contact_labels:
            self._contacts_box.removeWidget(label)
            label.hide()
            label.deleteLater()
        self.contact_labels = []
        contacts = [c for c in plan.contacts if not c.is_blank]
        if contacts:
            lines = ["Or reach someone from your plan:", *(c.describe() for c in contacts)]
        else:
            lines = ["The people you add to your safety plan show here."]
        for index, line in enumerate(lines):
            label = QLabel(line, self) if contacts and index else _muted(line, self)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            if contacts and index:
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                label.setIndent(12)
            self._contacts_box.addWidget(label)
            self.contact_labels.append(label)

    def text(self) -> str:
        """Everything the panel says, one line each (for tests and screen readers' checks)."""
        parts = [self.emergency_label.text(), *(label.text() for label in self.contact_labels)]
        return "\n".join([*parts, self.open_button.text(), self.disclaimer.text()])

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Midlight), 1.5))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 10, 10)
        painter.end()
        super().paintEvent(event)
