"""Questionnaires with choice, scale, free-text and map questions, and their responses."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from cityloop.i18n import pick


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("One choice")
    MULTIPLE = "multiple", _("Several choices")
    SCALE = "scale", _("Scale")
    TEXT = "text", _("Free text")
    POINT = "point", _("Points on the map")
    LINE = "line", _("A line on the map")
    AREA = "area", _("An area on the map")


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
MAP_KINDS = (QuestionKind.POINT, QuestionKind.LINE, QuestionKind.AREA)


class Survey(models.Model):
    process = models.ForeignKey("participation.Process", on_delete=models.CASCADE,
                                related_name="surveys", verbose_name=_("process"))
    title = models.CharField(_("title"), max_length=200)
    title_i18n = models.JSONField(_("title in other languages"), default=dict, blank=True)
    intro = models.TextField(_("introduction"), blank=True)
    intro_i18n = models.JSONField(_("introduction in other languages"), default=dict,
                                  blank=True)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="surveys",
        verbose_name=_("about case"),
        help_text=_("The case whose pattern started this consultation, if one did."))

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title

    def title_text(self, language: str | None = None) -> str:
        return pick(self.title, self.title_i18n, language)

    def intro_text(self, language: str | None = None) -> str:
        return pick(self.intro, self.intro_i18n, language)


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions",
                               verbose_name=_("survey"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=300)
    text_i18n = models.JSONField(_("question in other languages"), default=dict, blank=True)
    help = models.CharField(_("help text"), max_length=300, blank=True)
    help_i18n = models.JSONField(_("help text in other languages"), default=dict, blank=True)
    choices = models.JSONField(
        _("choices"), default=list, blank=True,
        help_text=_('Choice questions: a list of {"key": "park", "en": "A park", '
                    '"zh-hans": "公园"}.'))
    scale_min = models.SmallIntegerField(_("scale from"), default=1)
    scale_max = models.SmallIntegerField(_("scale to"), default=5)
    max_features = models.PositiveSmallIntegerField(
        _("most map answers"), default=5,
        help_text=_("Map questions: how many points, lines or areas one resident may draw."))
    required = models.BooleanField(_("required"), default=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text

    def text_in(self, language: str | None = None) -> str:
        return pick(self.text, self.text_i18n, language)

    def help_in(self, language: str | None = None) -> str:
        return pick(self.help, self.help_i18n, language)

    def choice_labels(self, language: str | None = None) -> list[tuple[str, str]]:
        out = []
        for choice in self.choices or []:
            key = str(choice.get("key", ""))
            default = str(choice.get("en") or key)
            labels: dict[str, Any] = {k: v for k, v in choice.items() if k not in ("key", "en")}
            out.append((key, pick(default, labels, language)))
        return out


class Response(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses",
                               verbose_name=_("survey"))
    resident = models.ForeignKey("participation.Resident", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("answered"))

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [models.UniqueConstraint(fields=["survey", "resident"],
                                               name="survey_response_once")]

    def __str__(self) -> str:
        return f"#{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    # Choice keys (a list), a scale's number, or the text; map answers are MapEntry rows.
    value = models.JSONField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"],
                                               name="survey_answer_once")]

    def __str__(self) -> str:
        return f"#{self.pk}"


class MapEntry(models.Model):
    """One point, line or area drawn in answer to a map question, with its comment."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="entries")
    geometry = models.JSONField()  # a GeoJSON geometry, WGS 84
    # A point to draw it at (the point itself, or the line's or area's middle).
    lat = models.FloatField()
    lon = models.FloatField()
    comment = models.CharField(max_length=500, blank=True)

    class Meta:
        indexes = [models.Index(fields=["answer"], name="map_entry_answer")]

    def __str__(self) -> str:
        return f"#{self.pk}"
