"""Grounding in the app, built by compose: the tray, the SOS routing, the journal."""

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from breathingroom.core.exercises import Band, Exercise, Step
from breathingroom.core.records import SessionRecord
from tests.fakes import FakeClock
from tests.ui.grounding.test_player import COLD, SENSES

CALM = Exercise(
    id="validate-feeling",
    title="It makes sense",
    summary="Name a feeling kindly.",
    minutes=3,
    band=Band.LOW,
    steps=(Step("Name what you feel.", seconds=20),),
)
FIVE = Exercise(
    id="5-4-3-2-1",
    title="5-4-3-2-1",
    summary="Senses.",
    minutes=4,
    band=Band.MIDDLE,
    steps=(Step("Five things you see.", seconds=20), Step("Four you can touch.", seconds=20)),
)
LIBRARY = [SENSES, COLD, CALM, FIVE]


@pytest.fixture
def room(make_room):
    clock = FakeClock(10.0)
    room = make_room(clock=clock, exercises=lambda: (list(LIBRARY), ["broken.toml: step 2: oops"]))
    room.clock = clock
    return room


def past_sessions(store, exercise, drops, start_distress=6):
    for day, drop in enumerate(drops):
        start = datetime(2026, 10, 1, 9, tzinfo=UTC) + timedelta(days=day)
        store.add_session(
            SessionRecord(
                kind="grounding",
                exercise=exercise,
                start=start,
                end=start + timedelta(minutes=3),
                completed=True,
                distress_before=start_distress,
                distress_after=start_distress - drop,
            )
        )


def test_ground_me_lists_the_library_and_starts_an_exercise(room):
    told = []
    room.tray.icon.messageClicked.connect(lambda: None)
    room.grounding.notice.connect(told.append)
    room.menu.ground_menu.aboutToShow.emit()
    labels = [a.text() for a in room.menu.ground_menu.actions()]
    assert labels == [
        "Senses  (2 min)",
        "Cold water  (1 min)",
        "It makes sense  (3 min)",
        "5-4-3-2-1  (4 min)",
    ]
    room.menu.ground_menu.actions()[0].trigger()
    player = room.grounding.player
    assert player.isVisible() and player.run.exercise.id == "senses"
    assert room.tray.icon.toolTip() == "Breathing Room · Grounding: Senses"
    assert room.menu.stop_action.isVisible()
    room.menu.stop_action.trigger()
    assert not player.isVisible()
    assert room.tray.icon.toolTip() == "Breathing Room"


def test_a_skipped_file_is_named_once(make_room):
    room = make_room(exercises=lambda: ([SENSES], ["mine.toml: step 2: 'seconds' is wrong"]))
    told = []
    room.grounding.notice.connect(told.append)
    room.grounding.exercises()
    room.grounding.exercises()
    assert told == ["An exercise file was skipped: mine.toml: step 2: 'seconds' is wrong"]


def test_an_exercise_is_recorded_with_distress_before_and_after(room):
    room.handle({"cmd": "ground", "exercise": "5-4-3-2-1", "sos": False})
    player = room.grounding.player
    player.run.session.distress_before = 6
    room.clock.advance(40)
    player.refresh()
    player.after.buttons[2].click()
    [row] = room.journal.store.recent_sessions(5)
    assert row.kind == "grounding" and row.exercise == "5-4-3-2-1" and row.completed
    assert (row.distress_before, row.distress_after) == (6, 2)


@pytest.mark.parametrize(
    ("distress", "kind", "what"),
    [
        (9, "breathing", "long-exhale"),
        (6, "grounding", "5-4-3-2-1"),
        (2, "grounding", "validate-feeling"),
    ],
)
def test_the_sos_without_history_starts_the_default_for_the_band(room, distress, kind, what):
    room.handle({"cmd": "sos", "distress": distress})
    if kind == "grounding":
        player = room.grounding.player
        assert player.isVisible() and player.compact
        assert player.run.exercise.id == what and player.run.session.distress_before == distress
    else:
        pacer = room.pacer()
        assert pacer.isVisible() and room.run.pattern.id == what and pacer.compact
        assert pacer.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
        assert room.run.model.distress_before == distress
        assert pacer.distress.value() == distress and not pacer.distress.isVisible()  # not again
        room.breathe(pattern_id="box")  # a session from the tray is the usual window again
        assert not pacer.compact


def test_the_sos_starts_what_helped_this_person_at_that_level(room):
    past_sessions(room.journal.store, "senses", [4, 3, 5], start_distress=6)
    room.handle({"cmd": "sos", "distress": 6})
    assert room.grounding.player.run.exercise.id == "senses"
    room.grounding.stop()
    room.handle({"cmd": "sos", "distress": 2})  # other level: its own default
    assert room.grounding.player.run.exercise.id == "validate-feeling"


def test_the_sos_asks_first_when_the_command_gave_no_rating(room):
    room.handle({"cmd": "sos"})
    sos = room.grounding.sos_window()
    assert sos.isVisible()
    sos.buttons[6].click()
    assert not sos.isVisible()
    assert room.grounding.player.run.exercise.id == "5-4-3-2-1"


