"""Sound output for breathing sessions, in step with the picture.

The sound itself comes from :class:`breathingroom.core.cues.CueTrack`, a pure function of the
sample index. This module only plays it: a PortAudio output stream (through ``sounddevice``, which
is imported when a session with sound starts, so the app runs where PortAudio is missing) whose
callback copies the right samples into the device's buffer.

Using it from the GUI thread (every public method is for the GUI thread, and none of them
waits: PortAudio streams are opened, faded out and closed on the service's own audio thread)::

    audio = AudioService(notify=wake_gui)   # wake_gui: e.g. a queued signal's emit
    ok, message = audio.check()        # for menus: can sound play here? (loads PortAudio)

    clock = SessionClock()
    if not audio.start(session, "chimes", volume=60, clock=clock, restart_clock=True):
        show(audio.message)            # why there is no sound; the visual session goes on
    ...
    clock.pause();  audio.pause()      # fades out over the next 10 ms block, closes the stream
    clock.resume(); audio.resume()     # a new stream, playing from where the clock now is
    audio.set_volume(40)               # 0-100, ramped over one block, no click
    audio.stop()                       # session cancelled or over: the stream is closed
    audio.close()                      # on quit: waits for the audio thread to close the stream

    # whenever notify() was called, and from a QTimer while a session with sound runs:
    for event in audio.poll_events():  # AudioEvent(kind, message)
        ...

``start(session, mode, volume, clock, *, restart_clock=False) -> bool``: ``mode`` and ``volume``
are the "sound" and "volume" settings (``"off"`` only stops any sound and returns True). Building
the cue track, opening a stream and filling the device's buffer take a moment (about 0.15 s
here), all on the audio thread. With ``restart_clock=True`` the clock is held at session time 0
meanwhile (``SessionClock.restart_at(math.inf)``), and once the stream runs it is restarted at the
instant the stream's first sample will reach the speaker (``restart_at(instant)``, applied by
:meth:`poll_events`, which ``notify`` prompts): the picture stands at its first frame until the
sound begins, and the first cue is heard whole, with it. Otherwise the sound follows the clock as
it is; sound that is already due when a stream starts (on resume, or the opening of the first cue
without ``restart_clock``) fades in over 10 ms rather than being shifted. ``start()`` returns False,
with :attr:`message` set and an ``"unavailable"`` event, when the lack of sound is already known
(PortAudio could not be loaded); what the audio thread finds later (no device, a failed open)
comes as an ``"unavailable"`` event from :meth:`poll_events`, and a held clock is then let go. An
audio-only session is the same calls without a window.

States (:attr:`state`, as the GUI thread last asked or learned): ``"idle"``, ``"playing"`` (also
while the stream is being opened), ``"paused"``, ``"unavailable"``. :attr:`stream_open` says
whether a PortAudio stream exists right now; it turns false shortly after a pause or stop, once
the audio thread has faded the sound out and closed the stream.

Events from :meth:`poll_events` (``AudioEvent.kind``): ``"playing"`` (a stream started or
resumed), ``"paused"``, ``"stopped"``, ``"finished"`` (the session's sound has played to its end;
the stream is closed), ``"unavailable"`` (sound could not start; ``message`` says why and what to
do) and ``"lost"`` (the device went away or failed mid-session; ``message`` says so; the stream is
closed and the visual session should go on). After either, the next :meth:`start` or
:meth:`check` looks for devices afresh, so one that has come back is used.

Keeping time: sample ``k`` of the track is the sound of session time ``k / rate``. The service
takes the session's time base from the :class:`~breathingroom.core.pacing.SessionClock` when a
stream opens (start, resume) and whenever :meth:`sync` is called (call it after any other
``SessionClock.restart()``), as ``clock.origin()``. In every callback PortAudio
says when the first sample of the buffer will reach the speaker (``outputBufferDacTime``, on the
stream's clock; minus ``currentTime`` it is the delay from now). That instant on the monotonic
clock, minus the session's time base, is the session time the buffer must carry: the output
latency is compensated and a cue is heard when the picture shows its phase change. The callback
plays consecutive samples and re-aligns (with a 10 ms fade-in) only when it is more than
:data:`RESYNC_SECONDS` off for :data:`RESYNC_AFTER` callbacks in a row: the device's clock drifted
from the monotonic one, or the device stalled.

Threads: the GUI thread only sets plain values and queues jobs for the audio thread; it never
calls PortAudio for session control and never sleeps. The audio thread (started on first use,
ended by :meth:`close`) runs the jobs in order, so one stream at most exists at a time, and while
a stream exists it looks at it every :data:`WATCH_SECONDS` (and as soon as PortAudio says it
stopped) for its end or a lost device. It reports through a ``queue.SimpleQueue`` that
:meth:`poll_events` drains, tagging each report with the request it answers, so news about a
stream already paused, stopped or replaced is dropped. The callback never touches Qt, never
blocks, takes no lock and allocates nothing beyond array views; it reads plain attributes the
other threads set and writes counters and flags that the audio thread reads.
"""

