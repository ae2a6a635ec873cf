"""Installing the audit trail's triggers in whichever database is in use.

``post_migrate`` makes them (again) after every ``migrate``: an app that calls
``track`` needs no migration of its own. On SQLite ``pre_migrate`` drops them first,
since their SQL names the tracked tables' columns. ``connection_created`` prepares each
new connection: on PostgreSQL, telling the database who acts before each write; on
SQLite, the Python functions the triggers call.
"""

from __future__ import annotations

from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

from . import postgres, sqlite
from .registry import all_tracked


def install(sender: Any = None, using: str = "default", **kwargs: Any) -> None:
    connection = connections[using]
    if connection.vendor == "postgresql":
        postgres.install(using)
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for tracked in all_tracked():
                for statement in sqlite.trigger_sql(tracked):
                    cursor.execute(statement)


def drop_before_migrate(sender: Any = None, using: str = "default", **kwargs: Any) -> None:
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for tracked in all_tracked():
                for statement in sqlite.drop_sql(tracked):
                    cursor.execute(statement)


def prepare_connection(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    if connection.vendor == "postgresql":
        postgres.watch_connection(connection)
    elif connection.vendor == "sqlite":
        sqlite.register_functions(connection)
