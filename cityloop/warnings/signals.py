"""What the warnings app announces.

``warning_published`` is sent by ``publish.publish`` inside the publishing
transaction, as ``warning_published.send(sender=Warning, warning=w)``, for an
alert, an update and a cancel alike. A receiver that fails undoes the
publication, so a receiver only writes rows (the outbox), never calls out.
"""

from __future__ import annotations

import django.dispatch

warning_published = django.dispatch.Signal()
