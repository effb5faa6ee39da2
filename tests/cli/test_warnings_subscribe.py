"""`cityloop warnings subscribe`: staff adding community leaders, one by one or from a CSV."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cityloop.notify.models import Kind, Message
from cityloop.warnings.subscriptions.models import Channel, Source, Subscription


def subscribe(*args: str) -> str:
    out = StringIO()
    call_command("warnings", "subscribe", *args, stdout=out)
    return out.getvalue()


def test_it_subscribes_a_confirmed_leader_to_several_areas(city):
    out = subscribe("leader@example.org", "--area", "east", "--area", "west_n",
                    "--language", "zh-hans", "--confirmed")
    subscription = Subscription.objects.get()
    assert (subscription.channel, subscription.language, subscription.source) == (
        Channel.EMAIL, "zh-hans", Source.STAFF)
    assert subscription.confirmed
    assert {a.code for a in subscription.areas.all()} == {"east", "west_n"}
    assert "leader@example.org: confirmed" in out
    assert not Message.objects.exists()


def test_without_confirmed_it_sends_the_confirmation(city):
    out = subscribe("--phone", "+86 138 0000 0000", "--area", "east")
    subscription = Subscription.objects.get()
    assert subscription.address == "+8613800000000" and not subscription.confirmed
    assert Message.objects.get().kind == Kind.WARNING_CONFIRM
    assert "confirmation sent" in out


def test_a_webhook_is_confirmed_with_its_secret(city):
    subscribe("--webhook", "https://community.example/hook", "--secret", "s3cret",
              "--area", "west")
    subscription = Subscription.objects.get()
    assert (subscription.channel, subscription.secret, subscription.confirmed) == (
        Channel.WEBHOOK, "s3cret", True)


def test_it_imports_a_csv_file_in_one_transaction(city, tmp_path):
    good = tmp_path / "leaders.csv"
    good.write_text("email,phone,areas,language\n"
                    "a@example.org,,east west_n,zh-hans\n"
                    ",+8613800000001,,en\n", encoding="utf-8")
    subscribe("--csv", str(good), "--area", "west", "--confirmed")
    rows = {s.address: s for s in Subscription.objects.all()}
    assert {a.code for a in rows["a@example.org"].areas.all()} == {"east", "west_n"}
    assert [a.code for a in rows["+8613800000001"].areas.all()] == ["west"]

    bad = tmp_path / "bad.csv"
    bad.write_text("email,areas\nc@example.org,east\nnot-an-address,east\n", encoding="utf-8")
    with pytest.raises(CommandError, match="row 2: 'not-an-address' is not an email"):
        subscribe("--csv", str(bad), "--confirmed")
    assert not Subscription.objects.filter(address="c@example.org").exists()


@pytest.mark.parametrize("args, problem", [
    (["a@example.org", "--area", "atlantis"], "no area 'atlantis'"),
    (["a@example.org"], "give at least one --area"),
    (["--area", "east"], "give an email address, --phone or --webhook"),
    (["--phone", "call me", "--area", "east"], "is not a phone number"),
])
def test_mistakes_are_named(city, args, problem):
    with pytest.raises(CommandError, match=problem):
        subscribe(*args)
