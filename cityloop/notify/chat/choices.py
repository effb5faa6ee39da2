"""The buttons the conversation offers: places, kinds of problem, languages, answers.

What a message offered is kept on the conversation (``offered``) and each
button carries only its position (``c:2``), so a button's data stays short
(platforms allow 64 bytes) and a tap is read against what was really shown.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from cityloop.catalogue.models import Datatype, ServiceAttribute
from cityloop.notify.chat import texts
from cityloop.notify.chat.models import Conversation
from cityloop.notify.chat.platforms import Button, Incoming, Reply
from cityloop.web.citizen import picker, questions, reporting

MAX_BUTTONS = 8
LIST_TYPES = (Datatype.SINGLEVALUELIST, Datatype.MULTIVALUELIST)


def _column(labels: list[str], prefix: str) -> tuple[tuple[Button, ...], ...]:
    return tuple((Button(label[:60], f"{prefix}:{i}"),) for i, label in enumerate(labels))


def languages() -> tuple[tuple[Button, ...], ...]:
    # Each language named in itself, whatever the conversation's language is now.
    names = {"en": "English", "zh-hans": "中文"}
    return (tuple(Button(names.get(code, code), f"lang:{code}")
                  for code, _name in settings.LANGUAGES),)


def pick(conversation: Conversation, key: str, choice: str) -> Any:
    """The item a tapped button stands for, from what was offered; None if stale."""
    _prefix, _sep, index = choice.partition(":")
    items = (conversation.offered or {}).get(key) or []
    if not index.isdigit() or int(index) >= len(items):
        return None
    return items[int(index)]


def _categories(conversation: Conversation, codes: list[str], prompt: str) -> Reply:
    found = [(code, picker.chosen_category(code)) for code in codes[:MAX_BUTTONS]]
    shown = [(code, category) for code, category in found if category is not None]
    conversation.offered = {"categories": [code for code, _c in shown], "prompt": prompt}
    buttons = _column([category.display_name for _code, category in shown], "c")
    return Reply(prompt, (*buttons, (Button(texts.something_else(), "more"),)))


def suggested(conversation: Conversation) -> Reply:
    """The kinds of problem triage finds likely for the description, as the web
    report form suggests them; the groups when it finds none."""
    found, _confident = reporting.suggestions(conversation.description, conversation.language)
    if not found:
        return groups_or_categories(conversation, "more")
    return _categories(conversation, [s.code for s in found], texts.confirm_category())


def groups_or_categories(conversation: Conversation, choice: str) -> Reply:
    """Every group ("more"), or the categories of the group tapped (``g:<i>``)."""
    groups = picker.groups()
    if choice.startswith("g:"):
        tapped = pick(conversation, "groups", choice)
        for group in groups:
            if group.code == tapped:
                return _categories(conversation, [o.code for o in group.options],
                                   texts.choose_category())
    conversation.offered = {"groups": [g.code for g in groups], "prompt": texts.choose_group()}
    return Reply(texts.choose_group(), _column([g.name for g in groups], "g"))


def search(conversation: Conversation, text: str) -> Reply:
    """The kinds of problem whose names or keywords hold the words written."""
    codes = [o.code for group in picker.groups(query=text[:100]) for o in group.options]
    if not codes:
        return Reply(texts.no_category_matches(), offered_again(conversation).buttons)
    return _categories(conversation, codes, texts.choose_category())


def offered_again(conversation: Conversation) -> Reply:
    offered = conversation.offered or {}
    if "question" in offered:
        return _ask(conversation, offered["question"]) or Reply(texts.tap_a_button())
    if "groups" in offered:
        return groups_or_categories(conversation, "more")
    if offered.get("categories"):
        return _categories(conversation, offered["categories"], offered.get("prompt", ""))
    return suggested(conversation)


# --- the category's required questions ------------------------------------------------

def _required(conversation: Conversation) -> list[ServiceAttribute]:
    category = picker.chosen_category(conversation.category)
    if category is None:
        return []
    return [a for a in questions.attributes_of(category) if a.variable and a.required]


def next_question(conversation: Conversation) -> Reply | None:
    """Ask the first required question not yet answered; None when all are."""
    answers = conversation.answers or {}
    for attribute in _required(conversation):
        if attribute.code not in answers:
            return _ask(conversation, attribute.code)
    return None


def _ask(conversation: Conversation, code: str) -> Reply | None:
    attribute = next((a for a in _required(conversation) if a.code == code), None)
    if attribute is None:
        return None
    keys = attribute.value_keys() if attribute.datatype in LIST_TYPES else []
    conversation.offered = {"question": code, "values": keys}
    text = texts.answer_question(attribute.display_description,
                                 attribute.display_datatype_description)
    return Reply(text, _column([attribute.value_name(k) for k in keys], "a"))


def take_answer(conversation: Conversation, incoming: Incoming) -> bool:
    """Keep the answer to the question asked; False when the update answers nothing."""
    offered = conversation.offered or {}
    code = offered.get("question")
    if not code:
        return False
    if offered.get("values"):
        value = pick(conversation, "values", incoming.choice) if incoming.choice else None
        if value is None:
            return False
    elif incoming.text.strip():
        value = incoming.text.strip()[:500]
    else:
        return False
    conversation.answers = {**(conversation.answers or {}), code: value}
    return True
