from cityloop.cases.models.case import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Case,
    CaseContact,
    CaseMedia,
    Channel,
    ContactRole,
    MediaKind,
    ReferenceCounter,
    RejectReason,
    Status,
    channel_label,
)
from cityloop.cases.models.checkpoint import AuditCheckpoint
from cityloop.cases.models.client import ApiClient, ApiClientRevision
from cityloop.cases.models.event import ActorKind, CaseEvent

__all__ = [
    "CLOSED_STATUSES",
    "OPEN_STATUSES",
    "ActorKind",
    "ApiClient",
    "ApiClientRevision",
    "AuditCheckpoint",
    "Case",
    "CaseContact",
    "CaseEvent",
    "CaseMedia",
    "Channel",
    "ContactRole",
    "MediaKind",
    "ReferenceCounter",
    "RejectReason",
    "Status",
    "channel_label",
]
