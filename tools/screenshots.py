"""Render the app's windows to PNG files in docs/images, in the light and the dark theme.

Run with ``make screenshots``. Windows are built by the real composition root (``compose``) on a
throw-away data folder and drawn offscreen, with a clock held still so every run gives the same
picture: a pacer two seconds into a breath (in each style, and with reduced motion), the welcome
window, a check-in half filled, the journal with a week of
entries (and what another app kept about two of its days), the home window shown where there is
no tray, a safety plan partly written with the "Need help now?" panel that shows it, and "What
works for me" after a few weeks of rated sessions with one pin (in a data folder of its own, so the
other pictures do not show those sessions).
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

#: The Settings window's tabs, in order, and the picture each is saved as.
SETTINGS_TABS = ("settings-general", "settings-sessions", "settings-breaks", "settings-data")
OUT = Path(__file__).resolve().parents[1] / "docs" / "images"


class StillClock:
    """A clock that moves only when told to, so the pictures are the same on every run."""

    def __init__(self) -> None:
        self.t = 1000.0
        self.wall = datetime(2026, 11, 26, 20, 15).astimezone()

    def monotonic(self) -> float:
        return self.t

    def now(self) -> datetime:
        return self.wall + timedelta(seconds=self.t - 1000.0)


def side_by_side(left: object, right: object, path: Path) -> None:
    from PySide6.QtGui import QPainter, QPixmap

    assert isinstance(left, QPixmap) and isinstance(right, QPixmap)
    both = QPixmap(left.width() + right.width(), max(left.height(), right.height()))
    painter = QPainter(both)
    painter.drawPixmap(0, 0, left)
    painter.drawPixmap(left.width(), 0, right)
    painter.end()
    both.save(str(path))


def safety_plan_shots(store: object) -> tuple[object, object]:
    """The plan window, partly written, and the panel that shows it on a window's background."""
    from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

    from breathingroom.core.safety_plan import HelpContact, SafetyPlan
    from breathingroom.services.store import Store
    from breathingroom.ui.safety.plan import NeedHelpPanel, SafetyPlanWindow

    assert isinstance(store, Store)
    plan = SafetyPlan(
        {
            "warning_signs": "I stop answering messages.\nI lie awake going over the day.",
            "on_my_own": "Hold something cold.\nWalk slowly around the block.",
        },
        (HelpContact("Sam, my sister", "0170 555 0100"), HelpContact("My doctor", "mornings")),
    )
    store.save_safety_plan(plan)
    window = SafetyPlanWindow(store)
    window.resize(640, 760)
    window.show()
    QApplication.processEvents()
    window_shot = window.grab()
    window.close()
    host = QWidget()
    host.setAutoFillBackground(True)
    layout = QVBoxLayout(host)
    layout.setContentsMargins(24, 24, 24, 24)
    layout.addWidget(NeedHelpPanel(plan, lambda: None, host))
    host.resize(400, 10)
    host.show()
    QApplication.processEvents()
    host.adjustSize()
    QApplication.processEvents()
    panel_shot = host.grab()
    host.close()
    host.deleteLater()
    return window_shot, panel_shot


def what_helps_shots() -> list[object]:
    """ "What works for me" in the light and the dark theme: a few rated sessions and one pin."""
    from PySide6.QtWidgets import QApplication

    from breathingroom.core.library import all_patterns
    from breathingroom.core.records import SessionRecord
    from breathingroom.services import paths
    from breathingroom.services.settings import Settings
    from breathingroom.ui.app import compose
    from breathingroom.ui.grounding.helps_window import (
        WhatHelpsWindow,
        choices_from,
        titles_from,
    )

    # Distress before and after, per exercise: a median drop of 3, 4, 0 and one too few to rank.
    rated = {
        ("grounding", "5-4-3-2-1"): [(7, 4), (6, 3), (8, 5), (7, 2), (6, 4)],
        ("breathing", "long-exhale"): [(8, 4), (9, 5), (7, 3)],
        ("grounding", "orienting"): [(5, 5), (6, 5), (5, 6)],
        ("grounding", "cold-water"): [(9, 6)],
    }
    shots: list[object] = []
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as folder:
        paths.init(Path(folder))
        for theme in ("light", "dark"):
            clock = StillClock()
            settings = Settings.load(paths.current().settings_file, clock=clock)
            settings.set("theme", theme)
            settings.set("helps_pinned", ["grounding:cold-water"])
            room = compose(settings, tray_available=False, clock=clock, quit_app=lambda: None)
            store = room.journal.store
            assert store is not None
            if theme == "light":
                day = 0
                for (kind, ident), pairs in rated.items():
                    for before, after in pairs:
                        day += 1
                        start = clock.wall - timedelta(days=day, hours=3)
                        store.add_session(
                            SessionRecord(
                                kind,  # type: ignore[arg-type]
                                ident,
                                start,
                                start + timedelta(minutes=4),
                                True,
                                distress_before=before,
                                distress_after=after,
                            )
                        )
            exercises = room.grounding.exercises()
            patterns = all_patterns(settings.custom_patterns())
            window = WhatHelpsWindow(
                settings,
                store.all_sessions,
                titles_from(exercises, patterns),
                lambda _choice: None,
                lambda ex=exercises, pats=patterns: choices_from(ex, pats),
            )
            window.resize(560, 500)
            window.show()
            app.processEvents()
            shots.append(window.grab())
            window.close()
            window.deleteLater()
            room.close_windows()
            app.processEvents()
    return shots


