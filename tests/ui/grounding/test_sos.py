from PySide6.QtCore import Qt

from breathingroom.ui.grounding.sos import SosWindow


def make(qtbot):
    window = SosWindow()
    qtbot.addWidget(window)
    answers = []
    window.chosen.connect(answers.append)
    window.ask()
    return window, answers


def test_one_row_of_numbers_answers_at_once_and_stays_on_top(qtbot):
    window, answers = make(qtbot)
    assert window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert [b.text() for b in window.buttons] == [str(n) for n in range(11)]
    assert len({b.y() for b in window.buttons}) == 1  # a single row
    window.buttons[8].click()
    assert answers == [8] and not window.isVisible()


def test_number_keys_answer_and_one_then_zero_is_ten(qtbot):
    window, answers = make(qtbot)
    qtbot.keyClick(window, Qt.Key.Key_7)
    window.ask()
    qtbot.keyClick(window, Qt.Key.Key_1)
    assert answers == [7]  # a 1 waits for a possible 0
    qtbot.keyClick(window, Qt.Key.Key_0)
    assert answers == [7, 10]
    window.ask()
    with qtbot.waitSignal(window.chosen, timeout=3000):  # a 1 alone is 1, a moment later
        qtbot.keyClick(window, Qt.Key.Key_1)
    assert answers == [7, 10, 1]


def test_skip_starts_without_an_answer_and_help_is_one_click_away(qtbot):
    window, answers = make(qtbot)
    helps = []
    window.help_requested.connect(lambda: helps.append(True))
    window.help_button.click()
    assert helps == [True] and window.isVisible()
    window.skip_button.click()
    assert answers == [None]
