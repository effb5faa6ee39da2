"""The daily digest: one email per follower with the day's changes, none counted twice."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from cityloop import registry
from cityloop.notify.follow.digest import send_digests
from cityloop.notify.follow.models import DigestItem, Mode, Subscription
from cityloop.notify.follow.subscriptions import What
from cityloop.notify.models import Kind, Message
from tests.cases.helpers import act
from tests.notify.follow.helpers import following
from tests.notify.helpers import send


def test_it_sends_the_days_changes_once(make_case, roads_officer):
    case = make_case()
    following("ann@example.org", What.report(case), mode=Mode.DIGEST)
    act(case, "assign", roads_officer, assignee=roads_officer)
    act(case, "comment", roads_officer, public_text="A crew comes on Monday.")

    assert send_digests(timezone.now()) == 1
    assert send_digests(timezone.now()) == 0  # nothing new: nothing sent again
    digest, = Message.objects.filter(kind=Kind.FOLLOW_DIGEST)
    send(digest)
    email, = mail.outbox
    assert email.to == ["ann@example.org"]
    assert case.reference in email.subject or case.reference in email.body
    assert email.body.count(f"/cases/{case.reference}/") == 2
    assert "A crew comes on Monday." in email.body
    assert "Assigned" in email.body

    act(case, "start", roads_officer)
    assert send_digests(timezone.now()) == 0  # one digest a day
    assert send_digests(timezone.now() + timedelta(days=1)) == 1
    later = Message.objects.filter(kind=Kind.FOLLOW_DIGEST).order_by("-id").first()
    assert later is not None
    assert DigestItem.objects.filter(message=later).count() == 1


def test_the_digest_goes_out_after_the_digest_hour_once_a_day(make_case, roads_officer,
                                                             settings):
    settings.FOLLOW_DIGEST_HOUR = 7
    case = make_case()
    following("ann@example.org", What.report(case), mode=Mode.DIGEST)
    day = timezone.localtime().replace(hour=6, minute=30, second=0, microsecond=0)
    Message.objects.create(kind=Kind.FOLLOW_DIGEST, subscription=following_of("ann@example.org"),
                           transport="email", target="ann@example.org", language="en",
                           next_attempt_at=day, created_at=day - timedelta(hours=23))
    act(case, "comment", roads_officer, public_text="A crew comes on Monday.")
    # Yesterday's digest went out after yesterday's 07:00: nothing before today's.
    assert send_digests(day) == 0
    assert send_digests(day + timedelta(hours=1)) == 1  # 07:30
    act(case, "start", roads_officer)
    assert send_digests(day + timedelta(hours=5)) == 0  # later the same day
    assert send_digests(day + timedelta(days=1, hours=3)) == 1  # a worker back at 09:30


def test_the_job_runs_hourly(db):
    job = registry.periodic_jobs.get("follow_digest")
    assert job.interval() == 3600
    assert "digests queued" in job.run(timezone.now())


def following_of(email: str) -> Subscription:
    return Subscription.objects.get(email=email)
