import json
import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from breathingroom.services import paths
from breathingroom.services.settings import Settings
from tests.fakes import FakeClock, local_zone
from tests.ui.conftest import FakeAudio


def test_without_a_tray_the_home_window_offers_the_same_actions(make_room, qtbot, settings):
    room = make_room(tray=False)
    assert room.tray is None
    assert room.home.isVisible()
    assert "no system tray" in room.home.tray_note.text()
    assert room.home.pattern_box.count() == 6
    room.home.pattern_box.setCurrentIndex(room.home.pattern_box.findData("box"))
    room.home.breathe_button.click()
    assert room.pacer().isVisible()
    assert room.pacer().session.pattern.id == "box"
    assert settings.get("last_pattern") == "box"
    room.home.close()
    assert room.quits == [True]  # closing the only window quits
    assert room.run.status == "stopped"


def test_a_tray_click_starts_the_last_used_pattern(make_room, qtbot, settings):
    settings.set("last_pattern", "long-exhale")
    room = make_room(tray=True)
    try:
        assert room.home is None
        room.tray.activated_primary.emit()
        pacer = room.pacer()
        assert pacer.isVisible()
        assert pacer.session.pattern.id == "long-exhale"
        assert pacer.session.cycles == 30
        assert room.tray.icon.toolTip() == "Breathing Room · Breathing: Long exhale"
        assert room.menu.stop_action.isVisible()
        room.menu.stop_action.trigger()
        assert not pacer.isVisible()
        assert room.tray.icon.toolTip() == "Breathing Room"
    finally:
        room.close_windows()


def test_requests_from_the_command_line(make_room, qtbot, settings):
    clock = FakeClock(10.0)
    room = make_room(tray=True, clock=clock)
    try:
        room.handle({"cmd": "breathe", "pattern": "4-7-8"})
        assert room.pacer().session.cycles == 4  # practised in short rounds
        room.handle({"cmd": "breathe", "custom": "3,0,6,0", "cycles": 2})
        session = room.pacer().session
        assert [p.seconds for p in session.pattern.phases] == [3, 6]
        assert session.cycles == 2
        assert settings.get("last_pattern") == "4-7-8"  # a one-off does not replace it
        room.handle({"cmd": "breathe", "pattern": "box", "minutes": 2})
        assert room.pacer().session.duration == 128
        room.handle({"cmd": "stop"})
        assert room.pacer().status == "stopped"
    finally:
        room.close_windows()


def test_sessions_are_recorded_behind_the_log_interface(make_room, qtbot, settings):
    clock = FakeClock(10.0)
    room = make_room(tray=True, clock=clock)
    try:
        room.breathe(pattern_id="coherent", cycles=1)
        clock.t += 10
        room.pacer().refresh()
        [record] = room.journal.recent_sessions()
        assert record.completed and record.exercise == "coherent"
    finally:
        room.close_windows()


def test_theme_and_reduced_motion_settings_reach_the_pacer(make_room, qtbot, settings):
    room = make_room(tray=True)
    try:
        room.breathe()
        room.menu.theme_group.actions()[2].trigger()  # Dark
        assert settings.get("theme") == "dark"
        assert room.pacer().view.tokens.name == "dark"
        room.menu.reduced_action.trigger()
        assert settings.get("reduced_motion") is True
        assert room.pacer().view.reduced_motion
        room.pacer().style_box.setCurrentIndex(1)
        room.pacer().style_box.activated.emit(1)
        assert settings.get("pacer_style") == "wave"
        assert Settings.load(paths.current().settings_file).get("pacer_style") == "wave"
    finally:
        room.close_windows()


