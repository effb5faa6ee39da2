"""Test settings: CityLoop's own, with a throw-away data directory.

The database comes from DATABASE_URL as in production (SQLite when unset),
so the same suite runs on both; the data directory is a fresh temporary one
so tests never touch a developer's ./var.
"""

import os
import tempfile

os.environ.setdefault("CITYLOOP_DATA_DIR", tempfile.mkdtemp(prefix="cityloop-test-"))

from cityloop.settings import *  # noqa: F403

# The `cityloop` command makes a data directory's key; the tests start Django
# without it (cityloop/conf/datadir.py).
SECRET_KEY = "tests-only-not-secret"
AUDIT_KEY = "tests-only-audit-key"

# Tests change areas and the catalogue and roll back: look every time.
SHARED_CACHE_CHECK_SECONDS = 0.0

# Hashing passwords slowly is a defence for production, not for tests.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
