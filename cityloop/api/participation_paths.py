"""Residents' participation in OpenAPI: /api/v1/participation/ (api/participation.py)."""

from __future__ import annotations

from typing import Any

from cityloop.api.participation import CACHE_SECONDS, DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET
from cityloop.api.public_paths import get
from cityloop.api.spec import (
    GEOJSON,
    JSON,
    Schema,
    header,
    nullable,
    obj,
    path_param,
    query,
    ref,
    response,
    string,
)
from cityloop.participation.models import (
    VISIBLE,
    BallotRule,
    PhaseKind,
    ProcessKind,
    ProjectStatus,
    QuestionKind,
)

TAG = "Participation"
INTEGER = {"type": "integer"}
COUNT = {"type": "integer", "minimum": 0}
NUMBER = {"type": "number"}
TIME = string("ISO 8601 in the city's time zone, with its offset.", format="date-time")
ID = {"type": "integer", "minimum": 1}


def _enum(values: Any, description: str = "") -> Schema:
    return string(description, enum=[str(v) for v in values])


PHASE = obj({"kind": _enum(PhaseKind.values), "label": string("In the request's language."),
             "starts_at": TIME, "ends_at": TIME}, ["kind", "label", "starts_at", "ends_at"])
PROCESS = obj({
    "id": INTEGER, "slug": string(), "kind": _enum(ProcessKind.values),
    "title": string("In the request's language, else the city's default language."),
    "summary": string(),
    "scope": nullable(obj({"code": string("The area's code."), "name": string()},
                          ["code", "name"], description="The district or street; null for "
                          "the whole city.")),
    "phase": nullable(ref("ParticipationPhase")),
    "phases": {"type": "array", "items": ref("ParticipationPhase")},
    "counts": obj({
        "proposals": {**COUNT, "description": "Proposals shown to the public."},
        "supports": {**COUNT, "description": "Their supports (a merged proposal's count "
                                             "where they were merged)."},
        "responses": {**COUNT, "description": "Survey responses."},
        "ballots": {**COUNT, "description": "Ballots cast in its budgets."},
    }, ["proposals", "supports", "responses", "ballots"]),
    "url": string("The process's public page.", format="uri"),
}, ["id", "slug", "kind", "title", "summary", "scope", "phase", "phases", "counts", "url"])

PROPOSAL = obj({
    "id": INTEGER, "process": INTEGER, "title": string(), "body": string(),
    "language": string("The language it was written in."),
    "status": _enum(VISIBLE), "status_label": string("In the request's language."),
    "supports": COUNT,
    "threshold": {**COUNT, "description": "The supports that oblige a public answer."},
    "answer": nullable(string("The department's public answer.")),
    "answered_at": nullable(TIME),
    "answer_due_at": nullable({**TIME, "description": "Set when the threshold is reached."}),
    "category": nullable(string("The category's Open311 service_code.")),
    "area": nullable(string("The area's code.")),
    "point": nullable({"type": "array", "items": NUMBER, "minItems": 2, "maxItems": 2,
                       "description": "[longitude, latitude], to 4 decimals (about 10 m)."}),
    "case": nullable(string("The reference of the case carrying it out, once accepted.")),
    "merged_into": nullable({**INTEGER, "description": "The proposal it was merged into."}),
    "created_at": TIME,
}, ["id", "process", "title", "body", "language", "status", "status_label", "supports",
    "threshold", "answer", "answered_at", "answer_due_at", "category", "area", "point",
    "case", "merged_into", "created_at"])

BUDGET = obj({
    "id": INTEGER, "process": INTEGER, "title": string(), "amount": NUMBER,
    "rule": _enum(BallotRule.values, "knapsack: projects up to the amount; k_of_n: up to "
                                     "max_choices projects."),
    "max_choices": nullable(COUNT), "results_published": {"type": "boolean"},
    "results_published_at": nullable(TIME),
    "projects": {"type": "array", "items": obj({"id": INTEGER, "title": string(),
                                                "cost": NUMBER}, ["id", "title", "cost"])},
}, ["id", "process", "title", "amount", "rule", "max_choices", "results_published",
    "results_published_at", "projects"])

