"""Errors of the case domain, with messages fit to show to the person who caused them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldProblem:
    field: str  # the input name, e.g. "lat", "attribute[size]", "service_code"
    code: str  # machine-readable: "required", "invalid", "outside_city", ...
    message: str  # translated sentence for a person


class SubmissionRejected(Exception):
    """A report that cannot become a case; every problem found is listed."""

    def __init__(self, problems: list[FieldProblem]):
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))

    def first(self, code: str) -> FieldProblem | None:
        return next((p for p in self.problems if p.code == code), None)


class TransitionRefused(Exception):
    """A change to a case that is not allowed now; the message says why."""

    def __init__(self, message: str, code: str = "illegal"):
        self.code = code
        self.message = message
        super().__init__(message)
