import pytest
from PySide6.QtCore import Qt

from breathingroom.core.exercises import Band, Exercise, Prompt, Step
from breathingroom.core.grounding import GroundingRun
from breathingroom.ui.grounding.player import GroundingWindow
from tests.fakes import FakeClock

SENSES = Exercise(
    id="senses",
    title="Senses",
    summary="Notice what is around you.",
    minutes=2,
    band=Band.MIDDLE,
    steps=(
        Step("Let your feet rest on the floor.", seconds=10),
        Step("Name three things you can see.", prompt=Prompt("Things you see", fields=3)),
        Step("Breathe out slowly.", seconds=5),
    ),
)
COLD = Exercise(
    id="cold",
    title="Cold water",
    summary="Cool your face.",
    minutes=1,
    band=Band.HIGH,
    steps=(Step("Hold cold water to your face.", seconds=30),),
    cautions=("Skip this with a heart condition.",),
)


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def player(qtbot):
    window = GroundingWindow()
    qtbot.addWidget(window)
    window.set_exercises([SENSES, COLD])
    yield window
    window.close()


def start(player, clock, exercise=SENSES, **kw):
    run = GroundingRun(exercise, clock, **kw)
    records = []
    run.on_end = records.append
    player.show_run(run)
    player.show()
    return run, records


def test_each_step_shows_its_text_number_and_time_left(player, clock):
    _run, _ = start(player, clock)
    assert player.step_label.text() == "Let your feet rest on the floor."
    assert player.position_label.text() == "Step 1 of 3"
    assert player.left_label.text() == "10 s left"
    assert player._timer.isActive()
    assert not player.back_button.isEnabled()
    clock.advance(10)
    player.refresh()
    assert player.step_label.text() == "Name three things you can see."
    assert player.left_label.text() == "When you are ready, go on."
    assert not player._timer.isActive()  # nothing counts down: no timer
    assert [f.accessibleName() for f in player._fields] == [
        "Things you see, 1",
        "Things you see, 2",
        "Things you see, 3",
    ]
    assert "Step 2 of 3: Name three things" in player.step_label.accessibleName()


def test_keys_pause_go_back_and_on(player, clock, qtbot):
    run, _ = start(player, clock)
    player.setFocus()
    clock.advance(3)
    qtbot.keyClick(player, Qt.Key.Key_Space)
    assert player.left_label.text() == "Paused · 7 s left"
    assert not player._timer.isActive()
    clock.advance(100)
    qtbot.keyClick(player, Qt.Key.Key_Space)
    assert player.left_label.text() == "7 s left"
    qtbot.keyClick(player, Qt.Key.Key_Right)
    assert run.index == 1
    qtbot.keyClick(player, Qt.Key.Key_Left)
    assert run.index == 0 and player.left_label.text() == "10 s left"


def test_words_typed_are_kept_only_when_asked_and_survive_going_back(player, clock, qtbot):
    _run, records = start(player, clock)
    player.next()
    qtbot.keyClicks(player._fields[0], "the lamp")
    player.next()
    player.back()
    assert player._fields[0].text() == "the lamp"
    player.keep_box.setChecked(True)
    player.next()
    player.next()
    [record] = records
    assert record.completed and record.params["words"] == {"2": ["the lamp", "", ""]}


def test_the_end_asks_how_you_are_then_offers_what_next(player, clock):
    _run, _records = start(player, clock)
    rated, again = [], []
    player.rated_after.connect(rated.append)
    player.again_requested.connect(again.append)
    for _ in range(3):
        player.next()
    assert player.pages.currentIndex() == 2
    assert "You finished Senses" in player.end_label.text()
    player.after.buttons[3].click()
    assert rated == [3]
    assert not player.escalate_button.isVisible()  # not an SOS run: nothing more offered
    player.again_button.click()
    assert again == [SENSES]
    titles = [a.text() for a in player.another_menu.actions()]
    assert titles == ["Senses  (2 min)", "Cold water  (1 min)"]


def test_an_sos_run_that_did_not_help_offers_something_different(player, clock):
    started = []
    player.escalation = lambda run, after: ("Try slow breathing", lambda: started.append(after))
    run, _ = start(player, clock, sos=True)
    run.session.distress_before = 8
    for _ in range(3):
        player.next()
    player.after.buttons[7].click()
    assert player.escalate_button.isVisible() and player.plan_button.isVisible()
    assert player.escalate_button.text() == "Try slow breathing"
    player.escalate_button.click()
    assert started == [7]


def test_cautions_come_first_and_nothing_counts_until_start(player, clock):
    run = GroundingRun(COLD, clock)
    clock.advance(0.02)  # the run is built a moment before the window shows it
    player.show_run(run)
    player.show()
    assert player.pages.currentIndex() == 0
    assert "heart condition" in player.cautions_label.text()
    waiting = run.step_remaining()
    clock.advance(60)
    player.refresh()
    assert run.step_remaining() == waiting  # nothing counts down while they are read
    player.start_button.click()
    assert player.pages.currentIndex() == 1 and player.left_label.text() == "30 s left"


def test_escape_stops_closes_and_records_without_asking(player, clock, qtbot):
    _run, records = start(player, clock)
    clock.advance(5)
    qtbot.keyClick(player, Qt.Key.Key_Escape)
    assert not player.isVisible()
    [record] = records
    assert not record.completed and record.params["reached"] == 1
    assert not player._timer.isActive()


def test_compact_sos_mode_stays_on_top(player, clock):
    player.set_compact(True)
    start(player, clock, sos=True)
    assert player.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert player.width() <= 600


def test_space_after_a_click_pauses_and_typing_never_presses_a_button(player, clock, qtbot):
    run, _ = start(player, clock)
    player.next_button.click()
    assert player.focusWidget() is not player.next_button
    player.setFocus()
    qtbot.keyClick(player, Qt.Key.Key_Space)
    assert run.index == 1 and run.status.value == "paused"
    for button in (player.back_button, player.next_button, player.plan_link, player.stop_button):
        assert button.focusPolicy() == Qt.FocusPolicy.TabFocus


def test_words_go_with_their_run_when_another_exercise_replaces_it(player, clock, qtbot):
    _run, records = start(player, clock)
    player.next()
    qtbot.keyClicks(player._fields[0], "the clock")
    player.keep_box.setChecked(True)
    clock.advance(3)
    start(player, clock, exercise=COLD)
    [record] = records
    assert record.params["words"] == {"2": ["the clock", "", ""]}


def test_keep_stays_in_reach_after_the_step_that_asked_for_words(player, clock):
    _run, _ = start(player, clock)
    assert not player.keep_box.isVisible()
    player.next()
    assert player.keep_box.isVisible()
    player.next()
    assert player.keep_box.isVisible() and not player.prompt_box.isVisible()


def test_with_nothing_else_to_try_the_safety_plan_is_offered_alone(player, clock):
    player.escalation = lambda run, after: ("", None) if after >= 7 else None
    start(player, clock, sos=True)
    for _ in range(3):
        player.next()
    player.after.buttons[9].click()
    assert player.plan_button.isVisible() and player.escalation_label.isVisible()
    assert not player.escalate_button.isVisible()
    player.after.buttons[2].click()  # a second thought: it did help after all
    assert not player.plan_button.isVisible() and not player.escalation_label.isVisible()
