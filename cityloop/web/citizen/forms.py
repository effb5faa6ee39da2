"""The small forms of the citizen pages: add information, rate, and "me too".

The report form itself is read by ``reporting.parse``, because its fields
(the category's questions) come from data; these three have fixed fields
and Django forms do their checking.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cityloop.cases.validation import MAX_DESCRIPTION

RATING_LABELS = {
    1: _("1 star: very poor"),
    2: _("2 stars: poor"),
    3: _("3 stars: acceptable"),
    4: _("4 stars: good"),
    5: _("5 stars: very good"),
}


class AddInfoForm(forms.Form):
    text = forms.CharField(
        label=_("What would you like to add?"),
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_DESCRIPTION}),
        error_messages={"required": _("Write what you would like to add.")},
    )


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How well was your problem solved?"),
        choices=[(str(k), v) for k, v in RATING_LABELS.items()],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a rating from 1 to 5 stars.")},
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_DESCRIPTION}),
    )


class FollowForm(forms.Form):
    reference = forms.CharField(max_length=20)
    email = forms.EmailField(
        label=_("Your email, to hear when it changes (optional)"),
        required=False,
        error_messages={"invalid": _("Write the email address like name@example.com, "
                                     "or leave it empty.")},
    )
