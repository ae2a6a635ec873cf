"""The one Celery app. Tasks live in each Django app's ``tasks.py``."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peersupport.settings")

app = Celery("peersupport")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="peersupport.ping")
def ping() -> str:
    """Answer "pong": lets the health check and the tests prove a worker is consuming."""
    return "pong"
