"""Participation as open data: what anyone may know of processes, proposals, budgets and surveys.

Read by the JSON API (``cityloop/api/participation.py``) and the open-data
export (``export``: ``cityloop participation-export``), so both follow the
same rules, those of ``analytics/opendata.py`` for cases:

- only published processes, and of their proposals only the statuses shown
  to the public (``VISIBLE``): a hidden proposal is left out, not blanked;
- never a resident: no author, supporter, voter or respondent, no address,
  no resident id. A proposal's title and body are in (residents published
  them on a public page, signed "a resident"); its photo is not;
- a proposal's point to 4 decimals (about 10 m), as a case's on the map;
- budgets: the tally (``budgets.tally``, a recount of the stored ballots)
  once results are published, and no ballot by itself: a ballot alone, even
  without a name, is what the secret of the vote protects;
- surveys: counts per choice and scale value and the mean; of a free-text
  question only how many answered; map answers as points rounded to 3
  decimals (about 100 m), without their comment, ordered by question and
  place so that neither their order nor their grouping ties the points of
  one response together.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from cityloop.i18n import pick
from cityloop.participation import budgets, surveys
from cityloop.participation.models import (
    CHOICE_KINDS,
    VISIBLE,
    Ballot,
    Budget,
    MapEntry,
    Phase,
    PhaseKind,
    Process,
    Project,
    Proposal,
    ProposalStatus,
    QuestionKind,
    Response,
    Survey,
)

POINT_DECIMALS = 4
MAP_DECIMALS = 3
# The process's public page (Process.slug's help text): built here rather than
# reversed, as the API is no client of the pages' route names.
PAGE_PATH = "/participate/{slug}/"
# A proposal's public case: only once accepted does the case carry it out.
CARRIED_OUT = (ProposalStatus.ACCEPTED, ProposalStatus.IMPLEMENTED)
PROPOSAL_VALUES = (
    "id", "process_id", "title", "body", "language", "status", "supports",
    "process__support_threshold", "answer", "answered_at", "answer_due_at",
    "category__service_code", "area__code", "lat", "lon", "case__reference",
    "merged_into_id", "merged_into__status", "created_at",
)


def time(value: datetime | None) -> str | None:
    """ISO 8601 in the city's time zone, to the second, with its offset."""
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def money(amount: Decimal) -> int | float:
    """A number for JSON (Django's encoder would write a Decimal as a string)."""
    return int(amount) if amount == amount.to_integral_value() else float(amount)


# --- processes ----------------------------------------------------------------

def published_processes() -> QuerySet[Process]:
    return (Process.objects.filter(published=True).select_related("area")
            .prefetch_related("phases").order_by("-created_at", "-id"))


def page_url(process: Process) -> str:
    return settings.PUBLIC_URL + PAGE_PATH.format(slug=process.slug)