def import_shot(room: Any, folder: Path) -> object:
    """The import window previewing a Daylio export with one mood of the user's own."""
    from PySide6.QtWidgets import QApplication

    sample = folder / "daylio_export.csv"
    sample.write_text(
        "full_date,date,weekday,time,mood,activities,scales,note_title,note\n"
        "2025-03-10,March 10,Monday,6:50 pm,rad,walk | friends,"
        '"Sleep Quality: 8/10 points | Sleep Time: 8:00",,\n'
        "2025-03-11,March 11,Tuesday,7:00 am,sleepy,,,,\n"
        "2024-11-02,November 2,Saturday,9:15 pm,meh,reading,,,<p>tea &amp; rain</p>\n"
        "2024-11-02,November 2,Saturday,9:15 pm,meh,reading,,,<p>tea &amp; rain</p>\n",
        encoding="utf-8",
    )
    dialog = room.journal.import_entries(str(sample))
    assert dialog is not None
    dialog.resize(560, 720)
    QApplication.processEvents()
    shot = dialog.grab()
    dialog.close()
    return shot


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from breathingroom.core.dayfacts import DAY_NOTE, DayFact
    from breathingroom.core.journal import CheckIn
    from breathingroom.core.records import SessionRecord
    from breathingroom.services import paths
    from breathingroom.services.autostart import XdgAutostart
    from breathingroom.services.settings import Settings
    from breathingroom.ui.app import compose

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Breathing Room")
    OUT.mkdir(parents=True, exist_ok=True)
    shots: dict[str, list[object]] = {}
    with tempfile.TemporaryDirectory() as folder:
        paths.init(Path(folder))
        for theme in ("light", "dark"):
            clock = StillClock()
            settings = Settings.load(paths.current().settings_file, clock=clock)
            settings.set("theme", theme)
            settings.set("breaks_on", True)
            settings.set("break_card", True)
            room = compose(
                settings,
                tray_available=False,
                clock=clock,
                quit_app=lambda: None,
                find_idle=lambda: None,
                holds=set,
                autostart=XdgAutostart(Path(folder) / "autostart"),
            )
            store = room.journal.store
            assert store is not None
            if theme == "light":
                for day, (pleasant, energy, words) in enumerate(
                    [(6, 4, "calm"), (3, 7, "anxious,tense"), (7, 6, "hopeful"), (5, 3, "tired")]
                ):
                    store.add_checkin(
                        CheckIn.create(
                            clock.wall - timedelta(days=day + 1, hours=day),
                            pleasant,
                            energy,
                            feelings=words.split(","),
                            note="A walk after lunch helped." if day == 2 else "",
                        )
                    )
                # What other apps kept about two of those days (the review shows a card each).
                long_day, next_day = (
                    clock.wall.date() - timedelta(3),
                    clock.wall.date() - timedelta(2),
                )
                facts = [
                    (long_day, DAY_NOTE, "", "", "A long day, but a good walk after lunch."),
                    (long_day, "Symptom", "Headache (Mild)", "1", ""),
                    (long_day, "Factors", "Caffeine", "", ""),
                    (long_day, "Factors", "Walk", "", ""),
                    (long_day, "Sleep", "", "6.5", ""),
                    (next_day, "Sleep Quality", "", "8/10 points", ""),
                ]
                store.import_batch(
                    [],
                    facts=[DayFact(d, c, i, a, note=n, source="sample") for d, c, i, a, n in facts],
                    file="sample",
                )
                for day in (0, 1, 1, 3, 8, 9, 15, 22, 22, 22, 30, 44):
                    start = clock.wall - timedelta(days=day, hours=3 + day % 4 + day // 20)
                    store.add_session(
                        SessionRecord(
                            "break",
                            "coherent",
                            start,
                            start + timedelta(minutes=2),
                            True,
                            {"outcome": "taken", "felt": "better"},
                        )
                    )
            room.breathe(pattern_id="coherent" if theme == "light" else "cyclic-sigh")
            clock.t += 2.0
            pacer = room.pacer()
            pacer.resize(480, 560)
            pacer.refresh()
            app.processEvents()
            shots.setdefault("pacer", []).append(pacer.grab())
            for style in ("wave", "bar"):
                pacer.set_pacer_style(style)
                pacer.refresh()
                app.processEvents()
                shots.setdefault(f"pacer-{style}", []).append(pacer.grab())
            pacer.set_pacer_style("circle")
            pacer.set_reduced_motion(True)
            pacer.refresh()
            app.processEvents()
            shots.setdefault("pacer-reduced-motion", []).append(pacer.grab())
            pacer.set_reduced_motion(False)
            room.stop_session()
            home = room.home
            assert home is not None
            app.processEvents()
            shots.setdefault("home", []).append(home.grab())
            checkin = room.journal.check_in()
            assert checkin is not None
            checkin.grid.set_value(7, 3, emit=True)
            checkin.feelings.buttons["calm"].setChecked(True)
            app.processEvents()
            shots.setdefault("checkin", []).append(checkin.grab())
            checkin.close()
            history = room.journal.history()
            assert history is not None
            app.processEvents()
            shots.setdefault("journal", []).append(history.grab())
            shots.setdefault("import", []).append(import_shot(room, Path(folder)))
            room.grounding.ground("5-4-3-2-1")
            player = room.grounding.player
            assert player is not None
            player.next()  # on to the first step that asks for words
            player.resize(520, 520)
            app.processEvents()
            shots.setdefault("grounding", []).append(player.grab())
            room.grounding.stop()
            room.grounding.sos()
            sos = room.grounding.sos_window()
            app.processEvents()
            shots.setdefault("sos", []).append(sos.grab())
            sos.close()
            room.open_settings()
            window = room._settings_window
            assert window is not None
            window.resize(580, 560)
            window.folder_label.setText("/home/you/.local/share/breathing-room")  # not the temp one
            for index, name in enumerate(SETTINGS_TABS):
                window.tabs.setCurrentIndex(index)
                app.processEvents()
                shots.setdefault(name, []).append(window.grab())
            window.close()
            card = room.card()
            assert card is not None
            card.invite(
                "Time for a short breathing break?",
                "2 min with Coherent. Or in 10 minutes, or skip this one.",
            )
            app.processEvents()
            shots.setdefault("break-card", []).append(card.grab())
            card.ask_rating()
            app.processEvents()
            shots.setdefault("break-rating", []).append(card.grab())
            card.mode = ""
            card.close()
            from breathingroom.ui.welcome import WelcomeWindow

            welcome = WelcomeWindow("/home/you/.local/share/breathing-room", tray=True)
            welcome.set_tokens(room.theme.tokens)
            welcome.show()
            app.processEvents()
            shots.setdefault("welcome", []).append(welcome.grab())
            welcome.close()
            review = room.journal.timeline()
            assert review is not None
            review.finish_loading()
            review.set_tokens(room.theme.tokens)
            review.resize(1100, 760)
            app.processEvents()
            shots.setdefault("review", []).append(review.grab())
            review.set_period("year")
            app.processEvents()
            shots.setdefault("year", []).append(review.views.currentWidget().grab())
            review.close()
            safety, panel = safety_plan_shots(store)
            shots.setdefault("safety-plan", []).append(safety)
            shots.setdefault("need-help", []).append(panel)
            room.close_windows()
            app.processEvents()
    shots["what-helps"] = what_helps_shots()
    for name, (light, dark) in shots.items():
        target = OUT / f"{name}.png"
        side_by_side(light, dark, target)
        print(target.relative_to(OUT.parents[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
