"""The code reaches the person through the outbox's own transports, in their language."""

from __future__ import annotations

from django.core import mail

from cityloop.notify.models import Kind, Message
from cityloop.participation import residents
from cityloop.participation.models import Channel
from tests.fakes.fixtures import fake_sms  # noqa: F401
from tests.notify.helpers import send


def test_the_code_goes_by_email_in_the_residents_language(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    pending = residents.request_code(Channel.EMAIL, "mei@example.org", "zh-hans")
    assert send(Message.objects.get(kind=Kind.PARTICIPATION_CODE)) == "ok"
    [email] = mail.outbox
    assert email.to == ["mei@example.org"]
    assert residents.code_of(pending) in email.body
    assert "分钟" in email.body  # "valid for 60 minutes", in Chinese


def test_the_code_goes_by_text_message(db, fake_sms):  # noqa: F811
    pending = residents.request_code(Channel.SMS, "+86 138 0000 0000", "en")
    assert send(Message.objects.get(kind=Kind.PARTICIPATION_CODE)) == "ok"
    [text] = fake_sms.texts()
    assert text.to == "+8613800000000"
    assert residents.code_of(pending) in text.text and len(text.text) < 160


def test_the_author_hears_the_answer_in_their_language(proposals_process, make_resident,
                                                       roads_officer, settings):
    from cityloop.participation import proposals
    from cityloop.participation.models import ProposalStatus
    from cityloop.participation.proposals import Decision, Draft

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    author = make_resident("lin@example.org", language="zh-hans")
    proposal = proposals.submit_proposal(proposals_process, author, Draft(
        "河边长椅", "在滨江步道每隔两百米放一张长椅，方便老人休息。", "zh-hans"))
    proposals.answer(proposal, roads_officer,
                     Decision(ProposalStatus.REJECTED, "步道太窄，无法安放长椅。"))
    message = Message.objects.get(kind=Kind.PROPOSAL_ANSWERED)
    assert send(message) == "ok"
    [email] = mail.outbox
    assert email.to == ["lin@example.org"]
    assert "河边长椅" in email.subject and "不予采纳" in email.body
    assert "步道太窄" in email.body and f"/participate/proposals/{proposal.pk}/" in email.body


def test_the_author_hears_why_their_proposal_was_hidden(proposals_process, make_resident,
                                                         roads_officer, settings):
    from cityloop.participation import proposals
    from cityloop.participation.proposals import Draft

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    author = make_resident("kim@example.org")
    proposal = proposals.submit_proposal(proposals_process, author, Draft(
        "Cheap flats", "Call 555-0100 for cheap flats near the river, best prices in town.",
        "en"))
    proposals.hide(proposal, roads_officer, "Advertising")
    assert send(Message.objects.get(kind=Kind.PROPOSAL_ANSWERED)) == "ok"
    [email] = mail.outbox
    assert "was hidden" in email.subject and "Advertising" in email.body
    assert "/participate/proposals/" not in email.body  # the page is not public now
