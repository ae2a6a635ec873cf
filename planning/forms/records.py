"""Resources, stakeholders and SMART objectives."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from crispy_forms_gds.layout import (
    Field,
    Fieldset,
    Fluid,
    Layout,
    Size,
)
from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone

from peersupport.forms import GovukDateField, govuk_helper, limit_free_text
from schemes.models import SmartObjective, Stakeholder, StakeholderKind
from schemes.rules import ACHIEVABLE_HINT, add_months

from .. import rules
from ..models import Plan, Resource, ResourceKind
from .common import AmountField, VersionedRecordForm, radios, text_messages

# --- the list records -------------------------------------------------------------------


class ResourceForm(VersionedRecordForm):
    """A resource the scheme has or needs: "What resources are available?" """

    amount = AmountField(
        label="How much?",
        max_digits=10,
        decimal_places=2,
        help_text="A number, like 7.5 or 1,200",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the amount",
            "invalid": "Enter the amount as a number, like 7.5",
            "min_value": "The amount cannot be negative",
            "max_digits": "The amount must be less than 100,000,000",
            "max_whole_digits": "The amount must be less than 100,000,000",
            "max_decimal_places": "The amount can have up to 2 decimal places",
        },
        validators=[MinValueValidator(Decimal(0))],
    )

    class Meta:
        model = Resource
        fields = ["kind", "description", "amount", "unit", "confirmed"]
        labels = {
            "kind": "What kind of resource is it?",
            "description": "Describe it",
            "unit": "Unit",
            "confirmed": "This resource is confirmed",
        }
        help_texts = {
            "description": "For example, safer custody officer time or the Listener suite",
            "unit": "For example: £, hours a week, rooms",
            "confirmed": "",
        }
        widgets = {"kind": forms.RadioSelect}
        error_messages = {
            "kind": {
                "required": "Select the kind of resource",
                "invalid_choice": "Select the kind of resource",
            },
            "description": text_messages("a description of the resource", 200),
            "unit": text_messages("the unit, like hours a week", 40),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind: forms.ChoiceField = self.fields["kind"]  # type: ignore[assignment]
        kind.choices = ResourceKind.choices
        self.helper = govuk_helper("Save resource")
        self.helper.layout = Layout(
            radios("kind"),
            Field.text("description", label_size=Size.SMALL, field_width=Fluid.TWO_THIRDS),
            Fieldset(
                Field.text("amount", field_width=10),
                Field.text("unit", field_width=Fluid.ONE_THIRD),
                legend="Amount",
                legend_size=Size.SMALL,
            ),
            Field.checkbox("confirmed", small=True),
        )
        limit_free_text(self)
        self.add_version_field()

    # The service validates the record in full (constraints included) before saving.
    def validate_constraints(self) -> None:
        pass


class StakeholderForm(VersionedRecordForm):
    """Someone with a stake in the scheme, and how the coordinator will engage them."""

    class Meta:
        model = Stakeholder
        fields = ["name", "kind", "interest", "engagement"]
        labels = {
            "name": "Name or group",
            "kind": "Who are they?",
            "interest": "What is their interest in the scheme?",
            "engagement": "How will you engage them?",
        }
        help_texts = {
            "name": "A person's name and role, or a group, like “Residential staff on A wing”",
            "engagement": "For example, a monthly briefing at the wing meeting. The guidance "
            "asks you to “involve staff and peer supporters and stakeholders in ongoing "
            "development”",
        }
        widgets = {
            "kind": forms.RadioSelect,
            "interest": forms.Textarea(attrs={"rows": 3}),
            "engagement": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "name": text_messages("the stakeholder's name or group", 120),
            "kind": {
                "required": "Select who the stakeholder is",
                "invalid_choice": "Select who the stakeholder is",
            },
            "interest": text_messages("their interest in the scheme"),
            "engagement": text_messages("how you will engage them"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind: forms.ChoiceField = self.fields["kind"]  # type: ignore[assignment]
        kind.choices = StakeholderKind.choices
        self.helper = govuk_helper("Save stakeholder")
        self.helper.layout = Layout(
            Field.text("name", label_size=Size.SMALL, field_width=Fluid.TWO_THIRDS),
            radios("kind"),
            Field.textarea("interest", rows=3, label_size=Size.SMALL),
            Field.textarea("engagement", rows=3, label_size=Size.SMALL),
        )
        limit_free_text(
            self, {"interest": "their interest", "engagement": "how you will engage them"}
        )
        self.add_version_field()


def number_messages(what: str) -> dict[str, str]:
    capital = what[0].upper() + what[1:]
    return {
        "invalid": f"Enter {what} as a number, like 12",
        "max_digits": f"{capital} must be less than 10,000,000,000",
        "max_whole_digits": f"{capital} must be less than 10,000,000,000",
        "max_decimal_places": f"{capital} can have up to 2 decimal places",
    }


# Which question each failing part of the SMART check belongs to.
SMART_PART_FIELDS = {
    "specific": "indicator",
    "measurable": "target",
    "achievable": "target",
    "relevant": "relevance",
    "time-bound": "deadline",
}


class SmartObjectiveForm(VersionedRecordForm):
    """A SMART objective. The SMART check says which part fails, on that question."""

    deadline = GovukDateField(
        noun="the deadline",
        label="By when?",
        required=False,
        help_text="Within the next 3 years",
    )

    class Meta:
        model = SmartObjective
        fields = ["indicator", "relevance", "baseline", "target", "unit", "deadline"]
        labels = {
            "indicator": "What will you measure?",
            "relevance": "How does it show the scheme meets its need?",
            "baseline": "What is it now (the baseline)?",
            "target": "What is the target?",
            "unit": "Unit (optional)",
        }
        help_texts = {
            "indicator": "Name the indicator, like “self-harm incidents a month on A wing”",
            "relevance": "Link the objective to why the scheme is needed",
            "baseline": "A number, like 20",
            "target": f"A number, like 12. {ACHIEVABLE_HINT}",
            "unit": "For example: incidents a month",
        }
        widgets = {
            "relevance": forms.Textarea(attrs={"rows": 3}),
            "baseline": forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
            "target": forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        }
        error_messages = {
            "indicator": text_messages("what you will measure", 200),
            "unit": text_messages("the unit", 40),
            "baseline": number_messages("the baseline"),
            "target": number_messages("the target"),
        }

    def __init__(self, *args: Any, plan: Plan, today: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.today = today or timezone.localdate()
        example = add_months(self.today, 12)
        self.fields[
            "deadline"
        ].help_text = (
            f"Within the next 3 years. For example, {example.day} {example.month} {example.year}"
        )
        # Empty answers are reported by the SMART check, part by part, not as "required".
        for name in ("indicator", "relevance", "baseline", "target"):
            self.fields[name].required = False
        self.helper = govuk_helper("Save objective")
        self.helper.layout = Layout(
            Field.text("indicator", label_size=Size.SMALL, field_width=Fluid.TWO_THIRDS),
            Field.textarea("relevance", rows=3, label_size=Size.SMALL),
            Fieldset(
                Field.text("baseline", field_width=10),
                Field.text("target", field_width=10),
                Field.text("unit", field_width=Fluid.ONE_THIRD),
                legend="Measure",
                legend_size=Size.SMALL,
            ),
            "deadline",
        )
        limit_free_text(self, {"relevance": "how it shows the scheme meets its need"})
        self.add_version_field()

    def extra_kwargs(self) -> dict[str, Any]:
        return {"plan": self.plan, "today": self.today}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        problems = rules.smart_problems(
            indicator=cleaned.get("indicator") or "",
            relevance=cleaned.get("relevance") or "",
            baseline=cleaned.get("baseline"),
            target=cleaned.get("target"),
            deadline=cleaned.get("deadline"),
            scheme_need=self.plan.need,
            today=self.today,
        )
        for part, message in problems.items():
            field = SMART_PART_FIELDS[part]
            if part in ("measurable", "achievable"):
                if self.has_error("baseline") or self.has_error("target"):
                    continue  # the number itself is wrong: that message says enough
                if cleaned.get("baseline") is None:
                    field = "baseline"
            if not self.has_error(field):
                self.add_error(field, message)
        return cleaned

    def _post_clean(self) -> None:
        # The model's own validation (done by the service) would repeat the SMART check's
        # messages in worse words: the form has said everything already.
        pass
