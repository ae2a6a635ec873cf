"""Settings for Peer Support Planner, read from the environment.

One module for every place the app runs. With ``DEBUG`` on and nothing else set it runs
embedded for local use (SQLite under ``var/``, Celery on a ``filesystem://`` broker,
email to the console). With ``DEBUG`` off it refuses to start, naming the variable,
without a ``SECRET_KEY``, a ``DATABASE_URL`` or a broker, and a true/false or number
variable that is neither stops it too. Importing the settings makes no folders: the
embedded broker's are made when Celery starts (``peersupport/celery.py``), ``var/`` by
``bin/run-embedded``. See ``.env.example`` for every variable.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

# Lets generic Django classes (ModelAdmin[Scheme], QuerySet[Scheme]) be subscripted at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})


def env_bool(name: str, default: bool) -> bool:
    """A true/false variable. Anything else is a mistake, not False: ``DEBUG=maybe`` or
    ``SECURE_COOKIES=ture`` must not quietly turn a protection off."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if value.lower() in TRUE_WORDS:
        return True
    if value.lower() in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# With DEBUG on, a missing page still shows the service's 404 page, unless a developer
# asks for Django's debug page (which lists every URL pattern) with DEBUG_404=true.
DEBUG_404 = env_bool("DEBUG_404", False)
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. For local use run `make run`, "
            "which sets DEBUG=true."
        )
    # Only ever used with DEBUG on, on a developer's own machine.
    SECRET_KEY = "embedded-development-key-not-for-production-use-" + "x" * 20

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]
THIRD_PARTY_APPS = ["crispy_forms", "crispy_forms_gds", "axes"]
LOCAL_APPS = [
    "peersupport",
    "accounts",
    "schemes",
    # The guidance's four phases, each registering itself with schemes.phases.
    "planning",
    "recruitment",
    "maintenance",
    "monitoring",
    # Not a phase: reads every phase's due hook and listens for schemes.signals.
    "reminders",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "peersupport.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The signed-in user is the author of what the request changes (the audit trail).
    "accounts.audit.actor.AuditActorMiddleware",
    "peersupport.middleware.ServiceNotFoundPageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "accounts.middleware.SessionIdleRefreshMiddleware",
    "accounts.middleware.NoStoreForSignedInMiddleware",
    "schemes.middleware.SchemeClosedMiddleware",
    # Last: turns a sign-in refused for a lockout into the "too many attempts" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "peersupport.urls"
WSGI_APPLICATION = "peersupport.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
                "reminders.context_processors.reminder_count",
            ],
        },
    },
]

# Database: PostgreSQL (psycopg 3) from DATABASE_URL. Only the embedded app (DEBUG on)
# falls back to SQLite under var/: a production container without DATABASE_URL would
# otherwise keep its data in a file of its own and lose it when replaced.
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
if not DATABASE_URL:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DATABASE_URL must be set when DEBUG is off, e.g. "
            "postgres://user:password@host:5432/peersupport."
        )
    DATABASE_URL = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite's default (deferred) transactions fail at once with "database is locked"
    # when two requests that have both read try to write; IMMEDIATE takes the write lock
    # at BEGIN, so concurrent saves queue for up to "timeout" seconds instead (and the
    # loser of a stale save gets its 409, not a 500).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
del DATABASE_URL
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "home"  # each role's landing page (peersupport.views.home)
LOGOUT_REDIRECT_URL = "accounts:sign-in"

# django-axes first: it refuses a locked-out sign-in before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in lockout (django-axes), on /sign-in/ and /admin/login/ alike: after
# SIGN_IN_FAILURE_LIMIT failures within SIGN_IN_LOCKOUT_MINUTES of each other, the
# username, and the address they came from, are refused for SIGN_IN_LOCKOUT_MINUTES. An
# unknown username is locked out like a real one, so the page discloses nothing.
# Administrators unlock in the admin (Access attempts) or with
# `manage.py axes_reset_username <username>` / `axes_reset_ip <address>`.
AXES_FAILURE_LIMIT = env_int("SIGN_IN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SIGN_IN_LOCKOUT_MINUTES", 15))
# Off where many people share one address (a prison's network behind one gateway) and
# five typing mistakes among them would lock out all of them.
AXES_LOCKOUT_PARAMETERS: list[str] = (
    ["username", "ip_address"] if env_bool("SIGN_IN_LOCKOUT_BY_ADDRESS", True) else ["username"]
)
# The lock lasts SIGN_IN_LOCKOUT_MINUTES from the last counted failure; tries while locked out
# neither count nor extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A sign-in clears the username's earlier failures.
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.locked_out"
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_address"
# How many proxies in front of the app append to X-Forwarded-For: the visitor's address
# is that many entries from the right. 0 uses the connection's own address.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if BEHIND_TLS_PROXY else 0)

