"""The Server-Sent Events stream: messages every INTERVAL, a retry hint, a bounded life."""

from __future__ import annotations

import json
from unittest import mock

import pytest

from cityloop.web.ops import stream


def _messages(chunks: list[bytes]) -> list[dict]:
    out = []
    for chunk in chunks:
        text = chunk.decode()
        assert text.endswith("\n\n")
        data = [line[len("data: "):] for line in text.splitlines() if line.startswith("data: ")]
        out.append(json.loads(data[0]))
    return out


def test_it_streams_a_few_messages_then_ends(client, operator, make_case, fast_stream):
    make_case()
    client.force_login(operator)
    response = client.get("/ops/events")
    assert response["Content-Type"] == "text/event-stream"
    assert response["Cache-Control"] == "no-store"
    chunks = list(response.streaming_content)
    # 1 s of life at 0.01 s intervals: a first message, at most 100 more, then the end
    # (however slow the machine, a message takes far less than the second).
    assert 2 <= len(chunks) <= 101
    assert chunks[0].startswith(b"retry: 3000\n")
    assert not chunks[1].startswith(b"retry:")
    messages = _messages(chunks)
    assert messages[0]["tiles"]["open_now"]["value"] == 1
    assert messages[0]["changed"] == messages[-1]["changed"]


def test_it_tells_of_a_new_case_in_the_next_message(client, operator, make_case, fast_stream,
                                                    monkeypatch):
    monkeypatch.setattr(stream, "MAX_SECONDS", 60)  # however slow this machine is
    make_case()
    client.force_login(operator)
    chunks = iter(client.get("/ops/events").streaming_content)
    first = _messages([next(chunks)])[0]
    make_case()
    second = _messages([next(chunks)])[0]
    assert second["latest"] > first["latest"]
    assert second["changed"] > first["changed"]
    assert second["tiles"]["intake_today"]["value"] == first["tiles"]["intake_today"]["value"] + 1


def test_it_streams_in_the_reader_s_language(client, operator, city, fast_stream):
    client.force_login(operator)
    response = client.get("/ops/events", HTTP_ACCEPT_LANGUAGE="zh-hans")
    message = _messages([next(iter(response.streaming_content))])[0]
    assert "道路与人行道" in {g["name"] for g in message["groups"]}


def test_it_lets_go_of_the_database_between_messages(city):
    closed = []
    times = iter([0.0, 1.0, 2.0, 100.0])
    slept: list[float] = []
    chunks = list(stream.events("en", clock=lambda: next(times), sleep=slept.append,
                                release=lambda: closed.append(True)))
    # Started at 0; after the messages at 1 and 2 s another fits in 90 s; at 100 s it ends.
    assert len(chunks) == 3
    assert slept == [stream.INTERVAL_SECONDS, stream.INTERVAL_SECONDS]
    assert closed == [True, True, True]


def test_it_keeps_the_connection_inside_a_transaction(city):
    from django.db import connection

    stream.release_connection()  # a test runs inside a transaction: closing would end it
    assert connection.connection is not None and connection.in_atomic_block


@pytest.mark.django_db(transaction=True)
def test_it_closes_the_connection_outside_a_transaction():
    from django.db import connections

    # (SQLite's in-memory test database ignores close(), so watch the call itself.)
    with mock.patch.object(connections["default"], "close") as close:
        stream.release_connection()
    close.assert_called_once_with()


@pytest.mark.parametrize("retry", [None, 1500])
def test_it_writes_the_event_stream_format(retry):
    text = stream.message({"a": 1}, retry=retry).decode()
    assert text == (f"retry: {retry}\n" if retry else "") + 'data: {"a":1}\n\n'