def test_escalation_is_offered_only_when_distress_came_down_by_less_than_two(room):
    for after, offered in ((5, True), (3, False)):
        room.handle({"cmd": "sos", "distress": 6})
        player = room.grounding.player
        room.clock.advance(40)
        player.refresh()
        player.after.buttons[after].click()
        assert player.escalate_button.isVisible() is offered
        player.close()


def test_need_help_in_the_sos_shows_no_number_the_person_did_not_type(room):
    room.handle({"cmd": "sos"})
    sos = room.grounding.sos_window()
    sos.help_button.click()
    panel = sos.help_panel
    assert panel is not None and panel.isVisible()
    text = panel.text()
    assert "local emergency number" in text
    assert not any(ch.isdigit() for ch in text)


def test_the_shipped_library_loads_in_the_app_and_every_exercise_starts(make_room):
    room = make_room()  # the real library: resources/exercises and the data folder's own
    exercises = room.grounding.exercises()
    assert len(exercises) >= 12
    for exercise in exercises:
        assert room.grounding.ground(exercise.id)
        assert room.grounding.player.run.exercise is exercise
    room.grounding.stop()


def test_an_sos_window_shown_before_the_app_was_built_is_answered_by_it(qtbot, settings):
    """What happens when the SOS key starts the app: the question first, the rest after."""
    from breathingroom.ui.app import compose
    from breathingroom.ui.grounding.sos import SosWindow

    early = SosWindow()
    early.ask()
    room = compose(
        settings,
        True,
        clock=FakeClock(10.0),
        exercises=lambda: (list(LIBRARY), []),
        sos=early,
        quit_app=lambda: None,
    )
    try:
        assert room.grounding.sos_window() is early
        early.buttons[2].click()
        assert room.grounding.player.run.exercise.id == "validate-feeling"
    finally:
        room.close_windows()


def test_a_soft_chime_marks_each_new_step_when_sound_is_on(make_room, settings):
    from tests.ui.conftest import FakeAudio

    audio = FakeAudio()
    clock = FakeClock(10.0)
    room = make_room(clock=clock, audio=audio, exercises=lambda: (list(LIBRARY), []))
    room.grounding.ground("5-4-3-2-1")
    clock.advance(20)
    room.grounding.player.refresh()
    assert audio.calls == []  # sound is off unless chosen
    settings.set("sound", "chimes")
    room.grounding.player.back()
    assert audio.calls[-1][:3] == ("start", "step-chime", "chimes")


def test_the_safety_plan_is_one_click_from_the_player(room):
    room.grounding.ground("senses")
    room.grounding.player.plan_link.click()
    window = room.journal._windows["plan"]
    assert window.isVisible()


def test_what_works_for_me_opens_from_the_tray_and_starts_what_is_chosen(room, settings):
    past_sessions(room.journal.store, "senses", [4, 3, 5])
    texts = [a.text() for a in room.menu.menu.actions()]
    assert "What works for me…" in texts
    room.menu.what_helps.emit()
    window = room.grounding._helps
    assert window.isVisible()
    assert [h.choice.key for h in window.rows] == ["grounding:senses"]
    window.start_selected()
    assert room.grounding.player.run.exercise.id == "senses"
    assert not room.grounding.player.compact  # chosen calmly: the usual window


def test_a_file_added_after_start_is_found_when_asked_for(make_room, tmp_path):
    library = [list(LIBRARY)]
    room = make_room(exercises=lambda: (list(library[0]), []))
    room.grounding.exercises()
    extra = Exercise("mine", "Mine", "My own.", 1, Band.LOW, (Step("Rest.", seconds=5),))
    library[0] = [*LIBRARY, extra]
    assert room.grounding.ground("mine")


def test_a_step_chime_without_a_device_is_never_a_notice(make_room, settings):
    from breathingroom.services.audio import AudioEvent
    from tests.ui.conftest import FakeAudio

    audio = FakeAudio()
    room = make_room(audio=audio, exercises=lambda: (list(LIBRARY), []))
    told = []
    room.sound.trouble.connect(told.append)
    settings.set("sound", "chimes")
    room.grounding.ground("5-4-3-2-1")
    room.grounding.player.next()
    audio.events.append(AudioEvent("unavailable", "No sound output device was found."))
    room.sound.poll()
    assert told == []


def test_unsaved_safety_plan_words_are_kept_when_the_app_quits(make_room):
    room = make_room()
    room.safety_plan()
    window = room.journal._windows["plan"]
    window.editors["warning_signs"].setPlainText("I go quiet and stop eating.")
    room.quit()
    assert room.quits == [True]
    from breathingroom.services.store import Store

    with Store.open() as store:
        assert store.safety_plan().text("warning_signs") == "I go quiet and stop eating."


def test_a_skipped_sos_question_is_not_asked_again_by_the_pacer(room, settings):
    settings.set("helps_pinned", ["breathing:box"])
    room.handle({"cmd": "sos", "distress": None})
    room.grounding.sos_window().skip_button.click()
    pacer = room.pacer()
    assert room.run.pattern.id == "box" and pacer.compact
    assert pacer.distress is None or not pacer.distress.isVisible()
