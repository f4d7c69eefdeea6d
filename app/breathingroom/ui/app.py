"""The app shell: the composition root, and the object that turns requests into actions.

:func:`compose` is the one place that builds the app's parts (settings, clock, journal, sound,
theme, tray or home window, and the factories of the windows built later) and hands them to
:class:`BreathingRoom`, which only wires and reacts: it builds nothing it could be given.
:func:`start` is what ``ui.launch.run`` calls once the tray icon is up. Tests call
:func:`compose` with fakes, or build :class:`AppParts` themselves.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSocketNotifier, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget

from breathingroom import __version__
from breathingroom.core.clock import SYSTEM_CLOCK, Clock
from breathingroom.core.exercises import Exercise
from breathingroom.core.library import all_patterns, pattern_to_start
from breathingroom.core.patterns import DEFAULT_PATTERN_ID, Pattern, PatternError, custom_from_text
from breathingroom.core.records import SessionRecord
from breathingroom.core.session import BreathingPlan, Status
from breathingroom.core.sound import SoundChoice
from breathingroom.services import paths as paths_mod
from breathingroom.services.settings import Settings
from breathingroom.ui.breaks.control import BreakControl
from breathingroom.ui.grounding.control import GroundingControl
from breathingroom.ui.journal.control import JournalControl
from breathingroom.ui.length_menu import LengthMenu
from breathingroom.ui.pacer.run import BreathingRun
from breathingroom.ui.sound.control import AudioOutput, SoundControl
from breathingroom.ui.sound.menu import SoundMenu
from breathingroom.ui.theme import ThemeManager, Tokens
from breathingroom.ui.tray import AppMenu, HomeWindow, Tray, app_icon

if TYPE_CHECKING:
    from breathingroom.core.breaks import Hold, Invitation
    from breathingroom.services.autostart import Autostart
    from breathingroom.services.holdback import HoldSource
    from breathingroom.services.idle import IdleSource
    from breathingroom.services.instance import InstanceServer
    from breathingroom.ui.breaks.card import InvitationCard
    from breathingroom.ui.grounding.sos import SosWindow
    from breathingroom.ui.pacer.window import PacerWindow
    from breathingroom.ui.settings.window import SettingsWindow
    from breathingroom.ui.welcome import WelcomeWindow

log = logging.getLogger(__name__)

#: How long after start-up the SOS window is built ahead.
PREPARE_AFTER_MS = 1500


@dataclass
class AppParts:
    """Everything :class:`BreathingRoom` works with, built by :func:`compose` or by a test.

    Exactly one of ``tray`` and ``home`` is set: the tray icon, or the small window shown where
    the desktop has no tray. Windows used later are built by the factories on first use.
    """

    settings: Settings
    clock: Clock
    journal: JournalControl
    sound: SoundControl
    theme: ThemeManager
    menu: AppMenu
    sound_menu: SoundMenu
    tray: Tray | None
    home: HomeWindow | None
    #: Builds the pacer window with its option menus (Sound, Session length).
    pacer_factory: Callable[[list[Pattern]], PacerWindow]
    #: Builds the dialog for the user's own patterns.
    patterns_dialog_factory: Callable[[list[Pattern]], QWidget]
    #: Grounding: the exercise library, the player and the SOS.
    grounding: GroundingControl
    #: Ends the event loop; a test passes its own.
    quit_app: Callable[[], None] = field(default=lambda: QApplication.quit())
    #: Break invitations and check-in reminders (ui/breaks).
    breaks: BreakControl | None = None
    #: Builds the Settings window.
    settings_factory: Callable[[list[Pattern]], SettingsWindow] | None = None
    #: Builds the invitation card near the tray.
    card_factory: Callable[[], InvitationCard] | None = None
    #: Builds the welcome window (shown on the first start and from "Welcome…").
    welcome_factory: Callable[[], WelcomeWindow] | None = None


class BreathingRoom(QObject):
    #: The app is about to stop: stop taking requests from other invocations.
    stopping = Signal()

    def __init__(self, parts: AppParts, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.parts = parts
        self.settings = settings = parts.settings
        self.journal = parts.journal
        self.sound = parts.sound
        self.theme = parts.theme
        self.menu = parts.menu
        self.sound_menu = parts.sound_menu
        self.tray = parts.tray
        self.home = parts.home
        self.grounding = parts.grounding
        self._clock = parts.clock
        #: The session in progress (in the pacer, or sound only), if any.
        self.run: BreathingRun | None = None
        self._pacer: PacerWindow | None = None
        self._patterns_dialog: QWidget | None = None
        self._settings_window: SettingsWindow | None = None
        self._card: InvitationCard | None = None
        #: The invitation shown and not yet answered; the break session running, if any.
        self._invitation: Invitation | None = None
        self._break_run: BreathingRun | None = None
        self._rating_for: object = None
        self._reminder_open = False
        self.breaks = parts.breaks
        self._welcome: WelcomeWindow | None = None
        self._asking_quit = False

        self.journal.notice.connect(self.notify)
        self.sound.trouble.connect(self.notify)
        self.sound.lost.connect(self._sound_lost)
        self.sound.availability.connect(self.sound_menu.show_availability)
        self.sound.availability.connect(self.menu.set_sound_available)
        if self.tray is not None:
            self.tray.activated_primary.connect(self._tray_clicked)
        if self.home is not None:
            self.home.breathe.connect(lambda pid: self.breathe(pattern_id=pid))
            self.home.closed.connect(self.quit)

        self.menu.breathe.connect(self._breathe_chosen)
        self.menu.breathe_sound_only.connect(lambda: self.breathe(audio_only=True))
        self.menu.stop_session.connect(self.stop_session)
        self.menu.theme_chosen.connect(lambda t: self.settings.set("theme", t))
        self.menu.reduced_motion_toggled.connect(lambda on: self.settings.set("reduced_motion", on))
        self.menu.quit_requested.connect(self.quit_from_menu)
        self.menu.welcome.connect(self.welcome)
        self.menu.edit_patterns.connect(self.edit_patterns)
        self.menu.check_in.connect(self.journal.check_in)
        self.menu.open_journal.connect(lambda: self.review({}))
        self.menu.import_entries.connect(lambda: self.journal.import_entries())
        self.menu.restore_backup.connect(lambda: self.journal.restore_backup())
        self.menu.ask_distress_toggled.connect(lambda on: self.settings.set("ask_distress", on))
        self.menu.ground.connect(lambda eid: self.grounding.ground(eid))
        self.menu.sos.connect(lambda: self.grounding.sos())
        self.menu.ground_menu_opening.connect(self._fill_ground_menu)
        self.menu.safety_plan.connect(self.safety_plan)
        self.menu.what_helps.connect(self.grounding.what_helps)
        self.menu.open_settings.connect(self.open_settings)
        self.menu.pause_invitations.connect(self.pause_invitations)
        self.menu.resume_invitations.connect(self.resume_invitations)
        if self.breaks is not None:
            self.breaks.invite.connect(self._invited)
            self.breaks.remind.connect(self._reminded)
            self.breaks.unanswered.connect(self._unanswered)
            self.breaks.countdown.connect(self._countdown)
            self._countdown(self.breaks.countdown_text())
        if self.tray is not None:
            self.tray.icon.messageClicked.connect(self._message_clicked)
        self.grounding.breathe_chosen.connect(lambda pid: self.breathe(pattern_id=pid))
        self.grounding.notice.connect(self.notify)
        self.grounding.started.connect(self._end_breathing)
        self.grounding.breathe_requested.connect(self._breathe_for_grounding)
        self.grounding.plan_requested.connect(self.safety_plan)
        self.grounding.status.connect(self._grounding_status)
        self.menu.set_ask_distress(settings.get("ask_distress"))
        self.settings.on_change(self._setting_changed)
        self.theme.changed.connect(self._apply_tokens)
        self._refresh_menus()
        self.menu.set_theme(settings.get("theme"))
        self.menu.set_reduced_motion(settings.get("reduced_motion"))
        self.theme.apply()
        if self.tray is not None:
            self.tray.show()
        if self.home is not None:
            self.home.show()
        for warning in settings.warnings:
            self.notify(warning)

    # -- pieces ----------------------------------------------------------------------------
    def patterns(self) -> list[Pattern]:
        return all_patterns(self.settings.custom_patterns())

    def pacer(self) -> PacerWindow:
        """The pacer window, built on first use so start-up stays light."""
        if self._pacer is None:
            pacer = self.parts.pacer_factory(self.patterns())
            pacer.set_tokens(self.theme.tokens)
            pacer.set_pacer_style(self.settings.get("pacer_style"))
            pacer.set_reduced_motion(self.settings.get("reduced_motion"))
            pacer.pattern_chosen.connect(self._pattern_chosen_in_pacer)
            pacer.style_chosen.connect(lambda s: self.settings.set("pacer_style", s))
            pacer.reduced_motion_toggled.connect(lambda on: self.settings.set("reduced_motion", on))
            pacer.edit_patterns.connect(self.edit_patterns)
            pacer.again_requested.connect(self._again)
            self._pacer = pacer
        return self._pacer

    # -- actions ---------------------------------------------------------------------------
    def handle(self, request: dict[str, Any]) -> None:
        """Carry out a validated request from the command line or another invocation."""
        cmd = request.get("cmd")
        if cmd == "breathe":
            self.breathe(
                pattern_id=request.get("pattern"),
                custom=request.get("custom"),
                minutes=request.get("minutes"),
                cycles=request.get("cycles"),
                sound=request.get("sound"),
                volume=request.get("volume"),
                audio_only=bool(request.get("audio_only")),
            )
        elif cmd == "show":
            self.show_front()
        elif cmd == "stop":
            self.stop_session()
        elif cmd == "quit":
            self.quit()
        elif cmd == "settings-changed":
            self.settings.reload()
        elif cmd == "journal-changed":
            self.journal.refresh()
        elif cmd == "ground":
            self.grounding.ground(request["exercise"], sos=bool(request.get("sos")))
        elif cmd == "sos":
            self.grounding.sos(request.get("distress"))
        elif cmd == "check-in":
            self.journal.check_in()
        elif cmd == "timeline":
            self.review(request)
        elif cmd == "plan":
            self.safety_plan()
        elif cmd == "settings":
            self.open_settings()
        elif cmd == "pause":
            self.pause_invitations(request.get("minutes"))
        elif cmd == "resume":
            self.resume_invitations()
        # "tray" (started with the desktop) and "status" need nothing more: the icon is up.

    def answer(self, request: dict[str, Any]) -> dict[str, Any]:
        """What a request's reply carries beyond ``ok``: for ``status``, ``pause`` and ``resume``,
        the invitations as they are after acting (``pause`` with invitations off did nothing)."""
        if request.get("cmd") not in ("status", "pause", "resume"):
            return {}
        if self.breaks is None:
            return {"running": True, "invitations": "off"}
        return {"running": True, **self.breaks.status()}

    # -- breaks and settings ---------------------------------------------------------------
    def open_settings(self) -> None:
        """The Settings window, built on first use and kept (it follows every change)."""
        if self._settings_window is None:
            if self.parts.settings_factory is None:
                return
            window = self.parts.settings_factory(self.patterns())
            window.set_tokens(self.theme.tokens)
            window.edit_patterns.connect(self.edit_patterns)
            window.import_entries.connect(lambda: self.journal.import_entries())
            window.restore_backup.connect(lambda: self.journal.restore_backup(window))
            window.export_entries.connect(self._export)
            self._settings_window = window
        self._settings_window.sync()
        self._raise(self._settings_window)

    def _export(self) -> None:
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog

        path, chosen = QFileDialog.getSaveFileName(
            self._settings_window,
            "Export your journal",
            "breathing-room-journal.json",
            "JSON (*.json);;CSV (*.csv)",
        )
        if path:
            # The type chosen in the dialog wins over the name's (which keeps ".json" by default).
            kind = "csv" if chosen.startswith("CSV") else "json" if chosen else None
            if kind is not None and not path.lower().endswith(f".{kind}"):
                chosen_path = Path(path)
                if chosen_path.suffix.lower() in {".csv", ".json"}:
                    chosen_path = chosen_path.with_suffix("")
                path = f"{chosen_path}.{kind}"
            self.journal.export_entries(path, kind)

    def pause_invitations(self, minutes: int | None) -> None:
        if self.breaks is not None:
            self.breaks.pause(minutes)
            self._sync_invitation_menu()

    def resume_invitations(self) -> None:
        if self.breaks is not None:
            self.breaks.resume()
            self._sync_invitation_menu()

    def _sync_invitation_menu(self) -> None:
        scheduler = self.breaks.scheduler if self.breaks is not None else None
        self.menu.set_invitations(scheduler is not None, scheduler is not None and scheduler.paused)

    def _countdown(self, text: str) -> None:
        if self.tray is not None:
            self.tray.set_note(text)
        self._sync_invitation_menu()

    def card(self) -> InvitationCard | None:
        if self._card is None and self.parts.card_factory is not None:
            card = self.parts.card_factory()
            card.set_tokens(self.theme.tokens)
            card.breathe_now.connect(self._card_primary)
            card.later.connect(lambda: self._card_answered("postponed"))
            card.skip.connect(lambda: self._card_answered("skipped"))
            card.rated.connect(self._rated)
            self._card = card
        return self._card

    def _invited(self, invitation: Invitation) -> None:
        """Show an invitation: a tray message, and the card if the person chose it (or no tray)."""
        running = (self.run is not None and self.run.active) or (
            self.grounding.run is not None and self.grounding.run.active
        )
        if running:  # already breathing or grounding: that is a break
            self._invitation = invitation
            self._answer_invitation("taken", record=False)
            return
        self._invitation = invitation
        minutes = self.settings.get("break_minutes") if invitation.kind == "break" else 2
        names = {p.id: p.name for p in self.patterns()}
        pattern = names.get(self.settings.get("last_pattern"), "Coherent")
        detail = f"{minutes} min with {pattern}. Or in 10 minutes, or skip this one."
        card = self.card()
        if card is not None and (self.settings.get("break_card") or self.tray is None):
            card.invite(invitation.text, detail)  # the card is the notification
            if self.tray is not None:
                card.place_near(self.tray.icon.geometry())
        elif self.tray is not None:
            self.tray.icon.showMessage(
                "Breathing Room", f"{invitation.text} {detail} (Click here to breathe now.)",
                QSystemTrayIcon.MessageIcon.Information, 15000,
            )  # fmt: skip

    def _unanswered(self, invitation: Invitation) -> None:
        """A tray message nobody answered is gone by now: count it as "in 10 min". A card waits
        where it is until the person answers it."""
        card = self._card
        if invitation is self._invitation and not (card is not None and card.mode == "invite"):
            self._answer_invitation("postponed")

    def _card_primary(self) -> None:
        card = self._card
        if card is not None and card.answered == "remind":
            self._reminder_open = False
            self.journal.check_in()
        else:
            self.take_break()

    def _card_answered(self, outcome: str) -> None:
        card = self._card
        if card is not None and card.answered == "remind":
            self._reminder_open = False
        else:
            self._answer_invitation(outcome)

    def _message_clicked(self) -> None:
        if self._invitation is not None:
            self.take_break()
        elif self._reminder_open:
            self._reminder_open = False
            self.journal.check_in()

    def _breathe_chosen(self, pattern_id: str) -> None:
        """A pattern chosen in the tray; with an invitation open, that is taking the break (the
        keyboard's way to answer the card, which never takes the focus)."""
        if self._invitation is not None:
            self.take_break(pattern_id or None)
        else:
            self.breathe(pattern_id=pattern_id)

    def take_break(self, pattern_id: str | None = None) -> None:
        """ "Breathe now": the usual pattern for the break's length, recorded as the break."""
        invitation = self._invitation
        if invitation is None:
            return
        if self._card is not None and self._card.mode == "invite":
            self._card.hide()
            self._card.mode = ""
        minutes = self.settings.get("break_minutes") if invitation.kind == "break" else 2
        self.breathe(pattern_id=pattern_id, minutes=minutes, break_of=invitation)
        self._answer_invitation("taken", record=False)

    def _answer_invitation(self, outcome: str, record: bool = True) -> None:
        """Tell the schedule; a postponed or skipped invitation is kept as a zero-length break."""
        from breathingroom.core.breaks import Outcome
        from breathingroom.ui.breaks.control import invitation_record_params

        invitation, self._invitation = self._invitation, None
        if invitation is None or self.breaks is None:
            return
        self.breaks.answer(Outcome(outcome))
        if record:
            self.journal.add_session(
                SessionRecord(
                    kind="break",
                    exercise=str(invitation.kind),
                    start=invitation.at,
                    end=self._clock.now(),
                    completed=False,
                    params=invitation_record_params(invitation, Outcome(outcome)),
                )
            )

    def _reminded(self) -> None:
        """A check-in reminder: the card if chosen (and no invitation is on it), else a message."""
        card = self.card() if self.settings.get("break_card") or self.tray is None else None
        self._reminder_open = True
        if card is not None and card.mode not in ("invite", "rate"):
            card.remind()
            if self.tray is not None:
                card.place_near(self.tray.icon.geometry())
        else:
            self.notify("A moment to check in? Click here, or choose Check in… from the tray.")

    def _rated(self, rating: str) -> None:
        if self._rating_for is not None:
            self.journal.add_session_params(self._rating_for, {"felt": rating})
            self._rating_for = None

    def show_front(self) -> None:
        """Bring the app forward: the session in progress, the home window, or a new session."""
        run = self.run
        ground = self.grounding.run
        if ground is not None and ground.active and self.grounding.player is not None:
            self._raise(self.grounding.player)
        elif run is not None and run.active:
            pacer = self.pacer()
            if pacer.run is not run:
                pacer.show_run(run)  # a sound-only session gets its picture
            self._raise(pacer)
        elif self.home is not None:
            self._raise(self.home)
        else:
            self.breathe()

    def breathe(
        self,
        pattern_id: str | None = None,
        custom: str | None = None,
        minutes: int | None = None,
        cycles: int | None = None,
        sound: SoundChoice | None = None,
        volume: int | None = None,
        audio_only: bool = False,
        compact: bool = False,
        break_of: Invitation | None = None,
    ) -> None:
        """Start a session: in the pacer, or with ``audio_only`` as sound with no window.

        ``break_of`` makes it the break an invitation offered: recorded as a break, with no
        distress question (one tap after it instead).

        ``compact`` (the SOS) shows the pacer small and on top, on the screen under the pointer.
        """
        try:
            if custom:
                pattern = custom_from_text(custom)
            else:
                pattern = pattern_to_start(
                    pattern_id, self.settings.get("last_pattern"), self.settings.custom_patterns()
                )
        except PatternError as exc:
            self.notify(str(exc))
            return
        if not custom and self.settings.get("last_pattern") != pattern.id:
            self.settings.set("last_pattern", pattern.id)
        plan = BreathingPlan.choose(
            pattern,
            minutes=minutes,
            cycles=cycles,
            sound=sound,
            volume=volume,
            audio_only=audio_only,
            usual_minutes=self.settings.get("minutes"),
            usual_sound=self.settings.get("sound"),
            usual_volume=self.settings.get("volume"),
        )
        self.start_session(plan, compact=compact, break_of=break_of)

    def start_session(
        self, plan: BreathingPlan, compact: bool = False, break_of: Invitation | None = None
    ) -> None:
        """Run ``plan`` now, ending any session in progress."""
        self._end_current()
        self.grounding.stop()
        pacer = None if plan.audio_only else self.pacer()  # built first: the clock starts after
        if pacer is not None:
            pacer.set_compact(compact)
        run = BreathingRun(plan, clock=self._clock, parent=self)
        if break_of is not None:
            from breathingroom.core.breaks import Outcome
            from breathingroom.ui.breaks.control import invitation_record_params

            run.model.kind = "break"
            run.model.params.update(invitation_record_params(break_of, Outcome.TAKEN))
            self._break_run = run
        if pacer is not None:
            pacer.show_run(run)
        self._follow(run)
        if not self.sound.play(run, plan.sound, plan.volume) and plan.audio_only:
            # Sound only, with no sound: the session goes on with its picture rather than
            # leaving nothing at all (the reason was told once, by the sound control).
            self.show_front()
            return
        if not plan.audio_only:
            self._raise(self.pacer())

    def _again(self, run: BreathingRun) -> None:
        """Breathe again with the session that just ended, its pattern, length and sound."""
        compact = self._pacer is not None and self._pacer.compact  # an SOS stays small
        self.start_session(
            replace(run.plan, audio_only=False, volume=self.settings.get("volume")),
            compact=compact,
        )

    def _sound_lost(self, run: BreathingRun) -> None:
        """A sound-only session whose sound failed has nothing left to follow: end it."""
        if run.audio_only and run.active:
            run.stop()

    def _tray_clicked(self) -> None:
        """A left click: show the session in progress, or start the last pattern."""
        if self.run is not None and self.run.active:
            self.show_front()
        elif self._invitation is not None:
            self.take_break()
        else:
            self.breathe()

    def _end_current(self) -> None:
        run = self.run
        if run is not None and run.active:
            run.stop()

    def _follow(self, run: BreathingRun) -> None:
        previous = self.run
        if previous is not None and previous.parent() is self and previous is not run:
            previous.deleteLater()  # an ended sound-only run; a pacer's runs go with the pacer
        self.run = run
        run.status_changed.connect(lambda status, r=run: self._run_status(r, status))
        run.ended.connect(lambda record, r=run: self._run_ended(r, record))
        self._run_status(run, run.status)
        if self._asks_distress(run):
            self.pacer().ask_distress(
                "Before you begin: how much distress do you feel, from 0 to 10? (optional)",
                run.set_distress_before,
            )

    def _asks_distress(self, run: BreathingRun) -> bool:
        if run.model.kind == "break":
            return False  # a break asks one thing after: better, same or worse
        return bool(self.settings.get("ask_distress")) and not run.audio_only

    def _run_ended(self, run: BreathingRun, record: SessionRecord) -> None:
        session_id = self.journal.add_session(record)
        if run is self._break_run:
            self._break_run = None
            card = self.card()
            if card is not None:
                self._rating_for = session_id
                card.ask_rating()
                if self.tray is not None:
                    card.place_near(self.tray.icon.geometry())
        pacer = self._pacer
        finished_here = pacer is not None and pacer.run is run and run.status is Status.FINISHED
        if pacer is not None and finished_here and self._asks_distress(run):
            pacer.ask_distress(
                "And now, how much distress do you feel, from 0 to 10? (optional)",
                lambda value: self.journal.set_distress_after(session_id, value),
            )

    def welcome(self) -> None:
        """Show the welcome window (built on first use); it is then marked as seen."""
        factory = self.parts.welcome_factory
        if factory is None:
            return
        if self._welcome is None:
            window = factory()
            window.try_breathing.connect(
                lambda: self.breathe(pattern_id=DEFAULT_PATTERN_ID, minutes=1)
            )
            self._welcome = window
        self._welcome.set_tokens(self.theme.tokens)
        self._raise(self._welcome)
        if not self.settings.get("welcome_shown"):
            self.settings.set("welcome_shown", True)

    def edit_patterns(self) -> None:
        """Open the dialog for the user's own patterns (one at a time)."""
        if self._patterns_dialog is None:
            dialog = self.parts.patterns_dialog_factory(self.patterns())
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.destroyed.connect(lambda: setattr(self, "_patterns_dialog", None))
            self._patterns_dialog = dialog
        self._raise(self._patterns_dialog)

    def stop_session(self) -> None:
        """Stop whatever runs: a breathing session (its window closes) or an exercise."""
        self._end_breathing()
        self.grounding.stop()

    def _end_breathing(self) -> None:
        run = self.run
        if self._pacer is not None and self._pacer.run is run:
            self._pacer.close()
        elif run is not None:
            run.stop()

    def notify(self, message: str) -> None:
        log.warning("%s", message)
        if self.tray is not None:
            self.tray.icon.showMessage(
                "Breathing Room", message, QSystemTrayIcon.MessageIcon.Information, 8000
            )
        elif self.home is not None:
            self.home.tray_note.setText(message)

    def quit(self) -> None:
        self.shutdown()
        self.parts.quit_app()

    def session_active(self) -> bool:
        ground = self.grounding.run
        return (self.run is not None and self.run.active) or (ground is not None and ground.active)

    def quit_from_menu(self) -> None:
        """Quit from the menu: during a session, ask once first; the session is kept, stopped."""
        if self._asking_quit:
            return  # the question is already on screen
        if self.session_active():
            from PySide6.QtWidgets import QMessageBox

            self._asking_quit = True
            box = QMessageBox(
                QMessageBox.Icon.Question,
                "Breathing Room",
                "End the session and quit?",
                QMessageBox.StandardButton.NoButton,
            )
            box.setInformativeText("The session is kept in your journal as stopped.")
            end = box.addButton("End and quit", QMessageBox.ButtonRole.AcceptRole)
            box.addButton("Keep breathing", QMessageBox.ButtonRole.RejectRole)
            box.setAccessibleName("End the session and quit?")
            box.exec()
            self._asking_quit = False
            if box.clickedButton() is not end:
                return
        self.quit()

    def shutdown(self) -> None:
        """End the session (recorded), stop sound, close the journal. Safe to call twice."""
        self.stopping.emit()
        if self.breaks is not None:
            self.breaks.stop()
        if self._card is not None:
            self._card.mode = ""
            self._card.close()
        if self._settings_window is not None:
            self._settings_window.close()
        self._end_current()
        if self._pacer is not None:
            self._pacer.close()
        self.grounding.close()
        self.sound.close()
        self.journal.close()
        if self.tray is not None:
            self.tray.hide()

    def close_windows(self) -> None:
        """Close and release every window (for tests and shutdown)."""
        self.shutdown()
        for window in (
            self._pacer,
            self.home,
            self._patterns_dialog,
            self._settings_window,
            self._card,
            self._welcome,
        ):
            if window is not None:
                window.close()
                window.deleteLater()
        self._pacer = None
        self._welcome = None

    def review(self, request: dict[str, Any]) -> None:
        """Review my week, or the month, year or days a ``timeline`` request names."""
        from breathingroom.core import review

        view = str(request.get("view") or "week")
        try:
            if request.get("from"):
                start, end = review.parse_period(from_day=request["from"], to_day=request["to"])
            elif request.get("period"):
                start, end = review.parse_period(request["period"])
            else:
                window = self.journal.timeline()
                if window is not None:
                    window.set_tokens(self.theme.tokens)
                    window.today()  # asked for with no period: this week
                    window.set_period(view if view != "range" else "week")
                    self._raise(window)
                return
        except ValueError as exc:
            self.notify(str(exc))
            return
        window = self.journal.timeline(view, start, end)
        if window is not None:
            window.set_tokens(self.theme.tokens)
            self._raise(window)

    def safety_plan(self) -> None:
        """Open the safety plan (one window; it needs the journal, where it is kept).

        Opened from a window that stays on top (the SOS, a compact exercise), it stays on top
        too, or it would open behind them.
        """
        window = self.journal.safety_plan()
        if window is None:
            return
        on_top = [
            w
            for w in (self.grounding.player, self.grounding.sos_window_if_built, self._pacer)
            if w is not None
            and w.isVisible()
            and bool(w.windowFlags() & Qt.WindowType.WindowStaysOnTopHint)
        ]
        if on_top and not window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint:
            window.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        self._raise(window)

    def _fill_ground_menu(self) -> None:
        exercises = self.grounding.exercises()
        labels = [(e.id, f"{e.title}  ({e.minutes:g} min)") for e in exercises]
        self.menu.set_exercises(labels, self.grounding.helping())

    def _breathe_for_grounding(self, pattern_id: str, distress: int | None) -> None:
        """A breathing session the SOS chose (small, with the rating it asked, if any), or the
        player's Breathe (the usual window)."""
        sos = bool(pattern_id)
        self.breathe(pattern_id=pattern_id or None, compact=sos)
        run = self.run
        if run is None or not run.active:
            return
        if distress is not None:
            run.set_distress_before(distress)
        pacer = self._pacer
        if sos and pacer is not None and pacer.distress is not None:
            pacer.distress.set_value(distress)  # the SOS asked already, or was told not to
            pacer.distress.hide()

    def _grounding_status(self, text: str) -> None:
        if self.tray is not None and not (self.run is not None and self.run.active):
            self.tray.set_running(text or None)
        self.menu.set_running(bool(text) or (self.run is not None and self.run.active))

    # -- reactions -------------------------------------------------------------------------
    def _raise(self, window: QWidget) -> None:
        window.show()
        window.raise_()
        window.activateWindow()

    def _pattern_chosen_in_pacer(self, pattern_id: str) -> None:
        pacer = self.pacer()
        if pacer.session is not None and pacer.minutes is None:
            self.breathe(pattern_id=pattern_id, cycles=pacer.session.cycles)
        else:
            self.breathe(pattern_id=pattern_id, minutes=pacer.minutes)

    def _run_status(self, run: BreathingRun, status: str) -> None:
        if run is not self.run:
            return
        running = Status(status).active
        self.menu.set_running(running)
        if self.tray is not None:
            self.tray.set_running(run.describe() if running else None)

    def _setting_changed(self, key: str, value: Any) -> None:
        if key == "theme":
            self.theme.set_choice(value)
            self.menu.set_theme(value)
        elif key == "reduced_motion":
            self.menu.set_reduced_motion(value)
            if self._pacer is not None:
                self._pacer.set_reduced_motion(value)
        elif key in ("custom_patterns", "last_pattern"):
            self._refresh_menus()
        elif key == "sound":
            self.sound_menu.sync(probe=False)
            run = self.run
            if run is not None and run.active:
                if value == "off":
                    self.sound.detach()
                    if run.audio_only:
                        self.show_front()  # no sound any more: give the session its picture
                else:
                    self.sound.play(run, value, self.settings.get("volume"), fresh=False)
        elif key == "ask_distress":
            self.menu.set_ask_distress(value)
        elif key == "volume":
            self.sound_menu.sync(probe=False)
            self.sound.set_volume(value)

    def _apply_tokens(self, tokens: Tokens) -> None:
        if self._welcome is not None:
            self._welcome.set_tokens(tokens)
        self.grounding.set_tokens(tokens)
        self.journal.set_tokens(tokens)
        if self._settings_window is not None:
            self._settings_window.set_tokens(tokens)
        if self._card is not None:
            self._card.set_tokens(tokens)
        if self._pacer is not None:
            self._pacer.set_tokens(tokens)
        if self.home is not None:
            self.home.set_muted_color(tokens.muted)

    def _refresh_menus(self) -> None:
        patterns, last = self.patterns(), self.settings.get("last_pattern")
        self.menu.set_patterns(patterns, last)
        if self.home is not None:
            self.home.set_patterns(patterns, last)
        if self._pacer is not None:
            self._pacer.set_patterns(patterns)
        if self._settings_window is not None:
            self._settings_window.set_patterns(patterns)


def stop_on_signals(room: BreathingRoom) -> tuple[object, ...]:
    """Quit cleanly (the session recorded) on SIGTERM or SIGINT, without a polling timer.

    Python runs signal handlers only when it gets control; the wake-up fd makes the Qt event
    loop notice the signal at once, and the notifier's slot gives Python that control.
    """
    import signal
    import socket

    receive, send = socket.socketpair()
    for end in (receive, send):
        end.setblocking(False)
    signal.set_wakeup_fd(send.fileno())
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: None)
    notifier = QSocketNotifier(receive.fileno(), QSocketNotifier.Type.Read, room)

    def woken() -> None:
        with contextlib.suppress(OSError):
            receive.recv(64)
        room.quit()

    notifier.activated.connect(woken)
    return notifier, receive, send  # the caller keeps these alive while the app runs


