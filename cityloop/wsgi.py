"""The WSGI application, for ``cityloop serve`` and for any WSGI server.

A server started on its own (``gunicorn cityloop.wsgi``) does not go through
the ``cityloop`` command, which is what creates the secret key: without a
key it stops here with a message instead of failing on the first login.
"""

import os

from django.core.wsgi import get_wsgi_application

from cityloop.conf.datadir import require_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cityloop.settings")
require_secret_key()
application = get_wsgi_application()
