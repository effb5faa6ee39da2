from datetime import timedelta

import pytest
from django.utils import timezone

from cityloop.warnings import current
from cityloop.warnings.models import MsgType, Warning
from cityloop.warnings.publish import PublishRefused, draft_replacement, publish
from cityloop.warnings.signals import warning_published
from tests.warnings.helpers import draft


@pytest.fixture
def heard():
    got: list[Warning] = []

    def receiver(sender, warning, **kwargs):
        got.append(warning)

    warning_published.connect(receiver, dispatch_uid="test-heard")
    yield got
    warning_published.disconnect(dispatch_uid="test-heard")


def test_publishing_stamps_times_and_announces_it(city, heard):
    warning = draft(city.areas["west"], valid_minutes=90)
    now = timezone.now()
    published = publish(warning, by="test", now=now)
    assert published.published_at == now and published.onset == now
    assert published.expires == now + timedelta(minutes=90)
    assert published.published_by == "test"
    assert [w.pk for w in heard] == [warning.pk]
    assert published.is_current(now) and not published.is_current(now + timedelta(minutes=91))
    assert [c.identifier for c in current.banner(now)] == [warning.identifier]


def test_an_identifier_and_sender_are_made_on_creation(city):
    warning = draft(city.areas["west"])
    assert warning.identifier and " " not in warning.identifier and "," not in warning.identifier
    assert warning.sender == "warnings@127.0.0.1"
    assert draft(city.areas["west"]).identifier != warning.identifier


def test_a_warning_is_published_once(city, heard):
    warning = publish(draft(city.areas["west"]), by="test")
    with pytest.raises(PublishRefused) as refused:
        publish(warning, by="test")
    assert refused.value.field == "identifier"
    assert len(heard) == 1


def test_a_warning_without_an_area_is_refused_and_nothing_is_sent(city, heard):
    warning = draft()
    with pytest.raises(PublishRefused) as refused:
        publish(warning, by="test")
    assert refused.value.field == "areas"
    warning.refresh_from_db()
    assert warning.published_at is None and heard == []


def test_a_receiver_that_fails_undoes_the_publication(city):
    warning = draft(city.areas["west"])

    def broken(sender, warning, **kwargs):
        raise RuntimeError("fan-out down")

    warning_published.connect(broken, dispatch_uid="test-broken")
    try:
        with pytest.raises(RuntimeError):
            publish(warning, by="test")
    finally:
        warning_published.disconnect(dispatch_uid="test-broken")
    warning.refresh_from_db()
    assert warning.published_at is None


def test_an_update_replaces_the_original_and_keeps_its_areas(city, heard):
    original = publish(draft(city.areas["west"], city.areas["east_n"]), by="test")
    update = draft_replacement(original, MsgType.UPDATE, headline="Flood: now the east too")
    assert set(update.areas.values_list("code", flat=True)) == {"west", "east_n"}
    publish(update, by="test")
    original.refresh_from_db()
    assert original.replaced_at is not None and not original.is_current()
    assert update.references == original and list(original.replaced_by.all()) == [update]
    assert [c.identifier for c in current.banner()] == [update.identifier]
    assert [w.msg_type for w in heard] == [MsgType.ALERT, MsgType.UPDATE]


def test_a_cancel_ends_the_warning(city, heard):
    original = publish(draft(city.areas["west"]), by="test")
    cancel = publish(draft_replacement(original, MsgType.CANCEL), by="test")
    assert not cancel.is_current() and current.banner() == []
    assert heard[-1].msg_type == MsgType.CANCEL


def test_only_the_newest_of_a_chain_can_be_replaced(city):
    original = publish(draft(city.areas["west"]), by="test")
    publish(draft_replacement(original, MsgType.UPDATE), by="test")
    with pytest.raises(PublishRefused) as refused:
        publish(draft_replacement(original, MsgType.CANCEL), by="test")
    assert refused.value.field == "references"


def test_an_update_of_an_unpublished_warning_is_refused(city):
    original = draft(city.areas["west"])
    with pytest.raises(PublishRefused):
        publish(draft_replacement(original, MsgType.UPDATE), by="test")


def test_an_expired_warning_is_not_current(city):
    now = timezone.now()
    publish(draft(city.areas["west"], valid_minutes=10), by="test", now=now - timedelta(hours=1))
    assert current.banner() == []


def test_exercises_are_current_but_not_on_the_banner(city):
    publish(draft(city.areas["west"], status="exercise"), by="test")
    assert len(current.in_force()) == 1 and current.banner() == []
