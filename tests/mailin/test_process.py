"""An email becomes a case (photos, location, acknowledgement), a reply an update."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from cityloop.cases.models import CaseEvent, CaseMedia, Status
from cityloop.mailin.models import MailState
from cityloop.notify.models import Kind, Message
from cityloop.notify.render import render
from tests.cases.helpers import act
from tests.citydata import INSIDE_EAST_S, OUTSIDE
from tests.fakes.mail import CITIZEN, mail, photo
from tests.geo.places.fixtures import HETANG_12


def reply_to(headers: dict[str, str], text: str, **kwargs) -> EmailMessage:
    message = mail("Re: We received your report", text, to=headers["Reply-To"], **kwargs)
    message["In-Reply-To"] = headers["Message-ID"]
    return message


def test_an_email_with_a_photo_becomes_a_case_with_that_photo_where_it_was_taken(mailin):
    row = mailin.receive(mail("Pothole", "A deep hole in the bus lane, please fix it.",
                              photos=[photo(gps=INSIDE_EAST_S)]))
    assert row.state == MailState.CASE, row.outcome
    case = mailin.case_of(row)
    assert case.channel == "email"
    assert case.description == "Pothole\n\nA deep hole in the bus lane, please fix it."
    assert case.lat == pytest.approx(INSIDE_EAST_S[0], abs=1e-4)
    assert case.lon == pytest.approx(INSIDE_EAST_S[1], abs=1e-4)
    assert case.area is not None and case.area.code == "east_s"
    media = CaseMedia.objects.get(case=case)
    assert not media.public  # a citizen's photo is public only once staff approve it
    stored = media.file.read()
    assert stored[:2] == b"\xff\xd8" and b"Exif" not in stored  # re-encoded, GPS gone
    contact = case.contacts.get()
    assert (contact.email, contact.name, contact.role) == (CITIZEN, "Mei Chen", "reporter")


def test_the_sender_gets_the_acknowledgement_with_a_reply_address_that_names_the_case(mailin):
    case = mailin.case_of(mailin.receive(mail(photos=[photo(gps=INSIDE_EAST_S)])))
    ack = mailin.acknowledgement(case)
    assert ack.target == CITIZEN and ack.transport == "email"
    outgoing = render(ack)
    assert case.reference in outgoing.subject
    assert outgoing.headers["Reply-To"].startswith(f"reports+{case.reference}.")
    assert outgoing.headers["Reply-To"].endswith("@city.example")
    assert "reply to this email to add information" in outgoing.text


def test_a_reply_threads_onto_the_case_as_the_reporters_update(mailin):
    case = mailin.case_of(mailin.receive(mail(photos=[photo(gps=INSIDE_EAST_S)])))
    headers = mailin.reply_headers(case)
    row = mailin.receive(reply_to(headers, "It is getting bigger, a car hit it today.\n\n"
                                           "On Mon, 7 Dec 2026 CityLoop wrote:\n> Thank you",
                                  photos=[photo()]))
    assert row.state == MailState.UPDATE and row.case_id == case.pk
    event = CaseEvent.objects.filter(case=case).latest("seq")
    assert event.action == "add_info"
    assert event.public_text == "It is getting bigger, a car hit it today."
    assert CaseMedia.objects.filter(case=case).count() == 2
    assert not Message.objects.filter(case=case, kind=Kind.ACKNOWLEDGEMENT).exclude(
        event__action="create").exists()  # an update is no new report


def test_a_reply_found_by_its_references_header_alone_threads_too(mailin):
    case = mailin.case_of(mailin.receive(mail(photos=[photo(gps=INSIDE_EAST_S)])))
    headers = mailin.reply_headers(case)
    message = mail("Re: report", "Still there.", to="reports@city.example")
    message["References"] = f"<other@example.org> {headers['Message-ID']}"
    row = mailin.receive(message)
    assert row.state == MailState.UPDATE and row.case_id == case.pk


def test_a_forged_token_opens_a_report_of_its_own_and_touches_no_case(mailin, make_case):
    victim = make_case()
    forged = f"reports+{victim.reference}.aaaaaaaaaaaaaaaa@city.example"
    row = mailin.receive(mail("Re: hello", "Close this case please.", to=forged))
    assert row.state == MailState.CASE
    assert row.case_id != victim.pk
    assert not CaseEvent.objects.filter(case=victim, action="add_info").exists()


def test_a_reply_to_a_closed_case_is_answered_and_changes_nothing(mailin, roads_officer,
                                                                   mailoutbox):
    case = mailin.case_of(mailin.receive(mail(photos=[photo(gps=INSIDE_EAST_S)])))
    act(case, "reject", roads_officer, reason="invalid", public_text="Not a pothole")
    row = mailin.receive(reply_to(mailin.reply_headers(case), "But it is!"))
    assert row.state == MailState.REFUSED
    assert "answered" in row.outcome
    assert case.reference in mailoutbox[-1].body and "closed" in mailoutbox[-1].body
    assert mailoutbox[-1].extra_headers["Auto-Submitted"] == "auto-replied"
    case.refresh_from_db()
    assert case.status == Status.REJECTED


def test_a_place_named_in_the_text_is_the_location(mailin, places):
    row = mailin.receive(mail("Broken kerb", "The kerb is broken at 12 Hetang Road, "
                                             "near the school."))
    case = mailin.case_of(row)
    assert (case.lat, case.lon) == pytest.approx(HETANG_12, abs=1e-4)
    assert "Hetang Road" in case.address


def test_a_place_named_in_chinese_is_the_location(mailin, places):
    case = mailin.case_of(mailin.receive(mail("路面坑洼", "在荷塘路12号门口有个大坑。")))
    assert (case.lat, case.lon) == pytest.approx(HETANG_12, abs=1e-4)
    assert case.language == "zh-hans"


def test_without_a_place_the_case_waits_for_an_operator_to_set_one(mailin):
    row = mailin.receive(mail("Streetlight", "The light is out again.",
                              photos=[photo(gps=OUTSIDE)]))  # a photo taken out of town
    case = mailin.case_of(row)
    assert case.lat is None and case.area is None
    assert "needs a location" in row.outcome
    text = render(mailin.acknowledgement(case)).text
    assert "Please reply to this email with the address" in text


def test_html_only_mail_is_read_as_its_text_without_scripts(mailin):
    html = ("<html><head><style>p{color:red}</style><script>alert('x')</script></head>"
            "<body><p>Rubbish <b>dumped</b> by the river.</p><blockquote>old</blockquote>"
            "</body></html>")
    case = mailin.case_of(mailin.receive(mail("Rubbish", None, html=html)))
    assert case.description == "Rubbish\n\nRubbish dumped by the river."


def test_the_description_leaves_out_the_signature_and_quoted_text(mailin):
    text = "Water leaking from a pipe.\n\n-- \nMei Chen\nTel 138 0000 0000"
    case = mailin.case_of(mailin.receive(mail("Leak", text)))
    assert case.description == "Leak\n\nWater leaking from a pipe."


@pytest.mark.parametrize("message", [
    pytest.param(mail("", "", photos=[photo(gps=INSIDE_EAST_S)]), id="only-an-attachment"),
    pytest.param(mail("", None), id="nothing-at-all"),
])
def test_mail_without_words_is_answered_and_opens_nothing(mailin, mailoutbox, message):
    row = mailin.receive(message)
    assert row.state == MailState.REFUSED and row.case_id is None
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [CITIZEN]
    assert "no text" in mailoutbox[0].body


def test_the_answer_is_in_chinese_for_a_chinese_email(mailin, roads_officer, mailoutbox):
    case = mailin.case_of(mailin.receive(mail(photos=[photo(gps=INSIDE_EAST_S)])))
    act(case, "reject", roads_officer, reason="invalid", public_text="Not a pothole")
    mailin.receive(reply_to(mailin.reply_headers(case), "坑还在，请再看看。"))
    assert "邮件" in mailoutbox[-1].subject
    assert case.reference in mailoutbox[-1].body and "已关闭" in mailoutbox[-1].body


@pytest.mark.parametrize("headers", [
    {"Auto-Submitted": "auto-replied"},
    {"Precedence": "bulk"},
    {"X-Autoreply": "yes"},
    {"Precedence": "auto_reply"},
])
def test_an_auto_responder_is_never_answered(mailin, mailoutbox, headers):
    row = mailin.receive(mail("Out of office", "I am away until Monday.", headers=headers))
    assert row.state == MailState.DROPPED
    assert "automatic" in row.outcome
    assert mailoutbox == []


def test_a_bounce_is_never_answered(mailin, mailoutbox):
    row = mailin.receive(mail("Undeliverable", ""), mail_from="<>")
    assert row.state == MailState.DROPPED and mailoutbox == []


def test_a_flood_from_one_sender_is_dropped_past_the_limit(mailin, settings, mailoutbox):
    settings.MAIL_SENDER_LIMIT = 3
    rows = [mailin.receive(mail(f"Spam {n}", f"Buy now {n}!")) for n in range(5)]
    assert [r.state for r in rows] == ["case"] * 3 + ["dropped"] * 2
    assert "limit" in rows[-1].outcome
    assert mailoutbox == []  # a flood is not answered
    other = mailin.receive(mail("Pothole", "A hole here.", sender="li@example.org"))
    assert other.state == MailState.CASE


def test_a_reply_naming_the_place_gives_the_case_its_location(mailin, places):
    case = mailin.case_of(mailin.receive(mail("Streetlight", "The light is out again.")))
    assert case.lat is None
    row = mailin.receive(reply_to(mailin.reply_headers(case), "It is at 12 Hetang Road."))
    assert row.state == MailState.UPDATE and "located from the text" in row.outcome
    case.refresh_from_db()
    assert (case.lat, case.lon) == pytest.approx(HETANG_12, abs=1e-4)
    assert case.area is not None
    relocated = CaseEvent.objects.get(case=case, action="relocate")
    assert relocated.actor_kind == "citizen" and relocated.internal_note


def test_a_report_the_city_refuses_is_answered_with_the_reason(mailin, settings, mailoutbox):
    settings.MAIL_CATEGORY = "no_such_category"
    row = mailin.receive(mail("Something", "Something odd happened here."))
    assert row.state == MailState.REFUSED and row.case_id is None
    assert "no_such_category" in mailoutbox[0].body
