"""The rules about a prisoner: age band, ethnic group, earliest release date."""

from __future__ import annotations

from datetime import date

import pytest

from recruitment import rules
from recruitment.models import PRISON_NUMBER_RE


@pytest.mark.parametrize(
    ("born", "band"),
    [
        (date(2008, 6, 1), "18 to 20"),  # 18 today
        (date(2008, 6, 2), "15 to 17"),  # 18 tomorrow
        (date(2005, 6, 2), "18 to 20"),  # 21 tomorrow
        (date(2005, 6, 1), "21 to 24"),
        (date(2001, 1, 1), "25 to 29"),
        (date(1990, 1, 1), "30 to 39"),
        (date(1980, 1, 1), "40 to 49"),
        (date(1970, 1, 1), "50 to 59"),
        (date(1960, 1, 1), "60 to 69"),
        (date(1940, 1, 1), "70 and over"),
    ],
)
def test_a_prisoners_age_band_comes_from_their_date_of_birth(born: date, band: str) -> None:
    assert rules.age_band(born, date(2026, 6, 1)) == band


def test_an_age_band_is_not_recorded_without_a_real_date_of_birth() -> None:
    assert rules.age_band(None, date(2026, 6, 1)) == "Not recorded"
    assert rules.age_band(date(2027, 1, 1), date(2026, 6, 1)) == "Not recorded"


def test_someone_born_on_29_february_has_their_birthday_on_1_march() -> None:
    assert rules.age_on(date(2004, 2, 29), date(2025, 2, 28)) == 20
    assert rules.age_on(date(2004, 2, 29), date(2025, 3, 1)) == 21


@pytest.mark.parametrize(
    ("ethnicity", "group"),
    [
        ("White: Eng./Welsh/Scot./N.Irish/British", "White"),
        ("White : Irish", "White"),
        ("White: Gypsy or Irish Traveller", "White"),
        ("Asian/Asian British: Indian", "Asian or Asian British"),
        ("Asian/Asian British: Any other backgr'nd", "Asian or Asian British"),
        ("Black/Black British: Caribbean", "Black, Black British, Caribbean or African"),
        ("Mixed: White and Black African", "Mixed or multiple ethnic groups"),
        ("Other: Arab", "Other ethnic group"),
        ("Chinese", "Asian or Asian British"),
        ("Prefer not to say", "Prefers not to say"),
        ("", "Not recorded"),
        ("Something new", "Other ethnic group"),
    ],
)
def test_a_nomis_ethnicity_falls_in_one_of_the_gov_uk_ethnic_groups(
    ethnicity: str, group: str
) -> None:
    assert rules.ethnicity_group(ethnicity) == group


def test_the_earliest_release_date_is_the_earliest_of_the_three_dates() -> None:
    dates = [date(2027, 5, 1), date(2027, 1, 10), None]
    assert rules.earliest_release(dates, indeterminate=False) == date(2027, 1, 10)
    assert rules.earliest_release([None, None, None], indeterminate=False) is None


def test_an_indeterminate_sentence_has_no_earliest_release_date() -> None:
    assert rules.earliest_release([date(2027, 5, 1)], indeterminate=True) is None


def test_made_up_prison_numbers_are_in_the_national_format_and_never_repeat() -> None:
    # Every digit and letter position turns over: at 24, 10,000 and 240,000.
    series = [*range(30_000), *range(239_990, 240_010), 5_759_999]

    numbers = [rules.made_up_prison_number(n) for n in series]

    assert all(PRISON_NUMBER_RE.match(number) for number in numbers)
    assert len(set(numbers)) == len(numbers)
    assert not {"I", "O"} & set("".join(numbers))
