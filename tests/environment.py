"""Loaded by pytest before Django's settings (``-p tests.environment``).

The settings module refuses to start without a SECRET_KEY, a DATABASE_URL and a broker
when DEBUG is off, and the tests run with production's settings otherwise: secure
cookies, CSP, no DEBUG. Where CI gives no DATABASE_URL / REDIS_URL, the tests name
SQLite and the file broker explicitly.
"""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("DEBUG", "false")
# The test client speaks plain HTTP; production redirects to HTTPS at the proxy or here.
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# The browser tests' live server is on localhost and sync Playwright drives it from
# the same thread as the ORM.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Static files from the source folders: no collectstatic before the tests.
os.environ.setdefault(
    "STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage"
)
os.environ.setdefault("WHITENOISE_USE_FINDERS", "true")
# Nothing is collected for the tests: an empty STATIC_ROOT keeps WhiteNoise quiet.
os.environ.setdefault("STATIC_ROOT", tempfile.mkdtemp(prefix="peersupport-static-"))
# The embedded broker's folders and anything else under var/ go to a scratch folder.
os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="peersupport-var-"))
# pytest-django runs SQLite's test database in memory; this file is never written.
os.environ.setdefault("DATABASE_URL", f"sqlite:///{os.environ['VAR_DIR']}/db.sqlite3")
if not os.environ.get("REDIS_URL"):
    os.environ.setdefault("CELERY_BROKER_URL", "filesystem://")
# No persistent connections in tests: a live-server thread's open connection would
# stop PostgreSQL dropping the test database at the end of the run.
os.environ.setdefault("DB_CONN_MAX_AGE", "0")
