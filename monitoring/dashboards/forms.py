"""The national dashboard's filters (GET): region, type of scheme, status."""

from __future__ import annotations

from typing import Any

from django import forms

from accounts.models import Region
from peersupport.forms import govuk_helper
from schemes.models import SchemeStatus, SchemeType


class NationalFilterForm(forms.Form):
    """Invalid values are reported with the GOV.UK error summary, not ignored."""

    region = forms.ChoiceField(
        required=False,
        choices=[("", "All regions"), *Region.choices],
        error_messages={"invalid_choice": "Select a region from the list"},
    )
    scheme_type = forms.ChoiceField(
        label="Type",
        required=False,
        choices=[("", "All types"), *SchemeType.choices],
        error_messages={"invalid_choice": "Select a type from the list"},
    )
    status = forms.ChoiceField(
        required=False,
        choices=[("", "All statuses"), *SchemeStatus.choices],
        error_messages={"invalid_choice": "Select a status from the list"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The page writes the selects itself; the helper is for the error summary.
        self.helper = govuk_helper(submit_label=None)
