"""The client half of the single-instance channel, in plain Python so callers never load Qt."""

from __future__ import annotations

import json
import os
import socket
import zlib
from typing import Any

from breathingroom import APP_ID
from breathingroom.core import messages
from breathingroom.core.clock import SYSTEM_CLOCK, Clock
from breathingroom.services.paths import Paths


def socket_path(paths: Paths) -> str:
    """A short, per-user, per-data-folder socket path named by the app id.

    Unix socket paths are limited to about 100 bytes (104 on macOS, whose TMPDIR alone is ~50),
    so a path that would be longer goes to /tmp instead.
    """
    digest = f"{zlib.crc32(str(paths.data_dir).encode()):08x}"
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime:  # only this user's, by the XDG spec
        flatpak_id = os.environ.get("FLATPAK_ID")
        if flatpak_id:
            # Each Flatpak sandbox has a runtime folder of its own; only app/<id> in it is
            # shared by every running copy of the app, and that folder already names it.
            path = os.path.join(runtime, "app", flatpak_id, f"{digest}.sock")
        else:
            path = os.path.join(runtime, f"{APP_ID}-{digest}.sock")
    else:
        path = os.path.join(os.environ.get("TMPDIR") or "/tmp", _shared_name(digest))
    if len(path.encode()) >= 100:
        path = os.path.join("/tmp", _shared_name(digest))
    return path


def _shared_name(digest: str) -> str:
    """The socket's name in a folder other users may share."""
    return f"{APP_ID}-{os.getuid()}-{digest}.sock"


def send_to_running(
    request: dict[str, Any], paths: Paths, timeout: float = 3.0, clock: Clock = SYSTEM_CLOCK
) -> dict[str, Any] | None:
    """Send ``request`` to the running copy; its reply, or None when no copy answers.

    A copy that accepts the connection but never answers (it is quitting) counts as none, so
    the caller can wait for its lock instead of giving up.
    """
    deadline = clock.monotonic() + timeout
    reply = b""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        try:
            sock.connect(socket_path(paths))
            sock.sendall(messages.encode(request))
            while not reply.endswith(b"\n") and clock.monotonic() < deadline:
                chunk = sock.recv(4096)
                if not chunk:
                    break
                reply += chunk
        except OSError:  # refused, reset, broken pipe, timed out
            return None
    try:
        data = json.loads(reply.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return data if isinstance(data, dict) else None
