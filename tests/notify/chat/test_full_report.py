"""The chat fake walks a full report: /start, photo, location, text, the kind of problem,
the case filed with its photo and place; staff resolve it, the worker delivers, and the
chat gets the resolution and the rating question, whose answer is recorded."""

from __future__ import annotations

from django.contrib.auth.models import User

from cityloop.cases.models import Case, CaseMedia, Status
from cityloop.notify.models import Kind, Message
from tests import citydata
from tests.fakes.telegram import (
    FakeTelegram,
    button_update,
    location_update,
    photo_update,
    text_update,
)
from tests.notify.chat.helpers import conversation, filed_case, jpeg, next_id, post, tap
from tests.notify.helpers import send
from tests.web.staff.helpers import act

CHAT = 4242


def report_pothole(fake: FakeTelegram, chat: int = CHAT) -> Case:
    """Walk the conversation to a filed pothole report; the case."""
    fake.add_file("photo-1", jpeg())
    assert post(text_update(next_id(), chat, "/start")) == 200
    greeting, ask_photo = fake.sent(chat)[-2:]
    assert greeting.text.startswith("Hello! I pass problems you see in")
    assert ask_photo.buttons == [("Skip", "skip")]
    assert post(photo_update(next_id(), chat, "photo-1")) == 200
    assert fake.last(chat).asks_location
    assert post(location_update(next_id(), chat, *citydata.INSIDE_EAST_S)) == 200
    assert post(text_update(next_id(), chat, "A deep pothole in the road, cars swerve")) == 200
    suggested = fake.last(chat)
    offered = conversation(chat).offered["categories"]
    assert offered[0] == "pothole"
    assert suggested.buttons[0][1] == "c:0"
    assert post(button_update(next_id(), chat, "c:0")) == 200
    return filed_case(chat)


def test_a_full_report_by_chat_is_filed_resolved_and_rated(
        fake_telegram: FakeTelegram, city_admin: User) -> None:
    case = report_pothole(fake_telegram)
    # Filed through the chat channel, with the photo and the shared location.
    assert (case.channel, case.category.service_code) == ("chat", "pothole")
    assert (case.lat, case.lon) == citydata.INSIDE_EAST_S
    assert case.description == "A deep pothole in the road, cars swerve"
    (photo,) = CaseMedia.objects.filter(case=case)
    assert photo.file and not photo.public
    (contact,) = case.contacts.all()
    assert (contact.chat, contact.language) == (f"telegram:{CHAT}", "en")
    filed = fake_telegram.last(CHAT)
    assert case.reference in filed.text
    assert f"/cases/{case.reference}/" in filed.text
    assert case.tracking_token not in filed.text  # the public page, not the private one
    assert not conversation(CHAT).photos.exists()  # kept on the case now, not twice

    # The acknowledgement reaches the same chat through the outbox.
    ack = Message.objects.get(case=case, kind=Kind.ACKNOWLEDGEMENT, transport="chat")
    assert ack.target == f"telegram:{CHAT}"
    assert send(ack) == "ok"
    assert case.reference in fake_telegram.last(CHAT).text

    # Staff resolve it; the worker delivers the resolution and the rating question.
    act(case, "resolve", city_admin, public_text="The hole was filled.")
    resolved = Message.objects.get(case=case, kind=Kind.CASE_RESOLVED, transport="chat")
    assert send(resolved) == "ok"
    message = fake_telegram.last(CHAT)
    assert "has been resolved" in message.text
    assert "The hole was filled." in message.text
    assert "Tap 1 (bad) to 5 (very good); 1 or 2 reopens your report" in message.text
    assert message.buttons == [(str(n), f"r:{case.reference}:{n}") for n in range(1, 6)]

    # The answer goes through the tracking page's rating: a good one closes the case.
    assert post(button_update(next_id(), CHAT, tap(CHAT, "4", message.buttons))) == 200
    case.refresh_from_db()
    assert (case.rating, case.status) == (4, Status.CLOSED)
    assert fake_telegram.last(CHAT).text == "Thank you for your rating."
    answered = [c for c in fake_telegram.calls if c.method == "answerCallbackQuery"]
    assert answered  # the app stops showing its spinner


def test_a_bad_rating_from_the_chat_reopens_the_case(
        fake_telegram: FakeTelegram, city_admin: User) -> None:
    case = report_pothole(fake_telegram)
    act(case, "resolve", city_admin, public_text="Done.")
    assert post(button_update(next_id(), CHAT, f"r:{case.reference}:1")) == 200
    case.refresh_from_db()
    assert (case.rating, case.status) == (1, Status.REOPENED)
    assert "reopened" in fake_telegram.last(CHAT).text


def test_another_chat_cannot_rate_the_case(fake_telegram: FakeTelegram,
                                           city_admin: User) -> None:
    case = report_pothole(fake_telegram)
    act(case, "resolve", city_admin, public_text="Done.")
    assert post(button_update(next_id(), 777, f"r:{case.reference}:1")) == 200
    case.refresh_from_db()
    assert (case.rating, case.status) == (None, Status.RESOLVED)
    assert "not made from this chat" in fake_telegram.last(777).text


def test_rating_twice_is_refused(fake_telegram: FakeTelegram, city_admin: User) -> None:
    case = report_pothole(fake_telegram)
    act(case, "resolve", city_admin, public_text="Done.")
    post(button_update(next_id(), CHAT, f"r:{case.reference}:5"))
    post(button_update(next_id(), CHAT, f"r:{case.reference}:1"))
    case.refresh_from_db()
    assert (case.rating, case.status) == (5, Status.CLOSED)
    assert fake_telegram.last(CHAT).text.startswith("I could not record that rating")
