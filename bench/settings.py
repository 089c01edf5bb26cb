"""Settings for the benchmarks: production's, served over plain HTTP on 127.0.0.1.

Production settings as deployed (DEBUG off, the same middleware, manifest static files,
persistent database connections as in ``deploy/environment.example``), plus the floor
view's URL and template. The load client sends ``X-Forwarded-Proto: https`` as the reverse
proxy does, so the TLS redirect and secure cookies behave as they do in production.
"""

import os
from pathlib import Path

_BASE_DIR = Path(__file__).resolve().parent.parent
os.environ.setdefault("APP_VAR_DIR", str(_BASE_DIR / "var" / "bench"))
os.environ.setdefault("SECRET_KEY", "bench-only-key-" + "x" * 50)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("DB_CONN_MAX_AGE", "60")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from config.settings_production import *  # noqa: E402,F403
from config.settings_production import BASE_DIR, TEMPLATES  # noqa: E402

ROOT_URLCONF = "bench.urls"
TEMPLATES = [{**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]}]
