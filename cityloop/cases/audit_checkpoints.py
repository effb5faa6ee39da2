"""Signed checkpoints of the audit chain: what a chain alone cannot show.

A case's hash chain shows an edited, inserted or reordered event, and the
event signatures show a chain re-hashed without the audit key; neither shows
a chain cut short at its end or a case deleted with all its events. A
checkpoint records, per case, how many events it had and the hash of the
last one, plus the reference counters, signed with the audit key and linked
to the checkpoint before it. ``verify`` then finds every case that lost
events or vanished since, and every reference number handed out that no case
carries. docs/audit.md says what is and is not detected.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone

from cityloop.cases import audit, audit_key
from cityloop.cases.models import AuditCheckpoint, Case, CaseEvent, ReferenceCounter
from cityloop.registry import PeriodicJob, periodic_jobs

CITY = ""  # the Problem reference of findings about the checkpoints themselves
KEEP_HEADS = 7  # checkpoints that keep their per-case heads in the database


class CheckpointRefused(Exception):
    pass


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def heads_digest(heads: list[list[Any]]) -> str:
    return hashlib.sha256(_canonical(heads).encode("utf-8")).hexdigest()


def summary(checkpoint: AuditCheckpoint) -> dict[str, Any]:
    """What is signed, and what can be published: counts and hashes, no personal data."""
    return {
        "number": checkpoint.number,
        "at": audit.canonical_time(checkpoint.at),
        "cases": checkpoint.case_count,
        "events": checkpoint.event_count,
        "max_event_id": checkpoint.max_event_id,
        "counters": {str(year): last for year, last in sorted(checkpoint.counters.items())},
        "heads_digest": checkpoint.heads_digest,
        "prev": checkpoint.prev_signature,
    }


def signature_of(checkpoint: AuditCheckpoint) -> str:
    return audit_key.sign("checkpoint", _canonical(summary(checkpoint)))


def published(checkpoint: AuditCheckpoint, with_heads: bool = False) -> dict[str, Any]:
    body = summary(checkpoint) | {"signature": checkpoint.signature}
    if with_heads:
        body["heads"] = checkpoint.heads
    return body


def current_heads() -> list[list[Any]]:
    """``[reference, event count, last hash, last event id]`` per case, in one statement.

    One statement reads one snapshot on PostgreSQL too, so a case's count
    and last hash always agree however many events are being written.
    """
    last = CaseEvent.objects.filter(case=OuterRef("pk")).order_by("-seq")
    rows = (
        Case.objects.annotate(
            n=Count("events"),
            head=Subquery(last.values("hash")[:1]),
            head_id=Subquery(last.values("id")[:1]),
        )
        .order_by("reference")
        .values_list("reference", "n", "head", "head_id")
    )
    return [[ref, n, head or "", head_id or 0] for ref, n, head, head_id in rows]


def write_checkpoint(now: datetime | None = None) -> AuditCheckpoint:
    """Verify everything, then sign and store the current heads.

    Refused while ``verify`` finds any problem: a checkpoint must not vouch
    for a history that is already broken.
    """
    problems = set(verify())
    if problems:
        # A case read just before one of its events committed looks out of
        # step with its history; only what a second look confirms counts.
        problems &= set(verify())
    if problems:
        cases = {p.reference for p in problems}
        raise CheckpointRefused(
            f"{len(cases)} cases (or the checkpoints) have a broken history; "
            "run `cityloop audit verify` to see them"
        )
    for _attempt in range(3):
        try:
            return _write(now or timezone.now())
        except IntegrityError:  # another process took the same number: count again
            continue
    raise CheckpointRefused("another checkpoint was being written at the same time")


def _write(now: datetime) -> AuditCheckpoint:
    with transaction.atomic():
        previous = AuditCheckpoint.objects.order_by("-number").first()
        counters = {str(year): last for year, last in ReferenceCounter.objects.values_list(
            "year", "last")}
        rows = current_heads()
        heads = [row[:3] for row in rows]
        checkpoint = AuditCheckpoint(
            number=previous.number + 1 if previous else 1,
            at=now,
            case_count=len(rows),
            event_count=sum(row[1] for row in rows),
            max_event_id=max((row[3] for row in rows), default=0),
            counters=counters,
            heads=heads,
            heads_digest=heads_digest(heads),
            prev_signature=previous.signature if previous else "",
        )
        checkpoint.signature = signature_of(checkpoint)
        checkpoint.save()
        # Only the newest heads are checked against; older ones keep their
        # signed digest, so a copy kept elsewhere can still be checked.
        AuditCheckpoint.objects.filter(number__lte=checkpoint.number - KEEP_HEADS).update(
            heads=[])
    return checkpoint


def _checkpoint_problems(checkpoints: list[AuditCheckpoint]) -> Iterator[audit.Problem]:
    previous: AuditCheckpoint | None = None
    for checkpoint in checkpoints:
        name = f"checkpoint {checkpoint.number}"
        if not audit_key.check("checkpoint", _canonical(summary(checkpoint)),
                               checkpoint.signature):
            yield audit.Problem(CITY, None, f"{name}: signature does not match its content")
        expected = previous.number + 1 if previous else 1
        if checkpoint.number != expected:
            yield audit.Problem(CITY, None, f"checkpoint {expected} is missing before {name}")
        elif previous and checkpoint.prev_signature != previous.signature:
            yield audit.Problem(CITY, None, f"{name}: does not link to the one before it")
        previous = checkpoint


def _reference_problems(counters: dict[str, int]) -> Iterator[audit.Problem]:
    """Every reference the counters handed out must still belong to a case.

    The counter is incremented in the submission's transaction (reference.py),
    so a rolled-back submission gives its number back: a gap is a deletion.
    """
    current = dict(ReferenceCounter.objects.values_list("year", "last"))
    for year in sorted(set(current) | {int(y) for y in counters}):
        last, recorded = current.get(year, 0), counters.get(str(year), 0)
        if last < recorded:
            yield audit.Problem(CITY, None, (
                f"the {year} reference counter is at {last} but a checkpoint recorded {recorded}"
            ))
        top = max(last, recorded)
        taken = {
            int(ref.split("-", 1)[1])
            for ref in Case.objects.filter(reference__startswith=f"{year}-")
            .values_list("reference", flat=True)
        }
        for number in range(1, top + 1):
            if number not in taken:
                yield audit.Problem(f"{year}-{number:06d}", None, (
                    "was deleted: its reference was handed out but no case has it"
                ))


def verify(against: AuditCheckpoint | None = None) -> Iterator[audit.Problem]:
    """Every problem found in the chains, the checkpoints and the references.

    ``against``: a published checkpoint (with its heads) to check instead of
    the newest stored one, e.g. when the stored ones may have been removed.
    """
    stored = list(AuditCheckpoint.objects.order_by("number").defer("heads"))
    yield from _checkpoint_problems(stored)
    newest = AuditCheckpoint.objects.order_by("-number").first()
    if newest and heads_digest(newest.heads) != newest.heads_digest:
        yield audit.Problem(CITY, None, (
            f"checkpoint {newest.number}: its heads were changed after signing"))
    if against is not None:
        yield from _published_problems(against, {c.number: c for c in stored})
        # A published summary without heads pins its stored twin's heads by
        # their digest; one with heads can stand in for a removed twin.
        if against.heads and (newest is None or against.number >= newest.number):
            newest = against
    heads = {ref: (count, head) for ref, count, head in newest.heads} if newest else {}
    yield from audit.verify_all(heads=heads, checkpoint=newest.number if newest else 0)
    # References a deleted case had are reported once, by the heads, when they can be.
    named = set(heads) - set(Case.objects.values_list("reference", flat=True))
    for problem in _reference_problems(dict(newest.counters) if newest else {}):
        if problem.reference not in named:
            yield problem


def _published_problems(
    published_one: AuditCheckpoint, stored: dict[int, AuditCheckpoint]
) -> Iterator[audit.Problem]:
    name = f"published checkpoint {published_one.number}"
    if not audit_key.check("checkpoint", _canonical(summary(published_one)),
                           published_one.signature):
        yield audit.Problem(CITY, None, f"{name}: signature does not match its content")
    if published_one.heads and heads_digest(published_one.heads) != published_one.heads_digest:
        yield audit.Problem(CITY, None, f"{name}: its heads do not match its digest")
    twin = stored.get(published_one.number)
    if twin is None:
        yield audit.Problem(CITY, None, f"{name} is missing from the database")
    elif twin.signature != published_one.signature:
        yield audit.Problem(CITY, None, f"{name} differs from the one in the database")


def from_published(body: dict[str, Any]) -> AuditCheckpoint:
    """A checkpoint as `cityloop audit checkpoint --output` wrote it; ValueError if malformed."""
    try:
        return AuditCheckpoint(
            number=int(body["number"]),
            at=datetime.fromisoformat(str(body["at"]).replace("Z", "+00:00")),
            case_count=int(body["cases"]),
            event_count=int(body["events"]),
            max_event_id=int(body["max_event_id"]),
            counters={str(k): int(v) for k, v in dict(body["counters"]).items()},
            heads=[[str(r), int(n), str(h)] for r, n, h in body.get("heads", [])],
            heads_digest=str(body["heads_digest"]),
            prev_signature=str(body["prev"]),
            signature=str(body["signature"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"not a CityLoop audit checkpoint: {exc}") from exc


def _periodic(now: datetime) -> str:
    try:
        checkpoint = write_checkpoint(now)
    except (CheckpointRefused, audit_key.NoAuditKey) as exc:
        return f"refused: {exc}"
    return f"checkpoint {checkpoint.number}: {checkpoint.case_count} cases"


periodic_jobs.register(
    "audit_checkpoint", "Sign the heads of every case's history (docs/audit.md)."
)(PeriodicJob(lambda: settings.AUDIT_CHECKPOINT_SECONDS, _periodic))
