"""Sound on the command line: ``breathe --sound/--volume/--audio-only`` and ``render-audio``.

Imported on every invocation, so it imports nothing heavy at module level: numpy and the
synthesis load only when ``render-audio`` runs.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from breathingroom.cli import common
from breathingroom.core.sound import CUE_MODES, SOUND_CHOICES

if TYPE_CHECKING:
    from breathingroom.core.pacing import Session

#: Kept in step with ``core.cues.RATES`` (a test checks), so --help needs no numpy.
RATES = (16000, 22050, 24000, 32000, 44100, 48000, 88200, 96000)
#: Seconds of sound synthesised and written at a time, so long sessions need little memory.
CHUNK_SECONDS = 10


_volume = common.whole_number("volume", 0, 100)


def _rate(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a sample rate") from None
    if value not in RATES:
        choices = ", ".join(str(r) for r in RATES)
        raise argparse.ArgumentTypeError(f"sample rate must be one of {choices} (got {value})")
    return value


def add_breathe_options(parser: argparse.ArgumentParser) -> None:
    """``--sound``, ``--volume`` and ``--audio-only``, which ``breathe`` passes on to the app."""
    parser.add_argument(
        "--sound",
        choices=SOUND_CHOICES,
        help="cues to hear: chimes at each phase change, a breath tone, both, or off",
    )
    parser.add_argument("--volume", type=_volume, metavar="0-100", help="cue volume")
    parser.add_argument(
        "--audio-only",
        action="store_true",
        help="no window: follow the session by sound, stop it from the tray",
    )


def add_commands(sub: common.Subcommands) -> None:
    render = sub.add_parser(
        "render-audio",
        help="write a session's sound to a WAV file",
        description="Write the sound of a breathing session to a 16-bit PCM WAV file, sample "
        "for sample what the app plays.",
        epilog="Example: breathing-room render-audio --pattern box --minutes 1 -o box.wav",
    )
    common.add_session_length(render)
    render.add_argument("--sound", choices=CUE_MODES, default="chimes", help="default: chimes")
    render.add_argument("--volume", type=_volume, default=100, metavar="0-100", help="default: 100")
    render.add_argument(
        "--rate", type=_rate, default=48000, metavar="HZ", help="samples a second, default 48000"
    )
    render.add_argument("-o", "--output", required=True, metavar="FILE.wav", help="where to write")
    render.set_defaults(handler=_cmd_render_audio)


def _session(args: argparse.Namespace) -> Session:
    from breathingroom.core.limits import DEFAULT_MINUTES
    from breathingroom.core.pacing import Session
    from breathingroom.core.patterns import PatternError

    settings = None if args.custom else common.load_settings()
    pattern = common.resolve_pattern(args, settings)
    try:
        if args.cycles is not None:
            return Session.for_cycles(pattern, args.cycles)
        minutes = args.minutes
        if minutes is None:
            minutes = settings.get("minutes") if settings is not None else DEFAULT_MINUTES
        return Session.for_minutes(pattern, minutes)
    except PatternError as exc:
        raise common.UsageError(str(exc)) from None


def _cmd_render_audio(args: argparse.Namespace) -> int:
    import wave

    from breathingroom.core.cues import CueTrack, to_pcm16

    session = _session(args)
    target = Path(args.output)
    if target.is_dir():
        raise common.UsageError(f"{target} is a folder; give a file name such as session.wav")
    if not target.parent.is_dir():
        raise common.UsageError(f"the folder {target.parent} does not exist")
    track = CueTrack(session, args.sound, args.rate, volume=args.volume)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as raw:
            with wave.open(raw, "wb") as out:
                out.setnchannels(1)
                out.setsampwidth(2)
                out.setframerate(args.rate)
                chunk = CHUNK_SECONDS * args.rate
                for start in range(0, track.length, chunk):
                    samples = track.render(start, min(chunk, track.length - start))
                    out.writeframes(to_pcm16(samples).tobytes())
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(tmp_name, target)
    except OSError as exc:
        Path(tmp_name).unlink(missing_ok=True)
        print(f"breathing-room: could not write {target}: {exc.strerror or exc}", file=sys.stderr)
        return common.EXIT_FAILURE
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    cues = len(track.onsets())
    print(
        f"Wrote {target}: {session.pattern.name}, {session.cycles} breaths, "
        f"{track.length / args.rate:g} s, {cues} cues, {args.sound}, {args.rate} Hz."
    )
    return common.EXIT_OK
