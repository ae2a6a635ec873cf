"""The choice of reminder emails."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from peersupport.forms import govuk_helper

from .models import Frequency

MAX_VERSION = 2**31 - 1


class PreferenceForm(forms.Form):
    frequency = forms.ChoiceField(
        label="What emails do you want about your reminders?",
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether you want a daily email",
            "invalid_choice": "Select whether you want a daily email",
        },
        help_text=(
            "Your reminders are always listed in the service. The daily email also "
            "tells you when a plan is submitted to you, returned or approved, and when "
            "you are given an action."
        ),
    )
    version = forms.IntegerField(
        widget=forms.HiddenInput, min_value=0, max_value=MAX_VERSION, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper("Save")
        self.helper.layout = Layout(
            Field.radios("frequency", legend_size=Size.MEDIUM, legend_tag="h2"), "version"
        )
