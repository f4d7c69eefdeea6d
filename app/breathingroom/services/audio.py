"""Sound output for breathing sessions, in step with the picture.

The sound itself comes from :class:`breathingroom.core.cues.CueTrack`, a pure function of the
sample index. This module only plays it: a PortAudio output stream (through ``sounddevice``, which
is imported when a session with sound starts, so the app runs where PortAudio is missing) whose
callback copies the right samples into the device's buffer.

Using it from the GUI thread (every method is for the GUI thread)::

    audio = AudioService()
    ok, message = audio.check()        # for menus: can sound play here? (loads PortAudio)

    clock = SessionClock()
    if not audio.start(session, "chimes", volume=60, clock=clock, restart_clock=True):
        show(audio.message)            # why there is no sound; the visual session goes on
    ...
    clock.pause();  audio.pause()      # fades out over the next 10 ms block, closes the stream
    clock.resume(); audio.resume()     # a new stream, playing from where the clock now is
    audio.set_volume(40)               # 0-100, ramped over one block, no click
    audio.stop()                       # session cancelled or over: the stream is closed
    audio.close()                      # on quit: no stream is left behind

    # from a QTimer that runs while a session with sound does (every 100-250 ms):
    for event in audio.poll_events():  # AudioEvent(kind, message)
        ...

``start(session, mode, volume, clock, *, restart_clock=False) -> bool``: ``mode`` and ``volume``
are the "sound" and "volume" settings (``"off"`` only stops any sound and returns True). Opening
a stream and filling the device's buffer takes a moment (about 0.15 s here), so with
``restart_clock=True`` the service restarts ``clock`` at the instant the stream's first sample
reaches the speaker, and returns then: start the picture's timer after ``start()`` returns, and
the first cue is heard whole, with the first frame. Otherwise the sound follows the clock as it
is; sound that is already due when a stream starts (on resume, or the opening of the first cue
without ``restart_clock``) fades in over 10 ms rather than being shifted. Returns False, with
:attr:`message` set and an ``"unavailable"`` event, when there is no sound. An audio-only session
is the same calls without a window.

States (:attr:`state`): ``"idle"``, ``"playing"``, ``"paused"``, ``"unavailable"``.
:attr:`stream_open` says whether a PortAudio stream exists (never while paused, stopped or closed).

Events from :meth:`poll_events` (``AudioEvent.kind``): ``"playing"`` (a stream started or
resumed), ``"paused"``, ``"stopped"``, ``"finished"`` (the session's sound has played to its end;
the stream is closed), ``"unavailable"`` (sound could not start; ``message`` says why and what to
do) and ``"lost"`` (the device went away or failed mid-session; ``message`` says so; the stream is
closed and the visual session should go on). After either, the next :meth:`start` or
:meth:`check` looks for devices afresh, so one that has come back is used.

Keeping time: sample ``k`` of the track is the sound of session time ``k / rate``. The service
takes the session's time base from the :class:`~breathingroom.core.pacing.SessionClock` when a
stream opens (start, resume) and whenever :meth:`sync` is called (call it after any other
``SessionClock.restart()``), as ``monotonic() - clock.elapsed()``. In every callback PortAudio
says when the first sample of the buffer will reach the speaker (``outputBufferDacTime``, on the
stream's clock; minus ``currentTime`` it is the delay from now). That instant on the monotonic
clock, minus the session's time base, is the session time the buffer must carry: the output
latency is compensated and a cue is heard when the picture shows its phase change. The callback
plays consecutive samples and re-aligns (with a 10 ms fade-in) only when it is more than
:data:`RESYNC_SECONDS` off for :data:`RESYNC_AFTER` callbacks in a row: the device's clock drifted
from the monotonic one, or the device stalled.

Threads: the callback never touches Qt, never blocks, takes no lock and allocates nothing beyond
array views; it reads plain attributes the GUI thread sets and writes counters and flags that
:meth:`poll_events` reads. Events are queued (a ``queue.SimpleQueue``) by the GUI thread's own
calls; PortAudio's ``finished_callback`` only sets a ``threading.Event`` that :meth:`pause` and
:meth:`stop` wait on for at most a few hundred milliseconds.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
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
    ) -> None:
        self._monotonic = clock.monotonic
        self._rate = rate
        self._events: queue.SimpleQueue[AudioEvent] = queue.SimpleQueue()
        self._sd: ModuleType | None = None
        self._stream: Any = None
        self._track: CueTrack | None = None
        self._clock: SessionClock | None = None
        self._gain = np.float32(0.0)
        self._state = "idle"
        self.message = ""
        #: Underruns PortAudio reported during the current session.
        self.underruns = 0
        # Shared with the callback: plain values only, each written by one side.
        self._origin = 0.0  # monotonic instant of session time 0 (written by the GUI thread)
        self._pos: int | None = None  # next track sample to play (callback)
        self._off_count = 0  # consecutive callbacks off by more than RESYNC_SECONDS (callback)
        self._fade_in = 0  # samples of fade-in still to apply (callback)
        self._closing = False  # set by the GUI thread: fade out, then stop (read by callback)
        self._jump = False  # set by the GUI thread: cross-fade to the new time now (callback)
        self._fade_out = 0  # samples of fade-out done so far (callback)
        self._gain_now = np.float32(0.0)  # gain applied in the last callback (callback)
        self._last_callback = 0.0
        self._callback_error = ""
        self._drained = threading.Event()
        self._reached_end = False
        # PortAudio lists devices once, when initialised: after a failure, look again.
        self._refresh = False
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
        """Whether a PortAudio stream exists right now (none while paused, stopped or closed)."""
        return self._stream is not None

    @property
    def latency(self) -> float:
        """The output latency PortAudio reported for the current stream, in seconds."""
        return float(self._stream.latency) if self._stream is not None else 0.0

    @property
    def rate(self) -> int:
        return self._rate

    def check(self) -> tuple[bool, str]:
        """Whether sound can play now, and if not, the message to show.

        After a failure (no device, a device lost) PortAudio is re-initialised before looking, as
        it lists devices only then; so a device or sound server that has come back is found.
        """
        sd, message = load_sounddevice()
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
        return True, ""

    def poll_events(self) -> list[AudioEvent]:
        """Events since the last call, oldest first; also notices a device that went away.

        Call from the GUI thread, from a timer that runs while a session does.
        """
        stream = self._stream
        if self._state == "playing" and stream is not None:
            if self._reached_end:
                if not stream.active:  # the last buffers have played
                    self._close_stream()
                    self._state = "idle"
                    self._post("finished")
            elif self._callback_error or not stream.active:
                self._lose(self._callback_error or "stream ended")
            elif self._last_callback and self._monotonic() - self._last_callback > STALL_SECONDS:
                self._lose("no callback for a while")
        out = []
        while True:
            try:
                out.append(self._events.get_nowait())
            except queue.Empty:
                return out

    # -- session control ---------------------------------------------------------------------
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
        Opening a stream takes some tens of milliseconds; with ``restart_clock=True`` the clock
        is restarted just before the stream runs, so the session starts when its sound can.
        Sound that is already late when the stream starts (the first cue, by the output
        latency) fades in rather than being shifted: the picture's time always wins.
        """
        self.stop()
        if mode == "off":
            return True
        self._track = CueTrack(session, mode, self._rate, volume=100)
        self._clock = clock
        self.set_volume(volume)
        self._gain_now = self._gain
        self.underruns = 0
        if clock.paused:
            self._state = "paused"
            return True
        return self._open(restart_clock=restart_clock)

    def pause(self) -> None:
        """Silence the sound (fading over one buffer) and stop the stream."""
        if self._state != "playing":
            return
        self._close_stream()
        self._state = "paused"
        self._post("paused")

    def resume(self) -> bool:
        """Open a new stream that plays from where the session's clock now is."""
        if self._state != "paused":
            return self._state == "playing"
        return self._open()

    def sync(self) -> None:
        """Read the session's time base again, e.g. after ``SessionClock.restart()``."""
        if self._clock is not None:
            self._read_origin()
            self._jump = True  # the callback cross-fades there at once, without a click

    def _read_origin(self) -> None:
        assert self._clock is not None
        self._origin = self._monotonic() - self._clock.elapsed()

    def set_volume(self, volume: float) -> None:
        """Set the volume, 0-100; the change ramps over one buffer."""
        self._gain = np.float32(cues.volume_gain(volume))

    def stop(self) -> None:
        """End the session's sound and close the stream."""
        was = self._state
        self._close_stream()
        self._track = None
        self._clock = None
        if was in ("playing", "paused"):
            self._post("stopped")
        if self._state != "unavailable":
            self._state = "idle"

    def close(self) -> None:
        """Stop and close any stream; call on quit. The service may still be used afterwards."""
        self.stop()
        self._state = "idle"

    # -- internals ---------------------------------------------------------------------------
    def _post(self, kind: str, message: str = "") -> None:
        self._events.put(AudioEvent(kind, message))

    def _unavailable(self, message: str) -> bool:
        self._refresh = True
        self.message = message
        self._state = "unavailable"
        self._track = None
        self._clock = None
        self._post("unavailable", message)
        log.info("%s", message)
        return False

    def _lose(self, detail: str) -> None:
        log.warning("sound output lost: %s", detail)
        self._refresh = True
        self._close_stream()
        self._track = None
        self._clock = None
        self.message = MSG_LOST
        self._state = "idle"
        self._post("lost", MSG_LOST)

    def _open(self, restart_clock: bool = False) -> bool:
        ok, message = self.check()
        if not ok:
            return self._unavailable(message)
        sd = self._sd
        assert sd is not None and self._clock is not None
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
        self._drained.clear()
        self._read_origin()
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
            detail = str(exc).strip() or type(exc).__name__
            if "Invalid device" in detail or "No such device" in detail:
                return self._unavailable(MSG_NO_DEVICE)
            return self._unavailable(MSG_OPEN_FAILED.format(detail=detail))
        if restart_clock:
            # Session time 0 is set a little beyond the output latency, when the first buffer
            # will be heard; the callback plays silence until then. The clock restarts at that
            # instant, so the first cue is heard whole and on time.
            self._origin = self._monotonic() + float(stream.latency) + START_MARGIN
        # Known before it starts, so the callback can read the stream's latency from the first.
        self._stream = stream
        try:
            stream.start()
        except Exception as exc:
            self._stream = None
            stream.close(ignore_errors=True)
            detail = str(exc).strip() or type(exc).__name__
            return self._unavailable(MSG_OPEN_FAILED.format(detail=detail))
        if restart_clock:
            while (wait := self._origin - self._monotonic()) > 0:
                time.sleep(min(wait, 0.005))
            self._clock.restart()
            self._read_origin()
        self._state = "playing"
        self.message = ""
        self._post("playing")
        return True

    def _close_stream(self) -> None:
        stream, self._stream = self._stream, None
        if stream is None:
            return
        try:
            if stream.active:
                # The callback fades out over its next buffer and stops the stream; wait for the
                # fade to be written and to reach the device, then make sure nothing is left
                # playing. A stalled device never runs the callback: then cut at once.
                self._closing = True
                deadline = time.monotonic() + FADE_TIMEOUT
                while self._fade_out < self._edge_out.shape[0] and time.monotonic() < deadline:
                    time.sleep(0.002)
                if self._fade_out >= self._edge_out.shape[0]:
                    self._drained.wait(min(DRAIN_TIMEOUT, 2 * float(stream.latency) + 0.05))
                if stream.active:
                    stream.abort(ignore_errors=True)
            stream.close(ignore_errors=True)
        except Exception:
            log.debug("closing the sound stream failed", exc_info=True)

    def _finished(self) -> None:
        # PortAudio's thread, once the stream has stopped for whatever reason.
        self._drained.set()

    def _callback(self, outdata: Any, frames: int, time_info: Any, status: Any) -> None:
        started = time.perf_counter()
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
                self.callback_seconds.append(time.perf_counter() - started)

    def _heard_at(self, now: float, time_info: Any) -> float:
        """When the buffer's first sample reaches the speaker, on the monotonic clock.

        PortAudio's times are on the stream's clock. Their offset from the monotonic clock is
        read in each callback as ``now - currentTime``, which is only ever too large (the callback
        may start late, e.g. waiting for the GIL): the smallest of the recent readings is the
        offset, so a late callback does not make the sound jump.
        """
        current, dac = time_info.currentTime, time_info.outputBufferDacTime
        if current <= 0 or not 0 <= dac - current < 5.0:
            return now + self._stream_latency()  # this host API gives no usable times
        offsets = self._offsets
        offsets[self._offset_index % offsets.shape[0]] = now - current
        self._offset_index += 1
        filled = offsets[: min(self._offset_index, offsets.shape[0])]
        return float(dac + filled.min())

    def _stream_latency(self) -> float:
        stream = self._stream
        return float(stream.latency) if stream is not None else 0.0

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