# Sessions end after 30 minutes without a request (HMPPS shared terminals).
SESSION_COOKIE_AGE = 30 * 60
# Not saved on every request (that would make every page view a write): the idle limit
# is pushed back at most once a minute by accounts.middleware.SessionIdleRefreshMiddleware.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Secure cookies whenever the app is not running embedded. The __Host- prefix pins a
# cookie to this host and to HTTPS; browsers refuse it over plain HTTP, so the
# embedded server keeps Django's ordinary names.
SECURE_COOKIES = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_HTTPONLY = True
if SECURE_COOKIES:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Permissions-Policy: every browser feature the service never uses is off for its pages
# and anything they might embed (peersupport/middleware.py). Only names Chromium
# recognises: an unknown one is an error in the browser's console.
PERMISSIONS_POLICY = [
    "accelerometer",
    "autoplay",
    "browsing-topics",
    "camera",
    "clipboard-read",
    "compute-pressure",
    "display-capture",
    "encrypted-media",
    "fullscreen",
    "gamepad",
    "geolocation",
    "gyroscope",
    "hid",
    "identity-credentials-get",
    "idle-detection",
    "local-fonts",
    "magnetometer",
    "microphone",
    "midi",
    "otp-credentials",
    "payment",
    "picture-in-picture",
    "publickey-credentials-create",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "storage-access",
    "usb",
    "window-management",
    "xr-spatial-tracking",
]

# Content Security Policy: only our own assets, plus the two inline scripts of the
# GOV.UK page template, which carry the per-request nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Static files. The GOV.UK and MoJ stylesheets refer to /assets/fonts/ and
# /assets/images/, so static files are served at /assets/ and `make assets` copies the
# fonts, images and minified CSS/JS that the pages use out of node_modules into
# build/assets (about 2 MB instead of the packages' 31 MB).
STATIC_URL = "/assets/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static", BASE_DIR / "build" / "assets"]
# Production serves hashed, compressed files collected at build time (WhiteNoise: a
# year's cache lifetime for hashed names; peersupport/storage.py also hashes what the
# JavaScript modules import). The tests (and DEBUG) serve them straight from the
# source folders instead, so they need no collectstatic step: STATICFILES_BACKEND
# picks the storage.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get("STATICFILES_BACKEND")
        or (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "peersupport.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", DEBUG)

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# Banners ride in a signed, HttpOnly cookie, not the session: a redirect that says
# "The plan is waiting for a governor's approval" must not make a GET write to the
# database (reads never write). Messages never carry a prisoner's details.
MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"

# Email (Django 6.1's MAILERS): GOV.UK Notify when NOTIFY_API_KEY is set, else SMTP
# when EMAIL_HOST is, else the embedded default: each email to the console and to a
# file of its own in var/outbox/ (reminders.mail).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "")
if NOTIFY_API_KEY:
    NOTIFY_TEMPLATE_ID = os.environ.get("NOTIFY_TEMPLATE_ID", "").strip()
    if not NOTIFY_TEMPLATE_ID:
        raise ImproperlyConfigured(
            "NOTIFY_TEMPLATE_ID must be set with NOTIFY_API_KEY: a Notify email template "
            "whose subject is ((subject)) and whose body is ((body))."
        )
    DEFAULT_MAILER: dict[str, object] = {
        "BACKEND": "reminders.mail.NotifyBackend",
        "OPTIONS": {"api_key": NOTIFY_API_KEY, "template_id": NOTIFY_TEMPLATE_ID},
    }
elif EMAIL_HOST:
    DEFAULT_MAILER = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": EMAIL_HOST,
            "port": env_int("EMAIL_PORT", 587),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", True),
            "timeout": 30,
        },
    }
else:
    DEFAULT_MAILER = {
        "BACKEND": "reminders.mail.OutboxBackend",
        "OPTIONS": {
            "folder": str(Path(os.environ.get("EMAIL_OUTBOX", VAR_DIR / "outbox"))),
            "pause": env_int("EMAIL_OUTBOX_PAUSE_MS", 0) / 1000,
        },
    }
MAILERS = {"default": DEFAULT_MAILER}
del EMAIL_HOST, NOTIFY_API_KEY  # read only through MAILERS (EMAIL_HOST is deprecated)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "peer-support-planner@localhost")
# Where the links in emails point: the address people use for the service.
SERVICE_URL = os.environ.get("SERVICE_URL", "").strip() or (
    f"https://{ALLOWED_HOSTS[0]}"
    if not DEBUG and ALLOWED_HOSTS and ALLOWED_HOSTS[0] != "*"
    else f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
)

# Celery. Redis in production (REDIS_URL or CELERY_BROKER_URL); embedded (DEBUG on), a
# broker on the file system, so `make run` needs no other server. A production container
# on the file broker would queue reminders that no other container's worker ever sees.
CELERY_BROKER_URL = (
    os.environ.get("CELERY_BROKER_URL", "").strip() or os.environ.get("REDIS_URL", "").strip()
)
if not CELERY_BROKER_URL:
    if not DEBUG:
        raise ImproperlyConfigured(
            "REDIS_URL (or CELERY_BROKER_URL) must be set when DEBUG is off, e.g. "
            "redis://redis:6379/0."
        )
    CELERY_BROKER_URL = "filesystem://"
