from datetime import timedelta

import pytest
from django.utils import timezone

from cityloop.notify.models import Kind, Message
from cityloop.participation import residents
from cityloop.participation.errors import Refused
from cityloop.participation.models import Channel, Event, EventKind, Resident, Verification
from cityloop.participation.render import render_code


@pytest.mark.parametrize("typed, same_as", [
    ("Ann.Lee+budget@Gmail.com", "annlee@gmail.com"),
    ("a.n.n.lee@googlemail.com", "annlee@gmail.com"),
    ("  ANN@Example.org ", "ann@example.org"),
    ("ann+x@outlook.com", "ann@outlook.com"),
    ("ＡＮＮ＠ｅｘａｍｐｌｅ．ｏｒｇ", "ann@example.org"),  # typed with a Chinese input method
])
def test_look_alike_emails_are_one_identity(typed, same_as):
    assert residents.identity(Channel.EMAIL, typed) == residents.identity(Channel.EMAIL, same_as)


def test_dots_and_tags_count_where_the_provider_does_not_ignore_them():
    assert (residents.identity(Channel.EMAIL, "a.b@example.org")
            != residents.identity(Channel.EMAIL, "ab@example.org"))
    # Elsewhere "ann+x" may be another person's mailbox.
    assert (residents.identity(Channel.EMAIL, "ann+x@example.org")
            != residents.identity(Channel.EMAIL, "ann@example.org"))


def test_the_identity_names_nobody():
    key = residents.identity(Channel.EMAIL, "mei@example.org")
    assert "mei" not in key and len(key) == 64


@pytest.mark.parametrize("typed", ["+86 138-0000 0000", "0086 13800000000",
                                   "＋８６　１３８００００００００"])
def test_phone_numbers_are_one_spelling(typed):
    assert residents.canonical(Channel.SMS, typed) == "sms:+8613800000000"


@pytest.mark.parametrize("channel, address, code", [
    (Channel.EMAIL, "not an email", "bad_address"),
    (Channel.SMS, "12", "bad_address"),
    ("fax", "123456", "bad_channel"),
])
def test_bad_addresses_are_refused(db, channel, address, code):
    with pytest.raises(Refused) as refused:
        residents.request_code(channel, address, "en")
    assert refused.value.code == code
    assert not Message.objects.exists()


def test_code_by_email_proves_the_address(db):
    pending = residents.request_code(Channel.EMAIL, "Mei@Example.org", "zh-hans")
    message = Message.objects.get(kind=Kind.PARTICIPATION_CODE)
    assert (message.transport, message.target, message.language) == (
        "email", "mei@example.org", "zh-hans")
    code = residents.code_of(pending)
    outgoing = render_code(message)
    assert code in outgoing.text
    assert "验证码" in outgoing.subject or "代码" in outgoing.subject or code in outgoing.text

    resident = residents.confirm_code(Channel.EMAIL, "mei@example.org", code)
    assert resident.identity == residents.identity(Channel.EMAIL, "mei@example.org")
    assert not Verification.objects.exists()
    assert Event.objects.filter(kind=EventKind.VERIFIED).count() == 1
    # The used code is dead: the message, sent late, says so instead of showing it.
    assert code not in render_code(message).text


def test_a_look_alike_address_verifies_the_same_resident(db):
    first = residents.confirm_code(
        Channel.EMAIL, "ann@example.org",
        residents.code_of(residents.request_code(Channel.EMAIL, "ann@example.org", "en")))
    again = residents.confirm_code(
        Channel.EMAIL, "ANN@Example.org",
        residents.code_of(residents.request_code(Channel.EMAIL, "ANN@Example.org", "en")))
    assert first.pk == again.pk
    assert Resident.objects.count() == 1


def test_asking_again_at_once_is_refused_and_later_resends_the_same_code(db):
    now = timezone.now()
    pending = residents.request_code(Channel.SMS, "+8613800000000", "en", now=now)
    with pytest.raises(Refused) as refused:
        residents.request_code(Channel.SMS, "+8613800000000", "en", now=now + timedelta(seconds=5))
    assert refused.value.code == "too_many_codes"
    again = residents.request_code(Channel.SMS, "+8613800000000", "en",
                                   now=now + timedelta(seconds=61))
    assert residents.code_of(again) == residents.code_of(pending)
    assert Message.objects.count() == 2


