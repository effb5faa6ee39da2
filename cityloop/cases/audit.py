"""The audit chain: every case event carries the hash of the one before it.

``content_hash`` is computed from the event's own fields and the previous
event's hash, as SHA-256 over canonical JSON, so anyone with a copy of the
events can recompute the chain (docs/audit.md describes the recipe) and find
an edited, deleted or inserted event. Each event is also signed with the
audit key (``audit_key.event_mac``), so a chain edited and re-hashed by
someone without the key is found too; what a chain alone cannot show (a cut
end, a whole case deleted) the signed checkpoints show
(``audit_checkpoints``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cityloop.cases import audit_key
from cityloop.cases.models import Case, CaseEvent

GENESIS = ""


def canonical_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def content_hash(
    *,
    reference: str,
    seq: int,
    at: datetime,
    actor_kind: str,
    actor_label: str,
    action: str,
    from_status: str,
    to_status: str,
    public_text: str,
    internal_note: str,
    data: dict[str, Any],
    prev_hash: str,
) -> str:
    body = {
        "case": reference,
        "seq": seq,
        "at": canonical_time(at),
        "actor_kind": actor_kind,
        "actor": actor_label,
        "action": action,
        "from": from_status,
        "to": to_status,
        "public_text": public_text,
        "internal_note": internal_note,
        "data": data,
        "prev": prev_hash,
    }
    encoded = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8", "surrogatepass")).hexdigest()


def hash_of(event: CaseEvent, reference: str) -> str:
    return content_hash(
        reference=reference,
        seq=event.seq,
        at=event.at,
        actor_kind=event.actor_kind,
        actor_label=event.actor_label,
        action=event.action,
        from_status=event.from_status,
        to_status=event.to_status,
        public_text=event.public_text,
        internal_note=event.internal_note,
        data=event.data,
        prev_hash=event.prev_hash,
    )


@dataclass(frozen=True)
class Problem:
    reference: str
    seq: int | None
    message: str


Head = tuple[int, str]  # a case's event count and last hash, as a checkpoint recorded them


def verify_chain(
    reference: str,
    status: str,
    events: Iterable[CaseEvent],
    head: Head | None = None,
    checkpoint: int = 0,
) -> list[Problem]:
    """What is wrong with one case's chain; empty when it is intact.

    ``head``: what signed checkpoint number ``checkpoint`` recorded of this
    case; the chain must still run through it.
    """
    problems: list[Problem] = []
    head_hash = ""
    expected_prev, expected_seq, last_status = GENESIS, 1, ""
    for event in events:
        if event.seq != expected_seq:
            problems.append(
                Problem(reference, event.seq, f"event {expected_seq} is missing before it")
            )
        if event.prev_hash != expected_prev:
            problems.append(
                Problem(reference, event.seq, "does not link to the event before it")
            )
        if hash_of(event, reference) != event.hash:
            problems.append(Problem(reference, event.seq, "content does not match its hash"))
        problems.extend(_signature_problems(reference, event))
        if head and event.seq == head[0]:
            head_hash = event.hash
        expected_prev, expected_seq = event.hash, event.seq + 1
        last_status = event.to_status or last_status
    if head and head[0] and head_hash != head[1]:
        problems.append(_head_problem(reference, expected_seq - 1, head, checkpoint, head_hash))
    if expected_seq == 1:
        problems.append(Problem(reference, None, "has no events"))
    elif last_status != status:
        problems.append(
            Problem(
                reference,
                None,
                f"status is {status!r} but its history ends in {last_status!r}",
            )
        )
    return problems


def _head_problem(reference: str, last: int, head: Head, checkpoint: int, found: str) -> Problem:
    count = head[0]
    if last < count:
        return Problem(reference, None, (
            f"has {last} events but checkpoint {checkpoint} recorded {count}: "
            "events were removed from its end"
        ))
    what = "was replaced" if found else "is missing"
    return Problem(
        reference, count, f"{what}: it is not the event checkpoint {checkpoint} recorded"
    )


def _signature_problems(reference: str, event: CaseEvent) -> list[Problem]:
    if not event.mac:
        return [Problem(reference, event.seq, "is not signed with the audit key")]
    if not audit_key.check("event", event.hash, event.mac):
        return [Problem(
            reference, event.seq,
            "signature does not match: rewritten and re-hashed without the audit key",
        )]
    return []


def verify_all(
    batch_size: int = 2000, heads: dict[str, Head] | None = None, checkpoint: int = 0
) -> Iterator[Problem]:
    """Check every case's chain, a batch of cases at a time to bound memory.

    ``heads``: per reference, what signed checkpoint number ``checkpoint``
    recorded; a case it names that no longer exists is reported as deleted.
    """
    heads = heads or {}
    seen: set[str] = set()
    last_id = 0
    while True:
        cases = list(
            Case.objects.filter(id__gt=last_id)
            .order_by("id")
            .values_list("id", "reference", "status")[:batch_size]
        )
        if not cases:
            break
        refs = {case_id: (reference, status) for case_id, reference, status in cases}
        by_case: dict[int, list[CaseEvent]] = {case_id: [] for case_id in refs}
        events = CaseEvent.objects.filter(case_id__in=refs).order_by("case_id", "seq")
        for event in events.iterator(chunk_size=5000):
            by_case[event.case_id].append(event)
        for case_id, (reference, status) in refs.items():
            seen.add(reference)
            yield from verify_chain(
                reference, status, by_case[case_id], heads.get(reference), checkpoint
            )
        last_id = cases[-1][0]
    for reference in sorted(heads.keys() - seen):
        yield Problem(reference, None, (
            f"was deleted: checkpoint {checkpoint} recorded it with {heads[reference][0]} events"
        ))