from __future__ import annotations

import functools
import logging
import math
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from breathingroom.core import cues
from breathingroom.core.clock import SYSTEM_CLOCK, Clock
from breathingroom.core.cues import CueTrack
from breathingroom.core.pacing import Session, SessionClock
from breathingroom.core.sound import CueMode as Mode

log = logging.getLogger(__name__)

#: Samples a second asked of the device (PortAudio converts when the device runs at another rate).
RATE = 48000
#: Frames per callback: 10 ms.
BLOCK_SECONDS = 0.010
#: Output buffering asked of PortAudio, in seconds. The latency it reports is compensated, so
#: a deeper buffer costs nothing in sync; it keeps a Python callback from running dry on a busy
#: two-core machine. Pausing fades out over the next 10 ms block; what is already buffered plays.
LATENCY = 0.08
#: Fade in after a start, resume or re-alignment, and fade out before a pause or stop.
EDGE_SECONDS = 0.010
#: How far the stream may be off the session's time before it is re-aligned.
RESYNC_SECONDS = 0.004
#: How many callbacks in a row must be that far off (one late callback is jitter, not drift).
RESYNC_AFTER = 3
#: With ``restart_clock``, how far beyond the reported latency session time 0 is put.
START_MARGIN = 0.02
#: How many recent callbacks' clock readings the stream-to-monotonic offset is taken from.
OFFSET_READINGS = 100
#: How long pause() and stop() wait for the callback to write the fade-out.
FADE_TIMEOUT = 0.1
#: How long they then wait, at most, for the fade to reach the device before cutting.
DRAIN_TIMEOUT = 0.3
#: While playing, no callback for this long means the device is gone.
STALL_SECONDS = 5.0
#: How often the audio thread looks at a playing stream (its end, a lost device).
WATCH_SECONDS = 0.25

MSG_NO_PORTAUDIO = "Sound is unavailable: install libportaudio2 (PortAudio)."
MSG_NO_MODULE = "Sound is unavailable: the sounddevice module could not be loaded ({detail})."
MSG_NO_DEVICE = "No sound output device was found. The session goes on without sound."
MSG_OPEN_FAILED = (
    "The sound device could not be opened ({detail}). The session goes on without sound."
)
MSG_LOST = "The sound device stopped working. The session goes on without sound."


@dataclass(frozen=True)
class AudioEvent:
    kind: str
    message: str = ""


def load_sounddevice() -> tuple[ModuleType | None, str]:
    """Import ``sounddevice``; on failure return ``None`` and a message for the user."""
    try:
        import sounddevice
    except OSError:
        # sounddevice raises OSError when the PortAudio library itself is missing.
        return None, MSG_NO_PORTAUDIO
    except ImportError as exc:
        if "PortAudio" in str(exc):
            return None, MSG_NO_PORTAUDIO
        return None, MSG_NO_MODULE.format(detail=exc)
    return sounddevice, ""


