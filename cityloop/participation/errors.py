"""The one refusal every participation step raises: a code for machines, a sentence for people."""

from __future__ import annotations

from django.utils.functional import Promise


class Refused(Exception):
    """A step that cannot be taken, and why, in the user's language (lazy text).

    ``code`` is stable (the API's ``error`` field, tests); ``field`` names the form
    field at fault, if one is.
    """

    def __init__(self, code: str, message: str | Promise, *, field: str = "") -> None:
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.field = field
