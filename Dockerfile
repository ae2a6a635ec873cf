# Peer Support Planner: one image for the web app (gunicorn), the Celery worker and beat.
# docker-compose.yml runs it three ways; the default command serves the web app.

# --- Stage 1: the GOV.UK and MoJ assets ------------------------------------------------
# Runs the Makefile's own target (npm ci, then copy the minified CSS/JS, maps, fonts and
# images into build/assets), so the image and `make run` can never collect different
# files. The full node image is used because it ships make; only build/assets leaves it.
FROM node:20-bookworm AS assets
WORKDIR /src
COPY Makefile .python-version package.json package-lock.json ./
RUN make build/assets/.installed

# --- Stage 2: the app ---------------------------------------------------------------------
FROM python:3.12-slim AS app

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    VAR_DIR=/app/var \
    STATIC_ROOT=/app/staticfiles \
    WEB_CONCURRENCY=3

WORKDIR /app

# WeasyPrint (the evaluation pack's PDF) needs Pango 1.44 or later, HarfBuzz's subsetter
# and a font: Debian's packages, with no recommends.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

# Every package, with its hashes, is pinned in requirements/base.txt: --require-hashes
# refuses anything unpinned or tampered with, and --no-deps refuses anything the lock
# file forgot instead of resolving it from the index.
COPY requirements/base.txt requirements/base.txt
RUN pip install --require-hashes --no-deps -r requirements/base.txt

COPY . .
COPY --from=assets /src/build/assets build/assets

# The hashed, compressed static files are built into the image (WhiteNoise serves them).
# DEBUG=false selects the manifest storage; the key and the database and broker
# addresses exist only for this one command, which needs settings to import but
# connects to neither, and are not kept in the image's environment.
RUN DEBUG=false \
    SECRET_KEY=build-only-key-for-collectstatic-never-used-to-sign-anything-0123456789 \
    DATABASE_URL=postgres://build-only@unused.invalid/unused \
    REDIS_URL=redis://unused.invalid:6379/0 \
    python manage.py collectstatic --noinput

# Never run as root. The code and static files stay root's, read-only to the app, which
# writes only under VAR_DIR and /tmp (Celery beat's schedule); gunicorn's control
# socket goes in the user's home.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --create-home --home-dir /home/app app \
    && mkdir -p "$VAR_DIR" \
    && chown -R app:app "$VAR_DIR"
USER app

EXPOSE 8000

# No HEALTHCHECK here: the worker and beat run this image too and serve no HTTP.
# docker-compose.yml gives the web service its own health check against /healthz/.
CMD ["gunicorn", "peersupport.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
