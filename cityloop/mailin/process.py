"""Turning one stored email into a case, an update of a case, an answer, or nothing.

- An automatic message (auto-responder, bounce, mailing list) is dropped with
  a log line and never answered: answering robots is how mail loops start.
- A sender over ``CITYLOOP_MAIL_SENDER_LIMIT`` messages an hour is dropped
  the same way (a flood is not answered either).
- A reply that names a case with a valid token (``notify.replyto``: in the
  address it was sent to, or in its References) adds its words and photos to
  that case, as the reporter's tracking page does (``add_info``).
- Anything else is a new report on the ``email`` channel, through
  ``cases.services.submit``: subject and body as the description, image
  attachments as photos (``cases.photos``, as from the web form), the
  location from a photo's GPS or a place named in the text, else none: the
  case then waits in the staff queue's "needs a location" filter. A token
  whose signature is wrong (forged, or from an old secret key) is treated
  this way too: the message is kept as a report of its own and touches no
  other case.
- A message that cannot become either (no text, a closed case, a report
  ``submit`` refuses) is answered with the reason, in the sender's language.

The row's outcome is written in the same transaction as the case or the
update, so an email is processed exactly once, whoever retries it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cityloop.cases import lifecycle, photos, services
from cityloop.cases.actors import Actor
from cityloop.cases.contacts import ContactInfo
from cityloop.cases.errors import SubmissionRejected, TransitionRefused
from cityloop.cases.media import discard_files
from cityloop.cases.models import Case, CaseMedia, Channel, MediaKind
from cityloop.cases.validation import MAX_DESCRIPTION
from cityloop.catalogue import snapshot
from cityloop.mailin import answer, place
from cityloop.mailin.models import InboundMail, MailState
from cityloop.mailin.parse import Parsed, parse
from cityloop.notify import replyto
from cityloop.web import ratelimit
from cityloop.web.citizen import reporting, tracking

HOUR = 3600
# Photos looked at per message: a signature's logos and a few photos, not a whole album.
MOST_IMAGES = 6


@dataclass
class Result:
    state: str
    outcome: str
    case: Case | None = None
    answer: str = ""  # what the sender is told ("" for nothing)


def process(mail: InboundMail) -> tuple[Parsed, Result]:
    """Read ``mail`` and act on it (call inside the transaction that ``mark``s it);
    the message as read and what became of it. ``Result.answer`` is not sent here:
    the spool sends it once the transaction has committed."""
    parsed = parse(bytes(mail.raw), mail.mail_from)
    return parsed, _decide(mail, parsed)


def _decide(mail: InboundMail, parsed: Parsed) -> Result:
    if parsed.automatic:
        return Result(MailState.DROPPED, f"automatic message ({parsed.automatic})")
    if not parsed.sender:
        return Result(MailState.DROPPED, "no sender address")
    key = ratelimit.key_for("mail", parsed.sender)
    if not ratelimit.allow(key, settings.MAIL_SENDER_LIMIT, HOUR):
        return Result(MailState.DROPPED, "over the sender's hourly limit")
    reference, _token_seen = replyto.case_reference(
        [mail.recipients, *parsed.addressed_to, *parsed.thread])
    with translation.override(parsed.language):
        case = Case.objects.filter(reference=reference).first() if reference else None
        if case is not None:
            return _update(case, parsed)
        return _report(parsed)


def _uploads(parsed: Parsed) -> list[UploadedFile]:
    return [SimpleUploadedFile(image.name, image.content)
            for image in parsed.images[:MOST_IMAGES]]


def _update(case: Case, parsed: Parsed) -> Result:
    if not parsed.words:
        return Result(MailState.REFUSED, "reply without text", case, answer.no_text())
    prepared = reporting.prepare_photos(_uploads(parsed), room=MOST_IMAGES)
    clean: list[UploadedFile] = [SimpleUploadedFile(name, content.read())
                                 for name, content in prepared.clean[:photos.MAX_PHOTOS]]
    try:
        tracking.add_info(case, parsed.words[:MAX_DESCRIPTION], clean)
    except TransitionRefused:
        return Result(MailState.REFUSED, f"reply to {case.reference}, which is closed", case,
                      answer.closed(case.reference))
    located = _locate_later(case, parsed) if case.lat is None else ""
    return Result(MailState.UPDATE, f"added to {case.reference}{located}{_skipped(prepared)}",
                  case)


def _locate_later(case: Case, parsed: Parsed) -> str:
    """A case filed without a location takes the one its reporter's reply gives (the
    acknowledgement asked for it): a photo's GPS or a place named in the reply."""
    where = (place.from_photos([image.content for image in parsed.images])
             or place.from_text(parsed.words, parsed.language))
    if where is None:
        return ""
    lifecycle.transition(case, "relocate", Actor.citizen(), lat=where.lat, lon=where.lon,
                         address=where.address or case.address,
                         note=_("Location from the reporter's email reply."))
    return f", located from the {where.source}"


def _report(parsed: Parsed) -> Result:
    description = parsed.description[:MAX_DESCRIPTION]
    if len(description) < 3:
        return Result(MailState.REFUSED, "no text", None, answer.no_text())
    prepared = reporting.prepare_photos(_uploads(parsed), room=MOST_IMAGES)
    clean = [content for _name, content in prepared.clean[:photos.MAX_PHOTOS]]
    where = (place.from_photos([image.content for image in parsed.images])
             or place.from_text(description, parsed.language))
    report = services.Report(
        channel=Channel.EMAIL, service_code=_category(description, parsed.language),
        description=description, language=parsed.language, location_later=True,
        contact=ContactInfo(name=parsed.sender_name, email=parsed.sender,
                            language=parsed.language))
    if where is not None:
        report = replace(report, lat=where.lat, lon=where.lon, address=where.address)
    stored: list[CaseMedia] = []
    try:
        with transaction.atomic():
            case = services.submit(report)
            stored = photos.store(case, clean, MediaKind.BEFORE, public=False,
                                  now=case.created_at)
    except SubmissionRejected as exc:
        discard_files(stored)
        reasons = [problem.message for problem in exc.problems]
        return Result(MailState.REFUSED, "; ".join(reasons)[:400], None, answer.refused(reasons))
    except Exception:
        discard_files(stored)
        raise
    located = f", located from the {where.source}" if where else ", needs a location"
    return Result(MailState.CASE, f"opened {case.reference}{located}{_skipped(prepared)}", case)


def _category(description: str, language: str) -> str:
    """Triage's category when it is confident and asks nothing an email cannot answer
    (a required question), else the city's category for mail; triage's guess is kept
    on the case either way, for the operator who recategorises it."""
    found = reporting.suggestion(description, language)
    if not found or not found.category or found.confidence < settings.TRIAGE_CONFIDENCE:
        return settings.MAIL_CATEGORY
    catalogue = snapshot.current()
    category = catalogue.categories.get(found.category)
    questions = catalogue.attributes.get(category.pk, []) if category else []
    if category is None or any(q.required and q.variable for q in questions):
        return settings.MAIL_CATEGORY
    return found.category


def _skipped(prepared: reporting.PreparedPhotos) -> str:
    if not prepared.problems:
        return ""
    return "; photos skipped: " + " ".join(p.message for p in prepared.problems)


def mark(mail: InboundMail, result: Result) -> None:
    """Write ``result`` on ``mail``'s row (inside the transaction that acted on it)."""
    InboundMail.objects.filter(pk=mail.pk).update(
        state=result.state, outcome=result.outcome[:500], processed_at=timezone.now(),
        case=result.case)
