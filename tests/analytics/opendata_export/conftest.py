"""A test city with enough cases for k = 5, each group built to land on one rule.

East, Monday:      6 potholes, one day                 → published by the day
East, Tue + Wed:   3 + 3 potholes                      → by the ISO week
West, Tue:         3 potholes + 3 footpaths (roads)    → by the week and the group
West, next week:   2 potholes                          → left out
East, two weeks:   2 + 3 potholes, weeks later         → by the month and the group
East, 1 April:     1 pothole, in the week of March 30  → left out (alone in its month)
East, Monday:      5 noise reports (not public)        → never read
Every case has its own contact and a description no file may contain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from cityloop.analytics import opendata_export
from cityloop.cases.contacts import ContactInfo
from cityloop.cases.models import Case
from tests import citydata

K = 5
MONDAY = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)  # ISO week 2026-W11


@dataclass
class Scenario:
    cases: dict[str, list[Case]] = field(default_factory=dict)
    secrets: list[str] = field(default_factory=list)


@pytest.fixture
def scenario(make_case: Any) -> Scenario:
    built = Scenario()
    plan = [
        ("by_day", "pothole", citydata.INSIDE_EAST_S, [0] * 6),
        ("by_week", "pothole", citydata.INSIDE_EAST_S, [1, 1, 1, 2, 2, 2]),
        ("by_group_pothole", "pothole", citydata.INSIDE_WEST_S, [1, 1, 1]),
        ("by_group_footpath", "footpath", citydata.INSIDE_WEST_S, [1, 1, 1]),
        ("left_out", "pothole", citydata.INSIDE_WEST_N, [10, 10]),
        ("by_month", "pothole", citydata.INSIDE_EAST_N, [14, 14, 21, 21, 22]),
        ("next_month", "pothole", citydata.INSIDE_EAST_N, [23]),
        ("sensitive", "noise", citydata.INSIDE_EAST_S, [0] * 5),
    ]
    for name, code, (lat, lon), days in plan:
        built.cases[name] = []
        for i, day in enumerate(days):
            person = f"Zhang{name.title().replace('_', '')}{i}"
            contact = ContactInfo(name=person, email=f"{person.lower()}@example.org",
                                  phone=f"+86 138 0000 {len(built.secrets):04d}", language="en")
            text = f"Secret text {name} {i}: my neighbour {person} at number 7"
            built.secrets += [person, contact.email, contact.phone, text]
            built.cases[name].append(make_case(
                service_code=code, lat=lat, lon=lon, description=text, contact=contact,
                attributes={"source": "music_party"} if code == "noise" else {},
                now=MONDAY + timedelta(days=day, minutes=i)))
    resolved = built.cases["by_day"][0]
    Case.objects.filter(pk=resolved.pk).update(
        status="resolved", resolved_at=resolved.created_at + timedelta(hours=30, minutes=15))
    return built


@pytest.fixture
def exported(scenario: Scenario, tmp_path: Path) -> Path:
    opendata_export.export(tmp_path, k=K)
    return tmp_path
