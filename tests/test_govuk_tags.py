"""Parts of GOV.UK components built in Python (peersupport/templatetags/govuk.py): a
select's options, with the chosen one selected, and a table's rows, every word
escaped."""

from __future__ import annotations

from django import forms

from monitoring.dashboards.selectors import Cell
from peersupport.templatetags.govuk import select_options, table_rows


class MonthForm(forms.Form):
    month = forms.ChoiceField(
        choices=[("", "Any month"), ("2026-01", "January 2026"), ("2026-02", "<February>")]
    )
    wing = forms.ChoiceField(choices=[("Houseblocks", [("A", "A wing"), ("B", "B wing")])])


def test_the_month_asked_for_is_the_one_selected() -> None:
    html = select_options(MonthForm({"month": "2026-01"})["month"])

    assert html == (
        '<option value="">Any month</option>'
        '<option value="2026-01" selected>January 2026</option>'
        '<option value="2026-02">&lt;February&gt;</option>'
    )


def test_a_form_not_yet_sent_selects_its_initial_value_or_nothing() -> None:
    assert '<option value="2026-02" selected>' in select_options(
        MonthForm(initial={"month": "2026-02"})["month"]
    )
    assert "selected" not in select_options(MonthForm()["month"])


def test_grouped_options_keep_their_group() -> None:
    html = select_options(MonthForm({"wing": "B"})["wing"])

    assert html == (
        '<optgroup label="Houseblocks"><option value="A">A wing</option>'
        '<option value="B" selected>B wing</option></optgroup>'
    )


def test_a_tables_rows_have_a_header_cell_numbers_on_the_right_and_links_kept() -> None:
    html = table_rows(
        [
            (Cell("HMP Leeds", "/dashboard/prisons/1/"), Cell("1,204", numeric=True), Cell("<b>")),
        ]
    )

    assert html == (
        '<tr class="govuk-table__row">'
        '<th scope="row" class="govuk-table__header">'
        '<a class="govuk-link" href="/dashboard/prisons/1/">HMP Leeds</a></th>'
        '<td class="govuk-table__cell govuk-table__cell--numeric">1,204</td>'
        '<td class="govuk-table__cell">&lt;b&gt;</td></tr>'
    )
