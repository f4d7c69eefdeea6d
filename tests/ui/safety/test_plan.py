"""My safety plan window, the "Need help now?" panel and the printed plan, offscreen."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QPushButton, QWidget

from breathingroom.core.safety_plan import SECTIONS, HelpContact, SafetyPlan
from breathingroom.services.store import Store
from breathingroom.ui.safety import plan as plan_module
from breathingroom.ui.safety.plan import NeedHelpPanel, SafetyPlanWindow, print_to_pdf


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "data" / "journal.sqlite3", auto_backup=False) as opened:
        yield opened


@pytest.fixture
def never_ask(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Fail loudly if a test closes with unsaved changes it did not expect."""
    asked: list[str] = []

    def ask(_parent: QWidget) -> str:
        asked.append("asked")
        raise AssertionError("the window asked about unsaved changes")

    monkeypatch.setattr(plan_module, "ask_about_unsaved", ask)
    return asked


def open_window(qtbot, store: Store) -> SafetyPlanWindow:  # type: ignore[no-untyped-def]
    window = SafetyPlanWindow(store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True)
    # Ligatures ("ﬀ") back to letters, and line breaks to spaces, so phrases can be found.
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", out.stdout))


def test_words_typed_and_saved_come_back_in_a_new_window(qtbot, store: Store, never_ask) -> None:
    window = open_window(qtbot, store)
    assert not window.save_button.isEnabled()
    qtbot.keyClicks(window.editors["warning_signs"], "I stop answering messages")
    qtbot.keyClicks(window.editors["reasons_for_living"], "My niece")
    [row] = window.contact_rows  # one empty row to start with
    qtbot.keyClicks(row.name, "Sam")
    qtbot.keyClicks(row.reach, "0170 1234")
    qtbot.mouseClick(window.add_contact_button, Qt.MouseButton.LeftButton)
    assert window.focusWidget() is window.contact_rows[1].name
    qtbot.keyClicks(window.contact_rows[1].name, "My GP")
    qtbot.keyClicks(window.emergency, "999")
    assert window.has_unsaved_changes() and window.save_button.isEnabled()
    saved: list[SafetyPlan] = []
    window.saved.connect(saved.append)
    window.emergency.setFocus()
    qtbot.keyClick(window.emergency, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert saved and not window.has_unsaved_changes()
    assert window.status.text() == plan_module.SAVED_LINE
    assert "!" not in window.status.text()
    window.close()
    assert store.safety_plan() == saved[0]

    again = open_window(qtbot, store)
    assert again.editors["warning_signs"].toPlainText() == "I stop answering messages"
    assert again.editors["reasons_for_living"].toPlainText() == "My niece"
    assert [r.contact() for r in again.contact_rows] == [
        HelpContact("Sam", "0170 1234"),
        HelpContact("My GP", ""),
    ]
    assert again.emergency.text() == "999"
    assert not again.has_unsaved_changes()
    again.close()


def test_removing_a_contact_and_saving_forgets_it(qtbot, store: Store, never_ask) -> None:
    store.save_safety_plan(SafetyPlan(contacts=(HelpContact("A", "1"), HelpContact("B", "2"))))
    window = open_window(qtbot, store)
    first = window.contact_rows[0]
    qtbot.mouseClick(first.remove_button, Qt.MouseButton.LeftButton)
    assert [r.contact().name for r in window.contact_rows] == ["B"]
    assert window.save()
    assert store.safety_plan().contacts == (HelpContact("B", "2"),)
    window.close()


def test_closing_with_changes_asks_and_each_answer_does_what_it_says(
    qtbot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers: list[str] = []
    monkeypatch.setattr(plan_module, "ask_about_unsaved", lambda _parent: answers.pop(0))
    window = open_window(qtbot, store)
    window.editors["on_my_own"].setPlainText("a walk")

    answers.append("keep")
    qtbot.keyClick(window.editors["on_my_own"], Qt.Key.Key_Escape)
    assert window.isVisible() and window.editors["on_my_own"].toPlainText() == "a walk"

    answers.append("discard")
    window.close()
    assert not window.isVisible()
    assert store.safety_plan() == SafetyPlan()
    assert window.editors["on_my_own"].toPlainText() == ""  # shown again, it holds the saved plan

    window.show()
    window.editors["on_my_own"].setPlainText("cold water")
    answers.append("save")
    window.close()
    assert not window.isVisible()
    assert store.safety_plan().text("on_my_own") == "cold water"
    assert answers == []


def test_closing_without_changes_does_not_ask(qtbot, store: Store, never_ask) -> None:
    window = open_window(qtbot, store)
    window.editors["on_my_own"].setPlainText("x")
    window.editors["on_my_own"].setPlainText("")  # typed and taken back: nothing to lose
    window.close()
    assert not window.isVisible() and never_ask == []


def test_a_refused_save_keeps_the_window_and_says_why(
    qtbot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plan_module, "ask_about_unsaved", lambda _parent: "save")
    window = open_window(qtbot, store)
    window.editors["on_my_own"].setPlainText("x" * 2001)
    window.close()
    assert window.isVisible()
    assert "not saved" in window.status.text() and "2000" in window.status.text()
    window.editors["on_my_own"].setPlainText("fine")
    window.close()
    assert not window.isVisible()


def test_every_control_has_a_name_and_tab_reaches_them(qtbot, store: Store, never_ask) -> None:
    window = open_window(qtbot, store)
    for kind in (QPushButton, QLineEdit, QPlainTextEdit):
        for child in window.findChildren(kind):
            assert child.accessibleName(), f"{kind.__name__} {child!r} has no accessible name"
    for button in (window.save_button, window.close_button, window.print_button):
        assert button.minimumHeight() >= 44
    first = window.editors[SECTIONS[0].key]
    first.setFocus()
    qtbot.keyClicks(first, "something to save")  # Save takes focus only when there is
    seen = []
    for _ in range(40):
        focused = window.focusWidget()
        assert focused is not None
        seen.append(focused)
        if focused is window.save_button:
            break
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    for needed in [
        *window.editors.values(),
        window.contact_rows[0].name,
        window.contact_rows[0].reach,
        window.contact_rows[0].remove_button,
        window.add_contact_button,
        window.emergency,
        window.print_button,
        window.close_button,
        window.save_button,
    ]:
        assert needed in seen, f"Tab never reached {needed.accessibleName()!r}"
    assert window.save()
    window.close()


def test_printed_pdf_holds_the_headings_and_the_persons_words(tmp_path: Path, qapp) -> None:
    plan = SafetyPlan(
        {"warning_signs": "I stop answering messages", "on_my_own": "cold water\nslow walk"},
        (HelpContact("Sam <sister>", "0170 1234"),),
    )
    path = print_to_pdf(plan, tmp_path / "plan.pdf")
    text = pdf_text(path)
    for item in SECTIONS[:6]:
        assert item.heading in text
    assert SECTIONS[6].heading not in text  # optional and empty: left out
    for words in ("I stop answering messages", "cold water", "slow walk", "Sam <sister>: 0170"):
        assert words in text
    assert "call your local emergency number" in text
    assert "not a medical or crisis service" in text
    pages = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert re.search(r"Pages:\s+1\b", pages.stdout)


def test_a_full_plan_prints_on_two_pages_with_the_footer_on_each(tmp_path: Path, qapp) -> None:
    long = "\n".join(f"one of my own lines, number {i}" for i in range(8))
    plan = SafetyPlan({item.key: long for item in SECTIONS}, (), "112")
    path = print_to_pdf(plan, tmp_path / "full.pdf")
    text = pdf_text(path)
    assert text.count("not a medical or crisis service") == 2
    assert "Page 2 of 2" in text
    assert "Your local emergency number: 112" in text


def test_the_window_prints_what_is_on_the_page(
    qtbot, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.pdf"
    monkeypatch.setattr(plan_module, "choose_pdf_path", lambda _parent: target)
    monkeypatch.setattr(plan_module, "ask_about_unsaved", lambda _parent: "discard")
    window = open_window(qtbot, store)
    window.editors["safer_surroundings"].setPlainText("give my pills to Ana")
    qtbot.mouseClick(window.print_button, Qt.MouseButton.LeftButton)
    assert "out.pdf" in window.status.text()
    assert "give my pills to Ana" in pdf_text(target)
    window.close()


def test_panel_shows_the_persons_contacts_and_only_their_number(qtbot) -> None:
    opened: list[bool] = []
    plan = SafetyPlan(contacts=(HelpContact("Sam", "0170 1234"), HelpContact("My GP", "")))
    panel = NeedHelpPanel(plan, lambda: opened.append(True))
    qtbot.addWidget(panel)
    text = panel.text()
    assert "Call your local emergency number." in text
    assert "Sam: 0170 1234" in text and "My GP" in text
    assert "not a medical or crisis service" in text
    # No digit anywhere but in what the person typed.
    assert not any(ch.isdigit() for ch in text.replace("0170 1234", ""))
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    assert opened == [True]
    assert panel.open_button.accessibleName() and panel.open_button.minimumHeight() >= 44

    panel.set_plan(SafetyPlan(emergency_number="000"))
    assert "Call your local emergency number: 000" in panel.text()
    assert "Sam" not in panel.text()
    visible = [w.text() for w in panel.findChildren(QLabel) if not w.isHidden()]
    assert not any("Sam" in t for t in visible)


def test_an_empty_panel_has_no_number_at_all(qtbot) -> None:
    panel = NeedHelpPanel(SafetyPlan(), lambda: None)
    qtbot.addWidget(panel)
    assert not any(ch.isdigit() for ch in panel.text())
    assert "your local emergency number" in panel.text()


def test_the_persons_words_are_never_read_as_markup(qtbot, store: Store, tmp_path: Path) -> None:
    plan = SafetyPlan(contacts=(HelpContact("<b>Sam</b>", "<a href='x'>call</a>"),))
    panel = NeedHelpPanel(plan, lambda: None)
    qtbot.addWidget(panel)
    assert "<b>Sam</b>: <a href='x'>call</a>" in panel.text()
    for label in panel.contact_labels:
        assert label.textFormat() == Qt.TextFormat.PlainText
    html = plan_module.plan_html(plan)
    assert "<b>Sam</b>" not in html and "&lt;b&gt;Sam&lt;/b&gt;" in html