RESULTS = obj({
    "budget": INTEGER, "amount": NUMBER,
    "total": {**NUMBER, "description": "The cost of the selected projects."},
    "ballots": COUNT, "published_at": TIME,
    "projects": {"type": "array", "description": "In order of votes; ties: the cheaper first.",
                 "items": obj({
                     "id": INTEGER, "title": string(), "cost": NUMBER, "votes": COUNT,
                     "selected": {"type": "boolean"}, "status": _enum(ProjectStatus.values),
                     "case": nullable(string("The case carrying it out, once started.")),
                 }, ["id", "title", "cost", "votes", "selected", "status", "case"])},
}, ["budget", "amount", "total", "ballots", "published_at", "projects"])

QUESTION = obj({
    "id": INTEGER, "position": COUNT, "kind": _enum(QuestionKind.values), "text": string(),
    "required": {"type": "boolean"},
    "choices": {"type": "array", "items": obj({"key": string(), "label": string()},
                                              ["key", "label"])},
    "scale": nullable(obj({"min": INTEGER, "max": INTEGER}, ["min", "max"])),
}, ["id", "position", "kind", "text", "required", "choices", "scale"])

SURVEY = obj({
    "id": INTEGER, "process": INTEGER, "title": string(), "intro": string(),
    "responses": COUNT, "questions": {"type": "array", "items": ref("SurveyQuestion")},
}, ["id", "process", "title", "intro", "responses", "questions"])

QUESTION_RESULT = obj({
    "id": INTEGER, "position": COUNT, "kind": _enum(QuestionKind.values), "text": string(),
    "answered": {**COUNT, "description": "Responses answering it (free text: only this)."},
    "choices": {"type": "array", "items": obj({"key": string(), "label": string(),
                                               "count": COUNT}, ["key", "label", "count"])},
    "scale": nullable(obj({"min": INTEGER, "max": INTEGER, "mean": nullable(NUMBER),
                           "counts": {"type": "array", "items": obj(
                               {"value": INTEGER, "count": COUNT}, ["value", "count"])}},
                          ["min", "max", "mean", "counts"])),
    "entries": {**COUNT, "description": "Map questions: points, lines or areas drawn."},
}, ["id", "position", "kind", "text", "answered", "choices", "scale", "entries"])

POINT_FEATURE = obj({
    "type": {"const": "Feature"},
    "geometry": obj({"type": {"const": "Point"},
                     "coordinates": {"type": "array", "items": NUMBER, "minItems": 2,
                                     "maxItems": 2,
                                     "description": "[longitude, latitude] to 3 decimals "
                                                    "(about 100 m)."}},
                    ["type", "coordinates"]),
    "properties": obj({"survey": INTEGER, "question": INTEGER,
                       "kind": _enum(["point", "line", "area"], "What was drawn: a line's "
                                     "or an area's point lies inside it.")},
                      ["survey", "question", "kind"]),
}, ["type", "geometry", "properties"])

SCHEMAS: dict[str, Schema] = {
    "ParticipationPhase": PHASE,
    "ParticipationProcess": PROCESS,
    "ParticipationProcesses": obj({"processes": {"type": "array",
                                                 "items": ref("ParticipationProcess")}},
                                  ["processes"]),
    "Proposal": PROPOSAL,
    "Proposals": obj({"process": INTEGER, "total": COUNT, "limit": INTEGER, "offset": COUNT,
                      "proposals": {"type": "array", "items": ref("Proposal")}},
                     ["process", "total", "limit", "offset", "proposals"]),
    "Budget": BUDGET,
    "Budgets": obj({"budgets": {"type": "array", "items": ref("Budget")}}, ["budgets"]),
    "BudgetResults": RESULTS,
    "SurveyQuestion": QUESTION,
    "Survey": SURVEY,
    "Surveys": obj({"surveys": {"type": "array", "items": ref("Survey")}}, ["surveys"]),
    "SurveyQuestionResult": QUESTION_RESULT,
    "SurveyResults": obj({"survey": INTEGER, "responses": COUNT,
                          "questions": {"type": "array", "items": ref("SurveyQuestionResult")}},
                         ["survey", "responses", "questions"]),
    "SurveyPointFeature": POINT_FEATURE,
    "SurveyPoints": obj({"type": {"const": "FeatureCollection"},
                         "features": {"type": "array", "items": ref("SurveyPointFeature")}},
                        ["type", "features"]),
    "ParticipationError": obj({"error": obj({"code": INTEGER, "message": string()},
                                            ["code", "message"])}, ["error"]),
}

