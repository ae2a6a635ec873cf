"""A prison's extract of its prisoners (NOMIS / Digital Prison Services), read from a
CSV or XLSX file whose columns use the Prisoner Search names (docs/prisoner-extract.md).

- ``read_extract``: the file's rows, each either a clean ``ExtractRow`` or a refused
  row with the reason. Plain Python: no database.
- ``compare``: what importing the rows would change in the prison's register (who is
  added, who changes and how, who has left). Plain Python too: the check page shows it
  and the import service (``services.prisoners``) applies it.

The checked upload is kept until the coordinator confirms it by ``pending_imports``.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from . import rules
from .models import PRISON_NUMBER_RE, Disability, Prisoner

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000  # the largest prison holds under 2,000; an extract of the estate is not one

# Column (Prisoner Search name) -> Prisoner field, for the text columns.
TEXT_COLUMNS = {
    "firstName": "first_name",
    "lastName": "last_name",
    "cellLocation": "cell_location",
    "currentIncentive": "incentive_level",
    "gender": "gender",
    "ethnicity": "ethnicity",
    "religion": "religion",
    "sexualOrientation": "sexual_orientation",
}
RELEASE_COLUMNS = ("releaseDate", "conditionalReleaseDate", "confirmedReleaseDate")
REQUIRED_COLUMNS = ("prisonerNumber", "firstName", "lastName", "dateOfBirth", "prisonId")
KNOWN_COLUMNS = (
    *REQUIRED_COLUMNS,
    "cellLocation",
    *RELEASE_COLUMNS,
    "indeterminateSentence",
    "currentIncentive",
    "gender",
    "ethnicity",
    "religion",
    "disability",
    "sexualOrientation",
)

# The fields an import sets, in the order the check page lists a row's changes.
IMPORTED_FIELDS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "cell_location",
    "earliest_release_date",
    "indeterminate_sentence",
    "incentive_level",
    "gender",
    "ethnicity",
    "religion",
    "disability",
    "sexual_orientation",
)
DATE_FIELDS = frozenset({"date_of_birth", "earliest_release_date"})

TRUE_WORDS = frozenset({"true", "yes", "y", "1"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", ""})


class ExtractError(Exception):
    """The file as a whole cannot be read; the message says why, for the error summary."""


@dataclass(frozen=True)
class ExtractRow:
    """One prisoner as the extract gives them: the Prisoner fields an import sets."""

    line: int
    prison_number: str
    values: dict[str, Any]  # IMPORTED_FIELDS -> value (dates as date)

    @property
    def name(self) -> str:
        return f"{self.values['first_name']} {self.values['last_name']}".strip()


@dataclass(frozen=True)
class RefusedRow:
    line: int
    prison_number: str
    name: str
    reason: str


@dataclass
class Extract:
    rows: list[ExtractRow] = field(default_factory=list)
    refused: list[RefusedRow] = field(default_factory=list)
    # Numbers of this prison's rows that were refused (a bad date, a duplicate): these
    # people are in the extract, so they are never taken to have left.
    held_back: set[str] = field(default_factory=set)


# --- reading the file -----------------------------------------------------------------


def _csv_records(data: bytes) -> Iterator[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExtractError(
            "The selected file must be saved as UTF-8 (in Excel: Save as, "
            "CSV UTF-8 (Comma delimited))"
        ) from None
    if "\x00" in text:
        raise ExtractError("The selected file must be a CSV or XLSX file")
    try:
        yield from csv.reader(io.StringIO(text, newline=""))
    except csv.Error:
        raise ExtractError("The selected file is not a CSV file that can be read") from None


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_records(data: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged or foreign file
        raise ExtractError("The selected file is not an XLSX file that can be read") from None
    try:
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield [_cell(value) for value in values]
    except Exception:
        raise ExtractError("The selected file is not an XLSX file that can be read") from None
    finally:
        workbook.close()


def _records(name: str, data: bytes) -> Iterator[list[str]]:
    lowered = name.lower()
    if lowered.endswith(".xlsx"):
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise ExtractError("The selected file is not an XLSX file that can be read")
        return _xlsx_records(data)
    if lowered.endswith((".csv", ".txt")):
        return _csv_records(data)
    raise ExtractError("The selected file must be a CSV or XLSX file")


def parse_date(text: str) -> date | None:
    """An ISO date (2026-03-14), or a day/month/year one (14/03/2026) as Excel writes it.
    None for an empty cell; ValueError for anything else."""
    text = text.strip()
    if not text:
        return None
    if "T" in text:
        text = text.split("T", 1)[0]  # a timestamp: the day is what matters
    if "/" in text:
        day, month, year = text.split("/")
        if len(year) != 4:
            raise ValueError(text)
        return date(int(year), int(month), int(day))
    if len(text) != 10:
        raise ValueError(text)
    return date.fromisoformat(text)


def _flag(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in TRUE_WORDS:
        return True
    if lowered in FALSE_WORDS:
        return False
    raise ValueError(text)


def _disability(text: str) -> str:
    lowered = text.strip().lower()
    if not lowered or lowered in {"not recorded", "unknown"}:
        return Disability.NOT_RECORDED
    if lowered in TRUE_WORDS:
        return Disability.YES
    if lowered in FALSE_WORDS:
        return Disability.NO
    raise ValueError(text)


_MAX_LENGTHS = {
    name: getattr(Prisoner._meta.get_field(name), "max_length", None)
    for name in ("first_name", *TEXT_COLUMNS.values())
}


def _row(line: int, cells: dict[str, str], prison_code: str, today: date) -> ExtractRow | str:
    """A clean row, or the reason it is refused."""
    number = cells["prisonerNumber"].strip().upper()
    if not PRISON_NUMBER_RE.match(number):
        return "The prison number is not in the format A1234BC"
    if cells["prisonId"].strip().upper() != prison_code.upper():
        return f"This row is for another prison ({cells['prisonId'].strip() or 'none given'})"
    values: dict[str, Any] = {}
    for column, name in TEXT_COLUMNS.items():
        value = " ".join(cells.get(column, "").split())
        limit = _MAX_LENGTHS[name]
        if limit is not None and len(value) > limit:
            return f"{column} is longer than {limit} characters"
        values[name] = value
    if not values["first_name"] and not values["last_name"]:
        return "The row has no name"
    try:
        born = parse_date(cells["dateOfBirth"])
    except ValueError:
        return f"The date of birth ({cells['dateOfBirth'].strip()}) is not a real date"
    if born is not None and (born > today or born.year < 1900):
        return f"The date of birth ({cells['dateOfBirth'].strip()}) is not possible"
    values["date_of_birth"] = born
    releases = []
    for column in RELEASE_COLUMNS:
        try:
            releases.append(parse_date(cells.get(column, "")))
        except ValueError:
            return f"{column} ({cells[column].strip()}) is not a real date"
    try:
        indeterminate = _flag(cells.get("indeterminateSentence", ""))
    except ValueError:
        return "indeterminateSentence must be true or false"
    try:
        values["disability"] = _disability(cells.get("disability", ""))
    except ValueError:
        return "disability must be true, false or empty"
    values["indeterminate_sentence"] = indeterminate
    values["earliest_release_date"] = rules.earliest_release(releases, indeterminate=indeterminate)
    return ExtractRow(line=line, prison_number=number, values=values)


def read_extract(*, name: str, data: bytes, prison_code: str, today: date) -> Extract:
    """The extract's rows for the prison with code ``prison_code``: each clean, or
    refused with its reason. ExtractError if the file as a whole cannot be used."""
    if not data:
        raise ExtractError("The selected file is empty")
    if len(data) > MAX_BYTES:
        raise ExtractError("The selected file must be smaller than 10 MB")
    records = _records(name, data)
    header: list[str] | None = None
    for first in records:
        if any(cell.strip() for cell in first):
            header = [cell.strip() for cell in first]
            break
    if header is None:
        raise ExtractError("The selected file is empty")
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise ExtractError(
            "The selected file must have the columns " + ", ".join(missing) + " in its first row"
        )
    positions = {column: header.index(column) for column in KNOWN_COLUMNS if column in header}
    extract = Extract()
    first_line: dict[str, int] = {}
    clean: dict[str, ExtractRow] = {}
    for line, record in enumerate(records, start=2):
        if line - 1 > MAX_ROWS:
            raise ExtractError(f"The selected file must have no more than {MAX_ROWS:,} rows")
        if not any(cell.strip() for cell in record):
            continue
        cells = {
            column: record[index] if index < len(record) else ""
            for column, index in positions.items()
        }
        number = cells["prisonerNumber"].strip().upper()[:20]
        name_given = f"{cells['firstName'].strip()} {cells['lastName'].strip()}".strip()[:200]
        ours = cells["prisonId"].strip().upper() == prison_code.upper()
        if ours and PRISON_NUMBER_RE.match(number) and number in first_line:
            also = f"The prison number is also on row {first_line[number]}"
            extract.refused.append(RefusedRow(line, number, name_given, also))
            # Neither copy can be trusted over the other: both are held back.
            earlier = clean.pop(number, None)
            if earlier is not None:
                also = f"The prison number is also on row {line}"
                extract.refused.append(RefusedRow(earlier.line, number, earlier.name, also))
            extract.held_back.add(number)
            continue
        if ours and PRISON_NUMBER_RE.match(number):
            first_line[number] = line
        outcome = _row(line, cells, prison_code, today)
        if isinstance(outcome, str):
            extract.refused.append(RefusedRow(line, number, name_given, outcome))
            if ours and PRISON_NUMBER_RE.match(number):
                extract.held_back.add(number)
            continue
        clean[number] = outcome
    extract.rows = list(clean.values())
    extract.refused.sort(key=lambda refused: refused.line)
    return extract


# --- what an import would change --------------------------------------------------------


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


@dataclass
class Comparison:
    """What importing an extract would change in a prison's register."""

    adds: list[ExtractRow] = field(default_factory=list)
    # Each changed prisoner, the field values to write, and the changes in words.
    updates: list[tuple[Prisoner, dict[str, Any], list[Change]]] = field(default_factory=list)
    unchanged: int = 0
    leavers: list[Prisoner] = field(default_factory=list)