class AudioService:
    """Plays one session's cues at a time; see the module docstring for how to use it."""

    def __init__(
        self,
        clock: Clock = SYSTEM_CLOCK,
        *,
        rate: int = RATE,
        measure: bool = False,
        notify: Callable[[], None] | None = None,
    ) -> None:
        self._monotonic = clock.monotonic
        self._rate = rate
        #: Called on the audio thread whenever it has news for :meth:`poll_events` (a queued
        #: signal, say); never from the PortAudio callback.
        self.notify = notify
        # News from the audio thread, (kind, generation, detail), applied by the GUI thread
        # (before any of its calls changes the state, so news and calls keep their order).
        self._inbox: queue.SimpleQueue[tuple[str, int, Any]] = queue.SimpleQueue()
        self._ready: list[AudioEvent] = []  # events for poll_events(), oldest first (GUI)
        # Work for the audio thread, in order; None ends the thread.
        self._jobs: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._worker: threading.Thread | None = None
        #: Starting the audio thread and its ending are decided under this lock, so a job is
        #: never queued for a thread that is about to end.
        self._submit_lock = threading.Lock()
        # Held around PortAudio calls outside the callback (loading, opening, closing), so
        # check() on the GUI thread never runs into the audio thread's work.
        self._pa_lock = threading.Lock()
        # Held for a few instructions while the request generation or the origin change.
        self._lock = threading.Lock()
        self._sd: ModuleType | None = None
        self._load_error = ""  # why sounddevice could not be loaded, until it can
        # PortAudio lists devices once, when initialised: after a failure, look again.
        self._refresh = False
        # GUI thread.
        self._state = "idle"
        self._gen = 0  # the open request the audio thread's news must be about to count
        self._program: tuple[Session, Mode] | None = None
        self._clock: SessionClock | None = None
        self._hold = False  # the session clock waits at 0 for the sound's first sample
        self._want_origin = 0.0  # the session clock's origin, for the next stream to follow
        self.message = ""
        #: Underruns PortAudio reported during the current session.
        self.underruns = 0
        # Audio thread.
        self._stream: Any = None
        self._latency = 0.0
        self._track: CueTrack | None = None
        self._track_for: tuple[Session, Mode] | None = None
        # Shared with the callback: plain values only, each written by one side.
        self._gain = np.float32(0.0)  # target gain (GUI thread)
        self._origin = 0.0  # monotonic instant of session time 0 (GUI or audio thread, locked)
        self._pos: int | None = None  # next track sample to play (callback)
        self._off_count = 0  # consecutive callbacks off by more than RESYNC_SECONDS (callback)
        self._fade_in = 0  # samples of fade-in still to apply (callback)
        self._closing = False  # set by the audio thread: fade out, then stop (read by callback)
        self._jump = False  # set by the GUI thread: cross-fade to the new time now (callback)
        self._fade_out = 0  # samples of fade-out done so far (callback)
        self._gain_now = np.float32(0.0)  # gain applied in the last callback (callback)
        self._last_callback = 0.0
        self._callback_error = ""
        self._drained = threading.Event()
        self._reached_end = False
        self._stream_gen = 0  # the request the open stream answered (audio thread)
        edge = max(1, round(EDGE_SECONDS * rate))
        self._edge_in = cues.ramp_up(edge).astype(np.float32)
        self._edge_out = cues.ramp_down(edge).astype(np.float32)
        block = max(1, round(BLOCK_SECONDS * rate))
        self._block = block
        self._steps = (np.arange(1, block + 1, dtype=np.float32) / block).astype(np.float32)
        self._scratch = np.empty(block, dtype=np.float32)
        #: Recent readings of (monotonic - stream clock), about the last second's worth.
        self._offsets = np.zeros(OFFSET_READINGS, dtype=np.float64)
        self._offset_index = 0
        #: With ``measure=True``, seconds spent in each callback (for the benchmark).
        self.callback_seconds: list[float] | None = [] if measure else None
        #: With ``measure=True``, (monotonic time, track sample) the first sample of every buffer
        #: reaches the speaker, as the callback computed it.
        self.schedule: list[tuple[float, int]] | None = [] if measure else None

    # -- state -------------------------------------------------------------------------------
    @property
    def state(self) -> str:
        """``"idle"``, ``"playing"``, ``"paused"`` or ``"unavailable"``."""
        return self._state

    @property
    def stream_open(self) -> bool:
        """Whether a PortAudio stream exists right now (opened and closed by the audio thread)."""
        return self._stream is not None

    @property
    def latency(self) -> float:
        """The output latency PortAudio reported for the current stream, in seconds."""
        return self._latency if self._stream is not None else 0.0

    @property
    def rate(self) -> int:
        return self._rate

    def check(self) -> tuple[bool, str]:
        """Whether sound can play now, and if not, the message to show.

        Loads PortAudio, so it may take a moment (for the Sound menus, not for session control).
        After a failure (no device, a device lost) PortAudio is re-initialised before looking, as
        it lists devices only then; so a device or sound server that has come back is found.
        """
        with self._pa_lock:
            return self._look()

    def poll_events(self) -> list[AudioEvent]:
        """Events since the last call, oldest first; applies what the audio thread learned.

        Call from the GUI thread: from a timer that runs while a session does, and whenever
        :attr:`notify` says there is news.
        """
        self._absorb()
        out, self._ready = self._ready, []
        return out

    def _absorb(self) -> None:
        """Apply the audio thread's news, in order, before the GUI thread changes anything."""
        while True:
            try:
                kind, gen, detail = self._inbox.get_nowait()
            except queue.Empty:
                return
            if gen != self._gen or self._state != "playing":
                continue  # news about a stream since paused, stopped or replaced
            if kind == "opened":
                if detail is not None and self._hold and self._clock is not None:
                    self._clock.restart_at(detail)
                    self._hold = False
                self.message = ""
                self._post("playing")
            elif kind == "finished":
                self._forget()
                self._state = "idle"
                self._post("finished")
            elif kind == "lost":
                log.warning("sound output lost: %s", detail)
                self._forget()
                self.message = MSG_LOST
                self._state = "idle"
                self._post("lost", MSG_LOST)
            else:  # "unavailable"
                self._forget()
                self._set_unavailable(detail)

    # -- session control (GUI thread; none of these waits) -----------------------------------
    def start(
        self,
        session: Session,
        mode: Mode | Literal["off"],
        volume: float,
        clock: SessionClock,
        *,
        restart_clock: bool = False,
    ) -> bool:
        """Play ``session``'s cues in ``mode``, following ``clock``. False if there is no sound.

        Stops any sound already playing. When the clock is paused the stream opens on resume().
        The stream opens on the audio thread. With ``restart_clock=True`` the clock is held at 0
        until then and restarted at the instant its first sample will be heard. False only when
        the lack of sound is already known (PortAudio could not be loaded); what the audio
        thread finds later comes as an ``"unavailable"`` event.
        """
        self.stop()
        if mode == "off":
            return True
        if self._load_error:
            return self._unavailable_now(self._load_error)
        self._program = (session, mode)
        self._clock = clock
        self.set_volume(volume)
        self.underruns = 0
        if clock.paused:
            self._state = "paused"
            return True
        if restart_clock:
            clock.restart_at(math.inf)  # held at 0 until the sound's start is known
            self._hold = True
        return self._request_open()

    def pause(self) -> None:
        """Silence the sound (fading over one buffer); the audio thread closes the stream."""
        self._absorb()
        if self._state != "playing":
            return
        self._new_generation()
        self._submit(self._close_stream)
        self._state = "paused"
        self._post("paused")

    def resume(self) -> bool:
        """Open a new stream that plays from where the session's clock now is."""
        self._absorb()
        if self._state != "paused":
            return self._state == "playing"
        if self._load_error:
            return self._unavailable_now(self._load_error)
        return self._request_open()

    def sync(self) -> None:
        """Read the session's time base again, e.g. after ``SessionClock.restart()``."""
        self._absorb()
        if self._clock is None or self._hold:
            return  # a held clock is restarted when the sound's first sample is known
        with self._lock:
            self._want_origin = self._origin = self._clock.origin()
            self._jump = True  # the callback cross-fades there at once, without a click

    def set_volume(self, volume: float) -> None:
        """Set the volume, 0-100; the change ramps over one buffer."""
        self._gain = np.float32(cues.volume_gain(volume))

    def stop(self) -> None:
        """End the session's sound; the audio thread fades out and closes the stream."""
        self._absorb()
        was = self._state
        if self._worker is not None:
            self._new_generation()
            self._submit(self._close_stream)
        self._forget()
        if was in ("playing", "paused"):
            self._post("stopped")
        if self._state != "unavailable":
            self._state = "idle"

    def close(self, timeout: float = 2.0) -> None:
        """Stop, and wait (at most ``timeout`` s) for the audio thread to close any stream.

        Call on quit, so no stream is left behind. The service may still be used afterwards.
        """
        self.stop()
        self._state = "idle"
        with self._submit_lock:
            worker = self._worker
            if worker is not None:
                self._jobs.put(None)
        if worker is not None:
            # A thread stuck in PortAudio for longer ends after that job; until it has, it
            # stays the one audio thread (it clears ``_worker`` itself as it ends).
            worker.join(timeout)

    # -- GUI thread internals ----------------------------------------------------------------
    def _post(self, kind: str, message: str = "") -> None:
        self._ready.append(AudioEvent(kind, message))

    def _new_generation(self) -> int:
        self._absorb()
        with self._lock:
            self._gen += 1
            return self._gen

    def _request_open(self) -> bool:
        assert self._program is not None and self._clock is not None
        gen = self._new_generation()
        if not self._hold:
            with self._lock:
                self._want_origin = self._clock.origin()
        self._state = "playing"
        self._submit(functools.partial(self._open_stream, gen, self._program, self._hold))
        return True

    def _forget(self) -> None:
        """Let go of the session; a clock still held for the sound starts now."""
        if self._hold and self._clock is not None:
            self._clock.restart()
        self._hold = False
        self._program = None
        self._clock = None

    def _set_unavailable(self, message: str) -> None:
        self.message = message
        self._state = "unavailable"
        self._post("unavailable", message)
        log.info("%s", message)

    def _unavailable_now(self, message: str) -> bool:
        self._forget()
        self._set_unavailable(message)
        return False

    def _submit(self, job: Callable[[], None]) -> None:
        with self._submit_lock:
            if self._worker is None:
                self._worker = threading.Thread(target=self._work, name="audio", daemon=True)
                self._worker.start()
            self._jobs.put(job)

    # -- audio thread ------------------------------------------------------------------------
    def _work(self) -> None:
        """The audio thread: runs jobs in order; while a stream exists, watches it too."""
        while True:
            try:
                job = self._jobs.get(timeout=WATCH_SECONDS if self._stream is not None else None)
            except queue.Empty:
                job = self._watch
            if job is None:
                self._close_stream()
                with self._submit_lock:
                    if self._jobs.empty():  # nothing was asked for since close(): end
                        self._worker = None
                        return
                continue  # used again after close(): carry on with what came since
            try:
                job()
            except Exception:  # the thread must outlive one failed job
                log.exception("audio thread job failed")

    def _tell(self, kind: str, gen: int, detail: Any = None) -> None:
        self._inbox.put((kind, gen, detail))
        notify = self.notify
        if notify is not None:
            try:
                notify()
            except Exception:  # e.g. the receiver is gone on quit
                log.debug("audio notify failed", exc_info=True)

    def _look(self) -> tuple[bool, str]:
        """Load PortAudio and look for an output device (with ``_pa_lock`` held)."""
        sd, message = load_sounddevice()
        self._load_error = message
        if sd is None:
            return False, message
        self._sd = sd
        if self._stream is None and self._refresh:
            try:
                sd._terminate()
                sd._initialize()
            except Exception:  # a private API; only a refresh, so never fatal
                log.debug("could not refresh PortAudio's device list", exc_info=True)
        try:
            sd.query_devices(kind="output")
        except Exception:
            self._refresh = True
            return False, MSG_NO_DEVICE
        self._refresh = False
        return True, ""

    def _open_stream(self, gen: int, program: tuple[Session, Mode], restart: bool) -> None:
        """Open a stream for ``program``; whatever goes wrong is told, never left unsaid.

        A session whose clock is held for its sound waits for this news, so an unexpected error
        must still arrive as "unavailable" or the session would stand at its start forever.
        """
        try:
            self._open_stream_now(gen, program, restart)
        except Exception as exc:
            log.exception("opening the sound stream failed")
            detail = str(exc).strip() or type(exc).__name__
            self._tell("unavailable", gen, MSG_OPEN_FAILED.format(detail=detail))

    def _open_stream_now(self, gen: int, program: tuple[Session, Mode], restart: bool) -> None:
        if gen != self._gen:
            return  # paused, stopped or replaced before the thread got here
        self._close_stream()
        if self._track_for != program:
            session, mode = program
            self._track = CueTrack(session, mode, self._rate, volume=100)
            self._track_for = program
        with self._pa_lock:
            ok, message = self._look()
            if not ok:
                self._tell("unavailable", gen, message)
                return
            sd = self._sd
            assert sd is not None
            self._pos = None
            self._jump = False
            self._off_count = 0
            self._offset_index = 0
            self._fade_in = 0
            self._fade_out = 0
            self._closing = False
            self._reached_end = False
            self._callback_error = ""
            self._last_callback = 0.0
            self._gain_now = self._gain
            self._drained.clear()
            try:
                stream = sd.OutputStream(
                    samplerate=self._rate,
                    blocksize=self._block,
                    channels=1,
                    dtype="float32",
                    latency=LATENCY,
                    callback=self._callback,
                    finished_callback=self._finished,
                )
            except Exception as exc:
                self._refresh = True
                detail = str(exc).strip() or type(exc).__name__
                if "Invalid device" in detail or "No such device" in detail:
                    self._tell("unavailable", gen, MSG_NO_DEVICE)
                else:
                    self._tell("unavailable", gen, MSG_OPEN_FAILED.format(detail=detail))
                return
            self._latency = float(stream.latency)
            with self._lock:
                if gen != self._gen:
                    stream.close(ignore_errors=True)
                    return
                if restart:
                    # Session time 0 is a little beyond the output latency, when the first
                    # buffer will be heard; the callback plays silence until then. The GUI
                    # restarts the session clock at that instant, so the first cue is whole.
                    self._origin = self._monotonic() + self._latency + START_MARGIN
                else:
                    self._origin = self._want_origin
                origin = self._origin
            # Known before it starts, so the callback can read the stream's latency from the first.
            self._stream = stream
            try:
                stream.start()
            except Exception as exc:
                self._stream = None
                self._refresh = True
                stream.close(ignore_errors=True)
                detail = str(exc).strip() or type(exc).__name__
                self._tell("unavailable", gen, MSG_OPEN_FAILED.format(detail=detail))
                return
        self._stream_gen = gen
        self._tell("opened", gen, origin if restart else None)

    def _close_stream(self) -> None:
        stream = self._stream
        if stream is None:
            return
        try:
            with self._pa_lock:
                active = stream.active
            if active:
                # The callback fades out over its next buffer and stops the stream; wait for the
                # fade to reach the device, then make sure nothing is left playing. A stalled
                # device never runs the callback: then cut at once.
                self._closing = True
                if not self._drained.wait(FADE_TIMEOUT) and self._fade_out >= len(self._edge_out):
                    self._drained.wait(min(DRAIN_TIMEOUT, 2 * self._latency + 0.05))
                with self._pa_lock:
                    if stream.active:
                        stream.abort(ignore_errors=True)
            with self._pa_lock:
                stream.close(ignore_errors=True)
        except Exception:
            log.debug("closing the sound stream failed", exc_info=True)
        self._stream = None

    def _watch(self) -> None:
        """Notice the end of the session's sound, or a device that went away."""
        stream = self._stream
        if stream is None or self._closing:
            return
        with self._pa_lock:
            active = stream.active
        gen = self._stream_gen
        if self._reached_end:
            if not active:  # the last buffers have played
                self._close_stream()
                self._tell("finished", gen)
        elif self._callback_error or not active:
            self._refresh = True
            self._close_stream()
            self._tell("lost", gen, self._callback_error or "stream ended")
        elif self._last_callback and self._monotonic() - self._last_callback > STALL_SECONDS:
            self._refresh = True
            self._close_stream()
            self._tell("lost", gen, "no callback for a while")

    def _finished(self) -> None:
        # PortAudio's thread, once the stream has stopped for whatever reason.
        self._drained.set()
        self._jobs.put(self._watch)

    def _callback(self, outdata: Any, frames: int, time_info: Any, status: Any) -> None:
        started = self._monotonic()
        sd = self._sd
        track = self._track
        try:
            if status.output_underflow:
                self.underruns += 1
            out = outdata[:, 0]
            if track is None:
                out.fill(0.0)
                raise sd.CallbackStop  # type: ignore[union-attr]
            now = self._monotonic()
            self._last_callback = now
            heard_at = self._heard_at(now, time_info)
            want = round((heard_at - self._origin) * self._rate)
            crossfade_from: int | None = None
            if self._pos is None:
                self._pos = want
                self._fade_in = self._edge_in.shape[0] if want > 0 else 0
                self._jump = False
            elif self._jump:
                # Restart: the old sound fades out while the new time fades in, in this buffer.
                self._jump = False
                crossfade_from, self._pos = self._pos, want
                self._off_count = 0
            elif abs(want - self._pos) > RESYNC_SECONDS * self._rate:
                self._off_count += 1
                if self._off_count >= RESYNC_AFTER:
                    self._pos = want
                    self._fade_in = self._edge_in.shape[0]
                    self._off_count = 0
            else:
                self._off_count = 0
            pos = self._pos
            if self.schedule is not None:
                self.schedule.append((heard_at, pos))
            track.render_into(out, pos)
            pending_fade = 0
            if crossfade_from is not None:
                edge = self._edge_in.shape[0]
                k = min(edge, frames, self._scratch.shape[0])
                out[:k] *= self._edge_in[:k]
                pending_fade = edge - k  # the rest of the fade-in, in the next buffer
                old = self._scratch[:k]
                track.render_into(old, crossfade_from)
                old *= self._edge_out[:k]
                out[:k] += old
                self._fade_in = 0
            self._apply_gain(out, frames)
            if self._fade_in:
                done = self._edge_in.shape[0] - self._fade_in
                k = min(self._fade_in, frames)
                out[:k] *= self._edge_in[done : done + k]
                self._fade_in -= k
            if pending_fade:
                self._fade_in = pending_fade
            self._pos = pos + frames
            if self._closing:
                done = self._fade_out
                k = min(self._edge_out.shape[0] - done, frames)
                out[:k] *= self._edge_out[done : done + k]
                out[k:] = 0.0
                self._fade_out = done + k
                if self._fade_out >= self._edge_out.shape[0]:
                    raise sd.CallbackStop  # type: ignore[union-attr]
            elif pos >= track.length:
                self._reached_end = True
                raise sd.CallbackStop  # type: ignore[union-attr]
        except Exception as exc:
            if sd is not None and isinstance(exc, sd.CallbackStop):
                raise
            self._callback_error = f"{type(exc).__name__}: {exc}"
            outdata.fill(0)
            raise sd.CallbackAbort from None  # type: ignore[union-attr]
        finally:
            if self.callback_seconds is not None:
                self.callback_seconds.append(self._monotonic() - started)

    def _heard_at(self, now: float, time_info: Any) -> float:
        """When the buffer's first sample reaches the speaker, on the monotonic clock.

        PortAudio's times are on the stream's clock. Their offset from the monotonic clock is
        read in each callback as ``now - currentTime``, which is only ever too large (the callback
        may start late, e.g. waiting for the GIL): the smallest of the recent readings is the
        offset, so a late callback does not make the sound jump.
        """
        current, dac = time_info.currentTime, time_info.outputBufferDacTime
        if current <= 0 or not 0 <= dac - current < 5.0:
            return now + self._latency  # this host API gives no usable times
        offsets = self._offsets
        offsets[self._offset_index % offsets.shape[0]] = now - current
        self._offset_index += 1
        filled = offsets[: min(self._offset_index, offsets.shape[0])]
        return float(dac + filled.min())

    def _apply_gain(self, out: npt.NDArray[np.float32], frames: int) -> None:
        target, now = self._gain, self._gain_now
        if target == now or frames != self._block:
            out *= target
        else:
            ramp = self._scratch[:frames]
            np.multiply(self._steps[:frames], target - now, out=ramp)
            ramp += now
            out *= ramp
        self._gain_now = target