LANG = query("lang", "The language of titles and labels (default: Accept-Language).",
             {"type": "string", "enum": ["en", "zh-hans", "zh"]})
_HEADERS = {
    "Cache-Control": header(f"public, max-age={CACHE_SECONDS}.", required=True),
    "Access-Control-Allow-Origin": header("*: any site may read it.", required=True),
    "Content-Language": header("The language of titles and labels.", required=True),
}


def _ok(description: str, schema: str, media: str = JSON) -> dict[str, Any]:
    return response(description, media, ref(schema), _HEADERS)


def _error(description: str) -> dict[str, Any]:
    return response(description, JSON, ref("ParticipationError"))


def _id(what: str) -> dict[str, Any]:
    return path_param("id", f"The {what}'s id.", ID)


def paths() -> dict[str, Any]:
    bad_lang = {"400": _error("lang is not a language of the city.")}
    base = "/api/v1/participation"
    return {
        f"{base}/processes": get(
            "participationProcesses", "Participation processes",
            "Published consultations, map surveys and participatory budgets, newest first, "
            "with their phases, the one running now and what residents have done so far.",
            _ok("The processes.", "ParticipationProcesses"), [LANG], bad_lang, tag=TAG),
        f"{base}/processes/{{id}}/proposals": get(
            "participationProposals", "A process's proposals",
            "Proposals shown to the public, newest first, with their supports and the "
            "department's answer; never their author. Hidden proposals are left out.",
            _ok("A page of proposals and how many there are.", "Proposals"),
            [_id("process"),
             query("limit", f"Proposals per page (default {DEFAULT_LIMIT}).",
                   {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT}),
             query("offset", "Proposals to skip (default 0).",
                   {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET}),
             query("status", "Only proposals of this status.", _enum(VISIBLE)), LANG],
            {"400": _error("limit, offset, status or lang is malformed; the message says "
                           "which."),
             "404": _error("No published process of that id.")}, tag=TAG),
        f"{base}/budgets": get(
            "participationBudgets", "Participatory budgets",
            "The budgets of published processes: amount, ballot rule, projects and whether "
            "the results are out.", _ok("The budgets.", "Budgets"), [LANG], bad_lang, tag=TAG),
        f"{base}/budgets/{{id}}/results": get(
            "participationBudgetResults", "A budget's results",
            "Recounted from the stored ballots: votes per project, and the projects selected "
            "in order of votes while they fit in the amount. No ballot is shown by itself.",
            _ok("The results.", "BudgetResults"), [_id("budget"), LANG],
            {**bad_lang, "404": _error("No budget of that id in a published process."),
             "409": _error("The results are not published yet: they come after the vote.")},
            tag=TAG),
        f"{base}/surveys": get(
            "participationSurveys", "Surveys",
            "The surveys of published processes with their questions and how many answered.",
            _ok("The surveys.", "Surveys"), [LANG], bad_lang, tag=TAG),
        f"{base}/surveys/{{id}}/results": get(
            "participationSurveyResults", "A survey's results",
            "Per question: counts per choice, counts per scale value and their mean, how many "
            "answered a free-text question (never the texts), how many map answers.",
            _ok("The results.", "SurveyResults"), [_id("survey"), LANG],
            {**bad_lang, "404": _error("No survey of that id in a published process.")},
            tag=TAG),
        f"{base}/surveys/{{id}}/points.geojson": get(
            "participationSurveyPoints", "A survey's map answers",
            "One point per point, line or area drawn, rounded to about 100 m, with its "
            "question; no comment and nothing that ties the points of one response together.",
            _ok("The points.", "SurveyPoints", GEOJSON),
            [_id("survey"), query("question", "Only this map question's answers.", ID), LANG],
            {"400": _error("question is not a map question of this survey, or lang is "
                           "unknown."),
             "404": _error("No survey of that id in a published process.")}, tag=TAG),
    }
