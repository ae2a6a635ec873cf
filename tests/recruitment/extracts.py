"""Building prisons' extracts for the tests: CSV and XLSX files with the Prisoner
Search column names, and the rows that describe prisoners already in the register."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date
from typing import Any

from recruitment.models import Prisoner

COLUMNS = [
    "prisonerNumber",
    "firstName",
    "lastName",
    "dateOfBirth",
    "prisonId",
    "cellLocation",
    "releaseDate",
    "conditionalReleaseDate",
    "confirmedReleaseDate",
    "indeterminateSentence",
    "currentIncentive",
    "gender",
    "ethnicity",
    "religion",
    "disability",
    "sexualOrientation",
]


def number(n: int) -> str:
    """The n-th made-up prison number: Z0001AZ, Z0002AZ... (the factories' never end
    in Z below their 13,000th)."""
    return f"Z{n % 10000:04d}{chr(65 + n // 10000 % 26)}Z"


def row(n: int, prison_code: str = "LEI", **changes: Any) -> dict[str, str]:
    values = {
        "prisonerNumber": number(n),
        "firstName": f"First{n}",
        "lastName": f"Last{n}",
        "dateOfBirth": "1990-04-12",
        "prisonId": prison_code,
        "cellLocation": f"B-{1 + n % 4}-{n % 40:03d}",
        "releaseDate": "2028-03-01",
        "conditionalReleaseDate": "2027-09-15",
        "confirmedReleaseDate": "",
        "indeterminateSentence": "false",
        "currentIncentive": "Standard",
        "gender": "Male",
        "ethnicity": "White: Eng./Welsh/Scot./N.Irish/British",
        "religion": "No religion",
        "disability": "false",
        "sexualOrientation": "Heterosexual / Straight",
    }
    values.update({key: str(value) for key, value in changes.items()})
    return values


def row_of(prisoner: Prisoner, prison_code: str = "LEI", **changes: Any) -> dict[str, str]:
    """The row an extract would have for a prisoner as the register holds them."""

    def day(value: date | None) -> str:
        return value.isoformat() if value else ""

    values = {
        "prisonerNumber": prisoner.prison_number or "",
        "firstName": prisoner.first_name,
        "lastName": prisoner.last_name,
        "dateOfBirth": day(prisoner.date_of_birth),
        "prisonId": prison_code,
        "cellLocation": prisoner.cell_location,
        "releaseDate": day(prisoner.earliest_release_date),
        "conditionalReleaseDate": "",
        "confirmedReleaseDate": "",
        "indeterminateSentence": "true" if prisoner.indeterminate_sentence else "false",
        "currentIncentive": prisoner.incentive_level,
        "gender": prisoner.gender,
        "ethnicity": prisoner.ethnicity,
        "religion": prisoner.religion,
        "disability": {"yes": "true", "no": "false"}.get(prisoner.disability, ""),
        "sexualOrientation": prisoner.sexual_orientation,
    }
    values.update({key: str(value) for key, value in changes.items()})
    return values


def csv_bytes(rows: Iterable[dict[str, str]], columns: list[str] | None = None) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns or COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def xlsx_bytes(rows: Iterable[dict[str, Any]], columns: list[str] | None = None) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Prisoners")
    names = columns or COLUMNS
    sheet.append(names)
    for values in rows:
        sheet.append([values.get(name) for name in names])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
