"""What the case page shows, gathered without HTTP: answers with their
questions, the full timeline, photos, possible duplicates, the triage
suggestion and the action forms the user may use."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User

from cityloop.cases import policy, suggest
from cityloop.cases.actions import ACTIONS
from cityloop.cases.models import OPEN_STATUSES, Case, CaseEvent, CaseMedia, MediaKind, Status
from cityloop.cases.policy import actions as action_rules
from cityloop.catalogue import snapshot
from cityloop.web.staff import source, timeline_words
from cityloop.web.staff.actions import bind
from cityloop.web.staff.forms import CaseForm
from cityloop.web.staff.participation.links import Carried, carried_out


@dataclass
class Answer:
    question: str
    answer: str


@dataclass
class TimelineEntry:
    event: CaseEvent
    label: str
    from_label: str
    to_label: str
    details: list[str]
    actor: str = ""


@dataclass
class Photo:
    media: CaseMedia
    approvable: bool


@dataclass
class Page:
    case: Case
    overdue: bool
    answers: list[Answer]
    timeline: list[TimelineEntry]
    photos: list[Photo]
    followers: int
    duplicates: list[Case]
    triage: dict[str, Any]
    allowed: set[str]
    forms: dict[str, CaseForm] = field(default_factory=dict)
    source: str = ""  # "Sensor: …" or "Hotspot of N reports"; "" for a person's report
    # The residents' proposals and budget projects this case carries out.
    carries_out: list[Carried] = field(default_factory=list)


def answers(case: Case) -> list[Answer]:
    """Each answered question of the category, in the category's order."""
    out = []
    for attribute in snapshot.current().attributes.get(case.category_id, []):
        if attribute.code not in case.attributes:
            continue
        raw = case.attributes[attribute.code]
        values = raw if isinstance(raw, list) else [raw]
        shown = [attribute.value_name(str(v)) if attribute.values else str(v) for v in values]
        out.append(Answer(attribute.display_description, ", ".join(shown)))
    known = {a.code for a in snapshot.current().attributes.get(case.category_id, [])}
    # Answers to questions the category no longer asks are still the reporter's words.
    out += [Answer(code, str(value)) for code, value in case.attributes.items()
            if code not in known]
    return out


def timeline(case: Case) -> list[TimelineEntry]:
    """Every event, internal notes and contact viewings included, oldest first."""
    labels = dict(Status.choices)
    events = list(CaseEvent.objects.filter(case=case).order_by("seq"))
    names = timeline_words.display_names(
        str(e.data.get("assignee") or "") for e in events)
    actors = timeline_words.actor_names((e.actor_kind, e.actor_label) for e in events)
    return [
        TimelineEntry(
            event,
            timeline_words.title(event.action),
            str(labels.get(event.from_status, event.from_status)),
            str(labels.get(event.to_status, event.to_status)),
            timeline_words.sentences(event.action, event.data, names),
            actors[(event.actor_kind, event.actor_label)],
        )
        for event in events
    ]


def triage_summary(case: Case) -> dict[str, Any]:
    """What triage suggested, with category names; empty when it said nothing."""
    data = case.triage or {}
    if not data:
        return {}
    categories = snapshot.current().categories

    def name(code: Any) -> str:
        category = categories.get(str(code))
        return category.display_name if category else str(code or "")

    top3 = [(name(code), round(float(p) * 100)) for code, p in data.get("top3", [])]
    return {
        "category": name(data.get("category")) if data.get("category") else "",
        "confidence": round(float(data.get("confidence") or 0) * 100),
        "top3": top3,
        "priority": data.get("priority") or "",
        "provider": data.get("provider") or "",
        "corrected_to": name(data["corrected_to"]) if data.get("corrected_to") else "",
    }


def duplicates(user: User, case: Case, now: datetime) -> list[Case]:
    """Open cases nearby that may report the same problem, among those the user sees."""
    if case.lat is None or case.lon is None or case.status not in OPEN_STATUSES:
        return []
    found = suggest.possible_duplicates(case.category, case.lat, case.lon, now,
                                        text=case.description, exclude=[case.pk])
    visible = set(policy.visible_cases(user).filter(pk__in=[c.pk for c in found])
                  .values_list("pk", flat=True))
    return [c for c in found if c.pk in visible]


def build(user: User, case: Case, now: datetime,
          bound: dict[str, CaseForm] | None = None) -> Page:
    allowed = action_rules.available(user, case)
    media = list(case.media.all())
    photos = [Photo(m, "approve_photo" in allowed and not m.public and m.kind != MediaKind.AFTER)
              for m in media]
    # Forms only for what the case's status allows; the lifecycle would refuse the rest.
    forms = {action: bind(action, case, user) for action in allowed
             if case.status in ACTIONS[action].allowed_from}
    forms.update(bound or {})
    return Page(
        case=case,
        overdue=case.status in OPEN_STATUSES and case.due_at < now,
        answers=answers(case),
        timeline=timeline(case),
        photos=photos,
        followers=case.contacts.count(),
        duplicates=duplicates(user, case, now),
        triage=triage_summary(case),
        allowed=allowed,
        forms=forms,
        source=source.source_of(case),
        carries_out=carried_out(case, staff=user),
    )
