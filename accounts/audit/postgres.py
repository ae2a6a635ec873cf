"""PostgreSQL: the triggers that make the audit tables append-only.

Installed after every ``migrate`` (the ``post_migrate`` signal, see ``install``), with
``CREATE OR REPLACE`` and ``DROP TRIGGER IF EXISTS`` so that running it again changes
nothing. TRUNCATE is not refused: Django's test runner empties tables with it, and it
needs the table's owner (see docs/architecture.md, "The audit trail").
"""

from __future__ import annotations

from typing import Any

from django.db import connections

APPEND_ONLY_TABLES = ("accounts_accesslog",)

APPEND_ONLY_FUNCTION = """
CREATE OR REPLACE FUNCTION peersupport_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: its rows cannot be changed or deleted', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;
"""


def install(using: str = "default", **kwargs: Any) -> None:
    """Create or replace the audit triggers on the database ``using``, if PostgreSQL."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(APPEND_ONLY_FUNCTION)
        for table in APPEND_ONLY_TABLES:
            cursor.execute(f'DROP TRIGGER IF EXISTS peersupport_append_only ON "{table}"')
            cursor.execute(
                f'CREATE TRIGGER peersupport_append_only BEFORE UPDATE OR DELETE ON "{table}" '
                "FOR EACH ROW EXECUTE FUNCTION peersupport_append_only()"
            )