def test_a_corrupt_settings_file_is_reported_not_fatal(make_room, qtbot):
    path = paths.current().settings_file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{{{")
    settings = Settings.load(path)
    room = make_room(tray=False, settings=settings)
    try:
        assert "damaged" in room.home.tray_note.text()
    finally:
        room.close_windows()


def test_saved_patterns_reach_the_tray_and_the_pacer(make_room, qtbot, settings):
    room = make_room(tray=True)
    try:
        room.breathe()
        room.edit_patterns()
        dialog = room._patterns_dialog
        qtbot.keyClicks(dialog.name, "Mine")
        dialog.save_button.click()
        assert [p.id for p in settings.custom_patterns()] == ["custom-mine"]
        names = [a.text() for a in room.menu.breathe_menu.actions()]
        assert any(n.startswith("Mine") for n in names)
        assert room.pacer().pattern_box.findData("custom-mine") >= 0
        dialog.close()
    finally:
        room.close_windows()


def test_settings_changed_elsewhere_are_picked_up(make_room, qtbot, settings):
    room = make_room(tray=True)
    try:
        other = Settings.load(paths.current().settings_file)
        other.set("theme", "dark")
        room.handle({"cmd": "settings-changed"})
        assert room.theme.tokens.name == "dark"
    finally:
        room.close_windows()


def test_sound_follows_the_session(make_room, qtbot, settings):
    audio = FakeAudio()
    settings.set("sound", "chimes")
    settings.set("volume", 40)
    clock = FakeClock(10.0)
    room = make_room(audio=audio, clock=clock)
    try:
        room.breathe(pattern_id="box")
        assert audio.calls == [("start", "box", "chimes", 40, True)]
        room.pacer().toggle_pause()
        room.pacer().toggle_pause()
        room.pacer().restart()
        assert audio.calls[-3:] == [("pause",), ("resume",), ("sync",)]
        settings.set("volume", 70)
        assert audio.calls[-1] == ("volume", 70)
        settings.set("sound", "tone")  # changed mid-session: keeps the session's time
        assert audio.calls[-1] == ("start", "box", "tone", 70, False)
        settings.set("sound", "off")
        assert audio.calls[-1] == ("stop",)
        room.pacer().close()
        assert room.sound.playing_run is None
    finally:
        room.close_windows()
    assert audio.calls[-1] == ("close",)


def test_sound_only_sessions_have_no_window_and_show_in_the_tray(make_room, qtbot, settings):
    audio = FakeAudio()
    clock = FakeClock(10.0)
    room = make_room(audio=audio, clock=clock)
    try:
        room.handle({"cmd": "breathe", "pattern": "coherent", "audio_only": True, "cycles": 2})
        assert room._pacer is None  # no window was even built
        assert audio.calls[-1] == ("start", "coherent", "chimes", 60, True)
        assert room.tray.icon.toolTip() == "Breathing Room · Breathing: Coherent (sound only)"
        assert room.menu.stop_action.isVisible()
        room.menu.stop_action.trigger()
        assert room.run.status == "stopped"
        assert room.tray.icon.toolTip() == "Breathing Room"
        assert audio.calls[-1] == ("stop",)
    finally:
        room.close_windows()


def test_a_sound_only_session_finishes_and_is_recorded(make_room, qtbot, settings):
    audio = FakeAudio()
    clock = FakeClock(10.0)
    room = make_room(audio=audio, clock=clock)
    try:
        room.breathe(pattern_id="coherent", cycles=1, audio_only=True, sound="tone")
        clock.t += 10
        room.run.check()
        [record] = room.journal.recent_sessions()
        assert record.completed and record.params["audio_only"] and record.params["sound"] == "tone"
    finally:
        room.close_windows()


def test_missing_sound_is_said_once_and_the_picture_goes_on(make_room, qtbot, settings):
    audio = FakeAudio(ok=False, message="Sound is unavailable: install libportaudio2 (PortAudio).")
    settings.set("sound", "both")
    room = make_room(audio=audio)
    told = []
    room.sound.trouble.connect(told.append)
    try:
        room.breathe(pattern_id="box")
        assert room.pacer().status == "running"
        assert told == ["Sound is unavailable: install libportaudio2 (PortAudio)."]
        assert room.sound_menu.unavailable.isVisible()
        assert "install libportaudio2" in room.sound_menu.unavailable.toolTip()
        assert not room.sound_menu.slider.isEnabled()
        # "Sound only" is greyed in the tray menu, with the reason.
        assert not room.menu.sound_only_action.isEnabled()
        assert "no sound device" in room.menu.sound_only_action.text()
        assert "install libportaudio2" in room.menu.sound_only_action.toolTip()
        # Started anyway (from the command line): the session goes on with its picture.
        room.breathe(pattern_id="coherent", audio_only=True)
        assert room.run.status == "running"
        assert room.pacer().run is room.run and room.pacer().isVisible()
    finally:
        room.close_windows()


def test_a_lost_device_is_reported_and_the_session_continues(make_room, qtbot, settings):
    from breathingroom.services.audio import AudioEvent

    audio = FakeAudio()
    settings.set("sound", "chimes")
    room = make_room(audio=audio)
    told = []
    room.sound.trouble.connect(told.append)
    try:
        room.breathe(pattern_id="box")
        assert room.sound._poll.isActive()
        audio.events.append(AudioEvent("lost", "The sound device stopped working."))
        room.sound.poll()
        assert told == ["The sound device stopped working."]
        assert not room.sound._poll.isActive()
        assert room.pacer().status == "running"
    finally:
        room.close_windows()


def test_the_tray_click_shows_a_sound_only_session(make_room, qtbot, settings):
    room = make_room(audio=FakeAudio())
    try:
        room.breathe(pattern_id="box", audio_only=True)
        run = room.run
        room.tray.activated_primary.emit()
        assert room.pacer().run is run
        assert room.pacer().isVisible()
        assert run.status == "running"
    finally:
        room.close_windows()


def test_sessions_and_distress_ratings_land_in_the_journal(make_room, qtbot, settings):
    clock = FakeClock(10.0)
    room = make_room(tray=True, clock=clock)
    try:
        room.breathe(pattern_id="coherent", cycles=1)
        pacer = room.pacer()
        assert pacer.distress is not None and pacer.distress.isVisible()
        pacer.distress.buttons[7].click()  # before
        clock.t += 10
        pacer.refresh()
        assert pacer.distress.isVisible()  # offered again, for "after"
        pacer.distress.buttons[3].click()
        store = room.journal.store
        [row] = store.recent_sessions(5)
        assert row.exercise == "coherent" and row.completed
        assert (row.distress_before, row.distress_after) == (7, 3)
    finally:
        room.close_windows()


def test_ignoring_the_rating_never_holds_the_session_up(make_room, qtbot, settings):
    clock = FakeClock(10.0)
    room = make_room(tray=True, clock=clock)
    try:
        room.breathe(pattern_id="coherent", cycles=2)
        clock.t += 3
        room.pacer().refresh()
        assert room.pacer().phase_label.text() == "Breathe in"
        clock.t += 20  # the rating was ignored throughout
        room.pacer().refresh()
        [row] = room.journal.store.recent_sessions(5)
        assert row.distress_before is None and row.distress_after is None
    finally:
        room.close_windows()


def test_no_rating_is_asked_when_turned_off_or_for_sound_only(make_room, qtbot, settings):
    room = make_room(audio=FakeAudio())
    try:
        room.breathe(pattern_id="box", audio_only=True)
        assert room._pacer is None
        room.menu.ask_distress_action.trigger()
        assert settings.get("ask_distress") is False
        room.breathe(pattern_id="box")
        assert room.pacer().distress is None
    finally:
        room.close_windows()


def test_check_in_and_journal_open_from_the_tray_menu(make_room, qtbot, settings):
    room = make_room(tray=True)
    try:
        texts = [a.text() for a in room.menu.menu.actions()]
        assert "Check in…" in texts and "Review my week…" in texts
        room.menu.check_in.emit()
        window = room.journal._windows["checkin"]
        assert window.isVisible() and window.windowTitle() == "Check in"
        room.menu.open_journal.emit()
        review = room.journal._windows["timeline"]
        assert review.isVisible() and review.period == "week"
        room.handle({"cmd": "journal-changed"})  # refreshes without trouble
        room.handle({"cmd": "timeline", "view": "month", "period": "2026-11"})
        assert review.period == "month" and review.title_label.text() == "November 2026"
    finally:
        room.close_windows()


def test_a_damaged_journal_is_moved_aside_and_reported(make_room, qtbot, settings):
    database = paths.current().database
    database.parent.mkdir(parents=True, exist_ok=True)
    database.write_bytes(b"this is not a database" * 100)
    room = make_room(tray=False)
    try:
        room.journal.open_now()
        note = room.home.tray_note.text()
        assert "could not be read" in note and ".corrupt-" in note
        assert room.journal.store is not None
        moved = list(database.parent.glob("journal.sqlite3.corrupt-*"))
        assert len(moved) == 1 and moved[0].read_bytes().startswith(b"this is not")
    finally:
        room.close_windows()


def test_again_starts_a_new_session_that_is_followed_and_recorded(make_room, qtbot, settings):
    audio = FakeAudio()
    settings.set("sound", "chimes")
    clock = FakeClock(10.0)
    room = make_room(audio=audio, clock=clock)
    try:
        room.breathe(pattern_id="coherent", cycles=1)
        clock.t += 10
        room.pacer().refresh()
        first = room.run
        qtbot.keyClick(room.pacer(), Qt.Key.Key_Space)  # Space on a finished session: again
        assert room.run is not first and room.run.status == "running"
        assert room.pacer().run is room.run
        assert audio.calls[-1] == ("start", "coherent", "chimes", 60, True)
        assert room.tray.icon.toolTip() == "Breathing Room · Breathing: Coherent"
        clock.t += 10
        room.pacer().refresh()
        rows = room.journal.recent_sessions()
        assert [r.completed for r in rows] == [True, True]
    finally:
        room.close_windows()


def test_a_sound_only_session_ends_when_its_sound_is_lost(make_room, qtbot, settings):
    from breathingroom.services.audio import AudioEvent

    audio = FakeAudio()
    room = make_room(audio=audio)
    try:
        room.breathe(pattern_id="box", audio_only=True)
        run = room.run
        audio.events.append(AudioEvent("lost", "The sound device stopped working."))
        room.sound.poll()
        assert run.status == "stopped"
        assert room.tray.icon.toolTip() == "Breathing Room"
    finally:
        room.close_windows()


def test_a_missing_device_found_later_by_the_audio_thread_ends_a_sound_only_session(
    make_room, qtbot
):
    import threading

    from breathingroom.services.audio import AudioEvent

    audio = FakeAudio()
    room = make_room(audio=audio)
    told = []
    room.sound.trouble.connect(told.append)
    try:
        room.breathe(pattern_id="box", audio_only=True)
        run = room.run
        assert run.status == "running"
        audio.events.append(AudioEvent("unavailable", "No sound output device was found."))
        # The service's audio thread says it has news; the GUI thread drains it at once.
        news = threading.Thread(target=audio.notify)
        news.start()
        news.join()
        qtbot.waitUntil(lambda: run.status == "stopped")
        assert told == ["No sound output device was found."]
        assert not room.sound_menu.slider.isEnabled()
    finally:
        room.close_windows()


def test_turning_sound_off_during_a_sound_only_session_shows_its_picture(
    make_room, qtbot, settings
):
    room = make_room(audio=FakeAudio())
    try:
        room.breathe(pattern_id="box", audio_only=True)
        run = room.run
        settings.set("sound", "off")
        assert room.pacer().isVisible() and room.pacer().run is run
        assert run.status == "running"
    finally:
        room.close_windows()


def test_a_paused_session_runs_no_timer_even_with_sound(make_room, qtbot, settings):
    settings.set("sound", "tone")
    room = make_room(audio=FakeAudio())
    try:
        room.breathe(pattern_id="box")
        assert room.sound._poll.isActive()
        room.pacer().toggle_pause()
        assert not room.sound._poll.isActive()
        assert not room.pacer().timer_active
        assert not room.run._end_timer.isActive()
        room.pacer().toggle_pause()
        assert room.sound._poll.isActive()
        room.pacer().close()
        from PySide6.QtCore import QTimer

        running = [t for t in room.findChildren(QTimer) if t.isActive()]
        assert running == []  # a session over leaves nothing ticking
    finally:
        room.close_windows()


def test_a_settings_file_that_cannot_be_written_does_not_stop_a_session(
    make_room, settings, monkeypatch, caplog
):
    from breathingroom.services import settings as settings_module

    def full_disk(path, data, mode=0o600):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(settings_module, "write_atomic", full_disk)
    room = make_room(tray=True)
    try:
        room.breathe(pattern_id="box")  # remembers box as the last pattern: the write fails
        assert room.pacer().status == "running"
        assert settings.get("last_pattern") == "box"
        assert "could not save the settings" in caplog.text
    finally:
        room.close_windows()


def test_the_session_length_is_chosen_in_the_menu_and_used_next_time(make_room, qtbot, settings):
    room = make_room(tray=True)
    try:
        lengths = next(
            a.menu()
            for a in room.menu.settings_menu.actions()
            if a.menu() is not None and a.text() == "Session length"
        )
        ten = next(a for a in lengths.actions() if a.data() == 10)
        ten.trigger()
        assert settings.get("minutes") == 10
        room.breathe(pattern_id="coherent")
        assert room.run.session.cycles == 60
        assert ten.isChecked()
    finally:
        room.close_windows()


def test_a_session_in_a_berlin_summer_is_recorded_and_exported_at_plus_two(make_room):
    with local_zone("Europe/Berlin"):
        clock = FakeClock(wall=datetime(2026, 7, 15, 18, 30, tzinfo=UTC))
        room = make_room(clock=clock)
        room.breathe(pattern_id="coherent", cycles=1)
        clock.advance(10)
        room.pacer().refresh()
        room.journal.close()
    # Exported by the command line, in a process of its own, with no time zone set at all.
    env = {k: v for k, v in os.environ.items() if k != "TZ"}
    result = subprocess.run(
        [sys.executable, "-m", "breathingroom", "export", "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    [session] = json.loads(result.stdout)["sessions"]
    assert session["start"] == "2026-07-15T20:30:00+02:00"
    assert session["end"] == "2026-07-15T20:30:10+02:00"


def test_import_from_the_menu_previews_the_chosen_file(make_room, tmp_path):
    export = tmp_path / "daylio.csv"
    export.write_text(
        "full_date,date,weekday,time,mood,activities,note_title,note\n"
        '2026-11-20,November 20,Friday,8:05 pm,good,"walk | friends","",""\n'
    )
    room = make_room()
    dialog = room.journal.import_entries(str(export))  # what the file chooser hands back
    assert dialog is not None and dialog.isVisible()
    assert "1 check-in and 0 sessions" in dialog.preview_text.toPlainText()
    dialog.import_button.click()
    assert [c.local.hour for c in room.journal.store.all_checkins()] == [20]


def test_the_sound_menu_offers_every_sound_choice_in_order(make_room):
    from breathingroom.core.sound import SOUND_CHOICES
    from breathingroom.ui.sound.menu import SOUND_MODES

    assert tuple(SOUND_MODES) == SOUND_CHOICES
    room = make_room()
    offered = [a.text() for a in room.sound_menu.actions() if a.isCheckable()]
    assert offered == [SOUND_MODES[choice] for choice in SOUND_CHOICES]


def test_news_of_no_device_that_arrives_as_the_session_pauses_is_still_told(make_room):
    from breathingroom.services.audio import AudioEvent

    audio = FakeAudio()
    room = make_room(audio=audio)
    told = []
    room.sound.trouble.connect(told.append)
    room.breathe(pattern_id="box", audio_only=True)
    run = room.run
    audio.events.append(AudioEvent("unavailable", "No sound output device was found."))
    run.pause()  # before the queued news was drained
    assert told == ["No sound output device was found."]
    assert run.status == "stopped"  # a sound-only session with no sound ends
    assert room.tray.icon.toolTip() == "Breathing Room"


def test_the_first_breath_starts_once_the_pacer_is_built_not_before(make_room):
    clock = FakeClock(10.0)
    room = make_room(clock=clock)
    build = room.parts.pacer_factory

    def slow_build(patterns):
        clock.advance(0.3)  # a cold start: fonts, styles, the first window
        return build(patterns)

    room.parts.pacer_factory = slow_build
    room.breathe(pattern_id="coherent")
    assert room.run.state().elapsed == 0.0
    assert room.pacer().phase_label.text() == "Breathe in"


def test_with_the_real_audio_service_the_first_breath_waits_for_its_first_sample(
    make_room, qtbot, settings, monkeypatch
):
    """compose's own audio path, down to a fake PortAudio: the held clock, then its start."""
    import math

    from breathingroom.services import audio as audio_module
    from tests.services.test_audio_callback import FakeDevices, FakeStream

    monkeypatch.setattr(audio_module, "load_sounddevice", lambda: (FakeDevices, ""))
    clock = FakeClock(10.0)
    settings.set("sound", "chimes")
    room = make_room(clock=clock, audio=audio_module.AudioService(clock))
    room.breathe(pattern_id="coherent")
    run = room.run
    assert run.clock.origin() == math.inf  # held: nothing is heard yet, so nothing moves
    clock.advance(5.0)
    assert run.state().elapsed == 0.0
    qtbot.waitUntil(lambda: run.clock.origin() != math.inf)  # the stream runs: news drained
    origin = run.clock.origin()
    # The first sample is heard a latency after the stream opened (before or after the 5 s).
    heard_after = FakeStream.latency + audio_module.START_MARGIN
    assert origin in (10.0 + heard_after, 15.0 + heard_after)
    clock.advance(2.0)
    assert run.state().elapsed == pytest.approx(17.0 - origin)
    room.pacer().toggle_pause()
    clock.advance(30.0)
    room.pacer().toggle_pause()
    assert run.state().elapsed == pytest.approx(17.0 - origin)
    room.pacer().close()
    assert run.status == "stopped"


def test_a_check_in_saved_from_the_tray_shows_in_review_my_week_at_once(make_room, qtbot):
    room = make_room()
    room.review({})
    review = room.journal._windows["timeline"]
    qtbot.waitUntil(lambda: review.complete)
    before = review.cards.count()
    room.menu.check_in.emit()
    checkin = room.journal._windows["checkin"]
    checkin.grid.set_value(7, 3, emit=True)
    assert checkin.save() is not None
    texts = [review.cards.item(i).text() for i in range(review.cards.count())]
    assert any("(pleasant 7, energy 3)" in t for t in texts), (before, texts)


def test_building_the_app_loads_no_database_sound_or_graph_library():
    """What start-up imports: the journal (sqlite3), sound (numpy) and the timeline's graph
    (pyqtgraph) load when first used, so the icon docks fast and the idle app stays small."""
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from breathingroom.services import paths\n"
        "from breathingroom.services.settings import Settings\n"
        "from breathingroom.ui.app import compose\n"
        "app = QApplication([])\n"
        "paths.init_default(None)\n"
        "room = compose(Settings.load(paths.current().settings_file), True, quit_app=app.quit)\n"
        "room.theme.apply()\n"
        "heavy = ('sqlite3', 'numpy', 'pyqtgraph', 'sounddevice', 'statistics',\n"
        "         'breathingroom.ui.timeline.window', 'breathingroom.ui.journal.history')\n"
        "print([m for m in heavy if m in sys.modules])\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stderr


def test_a_check_in_request_opens_the_check_in_window(make_room, qtbot):
    from breathingroom.ui.journal.checkin import CheckInWindow

    room = make_room(tray=True)
    try:
        room.handle({"cmd": "check-in"})
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, CheckInWindow)]
        assert [w.isVisible() for w in windows] == [True]
    finally:
        room.close_windows()
