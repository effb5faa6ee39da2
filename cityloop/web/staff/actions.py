"""From a posted form to a lifecycle action: check, apply, and say what happened.

``perform`` is what the case page's action endpoint calls: it binds the
action's form, checks the role rules (``action_rules.refusal``), runs the action
through ``cases.lifecycle`` (photos through ``cases.photos``/``cases.media``
in the same transaction) and returns an ``Outcome``: a message for the
person and, when something was refused, the bound form, so that the text
they typed is shown again and nothing is lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cityloop.cases import lifecycle, media, photos
from cityloop.cases.actions import action_label
from cityloop.cases.actors import Actor
from cityloop.cases.errors import TransitionRefused
from cityloop.cases.models import Case, MediaKind
from cityloop.cases.policy import actions as action_rules
from cityloop.web.staff import templates_text
from cityloop.web.staff.forms import FORMS, CaseForm, CommentForm


@dataclass
class Outcome:
    status: int  # 200 done (or text inserted), 400 invalid, 403 not allowed, 409 refused
    message: str
    form: CaseForm | None = None

    @property
    def ok(self) -> bool:
        return self.status == 200 and self.form is None


def bind(action: str, case: Case, user: User, data: QueryDict | None = None,
         files: MultiValueDict[str, UploadedFile] | None = None) -> CaseForm:
    """The action's form (bound when ``data`` is given), with the action as prefix."""
    form_class = FORMS[action]
    kwargs: dict[str, Any] = {"case": case, "user": user, "prefix": action}
    if form_class is CommentForm:
        kwargs["templates"] = templates_text.for_case(case)
    if data is None:
        return form_class(**kwargs)
    return form_class(data, files, **kwargs)


def perform(action: str, case: Case, user: User, data: QueryDict,
            files: MultiValueDict[str, UploadedFile]) -> Outcome:
    """Take ``action`` on ``case`` for ``user`` from the posted ``data``."""
    form = bind(action, case, user, data, files)
    if not action_rules.may_take(user, case, action):  # before anything else is checked
        return Outcome(403, str(action_rules.refusal(user, case, action, {})))
    if action == "comment" and data.get("insert_template"):
        return _insert_template(case, user, data)
    if not form.is_valid():
        return Outcome(400, _("Please correct the marked fields."), form)
    params = form.params()
    reason = action_rules.refusal(user, case, action, params)
    if reason:
        return Outcome(403, reason, form)
    try:
        execute(action, case, user, params, form.cleaned_data.get("photos") or [])
    except TransitionRefused as exc:
        return Outcome(409, exc.message, form)
    except photos.PhotoRejected as exc:
        form.add_error("photos", exc.message)
        return Outcome(400, exc.message, form)
    return Outcome(200, done_message(action))


# What the person is told once an action went through: a sentence, not a command.
DONE = {
    "assign": gettext_lazy("The case was assigned."),
    "start": gettext_lazy("Work on the case has started."),
    "resolve": gettext_lazy("The case was resolved."),
    "close": gettext_lazy("The case was closed."),
    "reject": gettext_lazy("The case was rejected."),
    "mark_duplicate": gettext_lazy("The case was marked as a duplicate."),
    "reopen": gettext_lazy("The case was reopened."),
    "forward": gettext_lazy("The case was forwarded to the other department."),
    "join": gettext_lazy("The department now co-handles the case."),
    "comment": gettext_lazy("The public update was published."),
    "note": gettext_lazy("The internal note was saved."),
    "mark_overdue": gettext_lazy("The case was marked overdue."),
    "escalate": gettext_lazy("The case was escalated."),
    "recategorise": gettext_lazy("The category was changed."),
    "relocate": gettext_lazy("The location was changed."),
    "set_priority": gettext_lazy("The priority was changed."),
    "add_photos": gettext_lazy("The photos were added."),
    "approve_photo": gettext_lazy("The photo is now shown to the public."),
}


def done_message(action: str) -> str:
    if action in DONE:
        return str(DONE[action])
    return _("Done: %(action)s.") % {"action": action_label(action)}


def execute(action: str, case: Case, user: User, params: dict[str, Any],
            uploads: list[UploadedFile] | None = None) -> None:
    """Run ``action`` (already allowed by the rules); raises ``TransitionRefused``
    or ``PhotoRejected`` and then changes nothing."""
    actor = Actor.staff(user)
    uploads = uploads or []
    if action == "resolve":
        _resolve(case, actor, params, uploads)
    elif action == "add_photos":
        media.add(case, uploads, actor, note=params.get("note", ""))
    elif action == "approve_photo":
        media.approve(case, params["media"], actor)
    else:
        lifecycle.transition(case, action, actor, **params)


def _resolve(case: Case, actor: Actor, params: dict[str, Any],
             uploads: list[UploadedFile]) -> None:
    """Resolve with the "after" photos stored in the same transaction: a
    refused resolution keeps no photo, and a bad photo resolves nothing."""
    now = timezone.now()
    stored: list[Any] = []
    try:
        with transaction.atomic():
            stored = photos.attach(case, uploads, MediaKind.AFTER, public=True, now=now)
            lifecycle.transition(case, "resolve", actor, now=now,
                                 media_ids=[m.pk for m in stored], **params)
    except Exception:
        media.discard_files(stored)
        raise


def _insert_template(case: Case, user: User, data: QueryDict) -> Outcome:
    """No JavaScript: the chosen template's text is added to the typed text
    and the form shown again; nothing is recorded yet."""
    chosen = templates_text.text_of(case, data.get("comment-template", ""))
    copy = data.copy()
    typed = data.get("comment-public_text", "").rstrip()
    copy["comment-public_text"] = f"{typed}\n\n{chosen}".strip() if chosen else typed
    copy["comment-template"] = ""
    form = bind("comment", case, user, copy)
    message = _("Template inserted: check the text, then publish it.") if chosen else _(
        "Choose a template first.")
    return Outcome(200, message, form)