LABELS = {
    "first_name": "First name",
    "last_name": "Last name",
    "date_of_birth": "Date of birth",
    "cell_location": "Cell",
    "earliest_release_date": "Earliest release date",
    "indeterminate_sentence": "Indeterminate sentence",
    "incentive_level": "Incentive level",
    "gender": "Gender",
    "ethnicity": "Ethnicity",
    "religion": "Religion",
    "disability": "Disability",
    "sexual_orientation": "Sexual orientation",
    "in_prison": "In prison",
}


def shown(name: str, value: Any) -> str:
    """A field's value in words, for the check page."""
    if value is None or value == "":
        return "None" if name == "earliest_release_date" else "Not recorded"
    if isinstance(value, date):
        return value.strftime("%-d %B %Y")
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if name == "disability":
        return str(Disability(value).label)
    return str(value)


def compare(existing: Iterable[Prisoner], extract: Extract) -> Comparison:
    """Compare the prison's register (its prisoners who are not anonymised) with the
    extract: new numbers are added, known ones updated where a field differs (someone
    who had left and is back is in prison again), and anyone in prison who is not in
    the extract has left."""
    by_number = {prisoner.prison_number: prisoner for prisoner in existing}
    comparison = Comparison()
    for row in extract.rows:
        prisoner = by_number.get(row.prison_number)
        if prisoner is None:
            comparison.adds.append(row)
            continue
        fields = {
            name: value for name, value in row.values.items() if getattr(prisoner, name) != value
        }
        if not prisoner.in_prison:
            fields.update(in_prison=True, left_on=None)
        if not fields:
            comparison.unchanged += 1
            continue
        changes = [
            Change(LABELS[name], shown(name, getattr(prisoner, name)), shown(name, value))
            for name, value in fields.items()
            if name in LABELS
        ]
        comparison.updates.append((prisoner, fields, changes))
    present = {row.prison_number for row in extract.rows} | extract.held_back
    comparison.leavers = [
        prisoner
        for number, prisoner in by_number.items()
        if prisoner.in_prison and number not in present
    ]
    comparison.leavers.sort(key=lambda prisoner: (prisoner.last_name, prisoner.first_name))
    return comparison
