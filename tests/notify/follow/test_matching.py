"""Who hears of a change: a report's followers of its public changes, an area's and a
radius's of new reports there, in the change's own transaction."""

from __future__ import annotations

import pytest
from django.db import transaction

from cityloop.cases import lifecycle
from cityloop.cases.actors import Actor
from cityloop.notify.follow.matching import distance_m
from cityloop.notify.follow.models import DigestItem, Mode
from cityloop.notify.follow.subscriptions import What
from cityloop.notify.models import Kind, Message
from tests import citydata
from tests.cases.helpers import act
from tests.notify.follow.helpers import following


def told(email: str) -> list[Message]:
    return list(Message.objects.filter(kind=Kind.FOLLOW_CHANGE, target=email).order_by("id"))


def test_a_reports_follower_hears_of_each_public_change_only(make_case, roads_officer):
    case = make_case()
    following("ann@example.org", What.report(case))
    act(case, "note", roads_officer, note="Crew says the hole is deep")
    act(case, "assign", roads_officer, assignee=roads_officer)
    act(case, "comment", roads_officer, public_text="A crew comes on Monday.")
    messages = told("ann@example.org")
    assert [m.event.action for m in messages if m.event] == ["assign", "comment"]
    assert {m.case_id for m in messages} == {case.pk}


def test_a_change_that_is_rolled_back_tells_nobody(make_case, roads_officer):
    case = make_case()
    following("ann@example.org", What.report(case))
    with pytest.raises(RuntimeError), transaction.atomic():
        act(case, "assign", roads_officer, assignee=roads_officer)
        raise RuntimeError("the request failed after the change")
    assert told("ann@example.org") == []


def test_an_areas_follower_hears_of_new_reports_inside_it(city, make_case):
    following("east@example.org", What.in_area(city.areas["east"]))
    following("street@example.org", What.in_area(city.areas["east_s"]))
    following("west@example.org", What.in_area(city.areas["west"]))
    lat, lon = citydata.INSIDE_EAST_S
    case = make_case(lat=lat, lon=lon)
    assert [m.case_id for m in told("east@example.org")] == [case.pk]
    assert [m.case_id for m in told("street@example.org")] == [case.pk]
    assert told("west@example.org") == []


def test_an_areas_follower_is_not_told_of_changes_to_reports_there(city, make_case,
                                                                   roads_officer):
    case = make_case()
    following("east@example.org", What.in_area(city.areas["east"]))
    act(case, "assign", roads_officer, assignee=roads_officer)
    assert told("east@example.org") == []


def test_a_sensitive_report_is_news_to_nobody_following_a_place(city, make_case):
    lat, lon = citydata.INSIDE_EAST_S
    following("east@example.org", What.in_area(city.areas["east"]))
    following("near@example.org", What.around(lat, lon, 500))
    make_case(service_code="noise", attributes={"source": "music_party"}, lat=lat, lon=lon)
    assert told("east@example.org") == told("near@example.org") == []


def test_a_radius_follower_hears_of_reports_within_the_distance_only(make_case):
    lat, lon = citydata.INSIDE_EAST_S
    following("near@example.org", What.around(lat + 0.002, lon, 250))  # ~222 m away
    following("far@example.org", What.around(lat + 0.004, lon, 250))  # ~445 m away
    case = make_case(lat=lat, lon=lon)
    assert [m.case_id for m in told("near@example.org")] == [case.pk]
    assert told("far@example.org") == []


def test_the_distance_is_the_great_circle_one():
    assert distance_m(29.54, 106.58, 29.54, 106.58) == 0
    assert distance_m(0, 0, 1, 0) == pytest.approx(111_195, rel=1e-3)


def test_an_address_following_a_place_twice_hears_once(city, make_case):
    lat, lon = citydata.INSIDE_EAST_S
    following("ann@example.org", What.in_area(city.areas["east"]), mode=Mode.DIGEST)
    following("ann@example.org", What.around(lat, lon, 1000))
    make_case(lat=lat, lon=lon)
    assert len(told("ann@example.org")) == 1
    assert not DigestItem.objects.exists()  # the immediate one won


def test_a_digest_follower_gets_an_item_not_an_email(make_case, roads_officer):
    case = make_case()
    subscription = following("ann@example.org", What.report(case), mode=Mode.DIGEST)
    act(case, "assign", roads_officer, assignee=roads_officer)
    assert told("ann@example.org") == []
    item, = DigestItem.objects.all()
    assert (item.subscription_id, item.message_id) == (subscription.pk, None)


def test_a_residents_added_information_is_not_news_to_followers(make_case):
    case = make_case()
    following("ann@example.org", What.report(case))
    lifecycle.transition(case, "add_info", Actor.citizen(), public_text="It got bigger")
    assert told("ann@example.org") == []


def test_a_contact_who_also_follows_the_report_hears_of_each_change_once(
        make_case, roads_officer):
    case = make_case()  # reported by mei@example.org, who also follows it
    following("Mei@example.org", What.report(case))
    act(case, "assign", roads_officer, assignee=roads_officer)
    act(case, "comment", roads_officer, public_text="A crew comes on Monday.")
    # The comment is written to her as the case's contact, so not again as a follower;
    # the assignment tells contacts nothing, so following brings it.
    assert [m.event.action for m in told("Mei@example.org") if m.event] == ["assign"]
    to_her = Message.objects.filter(target__iexact="mei@example.org", event__action="comment")
    assert [m.kind for m in to_her] == [Kind.CASE_UPDATE]
