"""The schedule of periodic jobs, shared by every worker through the database."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobRun(models.Model):
    """When a periodic job may next run; claiming it is one conditional UPDATE."""

    name = models.CharField(_("job"), max_length=50, primary_key=True)
    next_run_at = models.DateTimeField(_("next run"))
    last_started_at = models.DateTimeField(_("last started"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("last finished"), null=True, blank=True)
    last_worker = models.CharField(_("last worker"), max_length=100, blank=True)
    last_result = models.CharField(_("last result"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("periodic job")
        verbose_name_plural = _("periodic jobs")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class WorkerHeartbeat(models.Model):
    """A running worker's sign of life, written by its loop every few seconds.

    ``/readyz`` and ``/metrics`` read the newest: a worker stuck in a job, or
    none running, shows as an old heartbeat. A worker that stops in order
    removes its row; one that died leaves it, and rows not seen for a day
    are pruned by the next worker to start.
    """

    worker_id = models.CharField(_("worker"), max_length=100, primary_key=True)
    started_at = models.DateTimeField(_("started"))
    seen_at = models.DateTimeField(_("last seen"), db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return self.worker_id
