"""An index on case events by action and time, for the figures read from the audit chain.

Satisfaction (``rate`` events) and the ranking's reopen rate (``resolve`` and
``reopen`` events) read a few kinds of event over a window of time. With
only the ``at`` index, the database reads every event of the window (some
200,000 a month in a city of a million cases a year) to keep a few
thousand; with ``(action, at)`` it reads just those. The index belongs to
the cases app's table but serves only these figures, so it is created
here; it can move into ``CaseEvent.Meta.indexes`` (and this migration
become a no-op) if the cases app ever needs it too.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS analytics_event_action_at "
            "ON cases_caseevent (action, at)",
            "DROP INDEX IF EXISTS analytics_event_action_at",
        ),
    ]