def _audio_service(clock: Clock) -> AudioOutput:
    from breathingroom.services.audio import AudioService  # numpy and PortAudio: on first use

    return AudioService(clock)


def _load_exercises() -> tuple[list[Exercise], list[str]]:
    from breathingroom.services import exercise_library

    return exercise_library.load()


def _find_idle() -> IdleSource | None:
    from breathingroom.services.idle import find_idle_source

    return find_idle_source()


_hold_sources: list[HoldSource] = []


def _current_holds() -> set[Hold]:
    from breathingroom.services import holdback

    if not _hold_sources:
        _hold_sources.extend(holdback.default_sources())
    return holdback.current_holds(_hold_sources)


def compose(
    settings: Settings,
    tray_available: bool,
    *,
    clock: Clock = SYSTEM_CLOCK,
    journal: JournalControl | None = None,
    sound: SoundControl | None = None,
    tray_icon: QSystemTrayIcon | None = None,
    quit_app: Callable[[], None] | None = None,
    exercises: Callable[[], tuple[list[Exercise], list[str]]] | None = None,
    sos: SosWindow | None = None,
    find_idle: Callable[[], IdleSource | None] | None = None,
    holds: Callable[[], set[Hold]] | None = None,
    autostart: Autostart | None = None,
) -> BreathingRoom:
    """Build the app from its parts: the one place that decides what uses what.

    ``run`` passes the real settings and the early tray icon; tests pass fakes (a fake clock, a
    journal on a temporary store, sound with a fake device, their own ``quit_app``).
    """
    journal = journal or JournalControl(clock=clock)
    sound = sound or SoundControl(factory=lambda: _audio_service(clock), clock=clock)

    def sound_menu(parent: QWidget | None = None) -> SoundMenu:
        return SoundMenu(settings.get, settings.set, sound.probe, parent, preview=sound.set_volume)

    def pacer_factory(patterns: list[Pattern]) -> PacerWindow:
        from breathingroom.ui.pacer.window import PacerWindow

        pacer = PacerWindow(patterns)
        pacer.setWindowIcon(app_icon())
        pacer.add_option_menu(sound_menu(pacer))
        pacer.add_option_menu(LengthMenu(settings.get, settings.set, pacer))
        return pacer

    def patterns_dialog_factory(patterns: list[Pattern]) -> QWidget:
        from breathingroom.ui.pacer.patterns_dialog import PatternsDialog

        return PatternsDialog(
            patterns,
            save=settings.add_custom_pattern,
            delete=settings.remove_custom_pattern,
        )

    grounding = GroundingControl(
        settings,
        journal,
        load_library=exercises or _load_exercises,
        clock=clock,
        chime=lambda: sound.chime(settings.get("volume")),
        sos_window=sos,
    )

    def settings_factory(patterns: list[Pattern]) -> SettingsWindow:
        from breathingroom.services import autostart as autostart_mod
        from breathingroom.ui.settings.window import SettingsWindow

        window = SettingsWindow(
            settings,
            patterns,
            autostart or autostart_mod.for_platform(),
            str(paths_mod.current().data_dir),
            breaks.idle_description,
            preview=sound.set_volume,
        )
        window.setWindowIcon(app_icon())
        return window

    def card_factory() -> InvitationCard:
        from breathingroom.ui.breaks.card import InvitationCard

        return InvitationCard()

    breaks = BreakControl(
        settings,
        clock,
        find_idle=find_idle or _find_idle,
        holds=holds or _current_holds,
    )

    def welcome_factory() -> WelcomeWindow:
        from breathingroom.ui.welcome import WelcomeWindow

        window = WelcomeWindow(str(paths_mod.current().data_dir), tray_available)
        window.setWindowIcon(app_icon())
        return window

    menu = AppMenu()
    tray_menu_sound = sound_menu()
    menu.add_settings_menu(tray_menu_sound)
    menu.add_settings_menu(LengthMenu(settings.get, settings.set, menu.settings_menu))
    parts = AppParts(
        settings=settings,
        clock=clock,
        journal=journal,
        sound=sound,
        theme=ThemeManager(settings.get("theme")),
        menu=menu,
        sound_menu=tray_menu_sound,
        tray=Tray(menu, icon=tray_icon) if tray_available else None,
        home=None if tray_available else HomeWindow(menu),
        pacer_factory=pacer_factory,
        patterns_dialog_factory=patterns_dialog_factory,
        grounding=grounding,
        breaks=breaks,
        settings_factory=settings_factory,
        card_factory=card_factory,
        welcome_factory=welcome_factory,
    )
    if quit_app is not None:
        parts.quit_app = quit_app
    room = BreathingRoom(parts)
    # The parts live as long as the app: give the Qt objects among them their owner.
    for child in (journal, sound, grounding, parts.theme, menu, parts.tray, breaks):
        if child is not None and child.parent() is None:
            child.setParent(room)
    return room


