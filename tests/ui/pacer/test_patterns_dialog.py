from breathingroom.core.library import all_patterns
from breathingroom.core.patterns import make_custom, phases_from_seconds
from breathingroom.ui.pacer.patterns_dialog import PatternsDialog


def make(qtbot, mine=()):
    saved, deleted = [], []
    dialog = PatternsDialog([*all_patterns(), *mine], save=saved.append, delete=deleted.append)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog, saved, deleted


def test_a_new_pattern_is_checked_as_you_type_and_saved(qtbot):
    dialog, saved, _ = make(qtbot)
    assert dialog.list.count() == 0  # presets are not listed as yours
    assert not dialog.save_button.isEnabled()
    assert dialog.feedback.text() == "Give the pattern a name."
    qtbot.keyClicks(dialog.name, "Evening")
    assert dialog.save_button.isEnabled()
    assert "6.0 breaths a minute" in dialog.feedback.text()
    dialog.spins["exhale"].setValue(30.5)  # clamped by the spin box to 30
    dialog.spins["inhale"].setValue(0.0)
    assert not dialog.save_button.isEnabled()
    assert dialog.feedback.text() == "Phase 1 (in): a breath needs at least 0.5 s."
    dialog.spins["inhale"].setValue(4.5)
    dialog.spins["hold_in"].setValue(2.0)
    dialog.save_button.click()
    [pattern] = saved
    assert pattern.name == "Evening"
    assert pattern.summary() == "in 4.5 · hold 2 · out 30"
    assert dialog.list.count() == 1
    assert dialog.name.text() == ""
    dialog.close()


def test_deleting_can_be_undone(qtbot):
    mine = make_custom("Slow", phases_from_seconds([5, 7]))
    dialog, saved, deleted = make(qtbot, [mine])
    assert dialog.list.count() == 1
    dialog.delete_button.click()
    assert deleted == ["custom-slow"]
    assert dialog.list.count() == 0
    assert dialog.undo_button.isVisible()
    dialog.undo_button.click()
    assert saved == [mine]
    assert dialog.list.count() == 1
    assert not dialog.undo_button.isVisible()
    dialog.close()
