"""A checked upload of a prison's extract, kept between the check page and the
coordinator's confirmation: a JSON file under ``PRISONER_IMPORT_DIR`` named by a random
token and tied to the user and the prison. Reading it writes nothing to the database,
and no model is needed for something that lives a few minutes.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from .extract import Extract, ExtractRow, RefusedRow

TOKEN_BYTES = 24
KEEP_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class PendingImport:
    """A checked upload: the extract's rows, and the state of the prison's register
    when it was checked (``register_state``), so a confirmation made after somebody
    else's import is refused rather than applied to a register it was not checked
    against."""

    token: str
    prison_id: int
    user_id: int
    file_name: str
    uploaded_at: str
    register_state: list[Any]
    extract: Extract


def _encode(value: Any) -> Any:
    if isinstance(value, date):
        return {"date": value.isoformat()}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"date"}:
        return date.fromisoformat(value["date"])
    return value


class PendingImports:
    """Checked uploads on disk, one JSON file each, under ``PRISONER_IMPORT_DIR``.

    A file is named by the prison, the user and a random token, so one user cannot
    open another's upload by guessing, and a token from one prison's page means
    nothing at another's. Files older than a day are removed by the daily task.
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = Path(folder or settings.PRISONER_IMPORT_DIR)

    def _path(self, *, prison_id: int, user_id: int, token: str) -> Path:
        if not token.isascii() or not all(c.isalnum() or c in "-_" for c in token):
            raise KeyError(token)
        return self.folder / f"{int(prison_id)}-{int(user_id)}-{token}.json"

    def save(
        self,
        *,
        prison_id: int,
        user_id: int,
        file_name: str,
        register_state: Sequence[Any],
        extract: Extract,
    ) -> str:
        token = secrets.token_urlsafe(TOKEN_BYTES)
        document = {
            "prison_id": prison_id,
            "user_id": user_id,
            "file_name": file_name[:200],
            "uploaded_at": timezone.now().isoformat(),
            "register_state": list(register_state),
            "rows": [
                {
                    "line": row.line,
                    "prison_number": row.prison_number,
                    "values": {name: _encode(value) for name, value in row.values.items()},
                }
                for row in extract.rows
            ],
            "refused": [asdict(refused) for refused in extract.refused],
            "held_back": sorted(extract.held_back),
        }
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self._path(prison_id=prison_id, user_id=user_id, token=token)
        partial = path.with_suffix(".partial")
        partial.write_text(json.dumps(document), encoding="utf-8")
        partial.replace(path)
        return token

    def load(self, *, prison_id: int, user_id: int, token: str) -> PendingImport | None:
        """The checked upload, or None if there is none (or it has expired)."""
        try:
            path = self._path(prison_id=prison_id, user_id=user_id, token=token)
            document = json.loads(path.read_text(encoding="utf-8"))
        except (KeyError, OSError, ValueError):
            return None
        if time.time() - path.stat().st_mtime > KEEP_SECONDS:
            return None
        extract = Extract(
            rows=[
                ExtractRow(
                    line=row["line"],
                    prison_number=row["prison_number"],
                    values={name: _decode(value) for name, value in row["values"].items()},
                )
                for row in document["rows"]
            ],
            refused=[RefusedRow(**refused) for refused in document["refused"]],
            held_back=set(document["held_back"]),
        )
        return PendingImport(
            token=token,
            prison_id=document["prison_id"],
            user_id=document["user_id"],
            file_name=document["file_name"],
            uploaded_at=document["uploaded_at"],
            register_state=document["register_state"],
            extract=extract,
        )

    def recheck(self, pending: PendingImport, *, register_state: Sequence[Any]) -> PendingImport:
        """The same upload, checked again against the register as it is now."""
        path = self._path(prison_id=pending.prison_id, user_id=pending.user_id, token=pending.token)
        document = json.loads(path.read_text(encoding="utf-8"))
        document["register_state"] = list(register_state)
        partial = path.with_suffix(".partial")
        partial.write_text(json.dumps(document), encoding="utf-8")
        partial.replace(path)
        return replace(pending, register_state=list(register_state))

    def remove(self, *, prison_id: int, user_id: int, token: str) -> None:
        with contextlib.suppress(KeyError):
            self._path(prison_id=prison_id, user_id=user_id, token=token).unlink(missing_ok=True)

    def remove_expired(self, *, now: float | None = None) -> int:
        """Remove uploads older than a day (never confirmed); how many."""
        if not self.folder.is_dir():
            return 0
        now = time.time() if now is None else now
        removed = 0
        for path in self.folder.iterdir():
            if path.suffix in (".json", ".partial") and now - path.stat().st_mtime > KEEP_SECONDS:
                path.unlink(missing_ok=True)
                removed += 1
        return removed