def test_five_wrong_codes_kill_the_code(db):
    pending = residents.request_code(Channel.EMAIL, "x@example.org", "en")
    right = residents.code_of(pending)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    for _ in range(residents.CODE_TRIES):
        with pytest.raises(Refused) as refused:
            residents.confirm_code(Channel.EMAIL, "x@example.org", wrong)
        assert refused.value.code == "wrong_code"
    with pytest.raises(Refused) as refused:
        residents.confirm_code(Channel.EMAIL, "x@example.org", right)
    assert refused.value.code == "code_expired"
    assert not Resident.objects.exists()


def test_an_old_code_has_expired(db):
    now = timezone.now()
    pending = residents.request_code(Channel.EMAIL, "x@example.org", "en", now=now)
    with pytest.raises(Refused) as refused:
        residents.confirm_code(Channel.EMAIL, "x@example.org", residents.code_of(pending),
                               now=now + residents.CODE_VALID + timedelta(seconds=1))
    assert refused.value.code == "code_expired"


def test_lives_in_follows_the_declared_street_up(city, make_resident):
    resident = make_resident(area=city.areas["east_n"])
    assert residents.lives_in(resident, city.areas["east"])
    assert residents.lives_in(resident, None)
    assert not residents.lives_in(resident, city.areas["west"])
    assert not residents.lives_in(make_resident(), city.areas["east"])


def test_unused_codes_are_forgotten_after_the_hour(db):
    from cityloop.participation.jobs import _run

    now = timezone.now()
    residents.request_code(Channel.EMAIL, "old@example.org", "en", now=now - timedelta(hours=2))
    residents.request_code(Channel.EMAIL, "new@example.org", "en", now=now)
    assert _run(now) == "1 unused participation codes forgotten"
    assert list(Verification.objects.values_list("address", flat=True)) == ["new@example.org"]


def test_a_code_typed_in_full_width_digits_is_read(db):
    pending = residents.request_code(Channel.EMAIL, "wide@example.org", "zh-hans")
    wide = residents.code_of(pending).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert residents.confirm_code(Channel.EMAIL, "wide@example.org", wide).pk


def test_a_worn_out_code_is_replaced_when_asked_again(db):
    now = timezone.now()
    pending = residents.request_code(Channel.EMAIL, "x@example.org", "en", now=now)
    Verification.objects.filter(pk=pending.pk).update(attempts=residents.CODE_TRIES)
    fresh = residents.request_code(Channel.EMAIL, "x@example.org", "en", now=now)
    assert fresh.pk != pending.pk
    assert residents.confirm_code(Channel.EMAIL, "x@example.org", residents.code_of(fresh))


def test_resends_are_a_minute_apart_each(db):
    now = timezone.now()
    residents.request_code(Channel.EMAIL, "x@example.org", "en", now=now)
    residents.request_code(Channel.EMAIL, "x@example.org", "en", now=now + timedelta(seconds=61))
    with pytest.raises(Refused):
        residents.request_code(Channel.EMAIL, "x@example.org", "en",
                               now=now + timedelta(seconds=90))


def test_a_forgotten_resident_is_found_again_and_counts_once(budget, make_resident):
    from cityloop.participation import budgets

    resident = residents.confirm_code(
        Channel.EMAIL, "lin@example.org",
        residents.code_of(residents.request_code(Channel.EMAIL, "lin@example.org", "en")))
    budgets.cast(budget, resident, [budget.projects.get(title="Trees").pk])
    residents.forget(resident)
    resident.refresh_from_db()
    assert resident.address == ""
    again = residents.confirm_code(
        Channel.EMAIL, "lin@example.org",
        residents.code_of(residents.request_code(Channel.EMAIL, "lin@example.org", "en")))
    assert again.pk == resident.pk and again.address == "lin@example.org"
    with pytest.raises(Refused) as refused:
        budgets.cast(budget, again, [budget.projects.get(title="Trees").pk])
    assert refused.value.code == "already_voted"


def test_the_street_is_fixed_after_a_vote_for_residents_only(budget, make_resident, city):
    from cityloop.participation import budgets

    budget.process.residence_required = True
    budget.process.save()
    resident = make_resident(area=city.areas["east_n"])
    budgets.cast(budget, resident, [budget.projects.get(title="Trees").pk])
    with pytest.raises(Refused) as refused:
        residents.declare_street(resident, city.areas["west_n"])
    assert refused.value.code == "street_fixed"
    residents.declare_street(resident, city.areas["east_n"])  # the same street: fine
