"""The follow-by-email form: an address, how often, and one report, area or radius."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cityloop.geo import index
from cityloop.geo.models import Area, AreaLevel
from cityloop.notify.follow.models import Mode, Target
from cityloop.notify.follow.subscriptions import What
from cityloop.web.public import case_page

RADII = [(250, _("250 m")), (500, _("500 m")), (1000, _("1 km")), (2000, _("2 km"))]


def area_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Districts, each followed by the smaller areas inside it, in the page's language."""
    areas = list(Area.objects.filter(level__in=[AreaLevel.DISTRICT, AreaLevel.STREET])
                 .only("code", "name", "name_i18n", "level", "parent_id"))
    districts = sorted((a for a in areas if a.level == AreaLevel.DISTRICT),
                       key=lambda a: a.display_name)
    groups = []
    for district in districts:
        inside = sorted((a for a in areas if a.parent_id == district.pk),
                        key=lambda a: a.display_name)
        options = [(district.code, str(_("All of %(area)s") % {"area": district.display_name}))]
        options += [(a.code, a.display_name) for a in inside]
        groups.append((district.display_name, options))
    return groups


class FollowRequestForm(forms.Form):
    what = forms.ChoiceField(choices=Target.choices, widget=forms.HiddenInput)
    email = forms.EmailField(
        label=_("Your email"), max_length=254,
        error_messages={"required": _("Write your email address: the news goes there."),
                        "invalid": _("Write the email address like name@example.com.")})
    mode = forms.ChoiceField(
        label=_("How often"), choices=Mode.choices, initial=Mode.IMMEDIATE,
        widget=forms.RadioSelect)
    reference = forms.CharField(required=False, max_length=20)
    area = forms.CharField(label=_("Area"), required=False, max_length=100)
    lat = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    lon = forms.FloatField(label=_("Longitude"), required=False, min_value=-180,
                           max_value=180)
    radius = forms.TypedChoiceField(label=_("Distance"), choices=RADII, coerce=int,
                                    required=False, empty_value=None)

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        what = data.get("what")
        if what == Target.CASE:
            case = case_page.find(case_page.normalise(data.get("reference") or ""))
            if case is None:
                raise forms.ValidationError(_("There is no report with that reference."))
            data["target"] = What.report(case)
        elif what == Target.AREA:
            area = Area.objects.filter(code=data.get("area") or "",
                                       level__in=[AreaLevel.DISTRICT, AreaLevel.STREET]).first()
            if area is None:
                self.add_error("area", _("Choose an area from the list."))
            else:
                data["target"] = What.in_area(area)
        elif what == Target.RADIUS:
            lat, lon = data.get("lat"), data.get("lon")
            if lat is None or lon is None:
                raise forms.ValidationError(
                    _("Give the point's latitude and longitude, in decimal degrees."))
            if index.area_at(lat, lon) is None:
                raise forms.ValidationError(_("That point is outside the city."))
            data["target"] = What.around(lat, lon, data.get("radius") or 500)
        return data
