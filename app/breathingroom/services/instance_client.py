"""The client half of the single-instance channel, in plain Python so callers never load Qt.

The socket lives in a folder only this user can enter: ``$XDG_RUNTIME_DIR``, which the system
makes for the user with mode 0700 (in Flatpak, its ``app/<id>`` folder), or else
``$TMPDIR/breathing-room-<uid>`` (``/tmp`` by default), made here with mode 0700. A folder of that
name that belongs to another user, or is a link, is refused; one of ours that others could enter
is made again. Both ends also check that the other runs as this user (``SO_PEERCRED``), so nothing
is sent to, or taken from, another user's process.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import socket
import stat
import struct
import zlib
from pathlib import Path
from typing import Any

from breathingroom import APP_ID
from breathingroom.core import messages
from breathingroom.core.clock import SYSTEM_CLOCK, Clock
from breathingroom.services.paths import Paths

log = logging.getLogger(__name__)


class UnsafeRuntimeFolder(OSError):
    """The folder for the socket exists and is not this user's alone; the message says why."""


def _private(folder: Path) -> bool:
    """True for a real folder (not a link) of this user that nobody else may enter."""
    try:
        info = folder.lstat()
    except OSError:
        return False
    return (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.geteuid()
        and not stat.S_IMODE(info.st_mode) & 0o077
    )


#: Unix socket paths are limited to about 100 bytes (104 on macOS, 108 on Linux).
SOCKET_PATH_LIMIT = 100


def private_folder(base: Path) -> Path:
    """``base/breathing-room-<uid>``, made private to this user; raises UnsafeRuntimeFolder."""
    folder = base / f"breathing-room-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        info = folder.lstat()
        if not stat.S_ISDIR(info.st_mode):  # lstat: a link is not a folder here
            raise UnsafeRuntimeFolder(
                f"{folder} is not a folder; remove it or set XDG_RUNTIME_DIR"
            ) from None
        if info.st_uid != os.geteuid():
            raise UnsafeRuntimeFolder(
                f"{folder} belongs to another user; remove it or set XDG_RUNTIME_DIR"
            ) from None
        if stat.S_IMODE(info.st_mode) & 0o077:
            # Ours, but others could have put things in it: start it again, empty and private.
            log.warning("%s was open to other users; making it again", folder)
            shutil.rmtree(folder)
            folder.mkdir(mode=0o700)
    except OSError as exc:  # TMPDIR read-only, full, or gone
        raise UnsafeRuntimeFolder(
            f"cannot make {folder} ({exc.strerror or exc}); set XDG_RUNTIME_DIR or TMPDIR to a "
            "folder of your own"
        ) from None
    if not _private(folder):  # made by someone else between our calls, or an odd umask
        raise UnsafeRuntimeFolder(f"{folder} is not private to this user")
    return folder


def socket_path(paths: Paths) -> str:
    """A short, per-user, per-data-folder socket path named by the app id, in a folder only
    this user can enter; raises UnsafeRuntimeFolder when that folder cannot be had safely.

    A path that would pass the length limit goes to a private folder in /tmp instead.
    """
    digest = f"{zlib.crc32(str(paths.data_dir).encode()):08x}"
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isabs(runtime) and _private(Path(runtime)):  # as the XDG spec says
        flatpak_id = os.environ.get("FLATPAK_ID")
        if flatpak_id:
            # Each Flatpak sandbox has a runtime folder of its own; only app/<id> in it is
            # shared by every running copy of the app, and that folder already names it.
            path = os.path.join(runtime, "app", flatpak_id, f"{digest}.sock")
        else:
            path = os.path.join(runtime, f"{APP_ID}-{digest}.sock")
        if len(path.encode()) < SOCKET_PATH_LIMIT:
            return path
    base = Path(os.environ.get("TMPDIR") or "/tmp")
    if not base.is_dir():
        base = Path("/tmp")
    path = os.path.join(private_folder(base), f"{APP_ID}-{digest}.sock")
    if len(path.encode()) >= SOCKET_PATH_LIMIT:  # macOS's TMPDIR alone is ~50 bytes
        path = os.path.join(private_folder(Path("/tmp")), f"{APP_ID}-{digest}.sock")
    return path


def peer_uid(sock: socket.socket) -> int | None:
    """The user id of the process at the other end, or None where the system cannot say."""
    option = getattr(socket, "SO_PEERCRED", None)
    if option is None:  # pragma: no cover - not Linux: the private folder is the guard
        return None
    creds = sock.getsockopt(socket.SOL_SOCKET, option, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", creds)
    return int(uid)


def send_to_running(
    request: dict[str, Any], paths: Paths, timeout: float = 3.0, clock: Clock = SYSTEM_CLOCK
) -> dict[str, Any] | None:
    """Send ``request`` to the running copy; its reply, or None when no copy answers.

    A copy that accepts the connection but never answers (it is quitting) counts as none, so
    the caller can wait for its lock instead of giving up. So does a socket another user listens
    on: nothing is sent to it.
    """
    deadline = clock.monotonic() + timeout
    reply = b""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        try:
            sock.connect(socket_path(paths))
            owner = peer_uid(sock)
            if owner is not None and owner != os.geteuid():
                log.warning("the socket for the running app belongs to user %s; ignored", owner)
                return None
            sock.sendall(messages.encode(request))
            while not reply.endswith(b"\n") and clock.monotonic() < deadline:
                chunk = sock.recv(4096)
                if not chunk:
                    break
                reply += chunk
        except OSError:  # refused, reset, broken pipe, timed out, an unsafe folder
            return None
    try:
        data = json.loads(reply.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return data if isinstance(data, dict) else None
