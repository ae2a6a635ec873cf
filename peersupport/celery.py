"""The one Celery app. Tasks live in each Django app's ``tasks.py``."""

import os
from pathlib import Path
from typing import Any

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peersupport.settings")

app = Celery("peersupport")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The embedded broker's and result store's options that name folders.
FOLDER_OPTIONS = ("data_folder_in", "data_folder_out", "processed_folder", "control_folder")


@app.on_after_configure.connect
def make_embedded_broker_folders(sender: Celery, **kwargs: Any) -> None:
    """The ``filesystem://`` broker (``make run``) needs its folders before it sends or
    receives. Made here, when a worker, beat or a web process first uses Celery, rather
    than by importing the settings, which must leave the disk alone."""
    conf = sender.conf
    if not str(conf.broker_url).startswith("filesystem://"):
        return
    options = conf.broker_transport_options or {}
    folders = [options[name] for name in FOLDER_OPTIONS if options.get(name)]
    backend = str(conf.result_backend or "")
    if backend.startswith("file://"):
        folders.append(backend.removeprefix("file://"))
    for folder in folders:
        Path(folder).mkdir(parents=True, exist_ok=True)


@app.task(name="peersupport.ping")
def ping() -> str:
    """Answer "pong": lets the health check and the tests prove a worker is consuming."""
    return "pong"
