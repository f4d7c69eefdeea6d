"""Break invitations in the app, on a fake clock with a fake idle source and fake holds."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt

from breathingroom.core.breaks import Hold
from breathingroom.services import paths
from breathingroom.services.settings import Settings
from tests.fakes import FakeClock

MONDAY_10 = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)


class FakeIdle:
    name = "a fake idle source"

    def __init__(self) -> None:
        self.seconds = 0.0

    def idle_seconds(self) -> float | None:
        return self.seconds


def breaks_on(settings: Settings, card: bool = True) -> None:
    settings.set("breaks_on", True)
    settings.set("break_every_minutes", 20)
    settings.set("break_minutes", 2)
    settings.set("break_card", card)
    settings.set("break_days", list(range(7)))
    settings.set("break_from", "00:00")
    settings.set("break_until", "24:00")
    settings.set("ask_distress", True)


def room_with_breaks(make_room, settings, holds=None, card=True):  # type: ignore[no-untyped-def]
    breaks_on(settings, card)
    clock = FakeClock(10.0, wall=MONDAY_10, tz=UTC)
    idle = FakeIdle()
    held: set[Hold] = set() if holds is None else holds
    room = make_room(tray=True, clock=clock, find_idle=lambda: idle, holds=lambda: set(held))
    return room, clock, idle


def work(room, clock, minutes: float) -> None:  # type: ignore[no-untyped-def]
    for _ in range(int(minutes * 2)):
        clock.advance(30)
        room.breaks.tick()


def test_an_invitation_shows_a_card_that_does_not_take_focus_and_breathe_now_opens_the_pacer(
    make_room, qtbot, settings
):
    room, clock, _ = room_with_breaks(make_room, settings)
    try:
        assert room.breaks._timer.isActive()  # on: one single-shot wake-up is pending
        work(room, clock, 19.5)
        assert room._card is None
        work(room, clock, 0.5)
        card = room.card()
        assert card.isVisible() and card.mode == "invite"
        assert card.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        assert card.windowFlags() & Qt.WindowType.WindowDoesNotAcceptFocus
        assert "breathing break" in card.message.text()
        card.breathe_button.click()
        assert not card.isVisible()
        pacer = room.pacer()
        assert pacer.isVisible() and room.run is not None
        assert room.run.minutes == 2
        assert room.run.model.kind == "break"
        assert pacer.distress is None or not pacer.distress.isVisible()  # a break asks after
        clock.advance(120)
        room.run.check()
        [record] = room.journal.store.recent_sessions(5)
        assert (record.kind, record.completed) == ("break", True)
        assert record.params["outcome"] == "taken"
        assert card.isVisible() and card.mode == "rate"  # one tap: better, same or worse
        card.rate_buttons["better"].click()
        [record] = room.journal.store.recent_sessions(5)
        assert record.params["felt"] == "better"
        assert not card.isVisible()
    finally:
        room.close_windows()


def test_in_ten_minutes_and_skip_are_recorded_and_steer_the_schedule(make_room, qtbot, settings):
    room, clock, _ = room_with_breaks(make_room, settings)
    try:
        work(room, clock, 20)
        card = room.card()
        card.later_button.click()
        work(room, clock, 9.5)
        assert not card.isVisible()
        work(room, clock, 0.5)
        assert card.isVisible()
        card.skip_button.click()
        outcomes = [r.params["outcome"] for r in room.journal.store.recent_sessions(5)]
        assert sorted(outcomes) == ["postponed", "skipped"]
        assert all(r.kind == "break" for r in room.journal.store.recent_sessions(5))
        assert room.breaks.scheduler.seconds_to_next() == 20 * 60
    finally:
        room.close_windows()


def test_idle_minutes_reset_and_full_screen_holds_back(make_room, qtbot, settings):
    holds: set[Hold] = set()
    room, clock, idle = room_with_breaks(make_room, settings, holds=holds)
    try:
        work(room, clock, 15)
        idle.seconds = 300  # away for five minutes
        work(room, clock, 1)
        idle.seconds = 0
        work(room, clock, 15)
        assert room._card is None
        holds.add(Hold.FULL_SCREEN)
        work(room, clock, 10)
        assert room._card is None
        holds.clear()
        work(room, clock, 0.5)
        assert room.card().isVisible()
    finally:
        room.close_windows()


def test_pause_from_the_tray_status_and_the_countdown_tooltip(make_room, qtbot, settings):
    room, clock, _ = room_with_breaks(make_room, settings)
    try:
        work(room, clock, 5)
        assert "Next break in about 15 min" in room.tray.icon.toolTip()
        assert room.menu.pause_menu.isEnabled()
        room.menu.pause_menu.actions()[0].trigger()  # for 1 hour
        assert "paused" in room.tray.icon.toolTip()
        status = room.answer({"cmd": "status"})
        assert status["invitations"] == "paused" and status["paused_for_seconds"] == 3600
        assert status["idle_source"] == "a fake idle source"
        work(room, clock, 50)
        assert room._card is None
        room.handle({"cmd": "resume"})
        assert room.answer({"cmd": "status"})["invitations"] == "on"
        room.handle({"cmd": "pause", "minutes": 5})
        assert room.answer({"cmd": "status"})["paused_for_seconds"] == 300
    finally:
        room.close_windows()


def test_invitations_off_runs_no_timer_and_hides_the_pause_block(make_room, qtbot, settings):
    room = make_room(tray=True)
    try:
        assert not room.breaks._timer.isActive()
        assert not room.menu.pause_menu.isEnabled()
        assert room.answer({"cmd": "status"}) == {"running": True, "invitations": "off"}
        assert room.tray.icon.toolTip() == "Breathing Room"
    finally:
        room.close_windows()


def test_without_the_card_the_tray_message_invites_and_a_click_on_it_breathes(
    make_room, qtbot, settings
):
    room, clock, _ = room_with_breaks(make_room, settings, card=False)
    try:
        work(room, clock, 20)
        assert room._card is None or not room._card.isVisible()
        assert room._invitation is not None
        room.tray.icon.messageClicked.emit()
        assert room.run is not None and room.run.model.kind == "break"
    finally:
        room.close_windows()


def test_a_long_call_brings_a_decompression_offer(make_room, qtbot, settings):
    holds: set[Hold] = set()
    room, clock, _ = room_with_breaks(make_room, settings, holds=holds)
    try:
        settings.set("break_every_minutes", 240)
        holds.add(Hold.CALL)
        work(room, clock, 25)
        holds.clear()
        work(room, clock, 0.5)
        card = room.card()
        assert card.isVisible() and "long call" in card.message.text()
        card.skip_button.click()
        [record] = room.journal.store.recent_sessions(5)
        assert record.exercise == "decompress" and record.params["call_minutes"] == 25
    finally:
        room.close_windows()


def test_check_in_reminders_ring_at_their_time(make_room, qtbot, settings):
    settings.set("reminders_on", True)
    settings.set("reminder_times", ["10:30"])
    clock = FakeClock(10.0, wall=MONDAY_10, tz=UTC)
    room = make_room(tray=True, clock=clock, find_idle=lambda: None, holds=set)
    try:
        told: list[str] = []
        room.tray.icon.showMessage = lambda _t, text, *_a: told.append(text)  # type: ignore[method-assign]
        clock.advance(29 * 60)
        room.breaks.tick()
        assert told == []
        clock.advance(60)
        room.breaks.tick()
        assert len(told) == 1 and "check in" in told[0]
    finally:
        room.close_windows()


def test_settings_for_breaks_persist(settings):
    breaks_on(settings)
    again = Settings.load(paths.current().settings_file)
    assert again.get("breaks_on") is True and again.get("break_every_minutes") == 20
    assert again.get("break_until") == "24:00"


def test_waking_from_sleep_starts_the_count_again(make_room, qtbot, settings):
    from breathingroom.services.sleep import SleepWatcher

    room, clock, _ = room_with_breaks(make_room, settings)
    watcher = SleepWatcher(room)
    watcher.woke.connect(room.breaks.woke)
    try:
        work(room, clock, 19)
        watcher.prepare_for_sleep(True)  # going to sleep: nothing yet
        assert room.breaks.scheduler.active == 19 * 60
        watcher.prepare_for_sleep(False)  # woke (the monotonic clock stood still meanwhile)
        assert room.breaks.scheduler.active == 0
        work(room, clock, 19.5)
        assert room._card is None
    finally:
        room.close_windows()


def test_breathe_now_from_the_tray_menu_answers_an_open_invitation(make_room, qtbot, settings):
    room, clock, _ = room_with_breaks(make_room, settings)
    try:
        work(room, clock, 20)
        assert room.card().isVisible()
        room.menu.quick_action.trigger()  # the keyboard's way: the tray menu
        assert not room.card().isVisible()
        assert room.run is not None and room.run.model.kind == "break"
        assert room._invitation is None
    finally:
        room.close_windows()


def test_a_reminder_on_the_card_opens_the_check_in(make_room, qtbot, settings):
    settings.set("reminders_on", True)
    settings.set("reminder_times", ["10:30"])
    settings.set("break_card", True)
    clock = FakeClock(10.0, wall=MONDAY_10, tz=UTC)
    room = make_room(tray=True, clock=clock, find_idle=lambda: None, holds=set)
    try:
        clock.advance(30 * 60)
        room.breaks.tick()
        card = room.card()
        assert card.isVisible() and card.mode == "remind"
        assert card.breathe_button.text() == "Check in now" and not card.later_button.isVisible()
        card.breathe_button.click()
        assert not card.isVisible()
        window = room.journal._windows.get("checkin")
        assert window is not None and window.isVisible()
        assert room.journal.store.recent_sessions(5) == []  # a reminder is not a break
    finally:
        room.close_windows()


def test_an_unanswered_tray_message_counts_as_in_ten_minutes(make_room, qtbot, settings):
    room, clock, _ = room_with_breaks(make_room, settings, card=False)
    try:
        work(room, clock, 20)
        assert room._invitation is not None
        work(room, clock, 10)
        [record] = room.journal.store.recent_sessions(5)
        assert record.params["outcome"] == "postponed"
        work(room, clock, 9.5)
        assert room._invitation is None
        work(room, clock, 0.5)  # asked again ten minutes later
        assert room._invitation is not None
    finally:
        room.close_windows()


def test_the_card_is_drawn_in_the_theme_it_is_given_after_the_first(qtbot):
    from PySide6.QtGui import QColor

    from breathingroom.ui.breaks.card import InvitationCard
    from breathingroom.ui.theme import DARK, LIGHT

    card = InvitationCard()  # drawn in the light theme until told otherwise
    qtbot.addWidget(card)
    for tokens in (DARK, LIGHT, DARK):
        card.set_tokens(tokens)  # the first time before it was ever shown, as the app does
        card.invite("Time for a short breathing break?", "2 min with Coherent.")
        qtbot.wait(1)
        inside = card.grab().toImage().pixelColor(6, card.height() // 2)
        assert inside == QColor(tokens.surface), tokens.name
        button = card.breathe_button.grab().toImage().pixelColor(8, 8)
        assert button == QColor(tokens.inhale), tokens.name
    card.close()


def test_pause_and_resume_from_the_command_line_say_so_when_invitations_are_off(
    make_room, qtbot, settings, capsys
):
    import threading

    from breathingroom.cli import main
    from breathingroom.services.instance import InstanceServer

    room = make_room(tray=True)
    server = InstanceServer(paths.current())
    server.handler = room.handle
    server.answer = room.answer
    assert server.listen()
    codes: dict[str, int] = {}
    try:
        for command in (["pause", "30"], ["resume"]):
            thread = threading.Thread(target=lambda c=command: codes.update({c[0]: main(c)}))
            thread.start()
            qtbot.waitUntil(lambda t=thread: not t.is_alive(), timeout=10_000)
    finally:
        server.close()
        room.close_windows()
    captured = capsys.readouterr()
    assert codes == {"pause": 1, "resume": 1}
    assert "paused for" not in captured.out and "resumed" not in captured.out
    assert captured.err.count("Break invitations are off") == 2
