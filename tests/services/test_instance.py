import os
import signal
import socket
import subprocess
import sys
import threading

from breathingroom.services import paths
from breathingroom.services.instance import InstanceLock, InstanceServer
from breathingroom.services.instance_client import send_to_running, socket_path


def _send_in_thread(request, raw=None):
    result = {}

    def work():
        if raw is None:
            result["reply"] = send_to_running(request, paths.current())
        else:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
                s.connect(socket_path(paths.current()))
                s.sendall(raw)
                result["reply"] = s.recv(4096)

    thread = threading.Thread(target=work)
    thread.start()
    return thread, result


def test_a_request_reaches_the_server(qtbot):
    server = InstanceServer(paths.current())
    assert server.listen()
    try:
        with qtbot.waitSignal(server.request_received, timeout=5000) as blocker:
            thread, result = _send_in_thread({"cmd": "breathe", "pattern": "box"})
        qtbot.waitUntil(lambda: not thread.is_alive(), timeout=5000)
        assert blocker.args[0]["pattern"] == "box"
        assert result["reply"] == {"ok": True}
        mode = os.stat(socket_path(paths.current())).st_mode & 0o777
        assert mode & 0o077 == 0, oct(mode)
    finally:
        server.close()


def test_a_malformed_message_is_answered_and_ignored(qtbot, caplog):
    server = InstanceServer(paths.current())
    assert server.listen()
    received = []
    server.request_received.connect(received.append)
    try:
        thread, result = _send_in_thread(None, raw=b'{"v": 1, "cmd": "rm -rf"}\n')
        qtbot.waitUntil(lambda: not thread.is_alive(), timeout=5000)
        assert b'"ok": false' in result["reply"]
        assert received == []
        assert "malformed message" in caplog.text
        # The server still works afterwards.
        with qtbot.waitSignal(server.request_received, timeout=5000):
            thread, result = _send_in_thread({"cmd": "show"})
        qtbot.waitUntil(lambda: not thread.is_alive(), timeout=5000)
    finally:
        server.close()


def test_nobody_listening_means_no_reply():
    assert send_to_running({"cmd": "show"}, paths.current(), timeout=0.5) is None


def test_a_second_lock_on_the_same_folder_fails(qapp):
    first = InstanceLock(paths.current())
    assert first.acquire()
    try:
        assert not InstanceLock(paths.current()).acquire()
    finally:
        first.release()
    second = InstanceLock(paths.current())
    assert second.acquire()
    second.release()


def test_a_lock_left_by_a_killed_copy_is_recovered(qapp):
    code = (
        "import sys\n"
        "from breathingroom.services import paths\n"
        "from breathingroom.services.instance import InstanceLock\n"
        f"paths.init({str(paths.current().data_dir)!r})\n"
        "lock = InstanceLock(paths.current())\n"
        "assert lock.acquire()\n"
        "print('locked', flush=True)\n"
        "sys.stdin.read()\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout.readline().strip() == "locked"
        assert not InstanceLock(paths.current()).acquire()
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdin.close()
        child.stdout.close()
    assert paths.current().lock_file.exists()
    lock = InstanceLock(paths.current())
    assert lock.acquire()
    lock.release()


def test_a_copy_that_accepts_but_never_answers_counts_as_none(qapp):
    path = socket_path(paths.current())
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(1)
    try:
        # Quitting copies accept and then close without a word.
        def close_at_once():
            conn, _ = listener.accept()
            conn.close()

        thread = threading.Thread(target=close_at_once)
        thread.start()
        assert send_to_running({"cmd": "show"}, paths.current(), timeout=2) is None
        thread.join(5)
    finally:
        listener.close()
        os.unlink(path)
