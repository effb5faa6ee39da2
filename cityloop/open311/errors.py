"""Errors of the Open311 API, in the shape the spec gives them.

GeoReport v2, "Errors" (http://wiki.open311.org/GeoReport_v2/#errors): a
failed call answers with an HTTP error status and a list of errors, each a
``code`` and a ``description``. We put the HTTP status in ``code`` as the
spec's examples do (``<code>403</code>``), and one error per problem found,
so a client can fix everything in one go.
"""

from __future__ import annotations

from collections.abc import Iterable

from cityloop.cases.errors import FieldProblem


class ApiError(Exception):
    """An answer of ``status`` with one error per description."""

    def __init__(
        self, status: int, descriptions: Iterable[str], headers: dict[str, str] | None = None
    ):
        self.status = status
        self.descriptions = list(descriptions) or [""]
        self.headers = headers or {}
        super().__init__("; ".join(self.descriptions))

    @classmethod
    def bad_request(cls, *descriptions: str) -> ApiError:
        return cls(400, descriptions)

    @classmethod
    def forbidden(cls, description: str) -> ApiError:
        return cls(403, [description])

    @classmethod
    def not_found(cls, description: str) -> ApiError:
        return cls(404, [description])

    @classmethod
    def from_problems(cls, problems: Iterable[FieldProblem]) -> ApiError:
        return cls(400, [describe(p) for p in problems])

    def as_list(self) -> list[dict[str, object]]:
        return [{"code": self.status, "description": d} for d in self.descriptions]


def describe(problem: FieldProblem) -> str:
    """The problem's sentence, naming the input it is about.

    Most domain messages name their field already ("lat must be between -90
    and 90."); the others get it as a prefix so a client knows what to fix.
    """
    if problem.field and problem.field not in problem.message:
        return f"{problem.field}: {problem.message}"
    return problem.message
