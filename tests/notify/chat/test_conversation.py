"""The conversation's other paths: addresses, questions, photos refused, /cancel, the
language, and answers to what it did not ask."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cityloop.cases.models import Case
from cityloop.notify.chat import abandoned
from cityloop.notify.chat.models import Conversation, ConversationPhoto
from tests import citydata
from tests.fakes.telegram import (
    FakeTelegram,
    button_update,
    location_update,
    photo_update,
    text_update,
)
from tests.geo.places.fixtures import BINJIANG_123
from tests.notify.chat.helpers import conversation, filed_case, jpeg, next_id, post, tap

CHAT = 31


def start(chat: int = CHAT, language: str = "en") -> None:
    post(text_update(next_id(), chat, "/start", language))


def to_description(fake: FakeTelegram, chat: int = CHAT) -> None:
    start(chat)
    post(button_update(next_id(), chat, "skip"))
    post(location_update(next_id(), chat, *citydata.INSIDE_EAST_S))


def test_an_address_is_found_in_the_gazetteer_and_chosen(fake_telegram: FakeTelegram,
                                                        places: object) -> None:
    start()
    post(button_update(next_id(), CHAT, "skip"))
    post(text_update(next_id(), CHAT, "123 Binjiang Road"))
    offer = fake_telegram.last(CHAT)
    assert offer.text == "Which of these places do you mean?"
    label, data = offer.buttons[0]
    assert "123" in label and "Binjiang" in label
    post(button_update(next_id(), CHAT, data))
    chat = conversation(CHAT)
    assert (chat.step, (chat.lat, chat.lon)) == ("description", BINJIANG_123)
    assert chat.address == label


def test_an_unknown_address_and_a_place_outside_the_city_are_asked_again(
        fake_telegram: FakeTelegram, places: object) -> None:
    start()
    post(button_update(next_id(), CHAT, "skip"))
    post(text_update(next_id(), CHAT, "Nowhere Street 999"))
    assert fake_telegram.last(CHAT).text.startswith("I could not find that place")
    assert fake_telegram.last(CHAT).asks_location
    post(location_update(next_id(), CHAT, *citydata.OUTSIDE))
    assert fake_telegram.last(CHAT).text.startswith("That place is outside the city")
    assert conversation(CHAT).step == "location"


def test_a_required_question_is_asked_with_buttons_and_answered(
        fake_telegram: FakeTelegram, city: object) -> None:
    to_description(fake_telegram)
    post(text_update(next_id(), CHAT, "Construction materials block the road"))
    chat = conversation(CHAT)
    index = chat.offered["categories"].index("road_obstruction")
    post(button_update(next_id(), CHAT, f"c:{index}"))
    question = fake_telegram.last(CHAT)
    assert question.text.startswith("How much of the way is blocked?")
    post(button_update(next_id(), CHAT, tap(CHAT, "Part of the road", question.buttons)))
    case = filed_case(CHAT)
    assert case.category.service_code == "road_obstruction"
    assert case.attributes["blocking"] == "some_lanes"


def test_something_else_lists_groups_then_their_categories(fake_telegram: FakeTelegram,
                                                          city: object) -> None:
    to_description(fake_telegram)
    post(text_update(next_id(), CHAT, "It is not nice"))
    post(button_update(next_id(), CHAT, "more"))
    groups = fake_telegram.last(CHAT)
    assert groups.text.startswith("Choose a group")
    post(button_update(next_id(), CHAT, tap(CHAT, "Roads and pavements", groups.buttons)))
    categories = fake_telegram.last(CHAT)
    assert categories.text == "Choose the kind of problem."
    labels = [label for label, _d in categories.buttons]
    assert "Pothole" in labels and "Street light fault" not in labels
    post(button_update(next_id(), CHAT, tap(CHAT, "Pothole", categories.buttons)))
    assert filed_case(CHAT).category.service_code == "pothole"


def test_writing_at_the_category_step_searches_the_categories(fake_telegram: FakeTelegram,
                                                              city: object) -> None:
    to_description(fake_telegram)
    post(text_update(next_id(), CHAT, "It is not nice"))
    post(text_update(next_id(), CHAT, "street light"))
    found = fake_telegram.last(CHAT)
    assert next(label for label, _d in found.buttons) == "Street light fault"
    post(text_update(next_id(), CHAT, "zzzz"))
    assert fake_telegram.last(CHAT).text.startswith("No kind of problem matches")


def test_a_file_that_is_no_image_is_refused_and_the_question_repeated(
        fake_telegram: FakeTelegram, city: object) -> None:
    fake_telegram.add_file("bad", b"%PDF-1.4 not an image")
    start()
    post(photo_update(next_id(), CHAT, "bad"))
    refusal, again = fake_telegram.sent(CHAT)[-2:]
    assert refusal.text.startswith("I could not use that photo: the photo is not an image")
    assert again.text.startswith("First, send a photo")
    assert conversation(CHAT).step == "photo" and not ConversationPhoto.objects.exists()


def test_a_photo_telegram_cannot_give_is_asked_again(fake_telegram: FakeTelegram,
                                                     city: object) -> None:
    start()
    post(photo_update(next_id(), CHAT, "never-uploaded"))
    assert "could not be fetched from Telegram" in fake_telegram.sent(CHAT)[-2].text


def test_a_photo_too_large_is_refused_before_it_is_read(
        fake_telegram: FakeTelegram, city: object, settings: object) -> None:
    settings.PHOTO_MAX_BYTES = 100  # type: ignore[attr-defined]
    fake_telegram.add_file("big", jpeg((400, 300)))
    start()
    post(photo_update(next_id(), CHAT, "big"))
    assert "larger than" in fake_telegram.sent(CHAT)[-2].text


def test_three_photos_at_most(fake_telegram: FakeTelegram, city: object) -> None:
    fake_telegram.add_file("p", jpeg())
    start()
    for _n in range(4):
        post(photo_update(next_id(), CHAT, "p"))
    assert ConversationPhoto.objects.count() == 3
    assert "already has 3 photos" in fake_telegram.sent(CHAT)[-2].text


def test_cancel_forgets_the_report_and_its_photos(fake_telegram: FakeTelegram,
                                                  city: object) -> None:
    fake_telegram.add_file("p", jpeg())
    start()
    post(photo_update(next_id(), CHAT, "p"))
    post(text_update(next_id(), CHAT, "/cancel"))
    assert fake_telegram.last(CHAT).text.startswith("Cancelled.")
    assert conversation(CHAT).step == "idle" and not ConversationPhoto.objects.exists()


def test_anything_unexpected_gets_a_helpful_answer(fake_telegram: FakeTelegram,
                                                   city: object) -> None:
    post(text_update(next_id(), CHAT, "hello?"))
    answer = fake_telegram.last(CHAT)
    assert "/start" in answer.text and answer.buttons == [("Report a problem", "new")]
    post(text_update(next_id(), CHAT, "/frobnicate"))
    assert "/start" in fake_telegram.last(CHAT).text
    start()
    post(text_update(next_id(), CHAT, "here is some text"))  # a photo was asked for
    assert fake_telegram.last(CHAT).text.startswith("First, send a photo")
    assert fake_telegram.last(CHAT).buttons == [("Skip", "skip")]


def test_chinese_speakers_are_answered_in_chinese_and_may_switch(
        fake_telegram: FakeTelegram, city: object) -> None:
    start(language="zh-hans")
    greeting, ask = fake_telegram.sent(CHAT)[-2:]
    assert greeting.text.startswith("您好！")
    assert ask.buttons == [("跳过", "skip")]
    assert conversation(CHAT).language == "zh-hans"
    post(text_update(next_id(), CHAT, "/language", "zh-hans"))
    assert fake_telegram.last(CHAT).buttons == [("English", "lang:en"), ("中文", "lang:zh-hans")]
    post(button_update(next_id(), CHAT, "lang:en", "zh-hans"))
    confirmed, again = fake_telegram.sent(CHAT)[-2:]
    assert confirmed.text == "I will write in English from now on."
    assert again.text.startswith("First, send a photo")
    assert conversation(CHAT).language == "en"


def test_a_stale_button_is_answered_not_obeyed(fake_telegram: FakeTelegram,
                                               city: object) -> None:
    to_description(fake_telegram)
    post(text_update(next_id(), CHAT, "A pothole"))
    post(button_update(next_id(), CHAT, "c:99"))
    assert fake_telegram.sent(CHAT)[-2].text == "Please tap one of the buttons above."
    assert not Case.objects.exists()


def test_a_report_left_unfinished_for_a_day_is_forgotten(fake_telegram: FakeTelegram,
                                                         city: object) -> None:
    fake_telegram.add_file("p", jpeg())
    start()
    post(photo_update(next_id(), CHAT, "p"))
    start(chat=CHAT + 1)
    Conversation.objects.filter(chat_id=str(CHAT)).update(
        updated_at=timezone.now() - timedelta(hours=25))
    assert abandoned.sweep(timezone.now()) == "1 unfinished chat reports forgotten"
    assert conversation(CHAT).step == "idle" and not ConversationPhoto.objects.exists()
    assert conversation(CHAT + 1).step == "photo"  # an hour-old report is kept
    assert conversation(CHAT).last_update > 0  # and retried updates are still known


def test_a_location_shared_instead_of_a_photo_moves_on(fake_telegram: FakeTelegram,
                                                       city: object) -> None:
    start()
    post(location_update(next_id(), CHAT, *citydata.INSIDE_WEST_N))
    chat = conversation(CHAT)
    assert (chat.step, chat.lat, chat.lon) == ("description", *citydata.INSIDE_WEST_N)
