"""Forms for indicators, monthly returns and evaluations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from crispy_forms_gds.layout import Field, Fluid, Layout, Size
from django import forms

from accounts.access import people_at
from accounts.models import User
from peersupport.forms import (
    GovukDateField,
    VersionedForm,
    VersionedMixin,
    govuk_helper,
    limit_free_text,
)
from peersupport.text import SHORT_TEXT
from schemes.models import Scheme

from . import rules
from .forms import OwnerChoiceField
from .models_returns import Evaluation, Measure, MonitoringIndicator

VALUE_MONTHS = 24


class IndicatorForm(VersionedForm):
    """How an objective's indicator is measured."""

    measure = forms.ChoiceField(
        label="How is it measured?",
        choices=Measure.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how it is measured",
            "invalid_choice": "Select how it is measured",
        },
    )
    outcome = forms.ChoiceField(
        label="Outcome (for a count of one outcome)",
        required=False,
        error_messages={"invalid_choice": "Select one of the scheme's outcomes"},
    )

    def __init__(
        self, *args: Any, scheme: Scheme, indicator: MonitoringIndicator | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        outcome: forms.ChoiceField = self.fields["outcome"]  # type: ignore[assignment]
        outcome.choices = [("", "Choose an outcome"), *rules.outcome_choices(scheme.scheme_type)]
        self.fields["measure"].initial = indicator.measure if indicator else Measure.ENTERED
        outcome.initial = indicator.outcome if indicator else ""
        self.add_version(indicator.version if indicator else 0)
        self.helper = govuk_helper("Save how it is measured")
        self.helper.layout = Layout(
            Field.radios("measure", legend_size=Size.SMALL, small=True),
            "outcome",
            "version",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("measure") == Measure.OUTCOME and not data.get("outcome"):
            self.add_error("outcome", "Select the outcome")
        return data


def month_choices(today: date, count: int = VALUE_MONTHS) -> list[tuple[str, str]]:
    return [
        (f"{month:%Y-%m}", f"{month:%B %Y}") for month in reversed(rules.last_months(today, count))
    ]


class ValueForm(forms.Form):
    """An objective's value in one month."""

    month = forms.ChoiceField(
        label="Month",
        error_messages={"required": "Select the month", "invalid_choice": "Select the month"},
    )
    value = forms.DecimalField(
        label="Value",
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("-9999999999"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
        error_messages={
            "required": "Enter the value",
            "invalid": "Enter the value as a number, like 12 or 3.5",
            "max_digits": "Enter a value of 10 digits or fewer",
            "max_decimal_places": "Enter a value with no more than 2 decimal places",
            "max_whole_digits": "Enter a value of 10 digits or fewer before the point",
            "min_value": "Enter a value of -9999999999 or more",
        },
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = month_choices(today)
        month: forms.ChoiceField = self.fields["month"]  # type: ignore[assignment]
        month.choices = choices
        month.initial = choices[1][0] if len(choices) > 1 else choices[0][0]
        self.helper = govuk_helper("Save value")
        self.helper.layout = Layout("month", "value")

    def month_value(self) -> date:
        year, month = self.cleaned_data["month"].split("-")
        return date(int(year), int(month), 1)


class ReturnActionForm(forms.Form):
    """A button on a monthly return: prepare, submit, approve or reopen (with a reason)."""

    ACTIONS = ("prepare", "submit", "approve", "reopen")

    action = forms.ChoiceField(
        choices=[(action, action) for action in ACTIONS],
        widget=forms.HiddenInput,
        error_messages={
            "required": "Choose what to do with the return",
            "invalid_choice": "Choose what to do with the return",
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    reason = forms.CharField(
        label="Why are you reopening the return?",
        help_text="Say what needs correcting. The governor approves the return again.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper(None)
        self.helper.layout = Layout(Field.textarea("reason", rows=3))
        limit_free_text(self, {"reason": "The reason"})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # The action and version are hidden: their errors are the page's, not a field's
        # (the error summary has no field to link to).
        for name in ("action", "version"):
            if name in self.errors:
                del self.errors[name]
                self.add_error(None, "Choose what to do with the return")
        if data.get("action") == "reopen" and not (data.get("reason") or "").strip():
            self.add_error("reason", "Enter why the return is reopened")
        return data


class EvaluationForm(VersionedMixin, forms.ModelForm[Evaluation]):
    """An evaluation: its period, questions, method and findings."""

    class Meta:
        model = Evaluation
        fields = ["own_questions", "method", "worked_as_intended", "long_enough", "findings"]
        labels = {
            "own_questions": "Your own questions (optional)",
            "method": "Method",
            "worked_as_intended": "Has it worked as intended? (optional)",
            "long_enough": "Has it run long enough to achieve what it sets out to do? (optional)",
            "findings": "Other findings (optional)",
        }
        help_texts = {
            "own_questions": "One a line. The guidance's two questions are asked below.",
            "method": "For example: monthly returns, feedback surveys, interviews with staff",
            "worked_as_intended": "Answer when you have the findings. Do not name anyone.",
            "long_enough": "Compare the launch with the objectives' deadlines.",
            "findings": "Do not name anyone.",
        }
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ("own_questions", "method", "worked_as_intended", "long_enough", "findings")
        }
        error_messages = {"method": {"required": "Enter the method"}}

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        changing = self.instance.pk is not None
        hint = f"For example, {today:%-d %-m %Y}"
        start = GovukDateField(
            noun="the start of the period", label="Start of the period", help_text=hint
        )
        end = GovukDateField(
            noun="the end of the period", label="End of the period", help_text=hint
        )
        if changing:
            start.initial = self.instance.period_start
            end.initial = self.instance.period_end
        self.fields = {"period_start": start, "period_end": end, **self.fields}
        layout: list[Any] = [
            "period_start",
            "period_end",
            *(
                Field.textarea(name, rows=4)
                for name in (
                    "own_questions",
                    "method",
                    "worked_as_intended",
                    "long_enough",
                    "findings",
                )
            ),
        ]
        if changing:
            self.add_version(self.instance.version)
            layout.append("version")
        self.helper = govuk_helper("Save changes" if changing else "Save evaluation")
        self.helper.layout = Layout(*layout)
        limit_free_text(
            self,
            {
                "worked_as_intended": "Whether it worked as intended",
                "long_enough": "Whether it ran long enough",
            },
        )


class AdjustmentForm(forms.Form):
    """An adjustment an evaluation calls for: it becomes an action."""

    summary = forms.CharField(
        label="Adjustment",
        max_length=SHORT_TEXT,
        help_text="What will change. Do not name any prisoner.",
        error_messages={"required": "Enter the adjustment"},
    )
    owner = OwnerChoiceField(
        queryset=User.objects.none(),
        label="Who will do it?",
        empty_label="Choose who will do it",
        error_messages={
            "required": "Choose who will do it",
            "invalid_choice": "Choose someone who works at this prison",
        },
    )
    changes_design = forms.TypedChoiceField(
        label="Does it change the scheme's design?",
        help_text="A change to the plan (the scheme's aims, model, roles or resources)",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select yes if it changes the scheme's design",
            "invalid_choice": "Select yes if it changes the scheme's design",
        },
    )

    def __init__(self, *args: Any, scheme: Scheme, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner: OwnerChoiceField = self.fields["owner"]  # type: ignore[assignment]
        owner.queryset = people_at(scheme.prison_id)
        self.fields["due_date"] = GovukDateField(
            noun="the due date", label="Due date", help_text=f"For example, {today:%-d %-m %Y}"
        )
        self.helper = govuk_helper("Save adjustment")
        self.helper.layout = Layout(
            Field.text("summary", field_width=Fluid.TWO_THIRDS),
            "owner",
            "due_date",
            Field.radios("changes_design", legend_size=Size.SMALL, small=True, inline=True),
        )
        limit_free_text(self)
