"""The preferential treatment check's rules: when a group is under-represented, and
how small numbers are kept from identifying anyone."""

from __future__ import annotations

from monitoring import rules_equality as rules
from monitoring.rules_equality import SUPPRESSED, WITHHELD

LABELS = {"ethnic_group": "Ethnic group"}


def counts(population: int, peer: int = 0, applied: int = 0, approved: int = 0) -> dict[str, int]:
    return {
        "population": population,
        "peer_supporters": peer,
        "applied": applied,
        "approved": approved,
    }


def test_a_group_with_under_half_its_expected_share_of_peer_supporters_is_flagged() -> None:
    # Asian prisoners are 25% of the prison; 2 of 40 peer supporters (5%): 10 expected.
    found = rules.flags(
        {"ethnic_group": {"Asian": counts(250, peer=2), "White": counts(750, peer=38)}},
        LABELS,
    )
    assert [(flag.measure, flag.group) for flag in found] == [("peer_supporters", "Asian")]
    flag = found[0]
    assert flag.expected == 10
    assert flag.key == "peer_supporters|ethnic_group|Asian"
    assert flag.title == "Asian under-represented among peer supporters (ethnic group)"


def test_a_group_at_over_half_its_share_is_not_flagged() -> None:
    # 6 of 40 (15%) against 25%: 60% of the share, above the threshold of half.
    found = rules.flags(
        {"ethnic_group": {"Asian": counts(250, peer=6), "White": counts(750, peer=34)}},
        LABELS,
    )
    assert found == []


def test_a_group_too_small_to_expect_five_people_is_never_flagged() -> None:
    # 10% of a prison, 20 peer supporters: 2 expected, so none is not a finding.
    assert rules.under_represented(0, 20, 100, 1000) is None
    assert rules.under_represented(0, 50, 100, 1000) == 5


def test_nobody_to_compare_flags_nothing() -> None:
    assert rules.under_represented(0, 0, 100, 1000) is None
    assert rules.under_represented(0, 40, 0, 1000) is None
    assert rules.under_represented(0, 40, 100, 0) is None


def test_approved_applicants_are_compared_with_the_applicants() -> None:
    # Black applicants are 40% of 30 applicants; 1 of 20 approved (5%): 8 expected.
    found = rules.flags(
        {
            "ethnic_group": {
                "Black": counts(300, applied=12, approved=1),
                "White": counts(700, applied=18, approved=19),
            }
        },
        LABELS,
    )
    approved = [flag for flag in found if flag.measure == "approved"]
    assert [(flag.group, flag.base, flag.base_total) for flag in approved] == [("Black", 12, 30)]
    assert "fewer than 5 of the 20 applicants approved" in approved[0].words
    assert "40% of the applicants (12 of 30)" in approved[0].words


def test_not_recorded_groups_are_shown_but_never_flagged() -> None:
    found = rules.flags(
        {
            "ethnic_group": {
                "Not recorded": counts(500, peer=0),
                "Prefers not to say": counts(200, peer=0),
                "White": counts(300, peer=40),
            }
        },
        LABELS,
    )
    assert found == []


def test_the_flags_words_suppress_a_count_under_five() -> None:
    flag = rules.flags(
        {"ethnic_group": {"Asian": counts(250, peer=2), "White": counts(750, peer=38)}},
        LABELS,
    )[0]
    assert flag.words == (
        "Asian: 25% of the prison's population (250 of 1,000), but fewer than 5 of the 40 "
        "peer supporters. About 10 would match the prison's population."
    )
    assert " 2 " not in flag.words


def test_the_flags_words_give_a_count_of_none() -> None:
    flag = rules.flags(
        {"ethnic_group": {"Asian": counts(250, peer=0), "White": counts(750, peer=40)}},
        LABELS,
    )[0]
    assert "but 0 of the 40 peer supporters (0%)" in flag.words


def test_a_count_under_five_hides_the_next_smallest_so_the_total_cannot_reveal_it() -> None:
    cells = rules.column([3, 20, 17, 0])
    assert [cell.text for cell in cells] == [SUPPRESSED, "20 (50%)", WITHHELD, "0"]


def test_two_small_counts_protect_each_other() -> None:
    cells = rules.column([3, 2, 35])
    assert [cell.text for cell in cells] == [SUPPRESSED, SUPPRESSED, "35 (88%)"]


def test_a_column_of_fewer_than_five_people_shows_no_group() -> None:
    assert [cell.text for cell in rules.column([3, 0, 0])] == [WITHHELD] * 3
    assert rules.total_text(3) == SUPPRESSED
    assert rules.total_text(0) == "0"
    assert rules.total_text(1500) == "1,500"


def test_an_empty_column_shows_zeros() -> None:
    assert [cell.text for cell in rules.column([0, 0])] == ["0", "0"]


def test_entered_population_counts_must_add_up_to_the_same_population() -> None:
    labels = {"age_band": "Age band", "disability": "Disability"}
    assert rules.population_problem({"age_band": 0, "disability": 0}, labels) == (
        "Enter the number of people in at least one group"
    )
    assert rules.population_problem({"age_band": 1200, "disability": 0}, labels) is None
    assert rules.population_problem({"age_band": 1200, "disability": 1200}, labels) is None
    problem = rules.population_problem({"age_band": 1200, "disability": 1150}, labels)
    assert problem is not None
    assert "age band 1,200, disability 1,150" in problem