def counts(process_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Per process: visible proposals, their supports, survey responses and ballots cast.

    A merged proposal's supports moved to the one it was merged into, so they
    are counted there only."""
    out = {pk: {"proposals": 0, "supports": 0, "responses": 0, "ballots": 0}
           for pk in process_ids}
    proposals = (Proposal.objects.filter(process_id__in=list(out), status__in=VISIBLE)
                 .values("process_id").order_by()
                 .annotate(n=Count("id"),
                           supports=Sum("supports", filter=~Q(status=ProposalStatus.MERGED))))
    for row in proposals:
        out[row["process_id"]].update(proposals=row["n"], supports=row["supports"] or 0)
    responses = (Response.objects.filter(survey__process_id__in=list(out))
                 .values("survey__process_id").order_by().annotate(n=Count("id")))
    for answered in responses:
        out[answered["survey__process_id"]]["responses"] = answered["n"]
    ballots = (Ballot.objects.filter(budget__process_id__in=list(out))
               .values("budget__process_id").order_by().annotate(n=Count("id")))
    for cast in ballots:
        out[cast["budget__process_id"]]["ballots"] = cast["n"]
    return out


def phase_record(phase: Phase) -> dict[str, Any]:
    return {"kind": phase.kind, "label": str(PhaseKind(phase.kind).label),
            "starts_at": time(phase.starts_at), "ends_at": time(phase.ends_at)}


def process_record(process: Process, language: str, figures: dict[str, int],
                   now: datetime) -> dict[str, Any]:
    current = process.phase_at(now)
    area = process.area
    return {
        "id": process.pk, "slug": process.slug, "kind": process.kind,
        "title": process.title_text(language), "summary": process.summary_text(language),
        "scope": ({"code": area.code, "name": pick(area.name, area.name_i18n, language)}
                  if area else None),
        "phase": phase_record(current) if current else None,
        "phases": [phase_record(p) for p in process.phases.all()],
        "counts": figures,
        "url": page_url(process),
    }


# --- proposals ----------------------------------------------------------------

def visible_proposals(process: Process | None = None,
                      status: str | None = None) -> QuerySet[Proposal]:
    """Proposals the public sees, newest first (of ``process``, else of every published one)."""
    found = Proposal.objects.filter(process__published=True, status__in=VISIBLE)
    if process is not None:
        found = found.filter(process=process)
    if status is not None:
        found = found.filter(status=status)
    return found.order_by("-created_at", "-id")


def proposal_rows(proposals: QuerySet[Proposal]) -> QuerySet[Any]:
    """The public columns only: no author, no photo, no staff member, no hiding reason."""
    return proposals.values(*PROPOSAL_VALUES)


def proposal_record(row: dict[str, Any]) -> dict[str, Any]:
    lat, lon = row["lat"], row["lon"]
    status = row["status"]
    return {
        "id": row["id"], "process": row["process_id"], "title": row["title"],
        "body": row["body"], "language": row["language"], "status": status,
        "status_label": str(ProposalStatus(status).label), "supports": row["supports"],
        "threshold": row["process__support_threshold"], "answer": row["answer"] or None,
        "answered_at": time(row["answered_at"]), "answer_due_at": time(row["answer_due_at"]),
        "category": row["category__service_code"], "area": row["area__code"],
        "point": ([round(lon, POINT_DECIMALS), round(lat, POINT_DECIMALS)]
                  if lat is not None and lon is not None else None),
        "case": row["case__reference"] if status in CARRIED_OUT else None,
        # A proposal merged into one hidden since points nowhere public.
        "merged_into": (row["merged_into_id"] if row["merged_into__status"] in VISIBLE
                        else None),
        "created_at": time(row["created_at"]),
    }


# --- budgets ------------------------------------------------------------------

def public_budgets() -> QuerySet[Budget]:
    projects = Project.objects.select_related("case").order_by("id")
    return (Budget.objects.filter(process__published=True)
            .prefetch_related(Prefetch("projects", queryset=projects)).order_by("id"))


def budget_record(budget: Budget, language: str) -> dict[str, Any]:
    return {
        "id": budget.pk, "process": budget.process_id, "title": budget.title_text(language),
        "amount": money(budget.amount), "rule": budget.rule, "max_choices": budget.max_choices,
        "results_published": budget.results_published_at is not None,
        "results_published_at": time(budget.results_published_at),
        "projects": [{"id": p.pk, "title": p.title_text(language), "cost": money(p.cost)}
                     for p in budget.projects.all()],
    }


def budget_results(budget: Budget, language: str) -> dict[str, Any] | None:
    """The published results, recounted from the stored ballots; None before publication."""
    if budget.results_published_at is None:
        return None
    tally = budgets.tally(budget)
    return {
        "budget": budget.pk, "amount": money(budget.amount), "total": money(tally.total),
        "ballots": tally.ballots, "published_at": time(budget.results_published_at),
        "projects": [{
            "id": r.project.pk, "title": r.project.title_text(language),
            "cost": money(r.project.cost), "votes": r.votes, "selected": r.selected,
            "status": r.project.status,
            "case": r.project.case.reference if r.project.case else None,
        } for r in tally.projects],
    }


# --- surveys ------------------------------------------------------------------

def published_surveys() -> QuerySet[Survey]:
    return Survey.objects.filter(process__published=True).order_by("id")


def public_surveys() -> QuerySet[Survey]:
    return published_surveys().prefetch_related("questions")


def response_counts(survey_ids: Iterable[int]) -> dict[int, int]:
    rows = (Response.objects.filter(survey_id__in=list(survey_ids)).values("survey_id")
            .order_by().annotate(n=Count("id")))
    return {row["survey_id"]: row["n"] for row in rows}


def survey_record(survey: Survey, language: str, responses: int) -> dict[str, Any]:
    return {
        "id": survey.pk, "process": survey.process_id, "title": survey.title_text(language),
        "intro": survey.intro_text(language), "responses": responses,
        "questions": [{
            "id": q.pk, "position": q.position, "kind": q.kind, "text": q.text_in(language),
            "required": q.required,
            "choices": [{"key": key, "label": label}
                        for key, label in q.choice_labels(language)],
            "scale": ({"min": q.scale_min, "max": q.scale_max}
                      if q.kind == QuestionKind.SCALE else None),
        } for q in survey.questions.all()],
    }


def survey_results(survey: Survey, language: str) -> dict[str, Any]:
    """``surveys.results`` as data: counts and means, never an answer's text."""
    results = surveys.results(survey, language)
    questions = []
    for r in results.questions:
        q = r.question
        scale = None
        if q.kind == QuestionKind.SCALE:
            scale = {"min": q.scale_min, "max": q.scale_max, "mean": r.mean,
                     "counts": [{"value": int(key), "count": n} for key, _label, n in r.counts]}
        questions.append({
            "id": q.pk, "position": q.position, "kind": q.kind, "text": q.text_in(language),
            "answered": r.answered,
            "choices": ([{"key": key, "label": label, "count": n}
                         for key, label, n in r.counts] if q.kind in CHOICE_KINDS else []),
            "scale": scale, "entries": r.entries,
        })
    return {"survey": survey.pk, "responses": results.responses, "questions": questions}


def survey_points(surveys_of: QuerySet[Survey], question_id: int | None = None
                  ) -> Iterator[dict[str, Any]]:
    """GeoJSON Features of the map answers, one per point, line or area drawn (its point)."""
    entries = MapEntry.objects.filter(answer__response__survey__in=surveys_of)
    if question_id is not None:
        entries = entries.filter(answer__question_id=question_id)
    rows = (entries.order_by("answer__response__survey_id", "answer__question__position",
                             "answer__question_id", "lat", "lon")
            .values_list("lat", "lon", "answer__response__survey_id", "answer__question_id",
                         "answer__question__kind"))
    for lat, lon, survey_id, question, kind in rows.iterator(chunk_size=2000):
        yield {"type": "Feature",
               "geometry": {"type": "Point", "coordinates": [round(lon, MAP_DECIMALS),
                                                             round(lat, MAP_DECIMALS)]},
               "properties": {"survey": survey_id, "question": question, "kind": kind}}
