"""Photos kept across a refused report form, so that a citizen never chooses them twice.

A browser cannot put chosen files back into a form the server sends again.
So when the server refuses a report (a question left unanswered, a pin
outside the city) or shows the form again for another reason (the no-script
"search" and "continue" buttons), every photo that passed the checks is
stored here, already re-encoded (so without its GPS tags), and the form
comes back with a thumbnail of it and a hidden field holding its token. The
next submission names the tokens; a successful one attaches the photos to
the case and deletes them here.

A token is the photo's random id signed with the site's key and the time it
was made (``TimestampSigner``): a forged or altered token, or one older than
``KEEP_SECONDS``, is refused before any file is touched, and the id must be
32 hex digits, so a token can never name a path. It is also bound to the
session that uploaded the photo (the session lists its ids), and used once:
attaching or removing the photo takes it off the list. The files live in the
media storage under ``pending-photos/``; the ``pending_photos`` periodic job
deletes those older than ``KEEP_SECONDS`` that no one came back for.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.sessions.backends.base import SessionBase
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse

from cityloop.cases.photos import MAX_PHOTOS
from cityloop.registry import PeriodicJob, periodic_jobs

DIRECTORY = "pending-photos"
KEEP_SECONDS = 24 * 3600  # a citizen may come back to the form the next morning
SWEEP_SECONDS = 3600
SESSION_KEY = "cityloop_pending_photos"
# More than a form shows (MAX_PHOTOS): a citizen may have the form open in two
# tabs. The oldest beyond this are forgotten (their files swept later).
SESSION_LIMIT = 4 * MAX_PHOTOS
NAME_CHARS = 80
_SALT = "cityloop.web.citizen.pending"
_ID = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True)
class KeptPhoto:
    token: str
    name: str  # the file's name on the citizen's device, to say which photo it is

    @property
    def url(self) -> str:
        """The thumbnail's address; served only to the session that kept it."""
        return reverse("report_kept_photo", args=[self.token])


def _path(photo_id: str) -> str:
    return f"{DIRECTORY}/{photo_id}.jpg"


def _id_of(token: str) -> str | None:
    """The photo id inside a valid, unexpired token; None for anything else."""
    try:
        photo_id = signing.TimestampSigner(salt=_SALT).unsign(token[:200], max_age=KEEP_SECONDS)
    except signing.BadSignature:  # also SignatureExpired
        return None
    return photo_id if _ID.fullmatch(photo_id) else None


def _listed(session: SessionBase) -> dict[str, str]:
    found = session.get(SESSION_KEY)
    return dict(found) if isinstance(found, dict) else {}


def keep(session: SessionBase, clean: list[tuple[str, ContentFile[bytes]]]) -> list[KeptPhoto]:
    """Store re-encoded photos (with the names they had) for this session; their tokens."""
    listed = _listed(session)
    kept = []
    for name, content in clean:
        photo_id = secrets.token_hex(16)
        content.seek(0)
        default_storage.save(_path(photo_id), content)
        listed[photo_id] = name[-NAME_CHARS:]
        kept.append(KeptPhoto(signing.TimestampSigner(salt=_SALT).sign(photo_id),
                              name[-NAME_CHARS:]))
    # dicts keep their order: the oldest go first.
    session[SESSION_KEY] = dict(list(listed.items())[-SESSION_LIMIT:])
    return kept


def find(session: SessionBase, tokens: list[str]) -> list[KeptPhoto]:
    """The photos these tokens keep for this session, once each, at most ``MAX_PHOTOS``.

    A token of another session, an expired or forged one, or one already
    used is left out: the form then simply shows the photo no more.
    """
    listed = _listed(session)
    found: list[KeptPhoto] = []
    seen: set[str] = set()
    for token in tokens:
        photo_id = _id_of(token)
        if photo_id is None or photo_id in seen or photo_id not in listed:
            continue
        if not default_storage.exists(_path(photo_id)):
            continue  # swept already
        seen.add(photo_id)
        found.append(KeptPhoto(token, listed[photo_id]))
    return found[:MAX_PHOTOS]


def open_kept(session: SessionBase, token: str) -> bytes | None:
    """The kept JPEG for the thumbnail, or None when this session may not see it."""
    photo_id = _id_of(token)
    if photo_id is None or photo_id not in _listed(session):
        return None
    try:
        with default_storage.open(_path(photo_id), "rb") as stored:
            data: bytes = stored.read()
    except FileNotFoundError:
        return None
    return data


def contents(kept: list[KeptPhoto]) -> list[ContentFile[bytes]]:
    """The kept photos as files to store on a case (already clean: not re-encoded again)."""
    files = []
    for photo in kept:
        photo_id = _id_of(photo.token)
        if photo_id is None:
            continue
        try:
            with default_storage.open(_path(photo_id), "rb") as stored:
                files.append(ContentFile(stored.read(), name=f"{secrets.token_hex(16)}.jpg"))
        except FileNotFoundError:
            continue  # swept between the form's check and now: the report goes without it
    return files


def forget(session: SessionBase, kept: list[KeptPhoto]) -> None:
    """Use the tokens up (attached to a case, or removed by the citizen) and delete the files.

    The files go once the transaction commits: a rolled-back case must not
    lose photos the form still offers.
    """
    ids = [i for i in (_id_of(p.token) for p in kept) if i is not None]
    listed = _listed(session)
    for photo_id in ids:
        listed.pop(photo_id, None)
    session[SESSION_KEY] = listed

    def delete() -> None:
        for photo_id in ids:
            default_storage.delete(_path(photo_id))

    transaction.on_commit(delete)


def sweep(now: datetime) -> str:
    """Delete kept photos older than their tokens can be: nobody can name them any more."""
    try:
        _dirs, names = default_storage.listdir(DIRECTORY)
    except FileNotFoundError:
        return "0 kept photos deleted"
    cutoff = now - timedelta(seconds=KEEP_SECONDS)
    deleted = 0
    for name in names:
        path = f"{DIRECTORY}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            deleted += 1
    return f"{deleted} kept photos deleted"


periodic_jobs.register(
    "pending_photos", "Delete photos kept for a refused report form and never sent."
)(PeriodicJob(lambda: SWEEP_SECONDS, sweep))