def start(
    app: QApplication,
    request: dict[str, Any],
    tray_available: bool,
    early_icon: QSystemTrayIcon | None,
    clock: Clock = SYSTEM_CLOCK,
    early_sos: SosWindow | None = None,
    server: InstanceServer | None = None,
) -> int:
    """Build the app around an already created QApplication (and tray icon) and run it.

    ``server``: one already listening and holding requests (a start that waited for a tray
    host); they are carried out once the app is built."""
    from breathingroom.services.instance import InstanceServer

    logging.basicConfig(level=logging.WARNING, format="breathing-room: %(levelname)s: %(message)s")
    paths = paths_mod.current()
    from breathingroom.ui.welcome import first_start

    new_here = first_start(paths)  # before the settings or the journal are written
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    settings = Settings.load(paths.settings_file, clock=clock)
    listening = server is not None
    if server is None:
        server = InstanceServer(paths)
    room = compose(settings, tray_available, clock=clock, tray_icon=early_icon, sos=early_sos)
    server.handler = room.handle
    server.answer = room.answer
    breaks = room.breaks
    if breaks is not None:
        # Sleep matters only to a break schedule, so the system bus (and PySide's QtDBus) is
        # reached only once invitations are on: the idle app with them off loads neither.
        watching: list[object] = []

        def watch_sleep(_key: str = "", _value: object = None) -> None:
            if watching or breaks.scheduler is None:
                return
            from breathingroom.services.sleep import SleepWatcher

            sleep = SleepWatcher(room)
            sleep.woke.connect(breaks.woke)
            sleep.start()
            watching.append(sleep)

        watch_sleep()
        settings.on_change(watch_sleep)
    room.stopping.connect(server.close)
    app.aboutToQuit.connect(room.shutdown)  # logout, last window closed: still tidy up
    if not listening:
        server.listen()
    keep_alive = stop_on_signals(room)
    # The journal opens at its first use (a session's end, a check-in): an app that only waits
    # in the tray keeps no database open. Opening reports a damaged journal and makes the day's
    # backup.
    # (An SOS started with nothing running already shows its question, answered by the app.)
    if early_sos is None and (request.get("cmd") != "show" or not tray_available):
        QTimer.singleShot(0, lambda: room.handle(request))
    if listening:
        QTimer.singleShot(0, server.carry_out_held)  # after this start's own request
    # Once the icon is up and the app has settled, build the SOS window and read the exercise
    # library, so the first SOS (a person in crisis) meets a ready window. Once, not a timer
    # that keeps running: the idle app still wakes for nothing.
    QTimer.singleShot(PREPARE_AFTER_MS, room.grounding.prepare)
    # The first start, on an empty data folder, says hello once. A start that asks for
    # something (an SOS, a session, from a desktop action) gets that at once, with no welcome
    # in the way; the welcome then waits for the next plain start.
    if new_here and not settings.get("welcome_shown"):
        settings.set("welcome_due", True)
    if (
        request.get("cmd") == "show"
        and settings.get("welcome_due")
        and not settings.get("welcome_shown")
    ):
        QTimer.singleShot(0, room.welcome)
    try:
        return int(app.exec())
    finally:
        server.close()
        del keep_alive
