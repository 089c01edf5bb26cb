"""Settings for the digital roadmap service.

Every value that differs between machines comes from the environment. The defaults need no
server at all: an SQLite file and a file-system Celery broker under ``var/``, and emails
written as files under ``var/``. ``DATABASE_URL``, ``CELERY_BROKER_URL`` and ``EMAIL_HOST``
switch to PostgreSQL, Redis or RabbitMQ, and SMTP with no code change. Production adds
``config.settings_production`` on top of this module.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Runtime files (database, broker folders, emails) live here; git ignores it.
VAR_DIR = Path(os.environ.get("APP_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

# A development key only: production settings refuse to start without SECRET_KEY.
SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-development-key-never-use-in-production")
DEBUG = env_flag("DEBUG", default=True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Absolute links in emails point here.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SERVICE_NAME = _("Digital roadmap service")

INSTALLED_APPS = [
    "config.apps.ServiceAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_celery_beat",
    "rules",
    "csp",
    "accounts",
    "roadmaps",
    "maturity",
    "delivery",
    # make run, load_demo and seed_national; no domain app imports it.
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.RefuseUnreadableAddressMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.NoStoreForSignedInMiddleware",
    # Last, so it sees what views raise: a refused action becomes a message or the 409 page.
    "accounts.refusals.RefusalMiddleware",
]

# Every page, in every environment: scripts and styles only from the service itself (no
# inline script, no CDN), never framed, no plug-ins. Bootstrap draws some icons as data: URIs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Widgets render through TEMPLATES, so templates/ can override one (admin/widgets/...).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.service",
                "delivery.navigation.delivery_links",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the Celery worker write to the same file: WAL lets readers go on
    # while one writes, IMMEDIATE takes the write lock at BEGIN (no upgrade deadlocks), and
    # the busy timeout makes a writer wait instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
        ),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    # Model permissions in the admin come from accounts/rules.py (NHS England admins).
    "rules.permissions.ObjectPermissionBackend",
]
LOGIN_URL = "sign_in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "sign_in"
# Signed out after an hour without a request (each request restarts the hour). Pages warn
# two minutes before, with a button to stay signed in (static/js/session_timeout.js).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", "60")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_TIMEOUT_WARNING_SECONDS = 120
# Password reset links work for an hour; invitation links for seven days.
PASSWORD_RESET_TIMEOUT = 3600
INVITATION_VALID_FOR = timedelta(days=7)
# At most this many failed sign-ins per account within the window, then a lockout.
SIGN_IN_FAILURE_LIMIT = 10
SIGN_IN_FAILURE_WINDOW = timedelta(minutes=5)

# Length and a deny-list, no composition rules (NCSC password guidance).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("English"))]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static files: everything is served by the app itself, never from a CDN ------------------
STATIC_URL = "/static/"
# collectstatic writes here; production points it at a folder the proxy or WhiteNoise serves.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Installed from the npm registry by `make` (package.json pins the version).
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Uploaded files: roadmap attachments -----------------------------------------------------
# A private folder: no URL and no WhiteNoise serves it (MEDIA_URL stays unset); files leave
# only through the download view, which authorises each request.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Only the service's own user may open it. (FILE_UPLOAD_PERMISSIONS would apply to collected
# static files too, which the web server must read.)
MEDIA_ROOT.mkdir(mode=0o700, parents=True, exist_ok=True)
# A file over 20 MB is dropped while it arrives, so nothing of it is kept, and the form says
# why (roadmaps/uploads.py). The reverse proxy caps whole request bodies as well.
FILE_UPLOAD_HANDLERS = [
    "roadmaps.uploads.UploadSizeLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Files bigger than this are streamed to a temporary file rather than held in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Form fields other than files: more than this is refused with a 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 5

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Email ----------------------------------------------------------------------------------
# Without EMAIL_HOST, every email is written to a file under var/emails so a person can read
# it; with EMAIL_HOST (and EMAIL_PORT) it goes out over SMTP.
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Digital roadmap service <no-reply@roadmaps.example.nhs.uk>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS")
    EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "emails"

# How the outbox retries and when it gives up (see accounts/services/outbox.py).
OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", "8"))
OUTBOX_RETRY_BASE_SECONDS = int(os.environ.get("OUTBOX_RETRY_BASE_SECONDS", "60"))
OUTBOX_RETRY_CAP_SECONDS = int(os.environ.get("OUTBOX_RETRY_CAP_SECONDS", "3600"))
OUTBOX_SENDING_TIMEOUT = timedelta(
    seconds=int(os.environ.get("OUTBOX_SENDING_TIMEOUT_SECONDS", "900"))
)
# A fresh row is enqueued on commit; the sweeper leaves it alone for this long first.
OUTBOX_PENDING_GRACE = timedelta(seconds=int(os.environ.get("OUTBOX_PENDING_GRACE_SECONDS", "60")))
OUTBOX_SWEEP_EVERY_SECONDS = float(os.environ.get("OUTBOX_SWEEP_EVERY_SECONDS", "60"))

# Reminders (roadmaps/services/reminders.py): so many London days before a deadline, then
# every so many days while it is overdue. The periodic task's kwargs, which admins edit with
# its schedule, override these.
REMINDER_DAYS_BEFORE = (14, 7, 2, 0)
REMINDER_OVERDUE_EVERY_DAYS = 7

# --- Celery ---------------------------------------------------------------------------------
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://localhost/")
# How long any process waits on the broker: to connect, and for each answer once connected.
# Without an answer timeout, a request that queues an email waits for ever on a broker that
# accepts connections but does not answer. A web request publishes at most
# 1 + BROKER_PUBLISH_RETRIES times, so it waits a few seconds at worst; what it could not
# hand over, the periodic sweeps (outbox, scores) hand over once the broker is back.
BROKER_CONNECT_TIMEOUT_SECONDS = float(os.environ.get("BROKER_CONNECT_TIMEOUT_SECONDS", "1"))
BROKER_SOCKET_TIMEOUT_SECONDS = float(os.environ.get("BROKER_SOCKET_TIMEOUT_SECONDS", "1"))
BROKER_PUBLISH_RETRIES = int(os.environ.get("BROKER_PUBLISH_RETRIES", "1"))
# /health/ answers within this many seconds whatever the broker does.
HEALTH_BROKER_TIMEOUT_SECONDS = float(os.environ.get("HEALTH_BROKER_TIMEOUT_SECONDS", "3"))
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_CONNECT_TIMEOUT_SECONDS
# Each transport reads its own names and ignores the others', so all are set whatever the
# URL says (it can change at run time: Celery reads CELERY_BROKER_URL again on each use).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Redis (redis-py)
    "socket_connect_timeout": BROKER_CONNECT_TIMEOUT_SECONDS,
    "socket_timeout": BROKER_SOCKET_TIMEOUT_SECONDS,
    # RabbitMQ (py-amqp); its connect timeout is CELERY_BROKER_CONNECTION_TIMEOUT.
    "read_timeout": BROKER_SOCKET_TIMEOUT_SECONDS,
    "write_timeout": BROKER_SOCKET_TIMEOUT_SECONDS,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": BROKER_PUBLISH_RETRIES,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
if CELERY_BROKER_URL.startswith("filesystem://"):
    BROKER_DIR = VAR_DIR / "broker"
    for folder in ("queue", "processed", "control"):
        (BROKER_DIR / folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS |= {
        # One folder in and out: producer and worker on one machine share it.
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "store_processed": False,
        "control_folder": str(BROKER_DIR / "control"),
        "polling_interval": 0.2,
    }
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = env_flag("CELERY_TASK_ALWAYS_EAGER")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# One message at a time per process: a lost worker then loses at most what it was running,
# and the database-driven sweeps put that right.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The schedule lives in the database (django-celery-beat) so admins can change it; these
# entries are written there when beat starts. Planning reminders is not among them: a
# migration creates it once, so the schedule and offsets an admin sets survive a restart.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "sweep-outbox": {"task": "accounts.sweep_outbox", "schedule": OUTBOX_SWEEP_EVERY_SECONDS},
    # Scores whose answers changed since they were computed (a lost message heals itself).
    "recompute-stale-scores": {"task": "maturity.recompute_stale_scores", "schedule": 300.0},
    # Every cycle's stored benchmark figures, after bringing its scores up to date.
    "recompute-figures": {"task": "maturity.recompute_figures", "schedule": 900.0},
    # A progress return for each accepted roadmap once its reporting period opens.
    "open-progress-returns": {"task": "delivery.open_returns", "schedule": 900.0},
    # Cross-checks run again where their findings are stale (a new check version, figures
    # worked out again, a lost message).
    "sweep-checks": {"task": "delivery.sweep_checks", "schedule": 900.0},
}

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
