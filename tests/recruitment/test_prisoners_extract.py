"""Reading a prison's extract: clean rows, refused rows with their reasons, and files
that cannot be used at all."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from recruitment.extract import Extract, ExtractError, read_extract
from tests.recruitment.extracts import COLUMNS, csv_bytes, number, row, xlsx_bytes

TODAY = date(2026, 12, 1)
SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "sample-extract.csv"


def read(data: bytes, name: str = "extract.csv") -> Extract:
    return read_extract(name=name, data=data, prison_code="LEI", today=TODAY)


def test_a_clean_row_gives_the_prisoners_fields() -> None:
    extract = read(csv_bytes([row(1, confirmedReleaseDate="2027-08-01", disability="true")]))
    assert not extract.refused
    (only,) = extract.rows
    assert only.prison_number == "Z0001AZ"
    assert only.values["first_name"] == "First1"
    assert only.values["date_of_birth"] == date(1990, 4, 12)
    assert only.values["cell_location"] == "B-2-001"
    # The earliest of release, conditional release and confirmed release.
    assert only.values["earliest_release_date"] == date(2027, 8, 1)
    assert only.values["incentive_level"] == "Standard"
    assert only.values["disability"] == "yes"


def test_an_indeterminate_sentence_has_no_release_date() -> None:
    extract = read(csv_bytes([row(1, indeterminateSentence="true")]))
    assert extract.rows[0].values["earliest_release_date"] is None
    assert extract.rows[0].values["indeterminate_sentence"] is True


def test_unknown_columns_are_ignored_and_optional_ones_may_be_missing() -> None:
    columns = ["prisonName", "prisonerNumber", "firstName", "lastName", "dateOfBirth", "prisonId"]
    data = csv_bytes([{**row(1), "prisonName": "Leeds (HMP)"}], columns)
    extract = read(data)
    assert extract.rows[0].values["cell_location"] == ""
    assert extract.rows[0].values["earliest_release_date"] is None


def test_missing_required_columns_are_named() -> None:
    data = csv_bytes([row(1)], ["prisonerNumber", "firstName", "prisonId"])
    with pytest.raises(ExtractError, match="must have the columns lastName, dateOfBirth in"):
        read(data)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"prisonerNumber": "1234ABC"}, "The prison number is not in the format A1234BC"),
        ({"prisonId": "BLI"}, "This row is for another prison (BLI)"),
        ({"dateOfBirth": "1990-02-30"}, "The date of birth (1990-02-30) is not a real date"),
        ({"dateOfBirth": "2030-01-01"}, "The date of birth (2030-01-01) is not possible"),
        ({"releaseDate": "31/31/2027"}, "releaseDate (31/31/2027) is not a real date"),
        ({"indeterminateSentence": "maybe"}, "indeterminateSentence must be true or false"),
        ({"firstName": "x" * 101}, "firstName is longer than 100 characters"),
        ({"firstName": "", "lastName": ""}, "The row has no name"),
    ],
)
def test_a_bad_row_is_refused_with_its_reason(changes: dict[str, str], reason: str) -> None:
    extract = read(csv_bytes([row(1), row(2, **changes)]))
    assert [r.prison_number for r in extract.rows] == [number(1)]
    (refused,) = extract.refused
    assert refused.line == 3
    assert refused.reason == reason


def test_a_number_twice_in_the_file_refuses_both_rows_and_holds_the_person_back() -> None:
    extract = read(csv_bytes([row(1), row(2), row(1, firstName="Other")]))
    assert [r.prison_number for r in extract.rows] == [number(2)]
    assert [(r.line, r.reason) for r in extract.refused] == [
        (2, "The prison number is also on row 4"),
        (4, "The prison number is also on row 2"),
    ]
    assert extract.held_back == {number(1)}


def test_dates_may_be_written_day_first_as_excel_writes_them() -> None:
    extract = read(csv_bytes([row(1, dateOfBirth="12/04/1990")]))
    assert extract.rows[0].values["date_of_birth"] == date(1990, 4, 12)


def test_an_xlsx_extract_is_read_like_a_csv() -> None:
    born = datetime(1990, 4, 12)  # noqa: DTZ001 (a spreadsheet's dates have no time zone)
    values = {**row(1), "dateOfBirth": born, "indeterminateSentence": False}
    extract = read(xlsx_bytes([values]), "extract.xlsx")
    assert extract.rows[0].values["date_of_birth"] == date(1990, 4, 12)
    assert extract.rows[0].values["indeterminate_sentence"] is False


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("extract.csv", b"", "The selected file is empty"),
        ("extract.csv", b"\n\n", "The selected file is empty"),
        ("extract.pdf", b"%PDF-1.4", "must be a CSV or XLSX file"),
        ("extract.xlsx", b"not a zip", "is not an XLSX file that can be read"),
        ("extract.xlsx", csv_bytes([row(1)]), "is not an XLSX file that can be read"),
        ("extract.csv", "prisonerNumber,firstName\n".encode("utf-16"), "saved as UTF-8"),
        ("extract.csv", b"\xff\xfe\x00bad", "saved as UTF-8"),
        ("extract.csv", b"x" * (10 * 1024 * 1024 + 1), "smaller than 10 MB"),
    ],
)
def test_a_file_that_cannot_be_used_says_why(name: str, data: bytes, message: str) -> None:
    with pytest.raises(ExtractError, match=message):
        read(data, name)


def test_a_zip_that_is_not_a_workbook_is_refused() -> None:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(ExtractError, match="is not an XLSX file"):
        read(out.getvalue(), "extract.xlsx")


def test_the_shipped_sample_extract_has_two_bad_rows() -> None:
    extract = read(SAMPLE.read_bytes())
    assert len(extract.rows) == 28
    assert sorted(r.reason for r in extract.refused) == [
        "The date of birth (1988-02-30) is not a real date",
        "The prison number is not in the format A1234BC",
    ]
    assert COLUMNS[0] in SAMPLE.read_text().splitlines()[0]
