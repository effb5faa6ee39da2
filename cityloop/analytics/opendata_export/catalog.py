"""``catalog.json``: the open data described in DCAT-AP, as JSON-LD.

It says what a row may not say: which columns are quasi-identifiers, the k
every combination of them reaches (``cityloop:k``), and how many cases were
left out for it, so a reader can check the rule on the file itself.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cityloop.analytics.opendata_export import rules

DAILY = "http://publications.europa.eu/resource/authority/frequency/DAILY"
GOVERNMENT = "http://publications.europa.eu/resource/authority/data-theme/GOVE"
MEDIA_TYPES = {
    "cases.csv": ("text/csv", "CSV"),
    "cases.geojson": ("application/geo+json", "GEOJSON"),
    "cases.parquet": ("application/vnd.apache.parquet", "PARQUET"),
}
EU_FORMAT = "http://publications.europa.eu/resource/authority/file-type/"
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "csvw": "http://www.w3.org/ns/csvw#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
COLUMN_TEXT = {
    "reference": _("The case's public reference."),
    "service_code": _("The category's service code (Open311); empty when generalised to "
                      "its group."),
    "service_name": _("The category's name; empty when generalised to its group."),
    "service_group": _("The group of service categories the category belongs to."),
    "department": _("The city bureau responsible for the case."),
    "area_code": _("The code of the district the case is in; empty when it has none."),
    "area_name": _("The name of the district the case is in."),
    "status": _("The case's status: new, assigned, in_progress, resolved, closed, rejected, "
                "duplicate or reopened."),
    "created_date": _("The day the case was reported (YYYY-MM-DD), or its ISO week "
                      "(YYYY-Www) or month (YYYY-MM) when the day would single it out."),
    "closed_date": _("The day (or ISO week or month, as for the reported date) the case was "
                     "resolved or closed; empty while it is open."),
    "date_precision": _("Whether the dates are days (day), ISO weeks (week) or months "
                        "(month)."),
    "resolution_hours": _("Hours from the report to the resolution, to a tenth; whole days "
                          "when the dates are weeks or months; empty when not resolved."),
    "channel": _("How the case was reported: web, open311, staff, sensor, email..."),
}


def document(columns: tuple[str, ...], *, k: int, rows: int, suppressed: int,
             sizes: dict[str, int], now: datetime) -> dict[str, Any]:
    base = f"{settings.PUBLIC_URL}/opendata/"
    licence = {"@id": settings.OPENDATA_LICENSE}
    publisher = {"@type": "foaf:Agent", "foaf:name": settings.CITY_NAME}
    dataset = {
        "@id": f"{base}#cases",
        "@type": "dcat:Dataset",
        "dct:identifier": "cases",
        "dct:title": str(_("Service requests")),
        "dct:description": str(_(
            "Every reported case of a public category, de-identified: no free text, no "
            "contact, no person, no exact place. Places are districts, dates are days, "
            "ISO weeks or months, and a category may be generalised to its group, until every "
            "combination of the quasi-identifier columns occurs at least k times; a case "
            "that cannot be generalised that far is left out.")),
        "dct:license": licence,
        "dct:publisher": publisher,
        "dct:modified": {"@value": now.isoformat(), "@type": "xsd:dateTime"},
        "dct:accrualPeriodicity": {"@id": DAILY},
        "dcat:theme": {"@id": GOVERNMENT},
        "dcat:keyword": ["311", str(_("service requests")), str(_("city services"))],
        "dcat:landingPage": {"@id": base},
        "cityloop:k": k,
        "cityloop:quasiIdentifiers": list(rules.QUASI_IDENTIFIERS),
        "cityloop:rows": rows,
        "cityloop:suppressedRows": suppressed,
        "csvw:tableSchema": {"csvw:column": [
            {"csvw:name": name, "dct:description": str(COLUMN_TEXT[name]),
             "csvw:datatype": "xsd:decimal" if name == "resolution_hours" else "xsd:string"}
            for name in columns]},
        "dcat:distribution": [{
            "@id": f"{base}{name}",
            "@type": "dcat:Distribution",
            "dct:title": name,
            "dcat:downloadURL": {"@id": f"{base}{name}"},
            "dcat:accessURL": {"@id": base},
            "dcat:mediaType": {"@id": f"https://www.iana.org/assignments/media-types/{media}"},
            "dct:format": {"@id": EU_FORMAT + kind},
            "dct:license": licence,
            "dcat:byteSize": {"@value": str(sizes[name]), "@type": "xsd:nonNegativeInteger"},
        } for name, (media, kind) in MEDIA_TYPES.items()],
    }
    return {
        # CityLoop's own terms (k, the quasi-identifiers, the row counts) are
        # explained on the /opendata/ page, so that is their namespace.
        "@context": {**CONTEXT, "cityloop": f"{base}#"},
        "@id": f"{base}catalog.json",
        "@type": "dcat:Catalog",
        "dct:title": str(_("%(city)s open data") % {"city": settings.CITY_NAME}),
        "dct:description": str(_("De-identified open data of the city's service requests.")),
        "dct:publisher": publisher,
        "dct:license": licence,
        "dct:modified": {"@value": now.isoformat(), "@type": "xsd:dateTime"},
        "dcat:dataset": [dataset],
    }
