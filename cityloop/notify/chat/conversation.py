"""The conversation: from a greeting to a filed case, one step per message.

``handle`` takes one ``Incoming`` update of one chat and answers with the
replies to send. It runs in one transaction with the conversation's row
locked, so two updates of one chat never interleave and a retried update
(the same or an older ``update_id``) is answered with nothing. The steps:
photo (or skip), location (shared, or an address found in the gazetteer),
description, the kind of problem (triage's suggestions first), the
category's required questions, then ``filing.file``. A photo is taken at any
step; /cancel starts again; anything unexpected is answered with what to do.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils import translation

from cityloop.cases import photos, routing
from cityloop.cases.errors import SubmissionRejected
from cityloop.cases.validation import MAX_DESCRIPTION, clean_language, clean_text
from cityloop.geo.places import search
from cityloop.notify.chat import choices, filing, rating, texts
from cityloop.notify.chat.models import Conversation, ConversationPhoto, Step
from cityloop.notify.chat.platforms import Button, Incoming, Reply

PLACES_OFFERED = 3


def language_for(code: str) -> str:
    """The language to speak to someone whose app says ``code``: Chinese for any
    Chinese, else English (the languages CityLoop speaks)."""
    code = code.strip().lower()
    if code.startswith("zh"):
        return "zh-hans"
    return clean_language(code) or "en"


def handle(platform: str, incoming: Incoming) -> list[Reply]:
    """The replies to ``incoming``; none for an update already processed."""
    with transaction.atomic():
        conversation, _created = Conversation.objects.select_for_update().get_or_create(
            platform=platform, chat_id=incoming.chat_id,
            defaults={"language": language_for(incoming.language)})
        if incoming.update_id and incoming.update_id <= conversation.last_update:
            return []
        conversation.last_update = max(incoming.update_id, conversation.last_update)
        with translation.override(conversation.language):
            replies = _answer(conversation, incoming)
        conversation.save()
    return replies


def _answer(conversation: Conversation, incoming: Incoming) -> list[Reply]:
    command = incoming.command
    if command in ("start", "new") or incoming.choice == "new":
        reset(conversation)
        conversation.step = Step.PHOTO
        return [Reply(texts.greeting()), _question(conversation)]
    if command == "cancel":
        reset(conversation)
        return [Reply(texts.cancelled())]
    if command == "language":
        return [Reply(texts.choose_language(), choices.languages())]
    if command:
        return [_help()]
    if incoming.choice.startswith("lang:"):
        return _set_language(conversation, incoming.choice.removeprefix("lang:"))
    if incoming.choice.startswith("r:"):
        return [rating.rate(conversation, incoming.choice)]
    if incoming.photo is not None or incoming.photo_problem:
        return _photo(conversation, incoming)
    return STEPS[conversation.step](conversation, incoming)


def reset(conversation: Conversation) -> None:
    """Forget the report in progress (its photos too); the last case filed stays."""
    conversation.step = Step.IDLE
    conversation.lat = conversation.lon = None
    conversation.address = conversation.description = conversation.category = ""
    conversation.offered = {}
    conversation.answers = {}
    ConversationPhoto.objects.filter(conversation=conversation).delete()


def _help() -> Reply:
    return Reply(texts.help_text(), ((Button(texts.new_report(), "new"),),))


def _set_language(conversation: Conversation, code: str) -> list[Reply]:
    conversation.language = clean_language(code) or conversation.language
    with translation.override(conversation.language):
        replies = [Reply(texts.language_set())]
        if conversation.step != Step.IDLE:
            replies.append(_question(conversation))
        return replies


def _question(conversation: Conversation) -> Reply:
    """What the current step asks, asked again (after a photo, a language change...)."""
    step = conversation.step
    if step == Step.PHOTO:
        return Reply(texts.ask_photo(), ((Button(texts.skip(), "skip"),),))
    if step == Step.LOCATION:
        return Reply(texts.ask_location(), ask_location=texts.share_location())
    if step == Step.DESCRIPTION:
        return Reply(texts.ask_description())
    if step in (Step.CATEGORY, Step.QUESTION):
        return choices.offered_again(conversation)
    return _help()


# --- photos, at any step ------------------------------------------------------------

def _photo(conversation: Conversation, incoming: Incoming) -> list[Reply]:
    if incoming.photo is None:
        return [Reply(texts.photo_refused(incoming.photo_problem)), _question(conversation)]
    if conversation.step == Step.IDLE:  # a photo alone begins a new report
        reset(conversation)
        conversation.step = Step.PHOTO
    count = ConversationPhoto.objects.filter(conversation=conversation).count()
    if count >= photos.MAX_PHOTOS:
        return [Reply(texts.too_many_photos(count)), _question(conversation)]
    ConversationPhoto.objects.create(conversation=conversation, data=incoming.photo.read())
    if conversation.step == Step.PHOTO:
        conversation.step = Step.LOCATION
        return [Reply(texts.photo_received()), _question(conversation)]
    return [Reply(texts.photo_added()), _question(conversation)]


# --- the steps ------------------------------------------------------------------------

def _idle(conversation: Conversation, incoming: Incoming) -> list[Reply]:
    return [_help()]


def _photo_step(conversation: Conversation, incoming: Incoming) -> list[Reply]:
    if incoming.location is not None:  # no photo, and the place already: on we go
        conversation.step = Step.LOCATION
        return _location(conversation, incoming)
    if incoming.choice == "skip":
        conversation.step = Step.LOCATION
    return [_question(conversation)]


def _location(conversation: Conversation, incoming: Incoming) -> list[Reply]:
    if incoming.location is not None:
        return _located(conversation, *incoming.location, address="")
    if incoming.choice.startswith("p:"):
        place = choices.pick(conversation, "places", incoming.choice)
        if place is not None:
            return _located(conversation, place["lat"], place["lon"], address=place["label"])
    if incoming.text:
        return _find_place(conversation, incoming.text)
    return [_question(conversation)]


def _find_place(conversation: Conversation, text: str) -> list[Reply]:
    found = search.find(text[:200], limit=PLACES_OFFERED, language=conversation.language)
    if not found:
        return [Reply(texts.place_not_found(), ask_location=texts.share_location())]
    conversation.offered = {"places": [{"label": f.label, "lat": f.lat, "lon": f.lon}
                                       for f in found]}
    buttons = tuple((Button(f.label[:60], f"p:{i}"),) for i, f in enumerate(found))
    return [Reply(texts.choose_place(), buttons)]


def _located(conversation: Conversation, lat: float, lon: float, *, address: str
             ) -> list[Reply]:
    try:
        routing.locate_all(lat, lon)
    except SubmissionRejected:
        return [Reply(texts.outside_city(), ask_location=texts.share_location())]
    conversation.lat, conversation.lon, conversation.address = lat, lon, address[:500]
    conversation.offered = {}
    conversation.step = Step.DESCRIPTION
    return [_question(conversation)]


def _description(conversation: Conversation, incoming: Incoming) -> list[Reply]:
    text = clean_text(incoming.text)
    if not text:
        return [Reply(texts.describe_in_words())]
    if len(text) > MAX_DESCRIPTION:
        return [Reply(texts.description_too_long(MAX_DESCRIPTION))]
    conversation.description = text
    conversation.step = Step.CATEGORY
    return [choices.suggested(conversation)]


def _category(conversation: Conversation, incoming: Incoming) -> list[Reply]:
    if incoming.choice == "more" or incoming.choice.startswith("g:"):
        return [choices.groups_or_categories(conversation, incoming.choice)]
    if incoming.choice.startswith("c:"):
        code = choices.pick(conversation, "categories", incoming.choice)
        if isinstance(code, str) and code:
            conversation.category = code
            conversation.answers = {}
            return _ask_or_file(conversation)
    if incoming.text:
        return [choices.search(conversation, incoming.text)]
    return [Reply(texts.tap_a_button()), choices.offered_again(conversation)]


def _question_step(conversation: Conversation, incoming: Incoming) -> list[Reply]:
    if not choices.take_answer(conversation, incoming):
        return [Reply(texts.tap_a_button()), choices.offered_again(conversation)]
    return _ask_or_file(conversation)


def _ask_or_file(conversation: Conversation) -> list[Reply]:
    """The next required question of the category, or the report filed."""
    asked = choices.next_question(conversation)
    if asked is not None:
        conversation.step = Step.QUESTION
        return [asked]
    try:
        case = filing.file(conversation)
    except filing.Refused as refusal:
        return [Reply(texts.refused(refusal.message)), _fix(conversation, refusal)]
    reset(conversation)
    conversation.case = case
    return [Reply(texts.filed(case.reference, filing.public_link(case)))]


def _fix(conversation: Conversation, refusal: filing.Refused) -> Reply:
    """Back to the step whose answer was refused, asking it again."""
    conversation.step = refusal.step
    if refusal.step == Step.QUESTION:
        answers = conversation.answers or {}
        conversation.answers = {code: value for code, value in answers.items()
                                if code not in refusal.answers_refused}
        asked = choices.next_question(conversation)
        if asked is not None:
            return asked
        conversation.step = Step.CATEGORY
    if conversation.step == Step.CATEGORY:
        return choices.suggested(conversation)
    return _question(conversation)


STEPS: dict[str, Callable[[Conversation, Incoming], list[Reply]]] = {
    Step.IDLE: _idle,
    Step.PHOTO: _photo_step,
    Step.LOCATION: _location,
    Step.DESCRIPTION: _description,
    Step.CATEGORY: _category,
    Step.QUESTION: _question_step,
}
