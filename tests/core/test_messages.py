import contextlib
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breathingroom.core.messages import MessageError, decode, encode


def test_a_breathe_request_round_trips():
    line = encode({"cmd": "breathe", "pattern": "box", "minutes": 3})
    assert line.endswith(b"\n")
    request = decode(line.strip())
    assert request["cmd"] == "breathe"
    assert request["pattern"] == "box"
    assert request["minutes"] == 3
    assert request["cycles"] is None


def test_ground_and_sos_requests_round_trip():
    assert decode(encode({"cmd": "ground", "exercise": "5-4-3-2-1"}).strip()) == {
        "cmd": "ground",
        "exercise": "5-4-3-2-1",
        "sos": False,
    }
    assert decode(encode({"cmd": "ground", "exercise": "cold-water", "sos": True})) == {
        "cmd": "ground",
        "exercise": "cold-water",
        "sos": True,
    }
    assert decode(encode({"cmd": "sos", "distress": 9})) == {"cmd": "sos", "distress": 9}
    assert decode(encode({"cmd": "sos"})) == {"cmd": "sos", "distress": None}


@pytest.mark.parametrize(
    "payload",
    [
        b"not json",
        b"[]",
        b'{"cmd": "breathe"}',
        b'{"v": 2, "cmd": "breathe"}',
        b'{"v": 1, "cmd": "format-disk"}',
        b'{"v": 1, "cmd": "breathe", "minutes": 0}',
        b'{"v": 1, "cmd": "breathe", "minutes": true}',
        b'{"v": 1, "cmd": "breathe", "minutes": 5, "cycles": 3}',
        b'{"v": 1, "cmd": "breathe", "pattern": "box", "custom": "4,4"}',
        b'{"v": 1, "cmd": "breathe", "sound": "loud"}',
        b'{"v": 1, "cmd": "breathe", "pattern": ""}',
        b'{"v": 1, "cmd": "ground"}',
        b'{"v": 1, "cmd": "ground", "exercise": "Not An Id"}',
        b'{"v": 1, "cmd": "ground", "exercise": 5}',
        b'{"v": 1, "cmd": "ground", "exercise": "orienting", "sos": "yes"}',
        b'{"v": 1, "cmd": "sos", "distress": 11}',
        b'{"v": 1, "cmd": "sos", "distress": -1}',
        b'{"v": 1, "cmd": "sos", "distress": true}',
        b"\xff\xfe",
        b"x" * 70000,
    ],
)
def test_malformed_messages_are_refused(payload):
    with pytest.raises(MessageError):
        decode(payload)


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda c: st.lists(c) | st.dictionaries(st.text(), c),
        max_leaves=10,
    )
)
def test_any_json_is_either_valid_or_a_message_error(value):
    with contextlib.suppress(MessageError):
        decode(json.dumps(value).encode())


@given(st.binary(max_size=200))
def test_any_bytes_are_either_valid_or_a_message_error(data):
    with contextlib.suppress(MessageError):
        decode(data)