CELERY_BROKER_FOLDER = VAR_DIR / "celery-broker"
CELERY_RESULT_BACKEND = (
    os.environ.get("CELERY_RESULT_BACKEND")
    or os.environ.get("REDIS_URL")
    or f"file://{CELERY_BROKER_FOLDER / 'results'}"
)
CELERY_RESULT_EXPIRES = 24 * 60 * 60
if CELERY_BROKER_URL == "filesystem://":
    # Plain folders, made when Celery starts (peersupport/celery.py), not here.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_FOLDER / "queue"),
        "data_folder_out": str(CELERY_BROKER_FOLDER / "queue"),
        "processed_folder": str(CELERY_BROKER_FOLDER / "processed"),
        "control_folder": str(CELERY_BROKER_FOLDER / "control"),
        "store_processed": False,
    }
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A task is acknowledged only once it has run, and given back to the queue if its
# worker dies, so nothing scheduled is lost; tasks are written to be safe to run twice.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# The beat schedule lives in code: django-celery-beat does not support Django 6.1.
# Reminders (reminders.tasks): the day's run at REMINDERS_DAILY_AT (local time, 24-hour),
# and a catch-up every REMINDERS_CATCH_UP_SECONDS that keeps the in-app lists current,
# sends the day's digests if the daily run was missed, and sends again any email whose
# task was lost.
REMINDERS_DAILY_AT = os.environ.get("REMINDERS_DAILY_AT", "07:00")
REMINDERS_CATCH_UP_SECONDS = env_int("REMINDERS_CATCH_UP_SECONDS", 300)
# How often the dashboards' stored snapshots are brought up to date (monitoring.tasks).
DASHBOARD_REFRESH_SECONDS = env_int("DASHBOARD_REFRESH_SECONDS", 300)
try:
    _daily_hour, _daily_minute = (int(part) for part in REMINDERS_DAILY_AT.split(":"))
    if not (0 <= _daily_hour < 24 and 0 <= _daily_minute < 60):
        raise ValueError
except ValueError:
    raise ImproperlyConfigured(
        f"REMINDERS_DAILY_AT must be a time such as 07:00, not {REMINDERS_DAILY_AT!r}"
    ) from None
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "clear-expired-sessions": {
        "task": "accounts.tasks.clear_expired_sessions",
        "schedule": 6 * 60 * 60,
    },
    "send-daily-reminders": {
        "task": "reminders.send_daily_reminders",
        "schedule": crontab(hour=_daily_hour, minute=_daily_minute),
    },
    "reminders-catch-up": {
        "task": "reminders.catch_up",
        "schedule": REMINDERS_CATCH_UP_SECONDS,
    },
    # recruitment.tasks: anonymise prisoners who left long ago; forget unconfirmed uploads.
    "prisoner-retention": {
        "task": "recruitment.apply_prisoner_retention",
        "schedule": crontab(hour=2, minute=30),
    },
    # monitoring.tasks: the dashboards' stored snapshot of each scheme, kept fresh.
    "refresh-scheme-snapshots": {
        "task": "monitoring.refresh_scheme_snapshots",
        "schedule": DASHBOARD_REFRESH_SECONDS,
    },
}
# Production's beat keeps its schedule in Redis and holds a lock there (celery-redbeat),
# so a second beat container waits instead of sending everything twice. The embedded
# worker's beat (`make run`, no Redis) keeps Celery's file-based schedule.
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    CELERY_BEAT_SCHEDULER = "redbeat.RedBeatScheduler"
    CELERY_REDBEAT_REDIS_URL = CELERY_BROKER_URL
    CELERY_REDBEAT_KEY_PREFIX = os.environ.get("REDBEAT_KEY_PREFIX", "peersupport:redbeat:")
    CELERY_REDBEAT_LOCK_TIMEOUT = env_int("REDBEAT_LOCK_TIMEOUT", 60)
    CELERY_BEAT_MAX_LOOP_INTERVAL = 5
# Several deployments (or test runs) sharing one Redis database each name their queue.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "celery")

# Prisoners (recruitment): a prisoner's personal data is anonymised this many days after
# they left the prison (default 6 years); the counts survive. A checked upload of the
# prison's extract waits in PRISONER_IMPORT_DIR (shared by every web process) until the
# coordinator confirms it, for a day at most.
PRISONER_RETENTION_DAYS = env_int("PRISONER_RETENTION_DAYS", 2192)
PRISONER_IMPORT_DIR = Path(os.environ.get("PRISONER_IMPORT_DIR", "").strip() or VAR_DIR / "imports")

# Demo data (make run): one password for every demo user; refused unless DEBUG is on.
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "peer-support-demo")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # django-axes logs every sign-in at INFO, with the username and address masked;
        # accounts.sign_in says what matters (failures, lockouts) with both.
        "axes": {"level": "WARNING"},
    },
}
CSRF_FAILURE_VIEW = "peersupport.views.csrf_failure"
