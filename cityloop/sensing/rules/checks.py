"""Whether a rule makes sense, checked the same way by the admin and the YAML loader."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cityloop.cases.validation import check_attributes
from cityloop.catalogue.models import ServiceAttribute
from cityloop.registry import rule_kinds
from cityloop.sensing.rules.levels import Direction, ordered_problems
from cityloop.sensing.rules.models import Rule

# Kinds whose value only grows with trouble: "below" would mean nothing.
ABOVE_ONLY = ("silence", "anomaly")


def rule_problems(rule: Rule) -> list[tuple[str, str]]:
    """(field, message) for each thing wrong with ``rule`` (fields, not its M2M sets)."""
    out: list[tuple[str, str]] = []
    if rule.kind not in rule_kinds:
        out.append(("kind", _("unknown kind %(kind)s (known: %(known)s)")
                    % {"kind": rule.kind, "known": ", ".join(rule_kinds.keys())}))
    else:
        out += [("params", p) for p in rule_kinds.get(rule.kind).validate(rule.params)]
    has_stream = rule.datastream_id is not None
    has_property = rule.observed_property_id is not None
    if has_stream == has_property:
        out.append(("datastream", _("give either a datastream or an observed property")))
    if rule.direction not in Direction.values:
        out.append(("direction", _("direction must be above or below")))
    elif rule.kind in ABOVE_ONLY and rule.direction != Direction.ABOVE:
        out.append(("direction", _("%(kind)s rules alert on rising values only")
                    % {"kind": rule.kind}))
    out += [("red", p) for p in ordered_problems(rule.thresholds, rule.direction)]
    if rule.hysteresis is None or rule.hysteresis < 0:
        out.append(("hysteresis", _("hysteresis must be zero or more")))
    out += _answer_problems(rule)
    if rule.department is not None and not rule.department.active:
        out.append(("department", _("%(name)s is not active") % {"name": rule.department}))
    return out


def _answer_problems(rule: Rule) -> list[tuple[str, str]]:
    if rule.category_id is None:
        return [("category", _("choose the category of the cases this rule opens"))]
    category = rule.category
    if not category.active:
        return [("category", _("%(code)s is not an active category")
                 % {"code": category.service_code})]
    if not isinstance(rule.answers, dict):
        return [("answers", _("answers must be a mapping of question code to answer"))]
    definition = list(ServiceAttribute.objects.filter(category=category).order_by("order"))
    _clean, problems = check_attributes(definition, rule.answers, category.service_code)
    return [("answers", p.message) for p in problems]
