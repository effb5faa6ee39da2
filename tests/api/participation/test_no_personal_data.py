"""No answer of the participation API says who anyone is, or what one ballot chose."""

from __future__ import annotations

import pytest
from django.test import Client

from cityloop.participation.models import Ballot, Resident
from tests.api.participation.helpers import BASE, every_address, read
from tests.api.participation.scenario import PRIVATE_TEXTS

# Keys that would carry a person or a single ballot.
PERSONAL_KEYS = {"author", "resident", "resident_id", "author_id", "voter", "voters",
                 "supporter", "supporters", "address", "identity", "email", "phone",
                 "ballot", "ballot_id", "answered_by", "hidden_reason", "comment", "photo"}
# What was hidden or never published.
NOT_PUBLIC = ("Rude words about a neighbour", "Insults a named person", "A secret plan",
              "Draft budget", "Draft survey", "Too dark", "More lamps")


def _keys(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from _keys(item)


def secrets(scenario) -> list[str]:
    """Everything no public answer or file may contain."""
    residents = Resident.objects.all()
    assert residents.count() >= len(scenario.residents)
    ballots = [str(pk) for pk in Ballot.objects.values_list("pk", flat=True)]
    return [*(r.address for r in residents), *(r.identity for r in residents),
            *(r.address.split("@")[0] for r in residents if "@" in r.address),
            *ballots, *PRIVATE_TEXTS, *NOT_PUBLIC]


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_no_answer_holds_an_address_a_ballot_or_a_private_text(scenario, lang):
    leaks = secrets(scenario)
    for path in every_address(scenario):
        response, body = read(path, lang=lang)
        assert response.status_code == 200, path
        text = response.content.decode()
        found = [secret for secret in leaks if secret in text]
        assert found == [], (path, found)
        assert not PERSONAL_KEYS & set(_keys(body)), path


def test_the_paged_and_filtered_proposals_too(scenario):
    leaks = secrets(scenario)
    for status in ("published", "accepted", "rejected", "merged"):
        response, _body = read(f"/processes/{scenario.process.pk}/proposals", status=status,
                               limit=1)
        assert not [s for s in leaks if s in response.content.decode()]


def test_the_ballots_are_only_counted(scenario):
    """The answer has per-project totals: nothing from which one ballot could be rebuilt."""
    _response, body = read(f"/budgets/{scenario.budget.pk}/results")
    assert set(body) == {"budget", "amount", "total", "ballots", "published_at", "projects"}
    assert all(set(p) == {"id", "title", "cost", "votes", "selected", "status", "case"}
               for p in body["projects"])


def test_the_addresses_are_not_an_api(scenario):
    """No other address under the API's prefix answers (no list of residents, ballots...)."""
    for path in ("/residents", "/ballots", f"/budgets/{scenario.budget.pk}/ballots",
                 f"/surveys/{scenario.survey.pk}/responses"):
        assert Client().get(BASE + path).status_code == 404
