"""The small forms of the case page, one per action.

Each form only collects and checks input; ``actions.py`` turns a valid form
into a lifecycle transition. Forms take the case and the user so their
choices (colleagues, departments, cases) are only ones the user may pick.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from cityloop.cases import policy
from cityloop.cases.models import Case, CaseMedia, MediaKind, RejectReason
from cityloop.cases.photos import MAX_PHOTOS
from cityloop.cases.policy import actions as action_rules
from cityloop.catalogue import snapshot
from cityloop.catalogue.models import Department, Priority

if TYPE_CHECKING:
    # Only the type checker needs it: django-stubs-ext is a development package.
    from django_stubs_ext import StrOrPromise

TEXT_ROWS = 4


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to MAX_PHOTOS image files; their content is checked by cases.photos."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        attrs = {"accept": "image/*", "multiple": True}
        kwargs.setdefault("widget", MultipleFileInput(attrs=attrs))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if self.required and not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(
                _("Add at most %(count)d photos.") % {"count": MAX_PHOTOS}, code="too_many")
        return [super(PhotosField, self).clean(f, initial) for f in files]


def _text(label: StrOrPromise, required: bool = True,
          help_text: StrOrPromise = "") -> forms.CharField:
    return forms.CharField(label=label, required=required, help_text=help_text, max_length=10000,
                           widget=forms.Textarea(attrs={"rows": TEXT_ROWS}))


def _reason(required: bool = True) -> forms.CharField:
    return _text(_("Reason (internal)"), required,
                 _("Recorded in the case's history; staff only."))


class CaseForm(forms.Form):
    """Base: every action form knows its case and the acting user."""

    def __init__(self, *args: Any, case: Case, user: User, **kwargs: Any) -> None:
        self.case, self.user = case, user
        super().__init__(*args, **kwargs)

    def params(self) -> dict[str, Any]:
        """Keyword arguments for ``lifecycle.transition`` (besides case, action and actor)."""
        return dict(self.cleaned_data)


class CommentForm(CaseForm):
    public_text = _text(_("Public update"), help_text=_(
        "Shown on the public timeline and sent to the reporter and followers."))
    template = forms.ChoiceField(label=_("Response template"), required=False)

    def __init__(self, *args: Any, templates: list[dict[str, Any]] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["template"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Choose a template…"))] + [
            (str(t["id"]), t["title"]) for t in templates or []]

    def params(self) -> dict[str, Any]:
        return {"public_text": self.cleaned_data["public_text"]}


class NoteForm(CaseForm):
    note = _text(_("Internal note"), help_text=_("Staff only: never shown to the public."))


class AssignForm(CaseForm):
    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=User.objects.none())
    note = _text(_("Note (internal)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = action_rules.assignees(self.user, self.case)
        field.label_from_instance = _display_name  # type: ignore[method-assign,assignment]


class StartForm(CaseForm):
    note = _text(_("Note (internal)"), required=False)


class DepartmentForm(CaseForm):
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none())
    note = _reason(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Department.objects.filter(active=True).exclude(pk=self.case.department_id)


class DuplicateForm(CaseForm):
    original = forms.CharField(label=_("Reference of the original case"), max_length=20,
                               help_text=_("For example 2026-000123. Its followers are merged."))
    note = _reason(required=False)

    def clean_original(self) -> Case:
        reference = self.cleaned_data["original"].strip()
        visible = policy.visible_cases(self.user).filter(reference=reference)
        original = visible.exclude(pk=self.case.pk).first()
        if original is None:
            raise forms.ValidationError(_("No other case with this reference that you can see."))
        return original


class RejectForm(CaseForm):
    reason = forms.ChoiceField(label=_("Reason"), choices=RejectReason.choices,
                               widget=forms.RadioSelect)
    public_text = _text(_("Explanation for the reporter (public)"))
    note = _text(_("Note (internal)"), required=False)


class ResolveForm(CaseForm):
    public_text = _text(_("Public update: what was done"))
    photos = PhotosField(label=_("Photos after the work"), required=False, help_text=_(
        "Optional, up to 3. Shown publicly beside the reported photos."))
    note = _text(_("Note (internal)"), required=False)

    def params(self) -> dict[str, Any]:
        return {"public_text": self.cleaned_data["public_text"],
                "note": self.cleaned_data["note"]}


class CloseForm(CaseForm):
    note = _text(_("Note (internal)"), required=False)


class ReopenForm(CaseForm):
    reason = _text(_("Why reopen? (internal)"))
    public_text = _text(_("Public update"), required=False)


class CategoryForm(CaseForm):
    category = forms.ChoiceField(label=_("New category"))
    note = _reason()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["category"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(code, c.display_name) for code, c in category_choices()]

    def params(self) -> dict[str, Any]:
        return {"category": snapshot.category(self.cleaned_data["category"]),
                "note": self.cleaned_data["note"]}


class LocationForm(CaseForm):
    lat = forms.FloatField(label=_("Latitude"), min_value=-90, max_value=90)
    lon = forms.FloatField(label=_("Longitude"), min_value=-180, max_value=180)
    address = forms.CharField(label=_("Address"), max_length=500, required=False)
    note = _reason()

    def params(self) -> dict[str, Any]:
        params = dict(self.cleaned_data)
        if not params.get("address"):
            params.pop("address", None)  # keep the case's address
        return params


class PriorityForm(CaseForm):
    priority = forms.ChoiceField(label=_("New priority"), choices=Priority.choices)
    note = _reason()


class ApprovePhotoForm(CaseForm):
    # Not "media": that name is every form's own (its CSS and JavaScript).
    photo = forms.IntegerField(widget=forms.HiddenInput)

    def clean_photo(self) -> CaseMedia:
        media = CaseMedia.objects.filter(case=self.case, pk=self.cleaned_data["photo"]).first()
        if media is None or media.kind == MediaKind.AFTER:
            raise forms.ValidationError(_("Choose a citizen's photo of this case."))
        return media

    def params(self) -> dict[str, Any]:
        return {"media": self.cleaned_data["photo"]}


class AddPhotosForm(CaseForm):
    photos = PhotosField(label=_("Photos"), help_text=_("Up to 3. Staff only until approved."))
    note = _text(_("Note (internal)"), required=False)


def category_choices() -> list[tuple[str, Any]]:
    categories = snapshot.current().categories.items()
    return sorted(((code, c) for code, c in categories if c.active),
                  key=lambda item: item[1].display_name.lower())


# Lifecycle action -> its form.
FORMS: dict[str, type[CaseForm]] = {
    "comment": CommentForm,
    "note": NoteForm,
    "assign": AssignForm,
    "start": StartForm,
    "forward": DepartmentForm,
    "join": DepartmentForm,
    "mark_duplicate": DuplicateForm,
    "reject": RejectForm,
    "resolve": ResolveForm,
    "close": CloseForm,
    "reopen": ReopenForm,
    "recategorise": CategoryForm,
    "relocate": LocationForm,
    "set_priority": PriorityForm,
    "approve_photo": ApprovePhotoForm,
    "add_photos": AddPhotosForm,
}


def _display_name(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
