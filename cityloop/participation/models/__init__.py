from cityloop.participation.models.budgets import (
    Ballot,
    BallotChoice,
    BallotRule,
    Budget,
    Project,
    ProjectStatus,
    Voter,
)
from cityloop.participation.models.events import Event, EventKind
from cityloop.participation.models.process import (
    Document,
    Phase,
    PhaseKind,
    Process,
    ProcessKind,
)
from cityloop.participation.models.proposals import (
    ANSWERED,
    SUPPORTABLE,
    VISIBLE,
    AbuseReport,
    AnswerTemplate,
    Comment,
    Feasibility,
    Proposal,
    ProposalStatus,
    Support,
)
from cityloop.participation.models.residents import Channel, Resident, Verification
from cityloop.participation.models.surveys import (
    CHOICE_KINDS,
    MAP_KINDS,
    Answer,
    MapEntry,
    Question,
    QuestionKind,
    Response,
    Survey,
)

__all__ = [
    "ANSWERED", "CHOICE_KINDS", "MAP_KINDS", "SUPPORTABLE", "VISIBLE", "AbuseReport", "Answer",
    "AnswerTemplate", "Ballot", "BallotChoice", "BallotRule", "Budget", "Channel", "Comment",
    "Document", "Event", "EventKind", "Feasibility", "MapEntry", "Phase", "PhaseKind",
    "Process", "ProcessKind", "Project", "ProjectStatus", "Proposal", "ProposalStatus",
    "Question", "QuestionKind", "Resident", "Response", "Support", "Survey", "Verification",
    "Voter",
]
