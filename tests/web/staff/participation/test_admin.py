"""Every admin page of the participation app opens for a superuser: the list, the
add page where adding is allowed, and a row's page, in English and Chinese."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.urls import reverse

from cityloop.participation import comments, proposals
from cityloop.participation.models import AnswerTemplate, Event, ProposalStatus

REGISTERED = sorted(((m, a) for m, a in admin.site._registry.items()
                     if m._meta.app_label == "participation"),
                    key=lambda item: item[0]._meta.label)


@pytest.fixture
def rows(over_threshold, budget, survey, make_resident, roads_officer) -> None:
    """A row of every registered model: a proposal with a comment, a budget with its
    projects, a survey with its questions, a template, residents and their events."""
    comments.write(over_threshold, make_resident(), "A good idea for the children.")
    AnswerTemplate.objects.create(title="Measured first", status=ProposalStatus.EVALUATING,
                                  text="We are measuring first.")
    proposals.hide(over_threshold, roads_officer, "Testing the log")
    assert Event.objects.exists()


def _url(model: Any, view: str, *args: Any) -> str:
    return reverse(f"admin:participation_{model._meta.model_name}_{view}", args=args)


def test_every_model_of_the_app_is_registered():
    names = {m._meta.model_name for m, _ in REGISTERED}
    assert {"process", "proposal", "comment", "budget", "survey", "answertemplate",
            "resident", "event"} <= names


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(("model", "model_admin"), REGISTERED,
                         ids=[m._meta.model_name for m, _ in REGISTERED])
def test_its_list_add_and_change_pages_open(rows, client_for, city_admin, model, model_admin,
                                            language):
    client = client_for(city_admin, language)
    listing = client.get(_url(model, "changelist"))
    assert listing.status_code == 200, listing.content.decode()[-2000:]
    assert 'id="changelist"' in listing.content.decode()
    add = client.get(_url(model, "add"))
    request = type("Request", (), {"user": city_admin, "method": "GET"})()
    # Read-only models (what residents did) have no add page: 403, not a 500.
    assert add.status_code == (200 if model_admin.has_add_permission(request) else 403)
    first = model._default_manager.order_by("pk").first()
    assert first is not None, model
    change = client.get(_url(model, "change", first.pk))
    assert change.status_code == 200, change.content.decode()[-2000:]
    # A resident's address is never shown, not even to the administrator.
    assert "@example.org" not in change.content.decode()
    assert "@example.org" not in listing.content.decode()
