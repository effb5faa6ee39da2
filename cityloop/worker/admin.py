from __future__ import annotations

from django.contrib import admin

from cityloop.adminsite import ViewOnlyAdmin
from cityloop.worker.models import JobRun


@admin.register(JobRun)
class JobRunAdmin(ViewOnlyAdmin):
    list_display = ["name", "next_run_at", "last_started_at", "last_finished_at", "last_worker",
                    "last_result"]
    readonly_fields = ["name", "next_run_at", "last_started_at", "last_finished_at",
                       "last_worker", "last_result"]
