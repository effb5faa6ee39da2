"""The packets CityLoop encodes itself (QoS 0 PUBLISH, PUBACK) and the buffered socket its
ingest workers read through. End to end they are covered by the other MQTT tests."""

from __future__ import annotations

import socket

from cityloop.sensing.mqtt.client import (
    _BufferedSocket,
    _decode_publish,
    puback_packet,
    publish_packet,
    topic_header,
)


def test_a_publish_packet_is_mqtt5_qos0():
    payload = b"x" * 300  # a remaining length of two bytes
    packet = publish_packet(topic_header("v1.1/Datastreams(7)/Observations"), payload)
    topic = b"v1.1/Datastreams(7)/Observations"
    remaining = 2 + len(topic) + 1 + len(payload)
    assert packet[0] == 0x30
    assert packet[1:3] == bytes([remaining % 128 | 128, remaining // 128])
    assert packet[3:5] == len(topic).to_bytes(2, "big")
    assert packet[5:5 + len(topic)] == topic
    assert packet[5 + len(topic)] == 0  # no properties
    assert packet[6 + len(topic):] == payload


def test_a_puback_carries_the_packet_id():
    assert puback_packet(258) == b"\x40\x02\x01\x02"


def test_the_buffered_socket_serves_small_reads_from_one_recv():
    left, right = socket.socketpair()
    try:
        right.setblocking(False)
        buffered = _BufferedSocket(right)
        left.sendall(b"\x30\x03abc\x30\x02de")
        assert buffered.recv(1) == b"\x30"
        assert buffered.pending() == 8
        assert buffered.recv(1) == b"\x03"
        assert buffered.recv(3) == b"abc"
        assert buffered.recv(1) == b"\x30"
        assert buffered.recv(1) == b"\x02"
        assert buffered.recv(5) == b"de"  # a short read, as from a socket
        assert buffered.pending() == 0
        try:
            buffered.recv(1)
        except BlockingIOError:
            pass
        else:
            raise AssertionError("an empty non-blocking socket must say so")
        left.sendall(b"\x40\x02\x00\x01")
        assert buffered.recv(4) == b"\x40\x02\x00\x01"
        assert buffered.fileno() == right.fileno()
    finally:
        left.close()
        right.close()


def test_a_received_publish_is_decoded_as_paho_decodes_it():
    from paho.mqtt import _packet
    from paho.mqtt.enums import MQTTProtocolVersion

    topic = b"v1.1/Datastreams(7)/Observations"
    properties = b"\x01\x01"  # payload format indicator: UTF-8
    for qos, mid in ((0, 0), (1, 513)):
        data = (len(topic).to_bytes(2, "big") + topic
                + (mid.to_bytes(2, "big") if qos else b"")
                + bytes([len(properties)]) + properties + b'{"result": 1}')
        ours = _decode_publish(bytearray(data), qos)
        theirs = _packet.decode_publish(0x30 | qos << 1, bytearray(data),
                                        MQTTProtocolVersion.MQTTv5)
        assert ours == (theirs.mid, theirs.topic.decode(), bytes(theirs.payload))
    alias = b"\x00\x00" + b"\x00" + b'{"result": 1}'
    assert _decode_publish(alias, 0) is None
