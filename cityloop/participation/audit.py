"""Writing the participation log (``models.Event``), inside the step's own transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cityloop.participation.models import Event, Process, Proposal
from cityloop.participation.work import User, _user


def record(kind: str, at: datetime, *, process: Process | None = None,
           proposal: Proposal | None = None,
           staff: User | None = None, reason: str = "",
           **data: Any) -> Event:
    if proposal is not None and process is None:
        process = proposal.process
    return Event.objects.create(at=at, kind=kind, process=process, proposal=proposal,
                                staff=_user(staff), reason=reason[:300], data=data)
