"""Marking a case as a duplicate: its people follow the original from then on."""

from __future__ import annotations

import pytest

from cityloop.cases.contacts import ContactInfo
from cityloop.cases.errors import TransitionRefused
from cityloop.cases.models import CaseContact, CaseEvent, ContactRole, Status
from tests.cases.helpers import act, actions_of


def test_it_merges_the_followers_into_the_original(make_case, roads_officer):
    original = make_case(contact=ContactInfo(email="first@example.org"))
    act(original, "follow", contact=ContactInfo(email="both@example.org"))
    duplicate = make_case(contact=ContactInfo(name="Li", email="second@example.org",
                                              language="zh-hans"))
    act(duplicate, "follow", contact=ContactInfo(email="BOTH@example.org"))

    act(duplicate, "mark_duplicate", roads_officer, original=original)

    assert (duplicate.status, duplicate.duplicate_of) == (Status.DUPLICATE, original)
    emails = sorted(c.email.lower() for c in original.contacts.all())
    assert emails == ["both@example.org", "first@example.org", "second@example.org"]
    merged = CaseContact.objects.get(case=original, email="second@example.org")
    assert (merged.role, merged.merged_from, merged.name, merged.language) == (
        ContactRole.FOLLOWER, duplicate, "Li", "zh-hans")


def test_it_records_the_absorption_on_the_original(make_case, roads_officer):
    original = make_case()
    duplicate = make_case(contact=ContactInfo(email="second@example.org"))
    event = act(duplicate, "mark_duplicate", roads_officer, original=original)
    assert event.data == {"original": original.reference}
    assert actions_of(original) == ["create", "absorb_duplicate"]
    absorbed = CaseEvent.objects.get(case=original, action="absorb_duplicate")
    assert absorbed.data == {"duplicate": duplicate.reference, "followers_added": 1}
    assert absorbed.from_status == absorbed.to_status == Status.NEW
    assert absorbed.actor_kind == "system"


def test_it_follows_a_chain_of_duplicates_to_the_root(make_case, roads_officer):
    root, middle, latest = make_case(), make_case(), make_case()
    act(middle, "mark_duplicate", roads_officer, original=root)
    act(latest, "mark_duplicate", roads_officer, original=middle)
    assert latest.duplicate_of == root
    assert actions_of(root) == ["create", "absorb_duplicate", "absorb_duplicate"]
    assert actions_of(middle) == ["create", "mark_duplicate"]


def test_it_refuses_to_mark_a_case_a_duplicate_of_itself(make_case, roads_officer):
    case = make_case()
    with pytest.raises(TransitionRefused) as refusal:
        act(case, "mark_duplicate", roads_officer, original=case)
    assert refusal.value.code == "self_duplicate"
    assert actions_of(case) == ["create"]


def test_it_refuses_a_duplicate_that_would_loop_back(make_case, roads_officer):
    first, second = make_case(), make_case()
    act(first, "mark_duplicate", roads_officer, original=second)
    with pytest.raises(TransitionRefused) as refusal:
        act(second, "mark_duplicate", roads_officer, original=first)
    assert refusal.value.code == "self_duplicate"
    second.refresh_from_db()
    assert second.status == Status.NEW


def test_it_needs_the_original(make_case, roads_officer):
    case = make_case()
    with pytest.raises(TransitionRefused) as refusal:
        act(case, "mark_duplicate", roads_officer, original=case.reference)
    assert refusal.value.code == "original_required"
