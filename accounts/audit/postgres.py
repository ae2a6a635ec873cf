"""PostgreSQL: the audit trail's triggers, and the append-only audit tables.

- ``peersupport_audit_row()``: one generic row-level trigger function on every tracked
  table (``registry.track``). It diffs ``to_jsonb(OLD)`` and ``to_jsonb(NEW)`` and
  writes an ``accounts_auditevent`` row, so it sees every write: ``save()``, bulk
  ``update()``, ``bulk_create``, cascades and raw SQL alike.
- ``peersupport_append_only()``: refuses every UPDATE and DELETE of the audit trail and
  the access log.

The acting user reaches the trigger through two settings of the database session
(``peersupport.user_id``, ``peersupport.username``), which ``_tell_the_database_who``
sets just before each INSERT, UPDATE or DELETE the application sends.

Installed after every ``migrate`` (the ``post_migrate`` signal), with ``CREATE OR
REPLACE`` and ``DROP TRIGGER IF EXISTS``, so running it again changes nothing and an
app that calls ``track`` needs no migration. TRUNCATE is not refused: Django's test
runner empties tables with it (see docs/architecture.md, "The audit trail").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

from .actor import current_actor
from .registry import Path, Tracked, all_tracked

APPEND_ONLY_TABLES = ("accounts_accesslog", "accounts_auditevent")
TRIGGER = "peersupport_audit"

FUNCTIONS = """
CREATE OR REPLACE FUNCTION peersupport_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: its rows cannot be changed or deleted', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;

-- Follow a path of ids: start from a value, then for each hop "table.pk.column" read
-- that column of the row whose primary key is the value.
CREATE OR REPLACE FUNCTION peersupport_audit_follow(start text, hops text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    hop text;
    value text := start;
BEGIN
    IF hops <> '' THEN
        FOREACH hop IN ARRAY string_to_array(hops, '|') LOOP
            EXIT WHEN value IS NULL;
            EXECUTE format(
                'SELECT %I::text FROM %I WHERE %I = $1::bigint',
                split_part(hop, '.', 3), split_part(hop, '.', 1), split_part(hop, '.', 2)
            ) INTO value USING value;
        END LOOP;
    END IF;
    RETURN value::bigint;
END
$$;

-- Arguments: model label, primary key column, excluded columns, masked columns (both
-- comma-separated), then the scheme's path and the prison's path, each as the first
-- column and its hops ('' where there is none).
CREATE OR REPLACE FUNCTION peersupport_audit_row() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    old_row jsonb := CASE WHEN TG_OP IN ('UPDATE', 'DELETE') THEN to_jsonb(OLD) END;
    new_row jsonb := CASE WHEN TG_OP IN ('INSERT', 'UPDATE') THEN to_jsonb(NEW) END;
    this_row jsonb := coalesce(new_row, old_row);
    excluded text[] := string_to_array(TG_ARGV[2], ',');
    masked text[] := string_to_array(TG_ARGV[3], ',');
    changes jsonb := '{}'::jsonb;
    column_name text;
    before jsonb;
    after jsonb;
    user_id text := nullif(current_setting('peersupport.user_id', true), '');
BEGIN
    FOR column_name IN SELECT jsonb_object_keys(this_row) LOOP
        CONTINUE WHEN column_name = ANY(excluded);
        before := coalesce(old_row -> column_name, 'null'::jsonb);
        after := coalesce(new_row -> column_name, 'null'::jsonb);
        CONTINUE WHEN before = after;
        IF column_name = ANY(masked) THEN
            before := CASE WHEN before = 'null'::jsonb THEN before ELSE '"[hidden]"'::jsonb END;
            after := CASE WHEN after = 'null'::jsonb THEN after ELSE '"[hidden]"'::jsonb END;
        END IF;
        changes := changes || jsonb_build_object(column_name, jsonb_build_array(before, after));
    END LOOP;
    IF TG_OP = 'UPDATE' AND changes = '{}'::jsonb THEN
        RETURN NULL;
    END IF;
    INSERT INTO accounts_auditevent
        (at, user_id, username, prison_id, scheme_id, model, object_id, action, changes)
    VALUES (
        clock_timestamp(),
        user_id::bigint,
        coalesce(current_setting('peersupport.username', true), ''),
        CASE WHEN TG_ARGV[6] = '' THEN NULL
             ELSE peersupport_audit_follow(this_row ->> TG_ARGV[6], TG_ARGV[7]) END,
        CASE WHEN TG_ARGV[4] = '' THEN NULL
             ELSE peersupport_audit_follow(this_row ->> TG_ARGV[4], TG_ARGV[5]) END,
        TG_ARGV[0],
        this_row ->> TG_ARGV[1],
        CASE TG_OP WHEN 'INSERT' THEN 'create' WHEN 'UPDATE' THEN 'update' ELSE 'delete' END,
        changes
    );
    RETURN NULL;
END
$$;
"""


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _path_arguments(path: Path | None) -> list[str]:
    return [path.column, path.sql_hops()] if path is not None else ["", ""]


def trigger_sql(tracked: Tracked) -> list[str]:
    """The statements that (re)create the trigger on one tracked table."""
    table = tracked.model._meta.db_table
    pk = tracked.model._meta.pk
    assert pk is not None
    arguments = [
        tracked.label,
        str(pk.column),
        ",".join(sorted(tracked.exclude)),
        ",".join(sorted(tracked.mask)),
        *_path_arguments(tracked.scheme),
        *_path_arguments(tracked.prison),
    ]
    return [
        f'DROP TRIGGER IF EXISTS {TRIGGER} ON "{table}"',
        f'CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
        f"FOR EACH ROW EXECUTE FUNCTION peersupport_audit_row("
        f"{', '.join(_literal(argument) for argument in arguments)})",
    ]


def install(using: str = "default") -> None:
    """Create or replace every audit trigger on the database ``using``, if PostgreSQL."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(FUNCTIONS)
        for table in APPEND_ONLY_TABLES:
            cursor.execute(f'DROP TRIGGER IF EXISTS peersupport_append_only ON "{table}"')
            cursor.execute(
                f'CREATE TRIGGER peersupport_append_only BEFORE UPDATE OR DELETE ON "{table}" '
                "FOR EACH ROW EXECUTE FUNCTION peersupport_append_only()"
            )
        for tracked in all_tracked():
            for statement in trigger_sql(tracked):
                cursor.execute(statement)


WRITES = ("INSERT", "UPDATE", "DELETE", "MERGE")
SET_ACTOR = (
    "SELECT set_config('peersupport.user_id', %s, false), "
    "set_config('peersupport.username', %s, false)"
)


def _tell_the_database_who(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    """Before each write, tell the session who is acting (for the trigger to read).

    Set before every write, not once per request, so that a connection reused by the
    next request or task can never carry the previous user. It goes straight to the
    driver's cursor: it is bookkeeping, not one of the page's queries.
    """
    if sql.lstrip()[:6].upper().startswith(WRITES):
        actor = current_actor()
        context["cursor"].cursor.execute(
            SET_ACTOR, ["" if actor.user_id is None else str(actor.user_id), actor.username]
        )
    return execute(sql, params, many, context)


def watch_connection(connection: BaseDatabaseWrapper) -> None:
    """On each new PostgreSQL connection, wrap its writes."""
    if _tell_the_database_who not in connection.execute_wrappers:
        connection.execute_wrappers.append(_tell_the_database_who)
