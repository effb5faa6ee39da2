"""A conversation with one person in one chat, and the photos it has collected so far."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cityloop.cases.models import Case


class Step(models.TextChoices):
    IDLE = "idle", _("Waiting for a new report")
    PHOTO = "photo", _("Asked for a photo")
    LOCATION = "location", _("Asked for the location")
    DESCRIPTION = "description", _("Asked for a description")
    CATEGORY = "category", _("Asked for the kind of problem")
    QUESTION = "question", _("Asked the category's questions")


class Conversation(models.Model):
    """Where one chat is in reporting a problem. Private, like a case's contacts: the
    chat id reaches the person."""

    platform = models.CharField(_("platform"), max_length=20)
    chat_id = models.CharField(_("chat id"), max_length=64)
    language = models.CharField(_("language"), max_length=10)
    step = models.CharField(_("step"), max_length=12, choices=Step.choices, default=Step.IDLE)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=100, blank=True)
    # What the buttons last offered (places found, categories, answers), by position:
    # a button carries a short index, never a whole name.
    offered = models.JSONField(_("offered"), default=dict, blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    # The highest update of this chat processed: a platform that retries an update
    # (no answer in time) does not file a report twice.
    last_update = models.BigIntegerField(_("last update"), default=0)
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("last case filed"))
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("chat conversation")
        verbose_name_plural = _("chat conversations")
        constraints = [models.UniqueConstraint(fields=["platform", "chat_id"],
                                               name="chat_conversation_unique")]

    def __str__(self) -> str:
        return f"{self.platform} {self.pk}"

    @property
    def address_key(self) -> str:
        """What a case contact keeps to reach this chat (``CaseContact.chat``)."""
        return f"{self.platform}:{self.chat_id}"


class ConversationPhoto(models.Model):
    """A photo sent in the chat, already re-encoded (``cases.photos.reencode``): stored
    on the case when it is filed, deleted with a cancelled report."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE,
                                     related_name="photos")
    data = models.BinaryField(_("JPEG"))
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("chat photo")
        verbose_name_plural = _("chat photos")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.conversation} photo {self.pk}"
