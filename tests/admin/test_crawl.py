"""Every page of the admin, for every model the admin site registers, opens and
saves, in English and in Chinese.

The models come from the admin site itself, so a model registered tomorrow
is crawled without touching this file.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.admin import ModelAdmin
from django.contrib.auth.models import User
from django.db import models
from django.test import Client
from django.urls import reverse

from cityloop.admin_i18n import language_field, other_languages, translated_fields
from tests.admin.formdata import form_data

LANGUAGES = ["en", "zh-hans"]
REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
MODELS = [pytest.param(model, model_admin, id=model._meta.label)
          for model, model_admin in REGISTERED]
EDITED = " (checked)"


def _url(model: type[models.Model], view: str, *args: Any) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _admin_request(user: User) -> Any:
    """Just enough of a request for a ModelAdmin's permission methods."""
    return type("Request", (), {"user": user, "method": "GET"})()


def _ok(response: Any) -> str:
    html = response.content.decode()
    assert response.status_code == 200, html[-3000:]
    return html


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("model", "model_admin"), MODELS)
def test_it_opens_the_list_add_and_first_change_page(every_model, city_admin, client_for,
                                                     model, model_admin, language):
    client: Client = client_for(city_admin, language)
    html = _ok(client.get(_url(model, "changelist")))
    assert 'id="changelist"' in html and f'lang="{language}"' in html
    if model_admin.search_fields:
        _ok(client.get(_url(model, "changelist"), {"q": "路 road"}))
    if model_admin.has_add_permission(_admin_request(city_admin)):
        _ok(client.get(_url(model, "add")))
    first = model_admin.get_queryset(_admin_request(city_admin)).order_by("pk").first()
    assert first is not None, f"the test city has no {model._meta.label} to open"
    _ok(client.get(_url(model, "change", first.pk)))


def _errors(html: str) -> str:
    """The error lists of a form page that did not save, for the failure message."""
    return "\n".join(re.findall(r'<ul class="errorlist[^"]*"[^>]*>.*?</ul>', html, re.S)) or html

def _field_to_edit(model: type[models.Model], data: dict[str, Any]) -> str | None:
    """A free-text field of the form: the one a person would most likely retype."""
    candidates = [
        f for f in model._meta.get_fields()
        if isinstance(f, models.CharField)
        and not isinstance(f, models.SlugField | models.EmailField | models.URLField)
        and not f.choices and not f.primary_key and f.name in data
        and isinstance(data[f.name], str) and f.max_length and f.max_length >= 100
    ]
    candidates.sort(key=lambda f: bool(f.unique))  # a free name before a unique one
    return candidates[0].name if candidates else None


def _editable(model_admin: ModelAdmin[Any], user: User) -> bool:
    return bool(model_admin.has_change_permission(_admin_request(user)))


EDITABLE = [pytest.param(model, model_admin, id=model._meta.label)
            for model, model_admin in REGISTERED
            if _editable(model_admin, User(is_superuser=True, is_staff=True, is_active=True))]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("model", "model_admin"), EDITABLE)
def test_it_saves_a_change_posted_back_with_the_current_values(
        every_model, city_admin, client_for, model, model_admin, language):
    client: Client = client_for(city_admin, language)
    first = model_admin.get_queryset(_admin_request(city_admin)).order_by("pk").first()
    url = _url(model, "change", first.pk)
    data = form_data(_ok(client.get(url)), f"{model._meta.model_name}_form")
    edited = _field_to_edit(model, data)
    assert edited, f"nothing to edit on {model._meta.label}"
    data[edited] = data[edited][: 90] + EDITED
    translations = {}
    for base in translated_fields(model):
        for code, _label in other_languages():
            if language_field(base, code) in data:
                translations[(base, code)] = f"{base} {code} {language}"
                data[language_field(base, code)] = translations[(base, code)]
    data["_save"] = "Save"
    response = client.post(url, data)
    assert response.status_code == 302, _errors(response.content.decode())
    first.refresh_from_db()
    assert getattr(first, edited).endswith(EDITED)
    for (base, code), text in translations.items():
        assert getattr(first, f"{base}_i18n")[code] == text


def test_it_shows_the_stored_translations_in_their_own_fields(every_model, city_admin,
                                                            client_for):
    shown = 0
    for model, model_admin in REGISTERED:
        for base in translated_fields(model):
            row = (model_admin.get_queryset(_admin_request(city_admin))
                   .exclude(**{f"{base}_i18n": {}}).order_by("pk").first())
            if row is None:
                continue
            data = form_data(_ok(client_for(city_admin, "zh-hans").get(
                _url(model, "change", row.pk))), f"{model._meta.model_name}_form")
            assert data[language_field(base, "zh-hans")] == getattr(row, f"{base}_i18n")[
                "zh-hans"], model
            assert f"{base}_i18n" not in data, "the raw JSON is not offered"
            shown += 1
    assert shown >= 4  # areas, categories, rules, indicators at least
