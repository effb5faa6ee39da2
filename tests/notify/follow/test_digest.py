"""The daily digest: one email per follower with the day's changes, none counted twice."""

from __future__ import annotations

from django.core import mail
from django.utils import timezone

from cityloop import registry
from cityloop.notify.follow.digest import send_digests
from cityloop.notify.follow.models import DigestItem, Mode
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
    assert send_digests(timezone.now()) == 1
    later = Message.objects.filter(kind=Kind.FOLLOW_DIGEST).order_by("-id").first()
    assert later is not None
    assert DigestItem.objects.filter(message=later).count() == 1


def test_the_job_is_registered_daily(db):
    job = registry.periodic_jobs.get("follow_digest")
    assert job.interval() == 24 * 3600
    assert "digests queued" in job.run(timezone.now())
