"""Forms for the recruitment settings, suitability checks, placements and probation
reviews. Each edit of a saved record carries, hidden, the version it was read at."""

from __future__ import annotations

from datetime import date
from typing import Any

from crispy_forms_gds.layout import Field, Fluid, Layout, Size
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from peersupport.forms import (
    GovukDateField,
    VersionedForm,
    govuk_helper,
    limit_free_text,
    whole_number_input,
)

from ..models import CheckOutcome, LeavingReason, PlacementStatus, ProbationOutcome


def _weeks(label: str, what: str, hint: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=hint,
        widget=whole_number_input(),
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        error_messages={
            "required": f"Enter {what} in weeks",
            "invalid": f"Enter {what} as a whole number of weeks, like 8",
            "min_value": f"{what[0].upper()}{what[1:]} must be at least 1 week",
            "max_value": f"{what[0].upper()}{what[1:]} must be 52 weeks or fewer",
        },
    )


class SettingsForm(VersionedForm):
    probation_weeks = _weeks(
        "Length of the probationary period, in weeks",
        "the length of the probation",
        "The guidance: “Grow the scheme steadily: consider a probationary period”. Usually 8 weeks",
    )
    training_weeks = _weeks(
        "How long the training course takes, in weeks",
        "the length of the training course",
        "A new peer supporter is in training for this long after their placement starts",
    )

    supervision_weeks = _weeks(
        "Supervise each peer supporter and the scheme's staff at least every (weeks)",
        "how often supervision happens",
        "The guidance: “Set up supervision for staff and peer supporters”. Your plan says how "
        "often; 4 weeks is monthly",
    )
    practice_sessions = forms.IntegerField(
        label="Supervised practice sessions before probation",
        help_text="The guidance: “Allow time for practice”. Enter 0 if the scheme asks for none",
        widget=whole_number_input(),
        validators=[MinValueValidator(0), MaxValueValidator(20)],
        error_messages={
            "required": "Enter how many practice sessions, or 0",
            "invalid": "Enter the practice sessions as a whole number, like 2",
            "min_value": "The practice sessions cannot be fewer than 0",
            "max_value": "Enter 20 practice sessions or fewer",
        },
    )

    def __init__(self, *args: Any, version: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_version(version)
        self.helper = govuk_helper("Save settings")
        self.helper.layout = Layout(
            Field.text("probation_weeks", field_width=4),
            Field.text("training_weeks", field_width=4),
            Field.text("practice_sessions", field_width=4),
            Field.text("supervision_weeks", field_width=4),
            "version",
        )


class PartyForm(forms.Form):
    name = forms.CharField(
        label="Name of the party",
        max_length=100,
        help_text="For example: Security, Safer custody, Samaritans",
        error_messages={
            "required": "Enter the name of the party",
            "max_length": "The name must be 100 characters or fewer",
        },
    )

    def __init__(self, *args: Any, expected_name: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper("Save" if expected_name is not None else "Add party")
        self.helper.layout = Layout(Field.text("name", field_width=Fluid.TWO_THIRDS))
        if expected_name is not None:
            self.fields["name"].initial = expected_name
            self.fields["expected_name"] = forms.CharField(
                widget=forms.HiddenInput, required=False, initial=expected_name
            )
            self.helper.layout.append("expected_name")
        limit_free_text(self)


class CheckForm(VersionedForm):
    outcome = forms.ChoiceField(
        label="What did the check find?",
        choices=CheckOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether they were cleared",
            "invalid_choice": "Select whether they were cleared",
        },
    )
    conditions = forms.CharField(
        label="Conditions (if cleared with conditions)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: not to work on the segregation unit",
    )
    notes = forms.CharField(
        label="Confidential notes (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Only coordinators and governors of the prison can read these, and "
        "every time they do is recorded",
    )
    checked_by_name = forms.CharField(
        label="Who made the check",
        help_text="Their name and role",
        max_length=200,
        error_messages={"required": "Enter who made the check"},
    )

    def __init__(self, *args: Any, today: date, version: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["checked_on"] = GovukDateField(
            noun="the date of the check",
            latest=today,
            label="Date of the check",
            help_text=f"For example, {today:%-d %-m %Y}",
        )
        self.add_version(version)
        self.helper = govuk_helper("Save check")
        self.helper.layout = Layout(
            Field.radios("outcome", legend_size=Size.SMALL),
            Field.textarea("conditions", rows=3),
            Field.textarea("notes", rows=5),
            Field.text("checked_by_name", field_width=Fluid.TWO_THIRDS),
            "checked_on",
            "version",
        )
        limit_free_text(self, {"notes": "the notes"})

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("outcome") == CheckOutcome.CONDITIONS
            and not cleaned.get("conditions", "").strip()
        ):
            self.add_error("conditions", "Enter the conditions")
        return cleaned


class OverrideForm(VersionedForm):
    override_reason = forms.CharField(
        label="Why are you overriding the refusal?",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The coordinator and governors see this beside the check",
        error_messages={"required": "Enter why you are overriding the refusal"},
    )

    def __init__(self, *args: Any, version: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_version(version)
        self.helper = govuk_helper("Override the refusal", css_class="govuk-button--warning")
        self.helper.layout = Layout(Field.textarea("override_reason", rows=5), "version")
        limit_free_text(self, {"override_reason": "the reason"})


class PlaceForm(VersionedForm):
    def __init__(self, *args: Any, today: date, version: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["started_on"] = GovukDateField(
            noun="the start date",
            label="When does their placement start?",
            help_text=f"Usually the first day of their training. For example, {today:%-d %-m %Y}",
        )
        self.add_version(version)
        self.helper = govuk_helper("Start the placement")
        self.helper.layout = Layout("started_on", "version")


MOVE_LABELS = {
    PlacementStatus.PROBATION: "Start their probation (training finished)",
    PlacementStatus.SUSPENDED: "Suspend them",
    PlacementStatus.ACTIVE: "Return them to active",
    PlacementStatus.LEFT: "They leave the scheme",
}


class MoveForm(VersionedForm):
    to_status = forms.ChoiceField(
        label="What happens to the placement?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what happens to the placement",
            "invalid_choice": "Select what happens to the placement",
        },
    )
    leaving_reason = forms.ChoiceField(
        label="If they leave, why?",
        required=False,
        choices=LeavingReason.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select why they left"},
    )
    reason = forms.CharField(
        label="Why",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Recorded in their placement history",
        error_messages={"required": "Enter why"},
    )

    def __init__(
        self, *args: Any, today: date, version: int, moves: tuple[str, ...], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        to_status = self.fields["to_status"]
        assert isinstance(to_status, forms.ChoiceField)
        to_status.choices = [(move, MOVE_LABELS[PlacementStatus(move)]) for move in moves]
        self.fields["on"] = GovukDateField(
            noun="the date",
            latest=today,
            label="Date",
            help_text=f"For example, {today:%-d %-m %Y}",
        )
        self.add_version(version)
        self.helper = govuk_helper("Save")
        self.helper.layout = Layout(
            Field.radios("to_status", legend_size=Size.SMALL),
            "on",
            Field.radios("leaving_reason", legend_size=Size.SMALL, small=True),
            Field.textarea("reason", rows=4),
            "version",
        )
        limit_free_text(self, {"reason": "why"})

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("to_status") == PlacementStatus.LEFT and not cleaned.get("leaving_reason"):
            self.add_error("leaving_reason", "Select why they left")
        if cleaned.get("to_status") != PlacementStatus.LEFT:
            cleaned["leaving_reason"] = ""
        return cleaned


class ProbationReviewForm(VersionedForm):
    outcome = forms.ChoiceField(
        label="What did the review decide?",
        choices=ProbationOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what the review decided",
            "invalid_choice": "Select what the review decided",
        },
    )
    note = forms.CharField(
        label="Notes (needed if the placement ends)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, today: date, version: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reviewed_on"] = GovukDateField(
            noun="the date of the review",
            latest=today,
            label="Date of the review",
            help_text=f"For example, {today:%-d %-m %Y}",
        )
        self.fields["extended_to"] = GovukDateField(
            noun="the new end of the probation",
            required=False,
            label="If extended, the new end of the probation",
            help_text="After the current end date",
        )
        self.add_version(version)
        self.helper = govuk_helper("Save review")
        self.helper.layout = Layout(
            Field.radios("outcome", legend_size=Size.SMALL),
            "reviewed_on",
            "extended_to",
            Field.textarea("note", rows=4),
            "version",
        )
        limit_free_text(self, {"note": "the notes"})

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("outcome") == ProbationOutcome.EXTEND
            and not cleaned.get("extended_to")
            and "extended_to" not in self.errors
        ):
            self.add_error("extended_to", "Enter the new end of the probation")
        if cleaned.get("outcome") == ProbationOutcome.END and not cleaned.get("note", "").strip():
            self.add_error("note", "Enter why the placement ends")
        return cleaned
