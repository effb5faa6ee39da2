"""Removing the demo history (``cityloop demo --reset``).

Case events are append-only by design and refuse ``delete()``; wiping a
demo is the one place where the whole history goes, so it is done with plain
``DELETE`` statements on every table that hangs off a case, found from the
models rather than listed, so that apps added later are wiped too.
"""

from __future__ import annotations

from django.apps import apps
from django.db import connection, models, transaction

from cityloop.cases.models import AuditCheckpoint, Case, ReferenceCounter


def _dependants() -> tuple[list[type[models.Model]], list[tuple[type[models.Model], str]]]:
    """Models whose rows go with the cases, and nullable links to them to clear."""
    doomed: list[type[models.Model]] = [Case]
    cleared: list[tuple[type[models.Model], str]] = []
    changed = True
    while changed:
        changed = False
        for model in apps.get_models(include_auto_created=True):
            if model in doomed:
                continue
            for field in model._meta.concrete_fields:
                target = getattr(field, "related_model", None)
                if target not in doomed or target is None:
                    continue
                if field.null and getattr(field.remote_field, "on_delete", None) is models.SET_NULL:
                    if (model, field.attname) not in cleared:
                        cleared.append((model, field.attname))
                else:
                    doomed.append(model)
                    changed = True
                    break
    return doomed, [(m, f) for m, f in cleared if m not in doomed]


def wipe_history() -> int:
    """Delete every case and everything hanging off it; how many cases there were."""
    count = Case.objects.count()
    doomed, cleared = _dependants()
    with transaction.atomic(), connection.cursor() as cursor:
        for model, attname in cleared:
            model._default_manager.filter(**{f"{attname}__isnull": False}).update(**{attname: None})
        # Dependants first; Django's foreign keys are deferred on both
        # SQLite and PostgreSQL, so the order only matters for clarity.
        for model in reversed(doomed):
            table = connection.ops.quote_name(model._meta.db_table)
            # The table name comes from the model, never from input.
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608
        ReferenceCounter.objects.all().delete()
        # Checkpoints of the wiped history would report every case as deleted.
        AuditCheckpoint.objects.all().delete()
    return count
