"""Settings for the test suite: the normal settings, with runtime files kept apart.

Tests use ``var/test/`` so a running ``make run`` worker never takes the tests' messages.
The SQLite test database is a file (not memory) so that a real Celery worker in the
integration tests can open it too.
"""

import os
from pathlib import Path

os.environ.setdefault("APP_VAR_DIR", str(Path(__file__).resolve().parent.parent / "var" / "test"))

from config.settings import *  # noqa: E402,F403
from config.settings import DATABASES, EMAIL_HOST, VAR_DIR  # noqa: E402

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
elif os.environ.get("TEST_DATABASE_SUFFIX"):
    # Two test runs at once (tests/run_suites.py) each need a test database of their own.
    DATABASES["default"]["TEST"] = {
        "NAME": f"test_{DATABASES['default']['NAME']}_{os.environ['TEST_DATABASE_SUFFIX']}"
    }

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

if not EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
