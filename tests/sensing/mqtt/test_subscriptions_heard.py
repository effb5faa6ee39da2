"""What the broker's log says about subscriptions, as ``receive.Subscriptions`` reads it."""

from __future__ import annotations

from cityloop.sensing.mqtt.receive import SUBSCRIBE_LOG, UNSUBSCRIBE_LOG, Subscriptions

SELECT = "v1.1/Datastreams(3)/Observations?$select=result,phenomenonTime"


def test_it_learns_a_select_topic_and_forgets_it_when_the_last_client_leaves():
    known = Subscriptions()
    known.heard(SUBSCRIBE_LOG, f"1796669926: probe1 0 {SELECT}".encode())
    known.heard(SUBSCRIBE_LOG, f"1796669927: probe2 1 {SELECT}".encode())
    (chosen,) = known.at("Datastreams(3)/Observations")
    assert chosen.select == ("result", "phenomenonTime")
    assert chosen.set_name == "Observations"
    known.heard(UNSUBSCRIBE_LOG, f"1796669928: probe1 {SELECT}".encode())
    assert known.knows(SELECT)
    known.heard(UNSUBSCRIBE_LOG, f"1796669929: probe2 {SELECT}".encode())
    assert not known.knows(SELECT) and not known


def test_it_ignores_what_names_nothing():
    known = Subscriptions()
    for topic in ("v1.1/Things?$select=bogus", "v1.1/Things(1)/name?$select=name",
                  "v1.1/Nothing?$select=name", "v1.1/Things?$select=name&$top=1",
                  "v1.1/Things", "$share/cityloop/v1.1/Observations", "v1.1/Things(x)"):
        known.heard(SUBSCRIBE_LOG, f"1: someone 0 {topic}".encode())
    known.heard(SUBSCRIBE_LOG, b"\xff\xfe not text")
    known.heard(SUBSCRIBE_LOG, b"no time here")
    assert not known
