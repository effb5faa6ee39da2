"""Filing a case on behalf of a caller (call centre, front desk).

The operator's form becomes a ``Report`` of channel "staff", created by and
recorded as the operator, and goes through ``services.submit`` like every
other report. The category's questions are fields named
``q-<category>-<question>``: the page shows those of the chosen category
(all of them without JavaScript), and only the chosen category's answers
are submitted. Problems found by ``submit`` are shown on their fields.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.models import User
from django.forms import BoundField
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cityloop.cases import services
from cityloop.cases.actors import Actor
from cityloop.cases.contacts import ContactInfo
from cityloop.cases.errors import SubmissionRejected
from cityloop.cases.models import Case, Channel
from cityloop.catalogue import snapshot
from cityloop.catalogue.models import Datatype, Priority, ServiceAttribute, ServiceCategory
from cityloop.web.staff.forms import category_choices

# Where submit's problems belong on this form.
PROBLEM_FIELDS = {"service_code": "service_code", "lat": "lat", "long": "lon",
                  "description": "description", "address_string": "address",
                  "email": "caller_email", "phone": "caller_phone", "name": "caller_name"}


def question_name(category: ServiceCategory, attribute: ServiceAttribute) -> str:
    return f"q-{category.service_code}-{attribute.code}"


def _question_field(attribute: ServiceAttribute) -> forms.Field:
    label, help_text = attribute.display_description, attribute.display_datatype_description
    choices = [(str(v["key"]), attribute.value_name(str(v["key"]))) for v in attribute.values]
    common: dict[str, Any] = {"label": label, "help_text": help_text, "required": False}
    if attribute.datatype == Datatype.SINGLEVALUELIST:
        return forms.ChoiceField(choices=[("", "—"), *choices], **common)
    if attribute.datatype == Datatype.MULTIVALUELIST:
        return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple,
                                         **common)
    if attribute.datatype == Datatype.TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), **common)
    if attribute.datatype == Datatype.DATETIME:
        return forms.CharField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                               **common)
    if attribute.datatype == Datatype.NUMBER:
        return forms.CharField(widget=forms.TextInput(attrs={"inputmode": "decimal"}), **common)
    return forms.CharField(**common)


class NewCaseForm(forms.Form):
    service_code = forms.ChoiceField(label=_("Category"))
    description = forms.CharField(label=_("What is the problem?"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 5}))
    address = forms.CharField(label=_("Address or description of the place"), required=False,
                              max_length=500)
    lat = forms.CharField(label=_("Latitude"), required=False, max_length=30)
    lon = forms.CharField(label=_("Longitude"), required=False, max_length=30)
    priority = forms.ChoiceField(label=_("Priority"), required=False,
                                 choices=[("", _("As the category says")), *Priority.choices])
    caller_name = forms.CharField(label=_("Caller's name"), required=False, max_length=200)
    caller_phone = forms.CharField(label=_("Caller's phone"), required=False, max_length=40)
    caller_email = forms.CharField(label=_("Caller's email"), required=False, max_length=254)
    caller_language = forms.ChoiceField(label=_("Caller's language"), required=False,
                                        choices=settings.LANGUAGES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        categories = category_choices()
        field = self.fields["service_code"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Choose a category…")),
                         *((code, c.display_name) for code, c in categories)]
        self.fields["caller_language"].initial = get_language()
        attributes = snapshot.current().attributes
        self.question_names: dict[str, list[str]] = {}
        for code, category in categories:
            names = []
            for attribute in attributes.get(category.pk, []):
                if attribute.variable:
                    name = question_name(category, attribute)
                    self.fields[name] = _question_field(attribute)
                    names.append(name)
            self.question_names[code] = names
        self.categories = dict(categories)

    def question_groups(self) -> list[tuple[str, str, list[BoundField]]]:
        """(category code, category name, its question fields) for the template."""
        return [(code, self.categories[code].display_name, [self[n] for n in names])
                for code, names in self.question_names.items() if names]

    def report(self, user: User) -> services.Report:
        data = self.cleaned_data
        code = data["service_code"]
        prefix = f"q-{code}-"
        answers = {name[len(prefix):]: data.get(name) for name in self.question_names.get(code, [])}
        language = data.get("caller_language") or get_language() or settings.LANGUAGE_CODE
        contact = ContactInfo(name=data["caller_name"], email=data["caller_email"].strip(),
                              phone=data["caller_phone"], language=language)
        return services.Report(
            channel=Channel.STAFF,
            service_code=code,
            description=data["description"],
            lat=data["lat"].strip() or None,
            lon=data["lon"].strip() or None,
            address=data["address"],
            attributes={k: v for k, v in answers.items() if v not in (None, "", [])},
            contact=contact,
            priority=data.get("priority") or "",
            language=language,
            created_by=user,
            actor=Actor.staff(user),
        )

    def show_problems(self, rejection: SubmissionRejected) -> None:
        code = self.cleaned_data.get("service_code", "")
        for problem in rejection.problems:
            name = PROBLEM_FIELDS.get(problem.field)
            if problem.field.startswith("attribute[") and code:
                name = f"q-{code}-{problem.field[len('attribute['):-1]}"
            self.add_error(name if name in self.fields else None, problem.message)


def file_case(form: NewCaseForm, user: User) -> Case | None:
    """Submit the valid ``form``; the new case, or None with the problems on the form."""
    try:
        return services.submit(form.report(user))
    except SubmissionRejected as rejection:
        form.show_problems(rejection)
        return None
