"""One running copy per data folder: a lock file, and a local socket that later copies talk to.

The first copy takes a ``QLockFile`` (which notices a lock left by a copy that was killed) and
listens on a user-only local socket. A later copy finds the lock taken, sends its command as one
JSON line and exits. The client side is plain Python sockets, so a second invocation never has to
load Qt.

The server acts only on a message from a process of this user (``SO_PEERCRED``), answers every
message with one line (``{"ok": true}`` once the app has acted on it), gives a connection
``timeout_ms`` to send its line, and holds at most :data:`MAX_CONNECTIONS` at once.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from breathingroom.core import messages
from breathingroom.services.instance_client import peer_uid, socket_path
from breathingroom.services.instance_lock import InstanceLock
from breathingroom.services.paths import Paths

__all__ = ["InstanceLock", "InstanceServer"]

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalSocket

log = logging.getLogger(__name__)

#: Connections held at once; one more is answered "busy" and closed. Real clients stay for a
#: moment each, so this is only ever reached by something flooding the socket.
MAX_CONNECTIONS = 16
#: How long a connection has to send its line (a real client sends it at once).
TIMEOUT_MS = 5000


class InstanceServer(QObject):
    """Listens for other invocations; emits each valid request and answers it."""

    request_received = Signal(dict)
    #: A request arrived while requests are held (see :meth:`hold`).
    waiting = Signal()

    def __init__(
        self, paths: Paths, parent: QObject | None = None, *, timeout_ms: int = TIMEOUT_MS
    ) -> None:
        super().__init__(parent)
        # QtNetwork loads here, after the tray icon is up, not at import.
        from PySide6.QtNetwork import QLocalServer

        self._paths = paths
        self._timeout_ms = timeout_ms
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytes] = {}
        #: What a reply carries beyond ``ok`` (``status``); set by the app.
        self.answer: Callable[[dict[str, Any]], dict[str, Any]] | None = None
        self._timers: dict[QLocalSocket, QTimer] = {}
        #: What carries a request out. Called before the answer, so an error in it becomes an
        #: error answer; a slot of ``request_received`` cannot do that (Qt swallows its errors).
        self.handler: Callable[[dict[str, Any]], None] | None = None
        self._held: list[tuple[QLocalSocket, dict[str, Any]]] | None = None

    def listen(self) -> bool:
        try:
            path = socket_path(self._paths)
        except OSError as exc:
            log.warning("cannot listen: %s", exc)
            return False
        self._path = path
        # We hold the lock, so a socket file left behind is a dead copy's: remove it.
        self._server.removeServer(path)
        ok = self._server.listen(path)
        if not ok:
            log.warning("cannot listen on %s: %s", path, self._server.errorString())
        return bool(ok)

    def close(self) -> None:
        for conn in list(self._buffers):
            self._drop(conn)
        self._server.close()
        with contextlib.suppress(OSError, AttributeError):
            os.unlink(self._path)

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            conn = self._server.nextPendingConnection()
            if len(self._buffers) >= MAX_CONNECTIONS:
                log.warning("too many connections from other invocations; refusing one")
                self._send(conn, {"ok": False, "error": "busy"})
                continue
            if not self._from_this_user(conn):
                self._send(conn, {"ok": False, "error": "not allowed"})
                continue
            self._buffers[conn] = b""
            timer = QTimer(self)
            timer.setSingleShot(True)
            # A bound method, not a lambda holding the socket: PySide frees a lambda's captures
            # as the timer is deleted, which crashed when the socket had gone first.
            timer.timeout.connect(self._time_out)
            timer.start(self._timeout_ms)
            self._timers[conn] = timer
            conn.readyRead.connect(self._ready_read)
            conn.disconnected.connect(self._disconnected)
            if conn.bytesAvailable():
                self._read(conn)

    @staticmethod
    def _from_this_user(conn: QLocalSocket) -> bool:
        """Whether the process at the other end runs as this user (asked of the kernel)."""
        fd = int(conn.socketDescriptor())
        if fd < 0:
            return False
        try:
            # A duplicate of the descriptor, so closing it leaves Qt's socket open.
            with socket.socket(fileno=os.dup(fd)) as view:
                owner = peer_uid(view)
        except OSError as exc:
            log.warning("cannot tell who is connecting: %s", exc)
            return False
        if owner is not None and owner != os.geteuid():
            log.warning("ignoring a connection from user %s", owner)
            return False
        return True

    def _ready_read(self) -> None:
        conn = self.sender()
        if conn in self._buffers:
            self._read(conn)

    def _disconnected(self) -> None:
        conn = self.sender()
        if conn in self._buffers:
            self._drop(conn)

    def _time_out(self) -> None:
        timer = self.sender()
        for conn, its_timer in list(self._timers.items()):
            if its_timer is timer:
                log.warning("another invocation sent no whole message in time; closing it")
                self._reply(conn, {"ok": False, "error": "timed out"})

    def _drop(self, conn: QLocalSocket) -> None:
        """Forget a connection; Qt deletes it once its signals are done."""
        self._forget(conn)
        conn.deleteLater()

    def _forget(self, conn: QLocalSocket) -> None:
        """Stop reading from and timing a connection, leaving it open for the answer."""
        del self._buffers[conn]
        timer = self._timers.pop(conn)
        timer.stop()
        timer.deleteLater()
        conn.readyRead.disconnect(self._ready_read)
        conn.disconnected.disconnect(self._disconnected)

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
        # Stop reading from it, act, then answer: "ok" means it was done (and ``status``'s
        # answer is what is true after acting).
        self._forget(conn)
        if self._held is not None:
            self._held.append((conn, request))
            self.waiting.emit()
            return
        self._act(conn, request)

    def hold(self) -> None:
        """Keep the requests that arrive unanswered until :meth:`carry_out_held`.

        For a copy that must listen before it can act (one waiting for a tray host at login):
        a second invocation then waits for its answer instead of finding nobody.
        """
        if self._held is None:
            self._held = []

    def carry_out_held(self) -> None:
        """Act on and answer the requests held so far, in order; then act as they come."""
        from PySide6.QtNetwork import QLocalSocket

        held, self._held = self._held or [], None
        for conn, request in held:
            if conn.state() != QLocalSocket.LocalSocketState.ConnectedState:
                conn.deleteLater()  # the other invocation gave up; it said so itself
                continue
            self._act(conn, request)

    def _act(self, conn: QLocalSocket, request: dict[str, Any]) -> None:
        extra: dict[str, Any] = {}
        try:
            if self.handler is not None:
                self.handler(request)
            self.request_received.emit(request)
            if self.answer is not None:
                extra = self.answer(request)
        except Exception as exc:
            log.exception("could not carry out %s", request.get("cmd"))
            self._send(conn, {"ok": False, "error": f"it could not be carried out ({exc})"})
        else:
            self._send(conn, {"ok": True, **extra})

    def _reply(self, conn: QLocalSocket, reply: dict[str, Any]) -> None:
        self._forget(conn)
        self._send(conn, reply)

    @staticmethod
    def _send(conn: QLocalSocket, reply: dict[str, Any]) -> None:
        """Write ``reply`` as one line and close; the connection is deleted later."""
        conn.write((json.dumps(reply) + "\n").encode())
        conn.flush()
        conn.disconnectFromServer()
        conn.deleteLater()
