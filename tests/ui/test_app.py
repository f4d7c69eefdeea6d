import pytest

from breathingroom.services import paths
from breathingroom.services.history import MemorySessionLog
from breathingroom.services.settings import Settings
from breathingroom.ui.app import BreathingRoom


class FakeClock:
    def __init__(self) -> None:
        self.now = 10.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def settings():
    return Settings.load(paths.current().settings_file)


def build(qtbot, settings, tray, clock=None):
    room = BreathingRoom(
        settings, MemorySessionLog(), tray_available=tray, clock=clock or FakeClock()
    )
    return room


def test_without_a_tray_the_home_window_offers_the_same_actions(qtbot, settings, monkeypatch):
    quits = []
    room = build(qtbot, settings, tray=False)
    monkeypatch.setattr(room, "quit", lambda: quits.append(True))
    room.home.closed.disconnect()
    room.home.closed.connect(room.quit)
    try:
        assert room.home.isVisible()
        assert "no system tray" in room.home.tray_note.text()
        assert room.home.pattern_box.count() == 6
        room.home.pattern_box.setCurrentIndex(room.home.pattern_box.findData("box"))
        room.home.breathe_button.click()
        assert room.pacer().isVisible()
        assert room.pacer().session.pattern.id == "box"
        assert settings.get("last_pattern") == "box"
        room.home.close()
        assert quits == [True]
    finally:
        room.close_windows()


def test_a_tray_click_starts_the_last_used_pattern(qtbot, settings):
    settings.set("last_pattern", "long-exhale")
    room = build(qtbot, settings, tray=True)
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


def test_requests_from_the_command_line(qtbot, settings):
    clock = FakeClock()
    room = build(qtbot, settings, tray=True, clock=clock)
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


def test_sessions_are_recorded_behind_the_log_interface(qtbot, settings):
    clock = FakeClock()
    room = build(qtbot, settings, tray=True, clock=clock)
    try:
        room.breathe(pattern_id="coherent", cycles=1)
        clock.now += 10
        room.pacer().refresh()
        [record] = room.session_log.recent_sessions()
        assert record.completed and record.exercise == "coherent"
    finally:
        room.close_windows()


def test_theme_and_reduced_motion_settings_reach_the_pacer(qtbot, settings):
    room = build(qtbot, settings, tray=True)
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


def test_a_corrupt_settings_file_is_reported_not_fatal(qtbot):
    path = paths.current().settings_file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{{{")
    settings = Settings.load(path)
    room = build(qtbot, settings, tray=False)
    try:
        assert "damaged" in room.home.tray_note.text()
    finally:
        room.close_windows()


def test_saved_patterns_reach_the_tray_and_the_pacer(qtbot, settings):
    room = build(qtbot, settings, tray=True)
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


def test_settings_changed_elsewhere_are_picked_up(qtbot, settings):
    room = build(qtbot, settings, tray=True)
    try:
        other = Settings.load(paths.current().settings_file)
        other.set("theme", "dark")
        room.handle({"cmd": "settings-changed"})
        assert room.theme.tokens.name == "dark"
    finally:
        room.close_windows()
