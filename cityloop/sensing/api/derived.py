"""Keep the per-minute rollups and the latest observation right after an Observation
is changed or deleted through the API (ingest maintains them for new ones).

The minutes that held the changed observations are rebuilt from the raw
observations still there, in one grouped query per datastream.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.db.models import Count, Max, Min, Sum
from django.db.models.functions import TruncMinute

from cityloop.sensing.ingest.multi import stretch
from cityloop.sensing.models import Datastream, LatestObservation, Observation, Rollup

MINUTE = timedelta(minutes=1)


def minute_of(value: datetime) -> datetime:
    return value.astimezone(UTC).replace(second=0, microsecond=0)


def refresh(datastream_id: int, first: datetime, last: datetime) -> None:
    """Rebuild the rollups of ``datastream_id`` from ``first``'s minute to ``last``'s."""
    start, end = minute_of(first), minute_of(last) + MINUTE
    Rollup.objects.filter(datastream_id=datastream_id, minute__gte=start, minute__lt=end).delete()
    groups = (
        Observation.objects.filter(
            datastream_id=datastream_id, phenomenon_time__gte=start, phenomenon_time__lt=end,
            result_number__isnull=False,
        )
        .annotate(at=TruncMinute("phenomenon_time", tzinfo=UTC))
        .values("at")
        .annotate(count=Count("id"), total=Sum("result_number"), low=Min("result_number"),
                  high=Max("result_number"))
        .order_by()
    )
    Rollup.objects.bulk_create([
        Rollup(datastream_id=datastream_id, minute=g["at"], count=g["count"], total=g["total"],
               minimum=g["low"], maximum=g["high"])
        for g in groups
    ])
    refresh_latest(datastream_id)


def refresh_latest(datastream_id: int) -> None:
    newest = (Observation.objects.filter(datastream_id=datastream_id)
              .order_by("-phenomenon_time", "-id").first())
    if newest is None:
        LatestObservation.objects.filter(datastream_id=datastream_id).delete()
        return
    LatestObservation.objects.update_or_create(
        datastream_id=datastream_id,
        defaults={"observation_id": newest.pk, "phenomenon_time": newest.phenomenon_time,
                  "result_number": newest.result_number, "result_json": newest.result_json},
    )


def widen(datastream_id: int, start: datetime, end: datetime, result_time: datetime | None
          ) -> None:
    """Stretch the Datastream's phenomenonTime and resultTime (§8.2.4) over a changed time,
    as ingest does for new ones (they are not shrunk when observations go)."""
    stream = Datastream.objects.select_for_update().get(pk=datastream_id)
    changed = stretch(stream, start, end, result_time)
    if changed:
        stream.save(update_fields=changed)
