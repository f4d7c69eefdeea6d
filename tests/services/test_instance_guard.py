"""Issue 10, part B: the single-instance socket talks only to this user, in a folder of this user's
own, answers every message (however odd) and lets no connection hang on.

Another user is played by ``nobody`` (``runuser``), running the system's Python."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import stat
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from breathingroom.core import messages
from breathingroom.services import paths
from breathingroom.services.instance import MAX_CONNECTIONS, InstanceServer
from breathingroom.services.instance_client import send_to_running, socket_path

NOBODY = 65534


def _exchange(raw: bytes, timeout: float = 10.0) -> dict[str, Any]:
    """Send ``raw`` from a thread; the result fills in once the server answered or closed."""
    result: dict[str, Any] = {}

    def work() -> None:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(timeout)
            s.connect(socket_path(paths.current()))
            s.sendall(raw)
            reply = b""
            try:
                while not reply.endswith(b"\n"):
                    chunk = s.recv(4096)
                    if not chunk:
                        break
                    reply += chunk
            except OSError as exc:
                result["error"] = exc
            result["reply"] = reply

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    result["thread"] = thread
    return result


@contextlib.contextmanager
def listening(**options: Any) -> Iterator[InstanceServer]:
    server = InstanceServer(paths.current(), **options)
    assert server.listen()
    try:
        yield server
    finally:
        server.close()


# -- 10. deep nesting ---------------------------------------------------------------------------


def test_a_deeply_nested_message_is_refused_like_any_other(qtbot: Any) -> None:
    raw = b'{"v": 1, "cmd": "show", "x": ' + b"[" * 30_000 + b"]" * 30_000 + b"}\n"
    assert len(raw) < messages.MAX_MESSAGE_BYTES
    with listening() as server:
        received: list[dict[str, Any]] = []
        server.request_received.connect(received.append)
        result = _exchange(raw)
        qtbot.waitUntil(lambda: "reply" in result, timeout=10_000)
        reply = json.loads(result["reply"])
        assert reply["ok"] is False and "nested too deeply" in reply["error"]
        assert received == []
        again = _exchange(messages.encode({"cmd": "show"}))
        qtbot.waitUntil(lambda: "reply" in again, timeout=10_000)
        assert json.loads(again["reply"]) == {"ok": True}


# -- 17. a folder of this user's own; the peer's owner checked -----------------------------------


@pytest.fixture
def no_runtime_dir(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """No XDG_RUNTIME_DIR; TMPDIR a fresh folder anyone may write to, like /tmp."""
    base = Path(tempfile.mkdtemp(prefix="br-tmp-"))
    base.chmod(0o1777)
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    monkeypatch.setenv("TMPDIR", str(base))
    yield base
    shutil.rmtree(base, ignore_errors=True)


def test_without_a_runtime_dir_the_socket_is_in_a_private_folder(
    qtbot: Any, no_runtime_dir: Path
) -> None:
    path = Path(socket_path(paths.current()))
    folder = path.parent
    assert folder.parent == no_runtime_dir
    info = folder.lstat()
    assert stat.S_ISDIR(info.st_mode) and info.st_uid == os.geteuid()
    assert stat.S_IMODE(info.st_mode) == 0o700
    with listening():
        result = _exchange(messages.encode({"cmd": "show"}))
        qtbot.waitUntil(lambda: "reply" in result, timeout=10_000)
        assert json.loads(result["reply"]) == {"ok": True}


def test_a_folder_of_that_name_made_by_another_user_is_refused(no_runtime_dir: Path) -> None:
    folder = no_runtime_dir / f"breathing-room-{os.getuid()}"
    folder.mkdir(mode=0o777)
    os.chown(folder, NOBODY, NOBODY)
    with pytest.raises(OSError, match="another user"):
        socket_path(paths.current())
    assert send_to_running({"cmd": "show"}, paths.current(), timeout=0.5) is None
    assert os.listdir(folder) == []


def test_a_symlink_of_that_name_is_refused(no_runtime_dir: Path, tmp_path: Path) -> None:
    (no_runtime_dir / f"breathing-room-{os.getuid()}").symlink_to(tmp_path)
    with pytest.raises(OSError):
        socket_path(paths.current())


def test_a_folder_of_ours_left_open_is_made_again_private(no_runtime_dir: Path) -> None:
    folder = no_runtime_dir / f"breathing-room-{os.getuid()}"
    folder.mkdir()
    folder.chmod(0o777)
    (folder / "planted").write_text("x")
    path = Path(socket_path(paths.current()))
    assert path.parent == folder
    assert stat.S_IMODE(folder.lstat().st_mode) == 0o700
    assert not (folder / "planted").exists()


def test_a_runtime_dir_others_can_enter_is_not_used(
    monkeypatch: pytest.MonkeyPatch, no_runtime_dir: Path
) -> None:
    loose = no_runtime_dir / "loose-runtime"
    loose.mkdir()
    loose.chmod(0o755)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(loose))
    assert (
        Path(socket_path(paths.current())).parent
        == no_runtime_dir / f"breathing-room-{os.getuid()}"
    )


def _as_nobody(code: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        ["runuser", "-u", "nobody", "--", "/usr/bin/python3", "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd="/",
    )


def test_the_client_sends_nothing_to_a_socket_another_user_listens_on(tmp_path: Path) -> None:
    shared = Path(tempfile.mkdtemp(prefix="br-shared-"))
    shared.chmod(0o1777)
    try:
        code = (
            "import socket, sys\n"
            "s = socket.socket(socket.AF_UNIX)\n"
            f"s.bind({str(shared / 's')!r}); s.listen(1); s.settimeout(20)\n"
            "print('ready', flush=True)\n"
            "c, _ = s.accept(); c.settimeout(5)\n"
            "data = b''\n"
            "try:\n"
            "    data = c.recv(4096)\n"
            "except OSError:\n"
            "    pass\n"
            "print('got', len(data), flush=True)\n"
            "c.sendall(b'{\"ok\": true}\\n')\n"
        )
        other = _as_nobody(code)
        try:
            assert other.stdout is not None
            assert other.stdout.readline().strip() == "ready", other.stderr
            # Put the other user's socket where ours would be (a bound socket keeps its listener
            # when it is renamed).
            os.rename(shared / "s", socket_path(paths.current()))
            assert send_to_running({"cmd": "breathe"}, paths.current(), timeout=5) is None
            out, err = other.communicate(timeout=30)
            assert "got 0" in out, (out, err)
        finally:
            if other.poll() is None:
                other.kill()
                other.wait()
    finally:
        shutil.rmtree(shared, ignore_errors=True)


def test_the_server_acts_on_nothing_from_another_user(qtbot: Any) -> None:
    shared = Path(tempfile.mkdtemp(prefix="br-shared-"))
    shared.chmod(0o1777)
    try:
        with listening() as server:
            received: list[dict[str, Any]] = []
            server.request_received.connect(received.append)
            # Make our socket reachable for the other user: as if it were in /tmp, open to all.
            exposed = shared / "s"
            os.rename(socket_path(paths.current()), exposed)
            exposed.chmod(0o777)
            code = (
                "import socket\n"
                "s = socket.socket(socket.AF_UNIX); s.settimeout(10)\n"
                f"s.connect({str(exposed)!r})\n"
                "reply = b''\n"
                "try:\n"
                '    s.sendall(b\'{"v": 1, "cmd": "breathe"}\\n\')\n'
                "    reply = s.recv(4096)\n"
                "except OSError as e:\n"
                "    reply = repr(e).encode()\n"
                "print('reply', reply, flush=True)\n"
            )
            other = _as_nobody(code)
            qtbot.waitUntil(lambda: other.poll() is not None, timeout=20_000)
            out, err = other.communicate()
            assert "reply" in out, err
            assert '"ok": true' not in out
            assert received == []
    finally:
        shutil.rmtree(shared, ignore_errors=True)


def test_ok_is_answered_only_after_the_app_acted(qtbot: Any) -> None:
    with listening() as server:
        seen_by_client_before_acting: list[bool] = []

        def act(request: dict[str, Any]) -> None:
            # While the app acts, the client must not have its "ok" yet.
            result["thread"].join(0.5)
            seen_by_client_before_acting.append("reply" in result)

        server.request_received.connect(act)
        result = _exchange(messages.encode({"cmd": "show"}))
        qtbot.waitUntil(lambda: "reply" in result, timeout=10_000)
        assert seen_by_client_before_acting == [False]
        assert json.loads(result["reply"]) == {"ok": True}


def test_a_request_the_app_could_not_carry_out_is_not_answered_ok(
    qtbot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    with listening() as server:

        def fail(request: dict[str, Any]) -> None:
            raise RuntimeError("no window could be made")

        server.handler = fail
        result = _exchange(messages.encode({"cmd": "show"}))
        qtbot.waitUntil(lambda: "reply" in result, timeout=10_000)
        reply = json.loads(result["reply"])
        assert reply["ok"] is False
        assert "no window could be made" in reply["error"]
        # The server goes on answering.
        server.handler = None
        again = _exchange(messages.encode({"cmd": "show"}))
        qtbot.waitUntil(lambda: "reply" in again, timeout=10_000)
        assert json.loads(again["reply"]) == {"ok": True}


def test_held_requests_wait_for_their_answer_until_the_app_can_act(qtbot: Any) -> None:
    """A copy still starting listens and holds requests; each is acted on, then answered."""
    with listening() as server:
        done: list[str] = []
        server.handler = lambda request: done.append(request["cmd"])
        server.hold()
        with qtbot.waitSignal(server.waiting, timeout=10_000):
            first = _exchange(messages.encode({"cmd": "show"}))
        second = _exchange(messages.encode({"cmd": "check-in"}))
        qtbot.waitUntil(lambda: len(server._held or []) == 2, timeout=10_000)
        assert done == [] and "reply" not in first and "reply" not in second
        server.carry_out_held()
        qtbot.waitUntil(lambda: "reply" in first and "reply" in second, timeout=10_000)
        assert done == ["show", "check-in"]
        assert json.loads(first["reply"]) == json.loads(second["reply"]) == {"ok": True}
        third = _exchange(messages.encode({"cmd": "show"}))  # no longer held
        qtbot.waitUntil(lambda: "reply" in third, timeout=10_000)
        assert done == ["show", "check-in", "show"]


# -- 18. connections that send nothing -----------------------------------------------------------


def test_a_half_sent_message_is_timed_out(qtbot: Any) -> None:
    with listening(timeout_ms=300) as server:
        received: list[dict[str, Any]] = []
        server.request_received.connect(received.append)
        result = _exchange(b'{"v": 1, "cmd": "sh', timeout=30)
        qtbot.waitUntil(lambda: "reply" in result, timeout=10_000)
        assert result["reply"] == b"" or json.loads(result["reply"])["ok"] is False
        assert received == []


def test_connections_beyond_the_cap_are_closed_at_once(qtbot: Any) -> None:
    with listening(timeout_ms=60_000):
        held = []
        for _ in range(MAX_CONNECTIONS):
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(socket_path(paths.current()))
            s.sendall(b"{")
            held.append(s)
        try:
            qtbot.wait(200)  # let the server accept them
            extra = [_exchange(b'{"v": 1', timeout=30) for _ in range(5)]
            qtbot.waitUntil(lambda: all("reply" in r for r in extra), timeout=10_000)
            for r in extra:
                assert json.loads(r["reply"]) == {"ok": False, "error": "busy"}
        finally:
            for s in held:
                s.close()
        # Once the server has seen the held ones go, it answers again.
        answers: list[dict[str, Any]] = []

        def answered() -> bool:
            again = _exchange(messages.encode({"cmd": "show"}))
            qtbot.waitUntil(lambda: "reply" in again, timeout=10_000)
            answers.append(json.loads(again["reply"]))
            return answers[-1] == {"ok": True}

        qtbot.waitUntil(answered, timeout=10_000)
        assert answers[-1] == {"ok": True}


# -- the fuzzer ---------------------------------------------------------------------------------

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
_requests = st.fixed_dictionaries(
    {"v": st.sampled_from([1, 1, 2, "1"]), "cmd": st.sampled_from([*messages.COMMANDS, "x"])},
    optional={
        key: _json | st.integers(-5, 70)
        for key in ("pattern", "minutes", "cycles", "sound", "exercise", "distress", "view")
    },
)
_lines = (
    st.binary(max_size=300).map(lambda b: b.replace(b"\n", b"") + b"\n")
    | _requests.map(lambda r: json.dumps(r).encode() + b"\n")
    | st.integers(1, 20_000).map(lambda n: b"[" * n + b"]" * n + b"\n")
)


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(_lines)
def test_any_message_gets_one_answer_and_the_server_lives_on(qtbot: Any, line: bytes) -> None:
    with listening() as server:
        received: list[dict[str, Any]] = []
        server.request_received.connect(received.append)
        result = _exchange(line)
        qtbot.waitUntil(lambda: "reply" in result, timeout=10_000)
        reply = json.loads(result["reply"])
        assert reply["ok"] is (len(received) == 1)
        if received:
            assert received[0] == messages.decode(line.rstrip(b"\n"))
