"""Pieces the planning forms share: GOV.UK radios and reveals, messages, amounts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import (
    ConditionalQuestion,
    ConditionalRadios,
    Field,
    Size,
)
from django import forms

from .. import rules


def radios(name: str) -> Field:
    return Field.radios(name, legend_size=Size.SMALL)


def checkboxes(name: str) -> Field:
    return Field.checkboxes(name, legend_size=Size.SMALL)


class RevealingQuestion(ConditionalQuestion):
    """A radio that reveals more questions when chosen.

    The pack numbers these radios from 0 but its plain radios from 1, and the error
    summary (components/_error_summary.html) links a radios question to "id_<name>_1":
    this template numbers from 1 too, so that link lands on the first radio.
    """

    template = "planning/gds/conditional_question.html"


class RevealingRadios(ConditionalRadios):
    """GOV.UK conditional radios: the pack's, numbered like its plain radios."""

    template = "planning/gds/conditional_radios.html"

    def __init__(self, field: str, *choices: str | RevealingQuestion) -> None:
        questions = [RevealingQuestion(c) if isinstance(c, str) else c for c in choices]
        super().__init__(field, *questions)


def text_messages(what: str, max_length: int | None = None) -> dict[str, str]:
    messages = {"required": f"Enter {what}"}
    if max_length:
        capital = what[0].upper() + what[1:]
        messages["max_length"] = f"{capital} must be {max_length} characters or fewer"
    return messages


# The rule's messages for an empty answer, tied back to the field that answers it, so
# the error summary links to the right question. Messages not listed here (such as
# "Add at least one resource") are about the task as a whole.
MISSING_PART_FIELDS: dict[str, str] = {
    **{message: field for parts in rules.REQUIRED_ANSWERS.values() for field, message in parts},
    "Give the pay band": "pay_band",
    "Choose how often the scheme will be reviewed": "review_cadence_months",
}


class AmountField(forms.DecimalField):
    """A number that may be typed as "£1,200" or "7.5"."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.strip().replace(",", "").lstrip("£").strip()
        amount: Decimal | None = super().to_python(value)
        return amount


class VersionedRecordForm(forms.ModelForm[Any]):
    helper: FormHelper

    """A plan record's form that carries the version it was read at when it changes an
    existing record, so the service can refuse a save made from a stale copy."""

    def add_version_field(self) -> None:
        """Call at the end of ``__init__``, after the layout is set."""
        if self.instance.pk is None:
            return
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput, required=False, initial=self.instance.version
        )
        self.helper.layout.append("version")

    def extra_kwargs(self) -> dict[str, Any]:
        """What the form takes besides data and instance (to make it again)."""
        return {}

    def expected_version(self) -> int | None:
        return self.cleaned_data.get("version") if "version" in self.fields else None

    def fields_for_service(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self._meta.fields or ()}

    def saved_values(self) -> list[tuple[str, str]]:
        """What is saved now, as (label, value) rows, for the "changed meanwhile" page."""
        rows = []
        for name in self._meta.fields or ():
            display = getattr(self.instance, f"get_{name}_display", None)
            value = display() if display else getattr(self.instance, name)
            if isinstance(value, date):
                value = f"{value:%-d %B %Y}"
            elif isinstance(value, bool):
                value = "Yes" if value else "No"
            rows.append((str(self.fields[name].label), str(value)))
        return rows
