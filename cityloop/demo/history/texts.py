"""What people write: report texts, staff updates, follow-ups, rating comments,
synthetic reporters, and answers to each category's questions.

The texts come from ``data/reports.yaml`` (English and Simplified Chinese,
written as people type them). Reporters are invented: names drawn from short
lists and addresses at example.org (RFC 2606), never anything that could
belong to a real person.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from cityloop.cases.contacts import ContactInfo
from cityloop.catalogue.models import LIST_DATATYPES, Datatype, ServiceAttribute

REPORTS_FILE = Path(__file__).resolve().parent.parent / "data" / "reports.yaml"
LANGUAGES = ("zh-hans", "en")
STAFF_KINDS = ("assigned", "in_progress", "resolved", "rejected_invalid", "rejected_not_ours")

# Staff updates in reports.yaml are partly about one kind of problem ("the
# streetlight has been repaired"). A text that names one of these words is
# used only for the categories listed under every word it names; a text
# naming none fits any case.
_ROADS = ("pothole", "footpath", "road_obstruction")
_CLEANING = ("missed_collection", "illegal_dumping", "street_cleaning")
_DRAINS = ("flooding", "blocked_drain", "sewage", "water_leak")
HINTS: dict[str, tuple[str, ...]] = {
    "pothole": ("pothole",),
    "road": _ROADS,
    "light": ("streetlight", "traffic_signal"),
    "drain": _DRAINS,
    "vehicle": ("abandoned_vehicle", "illegal_parking"),
    "waste": _CLEANING,
    "clean": _CLEANING,
    "sanitation": _CLEANING,
    "obstruction": ("road_obstruction",),
    "noise": ("noise",),
    "power supply": ("streetlight", "dangerous_structure"),
    "construction": ("noise", "air_pollution", "road_obstruction", "dangerous_structure"),
    "metro": ("illegal_parking", "street_cleaning", "streetlight", "footpath"),
    "building owner": ("dangerous_structure", "graffiti", "water_leak"),
    "highway": _ROADS,
    "repair": (*_ROADS, "streetlight", "traffic_signal", "park_maintenance",
               "dangerous_structure", "water_leak"),
}
# When no text of reports.yaml fits a category.
FALLBACK_UPDATES = {
    "resolved": ("Dealt with by the responsible team. Thank you for reporting.",
                 "责任部门已处理完毕，感谢您的反映。"),
    "rejected_invalid": ("We could not find the problem described at this location.",
                         "经现场核查，未发现所反映的问题。"),
}

# fmt: off
ZH_SURNAMES = [("Wang", "王"), ("Li", "李"), ("Zhang", "张"), ("Liu", "刘"), ("Chen", "陈"),
               ("Yang", "杨"), ("Huang", "黄"), ("Zhao", "赵"), ("Wu", "吴"), ("Zhou", "周"),
               ("Xu", "徐"), ("Sun", "孙"), ("Ma", "马"), ("Zhu", "朱"), ("Hu", "胡"),
               ("Guo", "郭"), ("He", "何"), ("Lin", "林"), ("Luo", "罗"), ("Liang", "梁")]
ZH_GIVEN = [("Xiaoyu", "晓雨"), ("Haoran", "浩然"), ("Yiming", "一鸣"), ("Jiayi", "佳怡"),
            ("Zixuan", "子轩"), ("Yutong", "雨桐"), ("Junjie", "俊杰"), ("Xinyi", "欣怡"),
            ("Mingyuan", "明远"), ("Shuhua", "淑华"), ("Guoqiang", "国强"), ("Lihua", "丽华"),
            ("Jianguo", "建国"), ("Wenjing", "文静"), ("Tianyu", "天宇"), ("Meiling", "美玲")]
EN_FIRST = ["Alex", "Sam", "Jamie", "Robin", "Chris", "Taylor", "Morgan", "Jordan", "Casey",
            "Riley", "Avery", "Quinn", "Charlie", "Drew", "Emery", "Rowan"]
EN_LAST = ["Parker", "Ellis", "Hayes", "Brooks", "Foster", "Reed", "Morgan", "Bailey",
           "Carter", "Dawson", "Grant", "Hughes", "Lane", "Mills", "Porter", "Shaw"]
# fmt: on


@dataclass
class Texts:
    reports: dict[str, dict[str, list[str]]]
    followups: dict[str, list[str]]
    staff: dict[str, dict[str, list[str]]]
    ratings: dict[int, dict[str, list[str]]]

    @classmethod
    def load(cls, path: Path = REPORTS_FILE) -> Texts:
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        reports = {code: _by_language(v) for code, v in data.items() if not code.startswith("_")}
        staff = {kind: _by_language(v) for kind, v in (data.get("_staff_updates") or {}).items()}
        ratings = {int(k): _by_language(v)
                   for k, v in (data.get("_ratings_comments") or {}).items()}
        return cls(reports, _by_language(data.get("_followups") or {}), staff, ratings)

    def report(self, category: str, language: str, rng: random.Random) -> str:
        options = self.reports.get(category, {}).get(language) or []
        return rng.choice(options) if options else ""

    def followup(self, language: str, rng: random.Random) -> str:
        options = self.followups.get(language) or []
        return rng.choice(options) if options else ""

    def rating_comment(self, rating: int, language: str, rng: random.Random) -> str:
        options = self.ratings.get(rating, {}).get(language) or []
        return rng.choice(options) if options else ""

    def staff_update(self, kind: str, category: str, language: str, rng: random.Random) -> str:
        """A staff public update that fits the category, in the reporter's language.

        With ``category`` empty, only updates that name no particular problem.
        """
        texts = self.staff.get(kind, {})
        english = texts.get("en") or []
        wanted = texts.get(language) or english
        if len(wanted) != len(english):
            return rng.choice(wanted) if wanted else ""
        fitting = [i for i, text in enumerate(english) if _fits(text, category)]
        if not fitting:
            en, zh = FALLBACK_UPDATES.get(kind, ("", ""))
            return zh if language == "zh-hans" else en
        # The two lists say the same things in the same order.
        return wanted[rng.choice(fitting)]


def _by_language(value: Any) -> dict[str, list[str]]:
    if not isinstance(value, dict):
        return {}
    return {str(lang): [str(t) for t in texts or []] for lang, texts in value.items()}


def _fits(text: str, category: str) -> bool:
    lowered = text.lower()
    named = [cats for word, cats in HINTS.items() if word in lowered]
    return all(category in cats for cats in named)


def reporter(language: str, serial: int, rng: random.Random) -> ContactInfo:
    """An invented reporter who writes in ``language``."""
    if language == "zh-hans":
        (sur_py, sur), (given_py, given) = rng.choice(ZH_SURNAMES), rng.choice(ZH_GIVEN)
        name, handle = f"{sur}{given}", f"{given_py}.{sur_py}"
    else:
        first, last = rng.choice(EN_FIRST), rng.choice(EN_LAST)
        name, handle = f"{first} {last}", f"{first}.{last}"
    return ContactInfo(
        name=name,
        email=f"{handle.lower()}{serial % 997}@example.org",
        show_name=rng.random() < 0.1,
        language=language,
    )


def answers(questions: list[ServiceAttribute], at: datetime, rng: random.Random) -> dict[str, Any]:
    """Valid answers to a category's questions: all required ones, some optional ones."""
    out: dict[str, Any] = {}
    for question in questions:
        if not question.variable or not (question.required or rng.random() < 0.45):
            continue
        value = _answer(question, at, rng)
        if value not in (None, "", []):
            out[question.code] = value
    return out


def _answer(question: ServiceAttribute, at: datetime, rng: random.Random) -> Any:
    datatype = question.datatype
    if datatype in LIST_DATATYPES:
        keys = question.value_keys()
        # Earlier choices are the commoner ones in most catalogues.
        weights = [1.0 / (i + 1) for i in range(len(keys))]
        if datatype == Datatype.SINGLEVALUELIST:
            return rng.choices(keys, weights)[0]
        return sorted(set(rng.choices(keys, weights, k=rng.randint(1, 2))), key=keys.index)
    if datatype == Datatype.NUMBER:
        return rng.choice([1, 2, 2, 3, 5, 5, 8, 10, 15, 20])
    if datatype == Datatype.DATETIME:
        return at.isoformat()
    if question.required:
        return "-"  # a short text nobody would mind; the description says the rest
    return ""
