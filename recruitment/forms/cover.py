"""Forms for cover: a band of cover the scheme needs, and a peer supporter's
availability."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from peersupport.forms import govuk_helper, limit_free_text, whole_number_input

from ..models import Weekday

TIME_FORMATS = ["%H:%M", "%H.%M", "%H%M"]


def time_field(label: str, noun: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        help_text="Use the 24-hour clock, for example 17:00",
        input_formats=TIME_FORMATS,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-5", "inputmode": "numeric", "spellcheck": "false"}
        ),
        error_messages={
            "required": f"Enter {noun}",
            "invalid": f"Enter {noun} as a time on the 24-hour clock, like 17:00",
        },
    )


def weekday_field() -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label="Day of the week",
        choices=Weekday.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the day of the week",
            "invalid_choice": "Select a day of the week",
        },
    )


class CoverNeedForm(forms.Form):
    location = forms.CharField(
        label="Where",
        max_length=40,
        help_text="A wing as cell locations name it (B), or a place (Reception)",
        error_messages={"required": "Enter where the cover is needed"},
    )
    weekday = weekday_field()
    starts = time_field("From", "when the cover starts")
    ends = time_field("Until", "when the cover ends")
    needed = forms.IntegerField(
        label="Peer supporters needed",
        min_value=1,
        max_value=50,
        widget=whole_number_input(),
        error_messages={
            "required": "Enter how many peer supporters are needed",
            "invalid": "Enter the number as a whole number, like 2",
            "min_value": "At least 1 peer supporter must be needed",
            "max_value": "Enter 50 or fewer",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[
            "ends"
        ].help_text = "An end at or before the start runs overnight: 17:00 until 08:00"
        self.helper = govuk_helper("Add cover")
        self.helper.layout = Layout(
            Field.text("location", field_width=10),
            Field.radios("weekday", legend_size=Size.SMALL),
            Field.text("starts", field_width=5),
            Field.text("ends", field_width=5),
            Field.text("needed", field_width=4),
        )
        limit_free_text(self, {"location": "Where"})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts") is not None and data.get("starts") == data.get("ends"):
            self.add_error("ends", "The band must end at a different time from when it starts")
        return data


class AvailabilityForm(forms.Form):
    weekday = weekday_field()
    starts = time_field("From", "when they are available from")
    ends = time_field("Until", "when they are available until")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper("Add availability")
        self.helper.layout = Layout(
            Field.radios("weekday", legend_size=Size.SMALL, inline=True),
            Field.text("starts", field_width=5),
            Field.text("ends", field_width=5),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts") is not None and data.get("starts") == data.get("ends"):
            self.add_error("ends", "The band must end at a different time from when it starts")
        return data
