"""The GOV.UK select's options (components/_select.html): the chosen one selected,
every label escaped, groups kept."""

from __future__ import annotations

from django import forms

from peersupport.templatetags.govuk import select_options


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
