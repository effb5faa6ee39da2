"""Publishing a warning queues one message per confirmed subscriber of its areas,
in the publishing transaction; updates and cancels reach the same people."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
from django.db import connection, transaction

from cityloop.notify.channels.webhook.signing import HEADER, verify
from cityloop.notify.models import Kind, Message, MessageStatus
from cityloop.warnings import fanout
from cityloop.warnings.models import MsgType, Status
from cityloop.warnings.publish import publish
from cityloop.warnings.subscriptions import optin
from cityloop.warnings.subscriptions.models import Channel, Fanout
from cityloop.worker.loop import Worker
from tests.fakes.fixtures import fake_smtp, fake_webhook  # noqa: F401
from tests.warnings.helpers import draft
from tests.warnings.subscriptions.helpers import by_email, subscribed

THREADS = 4 if connection.vendor == "postgresql" else 1


def told(warning) -> set[str]:
    return set(Message.objects.filter(warning=warning).values_list("target", flat=True))


def follow_up(warning, msg_type: str, *areas):
    replacement = draft(*(areas or warning.areas.all()), msg_type=msg_type,
                        references=warning)
    return publish(replacement, by="duty officer")


def test_a_warning_reaches_its_areas_subscribers_and_not_others(city):
    east = by_email("east@example.org", city.areas["east_n"])  # a street of the district
    by_email("west@example.org", city.areas["west_n"])
    subscribed(Channel.WEBHOOK, "https://community.example/hook", city.areas["east"],
               secret="s3cret")
    pending = optin.subscribe(optin.Ask(Channel.EMAIL, "pending@example.org",
                                        (city.areas["east"],), "en"))
    warning = publish(draft(city.areas["east"]), by="duty officer")
    assert told(warning) == {"east@example.org", "https://community.example/hook"}
    message = Message.objects.get(warning=warning, warning_subscription=east)
    assert (message.kind, message.transport, message.status) == (
        Kind.WARNING, "email", MessageStatus.QUEUED)
    assert not Message.objects.filter(warning=warning, warning_subscription=pending).exists()
    assert Fanout.objects.get(warning=warning).queued == 2


def test_a_street_s_warning_reaches_its_district_s_and_the_city_s_subscribers(city):
    by_email("street@example.org", city.areas["east_n"])
    by_email("district@example.org", city.areas["east"])
    by_email("city@example.org", city.areas["testcity"])
    by_email("next-street@example.org", city.areas["east_s"])
    warning = publish(draft(city.areas["east_n"]), by="duty officer")
    assert told(warning) == {"street@example.org", "district@example.org", "city@example.org"}


def test_a_city_wide_warning_reaches_every_area(city):
    by_email("east@example.org", city.areas["east_s"])
    by_email("west@example.org", city.areas["west"])
    warning = publish(draft(city.areas["testcity"]), by="duty officer")
    assert told(warning) == {"east@example.org", "west@example.org"}


def test_an_update_and_a_cancel_reach_the_same_people_once(city):
    east = by_email("east@example.org", city.areas["east"])
    warning = publish(draft(city.areas["east"]), by="duty officer")
    by_email("late@example.org", city.areas["west"])
    # The update moves to the west: the east subscriber, told of the original, still hears.
    update = follow_up(warning, MsgType.UPDATE, city.areas["west"])
    assert told(update) == {"east@example.org", "late@example.org"}
    cancel = follow_up(update, MsgType.CANCEL)
    assert told(cancel) == {"east@example.org", "late@example.org"}
    assert Message.objects.filter(warning_subscription=east).count() == 3
    assert fanout.queue(cancel) == 0  # queued again (a retried signal): nobody twice


def test_nobody_hears_when_the_publication_is_undone(city):
    by_email("east@example.org", city.areas["east"])
    warning = draft(city.areas["east"])
    with pytest.raises(RuntimeError), transaction.atomic():
        publish(warning, by="duty officer")
        raise RuntimeError("a later step of the publication failed")
    assert not Message.objects.filter(warning=warning).exists()


def test_an_exercise_reaches_only_the_people_staff_added(city):
    by_email("leader@example.org", city.areas["east"])
    resident = optin.subscribe(optin.Ask(Channel.EMAIL, "resident@example.org",
                                         (city.areas["east"],), "en"))
    optin.confirm(optin.LINKS.confirm_token(resident.pk))
    drill = publish(draft(city.areas["east"], status=Status.EXERCISE), by="duty officer")
    assert told(drill) == {"leader@example.org"}


@pytest.mark.django_db(transaction=True)
def test_the_worker_delivers_it_by_email_and_webhook_in_each_language(
        city, fake_smtp, fake_webhook, settings):  # noqa: F811
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = fake_smtp.host, fake_smtp.port
    settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = False, "", ""
    by_email("zh@example.org", city.areas["east"], language="zh-hans")
    by_email("west@example.org", city.areas["west"])
    subscribed(Channel.WEBHOOK, fake_webhook.url, city.areas["east_n"], secret="s3cret")
    warning = publish(draft(city.areas["east"]), by="duty officer")
    worker = Worker(threads=THREADS, worker_id="worker-1")
    try:
        worker.run_once()
    finally:
        worker.close()

    assert [m.recipients for m in fake_smtp.messages] == [["zh@example.org"]]
    mail = fake_smtp.messages[0]
    assert "河岸洪水预警" in mail.subject
    assert "请转移到高处。" in mail.body and f"/warnings/{warning.identifier}/" in mail.body
    unsubscribe = str(mail.message["List-Unsubscribe"]).strip()
    assert unsubscribe.startswith("<http") and "/unsubscribe/" in unsubscribe
    assert mail.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    assert fake_webhook.wait_for(1)
    request = fake_webhook.requests[0]
    assert verify("s3cret", request.body, request.header(HEADER))
    payload = request.json
    assert (payload["identifier"], payload["msg_type"], payload["severity"]) == (
        warning.identifier, "alert", "Severe")
    assert payload["text"]["zh-hans"]["headline"] == "河岸洪水预警"
    assert payload["text"]["en"]["instruction"] == "Move to higher ground."
    assert payload["areas"] == ["east"] and payload["url"].endswith(
        f"/warnings/{warning.identifier}/")
    cap = ElementTree.fromstring(payload["cap"])  # noqa: S314  (our own output: CAP 1.2)
    assert cap.tag == "{urn:oasis:names:tc:emergency:cap:1.2}alert"
    assert cap.findtext("{urn:oasis:names:tc:emergency:cap:1.2}identifier") == \
        warning.identifier
    fan = Fanout.objects.get(warning=warning)
    warning.refresh_from_db()
    assert warning.published_at is not None and fan.first_sent_at is not None
    assert fan.first_sent_at >= warning.published_at
