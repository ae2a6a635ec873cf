"""SQLite (the embedded default): the audit trail's triggers.

SQLite has no session settings and no ``to_jsonb``, so each tracked table gets three
triggers generated from its model's columns (``trigger_sql``), which write each value
as JSON exactly as PostgreSQL's ``to_jsonb`` writes it (``_shown``), and call small
Python functions registered on every connection (``register_functions``) for who is
acting and the time. Like PostgreSQL's, they see every write: ``save()``, bulk
``update()``, ``bulk_create``, cascades and raw SQL.

The trail is not append-only on SQLite: Django's test runner empties tables with
DELETE there. The audit tables are append-only on PostgreSQL, which production uses.

Dropped before every ``migrate`` (a migration that rebuilds or drops a column of a
tracked table must not meet a trigger naming it) and made again afterwards.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from .actor import current_actor
from .registry import HIDDEN, Path, Tracked

TRIGGER = "peersupport_audit"
OPERATIONS = {"INSERT": "create", "UPDATE": "update", "DELETE": "delete"}


def _kind(field: models.Field[Any, Any]) -> str:
    if isinstance(field, models.BooleanField):
        return "boolean"
    if isinstance(field, models.JSONField):
        return "json"
    if isinstance(field, models.DateTimeField):
        return "datetime"
    return "plain"


def _now() -> str:
    return timezone.now().astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def register_functions(connection: BaseDatabaseWrapper) -> None:
    """The Python functions the triggers call, on one new SQLite connection."""
    raw = connection.connection
    raw.create_function("peersupport_audit_user_id", 0, lambda: current_actor().user_id)
    raw.create_function("peersupport_audit_username", 0, lambda: current_actor().username)
    raw.create_function("peersupport_audit_now", 0, _now)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _follow(path: Path | None, row: str) -> str:
    if path is None:
        return "NULL"
    expression = f"{row}.{_quote(path.column)}"
    for model, attname in path.hops:
        pk = model._meta.pk
        assert pk is not None
        column = model._meta.get_field(attname).column  # type: ignore[union-attr]
        # Every name here comes from the models and is quoted: nothing from a user.
        expression = (
            f"(SELECT {_quote(str(column))} FROM {_quote(model._meta.db_table)} "  # noqa: S608
            f"WHERE {_quote(str(pk.column))} = {expression})"
        )
    return expression


def _shown(value: str, kind: str, masked: bool) -> str:
    """A column's stored value as the JSON text PostgreSQL's to_jsonb gives for it.

    SQLite keeps booleans as 0 and 1, JSON as text, and a moment as naive UTC text
    ("2026-12-01 10:45:00.123400"); PostgreSQL writes true and false, the JSON itself,
    and "2026-12-01T10:45:00.1234+00:00" (no trailing zeros). A masked column only says
    whether it has a value.
    """
    if masked:
        return f"CASE WHEN {value} IS NULL THEN 'null' ELSE {_literal(json.dumps(HIDDEN))} END"
    if kind == "boolean":
        return f"CASE WHEN {value} IS NULL THEN 'null' WHEN {value} THEN 'true' ELSE 'false' END"
    if kind == "json":
        return f"coalesce(json({value}), 'null')"
    if kind == "datetime":
        trimmed = (
            f"CASE WHEN instr({value}, '.') > 0 THEN rtrim(rtrim({value}, '0'), '.') "
            f"ELSE {value} END"
        )
        return (
            f"CASE WHEN {value} IS NULL THEN 'null' "
            f"ELSE json_quote(replace({trimmed}, ' ', 'T') || '+00:00') END"
        )
    return f"json_quote({value})"


def _column_rows(tracked: Tracked, operation: str) -> str:
    """One row per column: its name, old and new JSON, and whether it changed."""
    rows = []
    for field in tracked.model._meta.concrete_fields:
        column = str(field.column)
        if column in tracked.exclude:
            continue
        kind = _kind(field)
        old = f"OLD.{_quote(column)}" if operation != "INSERT" else "NULL"
        new = f"NEW.{_quote(column)}" if operation != "DELETE" else "NULL"
        masked = column in tracked.mask
        rows.append(
            f"SELECT {_literal(column)} AS k, {_shown(old, kind, masked)} AS o, "
            f"{_shown(new, kind, masked)} AS n, "
            f"({old} IS NOT {new}) AS d"
        )
    return " UNION ALL ".join(rows) or "SELECT NULL AS k, NULL AS o, NULL AS n, 0 AS d"


def trigger_sql(tracked: Tracked) -> list[str]:
    """The statements that (re)create the three triggers on one tracked table."""
    table = _quote(tracked.model._meta.db_table)
    pk = tracked.model._meta.pk
    assert pk is not None
    statements = []
    for operation, action in OPERATIONS.items():
        name = _quote(f"{TRIGGER}_{tracked.model._meta.db_table}_{action}")
        row = "OLD" if operation == "DELETE" else "NEW"
        keep = "WHERE changed > 0" if operation == "UPDATE" else ""
        statements += [
            f"DROP TRIGGER IF EXISTS {name}",
            f"""CREATE TRIGGER {name} AFTER {operation} ON {table} FOR EACH ROW BEGIN
    INSERT INTO accounts_auditevent
        (at, user_id, username, prison_id, scheme_id, model, object_id, action, changes)
    SELECT peersupport_audit_now(), peersupport_audit_user_id(),
        peersupport_audit_username(), {_follow(tracked.prison, row)},
        {_follow(tracked.scheme, row)}, {_literal(tracked.label)},
        CAST({row}.{_quote(str(pk.column))} AS TEXT), {_literal(action)}, changes
    FROM (
        SELECT coalesce(
            json_group_object(k, json_array(json(o), json(n))) FILTER (WHERE d), '{{}}'
        ) AS changes, count(*) FILTER (WHERE d) AS changed
        FROM ({_column_rows(tracked, operation)})
    ) {keep};
END""",  # noqa: S608 (names from the models, quoted; values only from the row)
        ]
    return statements


def drop_sql(tracked: Tracked) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {_quote(f'{TRIGGER}_{tracked.model._meta.db_table}_{action}')}"
        for action in OPERATIONS.values()
    ]
