"""What the sensing app registers when Django starts (called from ``SensingConfig.ready``)."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save


def connect() -> None:
    # Importing these registers the built-in rule kinds and indicator
    # sources, the worker's periodic jobs and the admin pages.
    from cityloop.sensing import evaluation
    from cityloop.sensing.indicators import admin as _indicators_admin  # noqa: F401
    from cityloop.sensing.indicators import compute as _compute  # noqa: F401
    from cityloop.sensing.indicators import sources as _sources  # noqa: F401
    from cityloop.sensing.rules import admin as _rules_admin  # noqa: F401
    from cityloop.sensing.rules import kinds as _kinds  # noqa: F401
    from cityloop.sensing.rules.models import Rule

    post_save.connect(evaluation.rules_changed, sender=Rule, dispatch_uid="sensing-rules")
    post_delete.connect(evaluation.rules_changed, sender=Rule,
                        dispatch_uid="sensing-rules-deleted")
    m2m_changed.connect(evaluation.rules_changed, sender=Rule.things.through,
                        dispatch_uid="sensing-rule-things")
