"""Forms for training modules, training records and practice sessions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from crispy_forms_gds.layout import Field, Fluid, Layout, Size
from django import forms

from peersupport.forms import (
    GovukDateField,
    RecordChoiceField,
    VersionedMixin,
    govuk_helper,
    limit_free_text,
)

from ..models import ModuleKind, PracticeOutcome, TrainingModule

HOURS_INVALID = "Enter the hours as a number, like 6 or 2.5"


def hours_input() -> forms.TextInput:
    """Hours may have a half: a text input with the decimal keypad (GOV.UK asks for
    numbers in text inputs)."""
    return forms.TextInput(
        attrs={"inputmode": "decimal", "spellcheck": "false", "class": "govuk-input--width-4"}
    )


class TrainingModuleForm(VersionedMixin, forms.ModelForm[TrainingModule]):
    """A part of the scheme's training."""

    class Meta:
        model = TrainingModule
        fields = ["title", "kind", "hours", "delivered_by", "required", "refresh_months"]
        labels = {
            "title": "Title",
            "kind": "What kind of training is it?",
            "hours": "Hours",
            "delivered_by": "Who delivers it",
            "required": "Must it be passed before probation?",
            "refresh_months": "Refresh every how many months? (optional)",
        }
        help_texts = {
            "title": "For example: Communication, or Samaritans Listener training",
            "delivered_by": "A person, a team or an organisation",
            "refresh_months": "Leave empty if it never needs refreshing",
        }
        widgets = {
            "kind": forms.RadioSelect,
            "hours": hours_input(),
            "refresh_months": forms.TextInput(
                attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}
            ),
        }
        error_messages = {
            "title": {"required": "Enter the title of the module"},
            "kind": {"required": "Select what kind of training it is"},
            "hours": {
                "required": "Enter how many hours the module takes",
                "invalid": HOURS_INVALID,
                "min_value": "The module must take at least half an hour",
                "max_digits": "Hours must be 200 or fewer",
                "max_decimal_places": "Enter hours to one decimal place, like 2.5",
                "max_whole_digits": "Hours must be 200 or fewer",
            },
            "delivered_by": {"required": "Enter who delivers the module"},
            "refresh_months": {
                "invalid": "Enter the months as a whole number, like 12",
                "min_value": "Enter a number of months from 1 to 60",
            },
        }

    required = forms.TypedChoiceField(
        label="Must it be passed before probation?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the module must be passed before probation"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        changing = self.instance.pk is not None
        self.fields["kind"].choices = ModuleKind.choices  # type: ignore[attr-defined]
        self.fields["required"].initial = (
            ("yes" if self.instance.required else "no") if changing else None
        )
        self.helper = govuk_helper("Save changes" if changing else "Add module")
        self.helper.layout = Layout(
            Field.text("title", field_width=Fluid.TWO_THIRDS),
            Field.radios("kind", legend_size=Size.SMALL),
            Field.text("hours", field_width=4),
            Field.text("delivered_by", field_width=Fluid.TWO_THIRDS),
            Field.radios("required", legend_size=Size.SMALL, inline=True),
            Field.text("refresh_months", field_width=2),
        )
        if changing:
            self.add_version(self.instance.version)
            self.helper.layout.append("version")
        limit_free_text(self, {"title": "The title", "delivered_by": "Who delivers it"})

    def clean_hours(self) -> Decimal:
        hours: Decimal = self.cleaned_data["hours"]
        if hours > 200:
            raise forms.ValidationError("Hours must be 200 or fewer")
        return hours

    def clean_refresh_months(self) -> int | None:
        months: int | None = self.cleaned_data.get("refresh_months")
        if months is not None and not 1 <= months <= 60:
            raise forms.ValidationError("Enter a number of months from 1 to 60")
        return months


class ModuleChoiceField(RecordChoiceField[TrainingModule]):
    def label_from_instance(self, obj: TrainingModule) -> str:
        return f"{obj.title} ({obj.hours:g} hours)"


class TrainingRecordForm(forms.Form):
    """That a peer supporter completed a module, passed or not."""

    module = ModuleChoiceField(
        queryset=TrainingModule.objects.none(),
        label="Which module?",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Select the module they completed",
            "invalid_choice": "Select one of this scheme's modules",
        },
    )
    hours = forms.DecimalField(
        label="Hours attended",
        min_value=Decimal(0),
        max_digits=5,
        decimal_places=1,
        widget=hours_input(),
        error_messages={
            "required": "Enter the hours they attended",
            "invalid": HOURS_INVALID,
            "min_value": "Hours cannot be negative",
            "max_digits": "Hours must be 200 or fewer",
            "max_whole_digits": "Hours must be 200 or fewer",
            "max_decimal_places": "Enter hours to one decimal place, like 2.5",
        },
    )
    trainer = forms.CharField(
        label="Who trained them",
        error_messages={"required": "Enter who trained them"},
    )
    passed = forms.TypedChoiceField(
        label="Did they pass?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if they passed"},
    )

    def __init__(self, *args: Any, scheme_id: int, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        module: ModuleChoiceField = self.fields["module"]  # type: ignore[assignment]
        module.queryset = TrainingModule.objects.filter(scheme_id=scheme_id)
        self.fields = {
            "module": self.fields["module"],
            "completed_on": GovukDateField(
                noun="the date they completed it",
                latest=today,
                label="Date they completed it",
                help_text=f"For example, {today:%-d %-m %Y}",
            ),
            **{k: v for k, v in self.fields.items() if k != "module"},
        }
        self.helper = govuk_helper("Save training record")
        self.helper.layout = Layout(
            Field.radios("module", legend_size=Size.SMALL),
            "completed_on",
            Field.text("hours", field_width=4),
            Field.text("trainer", field_width=Fluid.TWO_THIRDS),
            Field.radios("passed", legend_size=Size.SMALL, inline=True),
        )
        limit_free_text(self, {"trainer": "Who trained them"})

    def clean_hours(self) -> Decimal:
        hours: Decimal = self.cleaned_data["hours"]
        if hours > 200:
            raise forms.ValidationError("Hours must be 200 or fewer")
        return hours


class PracticeSessionForm(forms.Form):
    """A supervised practice session."""

    activity = forms.CharField(
        label="Scenario or activity",
        help_text="For example: role play of a night call-out",
        error_messages={"required": "Enter the scenario or activity"},
    )
    observer = forms.CharField(
        label="Who observed",
        error_messages={"required": "Enter who observed the session"},
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=PracticeOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome of the session"},
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {
            "held_on": GovukDateField(
                noun="the date of the session",
                latest=today,
                label="Date of the session",
                help_text=f"For example, {today:%-d %-m %Y}",
            ),
            **self.fields,
        }
        self.helper = govuk_helper("Save practice session")
        self.helper.layout = Layout(
            "held_on",
            Field.text("activity", field_width=Fluid.TWO_THIRDS),
            Field.text("observer", field_width=Fluid.TWO_THIRDS),
            Field.radios("outcome", legend_size=Size.SMALL),
        )
        limit_free_text(self, {"activity": "The scenario or activity", "observer": "Who observed"})
