"""Vital-signs pages and JSON, and sensor data for charts. Views stay thin."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from cityloop.cases.policy import is_staff
from cityloop.sensing import access
from cityloop.sensing.models import Datastream, LatestObservation
from cityloop.sensing.rules.models import Alert
from cityloop.web.sensing import charts, series, vitals

PAGE_MINUTES = 24 * 60  # a datastream's page shows its last day


@require_GET
def vital_signs_page(request: HttpRequest) -> HttpResponse:
    signs = vitals.vital_signs(request.user)
    return render(request, "sensing/vital_signs.html", {"signs": signs})


@csrf_exempt  # read-only: another method gets 405 with Allow, not the CSRF form page
@require_GET
def vital_signs_json(request: HttpRequest) -> JsonResponse:
    signs = vitals.vital_signs(request.user)
    items = [vitals.as_json(s, request.build_absolute_uri(
        reverse("vital_sign", args=[s.indicator.code]))) for s in signs]
    return JsonResponse({"generated_at": timezone.now().isoformat(), "indicators": items},
                        json_dumps_params={"ensure_ascii": False})


@require_GET
def indicator_page(request: HttpRequest, code: str) -> HttpResponse:
    indicator = vitals.indicators_for(request.user).filter(code=code).first()
    if indicator is None:
        raise Http404(_("No such vital sign."))
    history = list(indicator.values.order_by("-at", "-id")[:200])[::-1]
    sign = vitals.VitalSign(indicator, history[-vitals.HISTORY:])
    return render(request, "sensing/vital_sign.html", {
        "sign": sign,
        "history": history[::-1],
        "behind": vitals.behind(indicator, request.user),
        "staff": is_staff(request.user),
    })


def _datastream(request: HttpRequest, pk: int) -> Datastream:
    datastream = get_object_or_404(
        Datastream.objects.select_related("thing", "observed_property"), pk=pk)
    if not access.may_see(request.user, datastream):
        raise Http404(_("No such datastream."))  # 404, not 403: say nothing of its existence
    return datastream


@require_GET
def datastream_page(request: HttpRequest, pk: int) -> HttpResponse:
    datastream = _datastream(request, pk)
    latest = LatestObservation.objects.filter(datastream=datastream).first()
    end = latest.phenomenon_time if latest else timezone.now()
    data = series.load(datastream, end - timedelta(minutes=PAGE_MINUTES / 2), PAGE_MINUTES)
    alerts = Alert.objects.filter(datastream=datastream).select_related("rule")[:20]
    return render(request, "sensing/datastream.html", {
        "datastream": datastream, "latest": latest, "series": data,
        "chart": charts.chart(data), "rows": charts.table_rows(data),
        "alerts": alerts, "unit": data.unit,
    })


@csrf_exempt
@require_GET
def series_json(request: HttpRequest, pk: int) -> JsonResponse:
    datastream = _datastream(request, pk)
    around, minutes, problem = _window(request)
    if problem:
        return JsonResponse({"error": {"code": 400, "message": problem}}, status=400)
    data = series.load(datastream, around, minutes)
    return JsonResponse(series.as_json(data), json_dumps_params={"ensure_ascii": False})


def _window(request: HttpRequest) -> tuple[datetime, int, str]:
    raw_around = request.GET.get("around", "").strip().replace(" ", "+")
    around = timezone.now()
    if raw_around:
        parsed = _parse_time(raw_around)
        if parsed is None:
            return around, 0, _("around must be a date and time in ISO 8601, e.g. "
                                "2025-06-01T14:00:00+08:00.")
        around = parsed
    raw_minutes = request.GET.get("minutes", str(series.DEFAULT_MINUTES))
    if not raw_minutes.isdigit() or not (
            series.MIN_MINUTES <= int(raw_minutes) <= series.MAX_MINUTES):
        return around, 0, _("minutes must be a whole number from %(low)d to %(high)d.") % {
            "low": series.MIN_MINUTES, "high": series.MAX_MINUTES}
    return around, int(raw_minutes), ""


def _parse_time(text: str) -> datetime | None:
    try:
        parsed = parse_datetime(text)
    except ValueError:
        return None
    if parsed is None:
        return None
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)
