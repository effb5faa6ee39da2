"""What sensor rules announce to the apps that listen (sensing imports none of them).

``alert_raised`` is sent inside the evaluation's transaction whenever a rule
enters a level or changes level (not when it returns to normal), as
``alert_raised.send(sender=Rule, alert=alert, level=level, previous=previous,
at=now)``; ``at`` is the evaluation's time (the datastream's latest
observation says when the deciding reading was taken).
A receiver that fails undoes the evaluation's change, so receivers only
write rows.
"""

from __future__ import annotations

import django.dispatch

alert_raised = django.dispatch.Signal()
