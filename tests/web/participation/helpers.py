"""A verified resident's browser, a proposal written straight through the domain."""

from __future__ import annotations

from typing import Any

from django.test import Client

from cityloop.participation import proposals
from cityloop.participation.models import Process, Proposal, Resident
from cityloop.web.participation.session import KEY

BODY = "Please put benches along the river path so older people can rest on the way."


def signed_in(resident: Resident, **headers: Any) -> Client:
    """A test client whose session is ``resident``'s, as after typing the code back."""
    client = Client(**headers)
    session = client.session
    session[KEY] = resident.pk
    session.save()
    return client


def propose(process: Process, author: Resident, title: str = "Benches by the river",
            **fields: Any) -> Proposal:
    return proposals.submit_proposal(process, author, proposals.Draft(
        title=title, body=fields.pop("body", BODY), language="en", **fields))
