"""The triage admin pages, one module per sub-feature (Django's admin finds this one)."""

from cityloop.triage.hotspots import admin as hotspots_admin
from cityloop.triage.topics import admin as topics_admin

__all__ = ["hotspots_admin", "topics_admin"]
