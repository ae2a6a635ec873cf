"""Peer Support Planner: the Django project (settings, root URLs, Celery app)."""

from .celery import app as celery_app

__all__ = ["celery_app"]
