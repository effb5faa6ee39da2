"""The forms of the participation pages: they collect and check input; the
domain steps (``participation.proposals``, ``comments``, ``budgets``) decide,
and their refusals are put back on the field they name (``put_refusal``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cityloop.catalogue.models import ServiceCategory
from cityloop.participation.errors import Refused
from cityloop.participation.models import (
    SUPPORTABLE,
    AnswerTemplate,
    Feasibility,
    Process,
    Proposal,
    ProposalStatus,
)

ANSWER_STATUSES = [
    (ProposalStatus.EVALUATING.value, _("Being evaluated (the answer clock keeps running)")),
    (ProposalStatus.ACCEPTED.value, _("Accepted: open the case that carries it out")),
    (ProposalStatus.REJECTED.value, _("Not accepted, with the reasons")),
]
# A domain refusal's field, and the form field that shows it.
REFUSAL_FIELDS = {"location": "lat"}


def put_refusal(form: forms.Form, refused: Refused) -> None:
    """Show ``refused`` next to the field it names (or above the form)."""
    name = REFUSAL_FIELDS.get(refused.field, refused.field)
    form.add_error(name if name in form.fields else None, str(refused.message))


def _categories() -> Any:
    return ServiceCategory.objects.filter(active=True).select_related("group")


class CategoryChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name} ({obj.group.display_name})"


class AnswerForm(forms.Form):
    status = forms.ChoiceField(label=_("Answer"), choices=ANSWER_STATUSES,
                               widget=forms.RadioSelect)
    template = forms.ModelChoiceField(
        label=_("Answer template"), required=False, queryset=AnswerTemplate.objects.all(),
        empty_label=_("Choose a template…"),
        help_text=_("Its text, in the proposal's language, replaces the answer below."))
    text = forms.CharField(
        label=_("Public answer"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Residents read it on the proposal's page. A refusal needs its reasons."))
    feasibility = forms.ChoiceField(label=_("Feasibility"), required=False,
                                    choices=Feasibility.choices)
    cost = forms.DecimalField(label=_("Estimated cost"), required=False, min_value=0,
                              max_digits=14, decimal_places=2)
    category = CategoryChoice(
        label=_("Category of the work"), required=False, queryset=ServiceCategory.objects.none(),
        help_text=_("When accepting: it decides which department carries the work out."))
    lat = forms.FloatField(label=_("Latitude of the work"), required=False,
                           min_value=-90, max_value=90)
    lon = forms.FloatField(label=_("Longitude of the work"), required=False,
                           min_value=-180, max_value=180)

    def __init__(self, *args: Any, proposal: Proposal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        category = self.fields["category"]
        assert isinstance(category, forms.ModelChoiceField)
        category.queryset = _categories()
        if proposal.category_id and not self.is_bound:
            self.initial.setdefault("category", proposal.category_id)
        self.initial.setdefault("feasibility", proposal.feasibility)
        self.initial.setdefault("cost", proposal.cost_estimate)
        if proposal.lat is not None or proposal.area_id is not None:
            # It has a place: the case goes there.
            del self.fields["lat"], self.fields["lon"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "lat" in self.fields and (data.get("lat") is None) != (data.get("lon") is None):
            self.add_error("lat", _("Give both the latitude and the longitude, or neither."))
        return data


class ImplementedForm(forms.Form):
    text = forms.CharField(label=_("What was done (replaces the public answer)"),
                           required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(
        label=_("Merge into"), queryset=Proposal.objects.none(),
        help_text=_("Its supporters support the other proposal, each counted once."))

    def __init__(self, *args: Any, proposal: Proposal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["into"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (Proposal.objects.filter(process_id=proposal.process_id,
                                                  status__in=SUPPORTABLE)
                          .exclude(pk=proposal.pk).order_by("-supports", "pk"))
        field.label_from_instance = _proposal_label  # type: ignore[method-assign,assignment]


def _proposal_label(proposal: Proposal) -> str:
    return str(_("%(ref)s · %(title)s (%(n)d supports)")
               % {"ref": proposal.reference, "title": proposal.title, "n": proposal.supports})


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason (residents see it)"), required=False,
                             max_length=300)


class ProcessFilter(forms.Form):
    process = forms.ModelChoiceField(label=_("Process"), required=False,
                                     queryset=Process.objects.none(),
                                     empty_label=_("Every process"))

    def __init__(self, *args: Any, processes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["process"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = processes


class StartProjectForm(forms.Form):
    category = CategoryChoice(
        label=_("Category of the work"), queryset=ServiceCategory.objects.none(),
        help_text=_("It decides which department carries the work out."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["category"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = _categories()
