"""From the report form to a case: reading the form, checking photos, submitting.

The form posts what the citizen gave; ``submit`` turns it into a
``services.Report`` and, in one transaction, opens the case and stores the
photos. Either the case and all its photos are saved, or nothing is, and the
citizen hears about every problem at once (fields and photos together). A
browser cannot put chosen files back into a form the server sends again, so a
refusal carries the photos that passed the checks (``Rejected.photos``) for
``pending`` to keep; the resubmission names them (``kept``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import QueryDict
from django.utils.translation import gettext as _

from cityloop.cases import photos, services, suggest
from cityloop.cases.contacts import ContactInfo
from cityloop.cases.errors import FieldProblem, SubmissionRejected
from cityloop.cases.media import discard_files
from cityloop.cases.models import Case, CaseMedia, MediaKind
from cityloop.cases.validation import clean_text
from cityloop.web.citizen import picker, questions


@dataclass
class ReportInput:
    """What the citizen entered, kept as text so the form can show it again."""

    service_code: str = ""  # "" is "I'm not sure"
    suggested_code: str = ""  # a triage suggestion the citizen picked
    lat: str = ""
    lon: str = ""
    address: str = ""
    description: str = ""
    answers: dict[str, list[str]] = field(default_factory=dict)
    name: str = ""
    email: str = ""
    phone: str = ""
    show_name: bool = False
    # Where the map was when the form was sent (report.js fills these), so that a
    # form shown again opens the map exactly as the citizen left it.
    map_lat: str = ""
    map_lon: str = ""
    map_zoom: str = ""

    @property
    def category_code(self) -> str:
        """The category chosen from the list, else the suggestion picked."""
        return self.service_code or self.suggested_code

    @property
    def contact(self) -> ContactInfo:
        return ContactInfo(name=self.name, email=self.email, phone=self.phone,
                           show_name=self.show_name)


MAX_ZOOM = 22  # deeper than any tile server goes


class Rejected(Exception):
    """The report was not accepted; ``problems`` lists everything to fix."""

    def __init__(self, problems: list[FieldProblem], triage_code: str = "", *,
                 photos: list[tuple[str, ContentFile[bytes]]] | None = None):
        self.problems = problems
        # The new photos that passed the checks, with their names: kept for
        # the form shown again (``pending``), never lost with the refusal.
        self.photos = photos or []
        # The category triage chose when the citizen was not sure (its
        # questions must then be answered), else "".
        self.triage_code = triage_code
        super().__init__("; ".join(p.message for p in problems))

    def about(self, field_name: str, code: str = "") -> bool:
        return any(p.field == field_name and (not code or p.code == code) for p in self.problems)


def parse(post: QueryDict) -> ReportInput:
    def text(name: str) -> str:
        return clean_text(post.get(name, ""))

    return ReportInput(
        service_code=text("service_code"),
        suggested_code=text("suggested_code"),
        lat=text("lat"),
        lon=text("lon"),
        address=text("address"),
        # Line breaks matter in a description; clean_text keeps them.
        description=clean_text(post.get("description", "")),
        answers=questions.raw_answers(post),
        name=text("name"),
        email=text("email"),
        phone=text("phone"),
        show_name=post.get("show_name", "") in ("1", "on", "true"),
        **_map_view(post),
    )


def _map_view(post: QueryDict) -> dict[str, str]:
    """The map's centre and zoom, if the form sent sensible ones: else none (the
    script then opens the map as it would for a new form)."""
    try:
        lat, lon = float(post.get("map_lat", "")), float(post.get("map_lon", ""))
        zoom = int(post.get("map_zoom", ""))
    except ValueError:
        return {}
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 <= zoom <= MAX_ZOOM):
        return {}
    return {"map_lat": f"{lat:.6f}", "map_lon": f"{lon:.6f}", "map_zoom": str(zoom)}


def to_report(data: ReportInput, language: str) -> services.Report:
    category = picker.chosen_category(data.category_code)
    answers = questions.report_answers(category, data.answers) if category else {}
    contact = data.contact
    return services.Report(
        channel="web",
        # An unknown code goes through as given, so that the citizen hears
        # the domain's refusal rather than a silent "I'm not sure".
        service_code=data.category_code,
        description=data.description,
        lat=data.lat or None,
        lon=data.lon or None,
        address=data.address,
        attributes=answers,
        contact=None if contact.is_empty else ContactInfo(
            name=contact.name, email=contact.email, phone=contact.phone,
            show_name=contact.show_name, language=language,
        ),
        language=language,
    )


@dataclass
class PreparedPhotos:
    """New photos checked and re-encoded: the clean ones with their names, and the problems."""

    clean: list[tuple[str, ContentFile[bytes]]] = field(default_factory=list)
    problems: list[FieldProblem] = field(default_factory=list)


def prepare_photos(uploads: list[UploadedFile], room: int = photos.MAX_PHOTOS) -> PreparedPhotos:
    """Re-encode each upload once; ``room`` is how many more the report may take.

    Beyond ``room`` the extra files are refused, but the first ones are still
    prepared, so that a refused form keeps them.
    """
    prepared = PreparedPhotos()
    if len(uploads) > room:
        prepared.problems.append(FieldProblem(
            "photos", "too_many",
            _("Choose at most %(count)d photos.") % {"count": photos.MAX_PHOTOS}))
    for number, upload in enumerate(uploads[:max(room, 0)], start=1):
        try:
            clean = photos.reencode(upload)
        except photos.PhotoRejected as exc:
            prepared.problems.append(FieldProblem(
                "photos", "invalid_photo",
                _("Photo %(number)d: %(reason)s") % {"number": number, "reason": exc.message},
            ))
        else:
            prepared.clean.append((upload.name or f"{number}.jpg", clean))
    return prepared


def check_photos(uploads: list[UploadedFile]) -> list[FieldProblem]:
    """Every problem with the photos: too many, and each bad file by its number."""
    if len(uploads) > photos.MAX_PHOTOS:
        return [FieldProblem("photos", "too_many",
                             _("Choose at most %(count)d photos.") % {"count": photos.MAX_PHOTOS})]
    problems = prepare_photos(uploads).problems
    for upload in uploads:
        upload.seek(0)  # read again when attached
    return problems


def submit(data: ReportInput, uploads: list[UploadedFile], *, language: str,
           now: datetime | None = None, kept: list[ContentFile[bytes]] | None = None) -> Case:
    """Open the case and attach its photos, or raise ``Rejected`` and save nothing.

    ``kept`` are photos already checked and kept across a refused form
    (``pending``); ``uploads`` the new ones. ``Rejected.photos`` carries the
    new photos that passed the checks, so that the caller can keep them.
    """
    kept = kept or []
    prepared = prepare_photos(uploads, photos.MAX_PHOTOS - len(kept))
    stored: list[CaseMedia] = []
    try:
        with transaction.atomic():
            try:
                case = services.submit(to_report(data, language), now=now)
            except SubmissionRejected as exc:
                raise Rejected(exc.problems + prepared.problems,
                               _triage_code(data, exc.problems, language),
                               photos=prepared.clean) from None
            if prepared.problems:
                # The report itself is fine: raising here rolls it back, and
                # the citizen fixes the photos.
                raise Rejected(prepared.problems, photos=prepared.clean)
            stored = photos.store(case, kept + [clean for _name, clean in prepared.clean],
                                  MediaKind.BEFORE, public=False, now=case.created_at)
    except Exception:
        discard_files(stored)
        raise
    return case


def _triage_code(data: ReportInput, problems: list[FieldProblem], language: str) -> str:
    """The category triage chose for an "I'm not sure" report, if it was confident."""
    if data.category_code or any(p.field == "service_code" for p in problems):
        return ""
    found = suggestion(data.description, language)
    if found is None or not found.category or found.confidence < settings.TRIAGE_CONFIDENCE:
        return ""
    return found.category


def suggestion(text: str, language: str) -> suggest.Suggestion | None:
    if not text.strip():
        return None
    return suggest.suggest(text, language)


@dataclass(frozen=True)
class Suggested:
    code: str
    name: str
    group: str
    confidence: float


def suggestions(text: str, language: str) -> tuple[list[Suggested], bool]:
    """Categories triage finds likely for ``text`` (best first), and whether it is confident."""
    found = suggestion(text, language)
    if found is None:
        return [], False
    items = []
    for code, confidence in found.top3 or ([(found.category, found.confidence)]
                                           if found.category else []):
        category = picker.chosen_category(code)
        if category is not None:
            items.append(Suggested(code, category.display_name, category.group.display_name,
                                   confidence))
    confident = bool(found.category) and found.confidence >= settings.TRIAGE_CONFIDENCE
    return items, confident
