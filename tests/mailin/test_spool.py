"""Nothing is lost once a message is stored: a crash while processing it is retried."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cityloop.cases.models import Case
from cityloop.mailin import process, spool
from cityloop.mailin.models import InboundMail, MailState
from cityloop.registry import periodic_jobs
from tests.fakes.mail import CITIZEN, INTAKE, mail, raw


def stored(message=None) -> int:
    return spool.store(raw(message or mail()), mail_from=CITIZEN, recipients=[INTAKE],
                       via="smtp")


def test_a_crash_while_processing_leaves_the_mail_pending_and_a_retry_opens_the_case(
        mailin, monkeypatch):
    pk = stored()

    def crash(report):
        raise RuntimeError("the process died here")

    monkeypatch.setattr(process.services, "submit", crash)
    assert spool.process_one(pk) == MailState.PENDING
    row = InboundMail.objects.get(pk=pk)
    assert row.state == MailState.PENDING and row.attempts == 1
    assert not Case.objects.exists()  # rolled back with the failure
    monkeypatch.undo()
    assert spool.process_pending() == 1
    row.refresh_from_db()
    assert row.state == MailState.CASE and row.attempts == 2
    assert row.case_id is not None
    assert Case.objects.filter(pk=row.case_id, channel="email").exists()


def test_a_mail_that_keeps_failing_is_marked_failed_with_the_error(mailin, monkeypatch):
    pk = stored()
    monkeypatch.setattr(process, "parse", lambda raw, sender: 1 / 0)
    for _ in range(spool.MAX_ATTEMPTS):
        spool.process_one(pk)
    row = InboundMail.objects.get(pk=pk)
    assert row.state == MailState.FAILED
    assert "ZeroDivisionError" in row.outcome


def test_a_processed_mail_is_never_processed_twice(mailin):
    pk = stored()
    assert spool.process_one(pk) == MailState.CASE
    assert spool.process_one(pk) == ""
    assert Case.objects.count() == 1


def test_the_workers_job_takes_what_mail_ingest_left_after_a_minute(mailin):
    fresh, old = stored(), stored(mail("Leak", "Water everywhere."))
    InboundMail.objects.filter(pk=old).update(
        received_at=timezone.now() - timedelta(minutes=5))
    summary = periodic_jobs.get("mail_spool").run(timezone.now())
    assert summary == "1 stored emails processed, 0 old ones blanked"
    assert InboundMail.objects.get(pk=old).state == MailState.CASE
    assert InboundMail.objects.get(pk=fresh).state == MailState.PENDING


def test_the_job_blanks_old_messages_and_their_senders_but_keeps_the_outcome(mailin, settings):
    settings.MAIL_KEEP_DAYS = 30
    old, recent = stored(), stored(mail("Leak", "Water everywhere."))
    spool.process_pending()
    InboundMail.objects.filter(pk=old).update(
        processed_at=timezone.now() - timedelta(days=31))
    assert spool.forget_old(timezone.now()) == 1
    row = InboundMail.objects.get(pk=old)
    assert (bytes(row.raw), row.mail_from, row.recipients) == (b"", "", "")
    assert row.state == MailState.CASE and row.case_id is not None
    assert bytes(InboundMail.objects.get(pk=recent).raw) != b""
