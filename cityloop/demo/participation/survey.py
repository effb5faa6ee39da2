"""The map survey "Where do you feel unsafe walking at night?", open now.

Responses are many, so they are written in bulk, as ``surveys.respond``
writes them: one response per resident, an answer per question answered
(choice keys as a list, the scale's number, the text), map answers as
entries with a GeoJSON geometry, its point and a comment, and one
``responded`` event each. Pins gather where residents of any city feel
unsafe at night (an unlit underpass, the night market, the campus belt) and
along the back streets; every point is inside the city.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from cityloop.demo.participation.ground import ZH, Ground, Spot, load
from cityloop.demo.participation.people import Roll
from cityloop.geo.index import area_at
from cityloop.participation.models import (
    Answer,
    Event,
    EventKind,
    MapEntry,
    Phase,
    PhaseKind,
    Process,
    ProcessKind,
    Question,
    Resident,
    Response,
    Survey,
)

SLUG = "night-walks"
HOTSPOT_SHARE = 0.6  # the rest of the pins fall along the back streets
P_COMMENT = 0.55
P_TEXT = 0.35
P_LINE = 0.15
PINS = (0, 1, 1, 1, 2, 2, 3)  # how many pins a respondent drops


def build(ground: Ground, roll: Roll, residents: list[Resident],
          rng: random.Random) -> Survey:
    data = load("survey.yaml")
    now = ground.now
    opened = now - timedelta(days=14)
    process = Process.objects.create(
        slug=SLUG, kind=ProcessKind.SURVEY, published=True, title=data["title"]["en"],
        title_i18n={ZH: data["title"][ZH]}, summary=data["intro"]["en"],
        summary_i18n={ZH: data["intro"][ZH]})
    Phase.objects.create(process=process, kind=PhaseKind.INFORMATION,
                         starts_at=opened - timedelta(days=7), ends_at=opened)
    Phase.objects.create(process=process, kind=PhaseKind.CONSULTATION, starts_at=opened,
                         ends_at=now + timedelta(days=16))
    survey = Survey.objects.create(process=process, title=data["title"]["en"],
                                   title_i18n={ZH: data["title"][ZH]}, intro=data["intro"]["en"],
                                   intro_i18n={ZH: data["intro"][ZH]})
    questions = {row["key"]: _question(survey, n, row) for n, row in enumerate(data["questions"])}
    _responses(ground, roll, survey, questions, data, residents, opened, rng)
    return survey


def _question(survey: Survey, position: int, row: dict[str, Any]) -> Question:
    return Question.objects.create(
        survey=survey, position=position + 1, kind=row["kind"], text=row["text"]["en"],
        text_i18n={ZH: row["text"][ZH]}, help=row.get("help", {}).get("en", ""),
        help_i18n={ZH: row["help"][ZH]} if "help" in row else {},
        choices=[{"key": c["key"], "en": c["en"], ZH: c[ZH]} for c in row.get("choices", [])],
        max_features=row.get("max", 5), required=bool(row.get("required")))


def _responses(ground: Ground, roll: Roll, survey: Survey, questions: dict[str, Question],
               data: dict[str, Any], residents: list[Resident], opened: Any,
               rng: random.Random) -> None:
    pins = Pins(ground, data, rng)
    span = ground.now - timedelta(minutes=5) - opened
    responses, values, entries, events = [], [], [], []
    for resident in residents:
        # Answers come in fast when the survey opens, then trail off.
        at = opened + span * (rng.expovariate(2.5) % 1.0)
        response = Response(survey=survey, resident=resident, created_at=at)
        responses.append(response)
        answers = _answers(questions, data, resident.language, pins, rng)
        values.append(answers)
        events.append(Event(at=at, kind=EventKind.RESPONDED, process=survey.process,
                            data={"survey": survey.pk}))
        roll.acted(resident.pk, at)
    Response.objects.bulk_create(responses, batch_size=1000)
    rows: list[Answer] = []
    for response, answers in zip(responses, values, strict=True):
        for question, value, _drawn in answers:
            rows.append(Answer(response=response, question=question, value=value))
    Answer.objects.bulk_create(rows, batch_size=2000)
    flat = (drawn for answers in values for _q, _v, drawn in answers)
    for answer, drawn in zip(rows, flat, strict=True):
        entries += [MapEntry(answer=answer, **entry) for entry in drawn]
    MapEntry.objects.bulk_create(entries, batch_size=2000)
    Event.objects.bulk_create(events, batch_size=2000)


def _answers(questions: dict[str, Question], data: dict[str, Any], language: str,
             pins: Pins, rng: random.Random) -> list[tuple[Question, Any, list[Any]]]:
    """One resident's answers: (question, value, map entries)."""
    rows = {row["key"]: row for row in data["questions"]}

    def pick(key: str) -> str:
        choices = rows[key]["choices"]
        return str(rng.choices([c["key"] for c in choices], [c["weight"] for c in choices])[0])

    Row = tuple[Question, Any, list[dict[str, Any]]]
    out: list[Row] = [(questions["often"], [pick("often")], [])]
    reasons = sorted({pick("why") for _ in range(rng.choice((1, 2, 2, 3)))})
    out.append((questions["why"], reasons, []))
    dropped = [pins.pin(language, rng) for _ in range(rng.choice(PINS))]
    # Who marks unsafe places feels less safe.
    centre = 3.4 - 0.45 * len(dropped)
    out.append((questions["safe"], max(1, min(5, round(rng.gauss(centre, 0.9)))), []))
    if dropped:
        out.append((questions["places"], None, dropped))
    if rng.random() < P_LINE:
        out.append((questions["route"], None, [pins.line(language, rng)]))
    if rng.random() < P_TEXT:
        out.append((questions["change"], rng.choice(data["changes"][language]), []))
    return out


class Pins:
    """Where residents drop pins: around the night's trouble spots, or along back streets."""

    def __init__(self, ground: Ground, data: dict[str, Any], rng: random.Random):
        self.ground, self.data = ground, data
        self.spots = [(ground.hotspots[row["spot"]], row) for row in data["hotspots"]
                      if row["spot"] in ground.hotspots]
        self.lanes: list[Spot] = [r for r in ground.roads if r.line]

    def pin(self, language: str, rng: random.Random) -> dict[str, Any]:
        if self.spots and rng.random() < HOTSPOT_SHARE:
            spot, row = rng.choices(self.spots, [float(r["weight"]) for _s, r in self.spots])[0]
            lat, lon = self.ground.around(spot, rng)
            said = row[language]
        else:
            lat, lon = self.ground.on_road(rng.choice(self.lanes), rng)
            said = self.data["street_comments"][language]
        comment = rng.choice(said) if rng.random() < P_COMMENT else ""
        return {"geometry": {"type": "Point", "coordinates": [lon, lat]}, "lat": lat,
                "lon": lon, "comment": comment}

    def line(self, language: str, rng: random.Random) -> dict[str, Any]:
        """A stretch of a real street: three to six of its points in a row."""
        for _ in range(20):
            part = max(rng.choice(self.lanes).line, key=len)
            first = rng.randrange(max(1, len(part) - 2))
            points = [list(p) for p in part[first:first + rng.randint(3, 6)]]
            middle = points[len(points) // 2]
            if len(points) >= 2 and area_at(middle[1], middle[0]) is not None:
                break
        comment = rng.choice(self.data["street_comments"][language]) \
            if rng.random() < P_COMMENT else ""
        return {"geometry": {"type": "LineString", "coordinates": points}, "lat": middle[1],
                "lon": middle[0], "comment": comment}
