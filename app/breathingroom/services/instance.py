"""One running copy per data folder: a lock file, and a local socket that later copies talk to.

The first copy takes a ``QLockFile`` (which notices a lock left by a copy that was killed) and
listens on a user-only local socket. A later copy finds the lock taken, sends its command as one
JSON line and exits. The client side is plain Python sockets, so a second invocation never has to
load Qt.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from breathingroom.core import messages
from breathingroom.services.instance_client import socket_path
from breathingroom.services.instance_lock import InstanceLock
from breathingroom.services.paths import Paths

__all__ = ["InstanceLock", "InstanceServer"]

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalSocket

log = logging.getLogger(__name__)


class InstanceServer(QObject):
    """Listens for other invocations; emits each valid request and answers it."""

    request_received = Signal(dict)

    def __init__(self, paths: Paths, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # QtNetwork loads here, after the tray icon is up, not at import.
        from PySide6.QtNetwork import QLocalServer

        self._path = socket_path(paths)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytes] = {}
        #: What a reply carries beyond ``ok`` (``status``); set by the app.
        self.answer: Callable[[dict[str, Any]], dict[str, Any]] | None = None

    def listen(self) -> bool:
        # We hold the lock, so a socket file left behind is a dead copy's: remove it.
        self._server.removeServer(self._path)
        ok = self._server.listen(self._path)
        if not ok:
            log.warning("cannot listen on %s: %s", self._path, self._server.errorString())
        return bool(ok)

    def close(self) -> None:
        for conn in list(self._buffers):
            self._drop(conn)
        self._server.close()
        with contextlib.suppress(OSError):
            os.unlink(self._path)

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            conn = self._server.nextPendingConnection()
            self._buffers[conn] = b""
            conn.readyRead.connect(self._ready_read)
            conn.disconnected.connect(self._disconnected)

    def _ready_read(self) -> None:
        conn = self.sender()
        if conn in self._buffers:
            self._read(conn)

    def _disconnected(self) -> None:
        conn = self.sender()
        if conn in self._buffers:
            self._drop(conn)

    def _drop(self, conn: QLocalSocket) -> None:
        """Forget a connection; Qt deletes it once its signals are done."""
        del self._buffers[conn]
        conn.readyRead.disconnect(self._ready_read)
        conn.disconnected.disconnect(self._disconnected)
        conn.deleteLater()

    def _read(self, conn: QLocalSocket) -> None:
        data = self._buffers[conn] + bytes(conn.readAll().data())
        if b"\n" not in data:
            if len(data) > messages.MAX_MESSAGE_BYTES:
                log.warning("ignoring an over-long message from another invocation")
                self._reply(conn, {"ok": False, "error": "message too long"})
            else:
                self._buffers[conn] = data
            return
        line = data.split(b"\n", 1)[0]
        try:
            request = messages.decode(line)
        except messages.MessageError as exc:
            log.warning("ignoring a malformed message: %s", exc)
            self._reply(conn, {"ok": False, "error": str(exc)})
            return
        extra = self.answer(request) if self.answer is not None else {}
        self._reply(conn, {"ok": True, **extra})
        self.request_received.emit(request)

    def _reply(self, conn: QLocalSocket, reply: dict[str, Any]) -> None:
        conn.write((json.dumps(reply) + "\n").encode())
        conn.flush()
        self._drop(conn)
        conn.disconnectFromServer()
