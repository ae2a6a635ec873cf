"""The governor's decision on a submitted plan."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import (
    Field,
    Layout,
)
from django import forms

from peersupport.forms import govuk_helper, limit_free_text

from ..models import PlanDecisionKind
from .common import RevealingQuestion, RevealingRadios

# --- the governor's decision ------------------------------------------------------------


class PlanDecisionForm(forms.Form):
    """Approve the plan, or return it to the coordinator with a reason."""

    decision = forms.ChoiceField(
        label="What is your decision?",
        choices=[
            (PlanDecisionKind.APPROVED, "Approve the plan"),
            (PlanDecisionKind.RETURNED, "Return it to the coordinator"),
        ],
        widget=forms.RadioSelect,
        help_text="Approving the plan moves the scheme from planning to recruiting",
        error_messages={
            "required": "Select whether to approve the plan or return it",
            "invalid_choice": "Select whether to approve the plan or return it",
        },
    )
    reason = forms.CharField(
        label="Why are you returning it?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The coordinator sees this on the planning checklist",
        max_length=2000,
        error_messages={"max_length": "The reason must be 2,000 characters or fewer"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper("Confirm decision")
        self.helper.layout = Layout(
            RevealingRadios(
                "decision",
                "Approve the plan",
                RevealingQuestion("Return it to the coordinator", Field.textarea("reason", rows=4)),
            )
        )
        limit_free_text(self)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("decision") == PlanDecisionKind.RETURNED
            and not cleaned.get("reason", "").strip()
        ):
            self.add_error("reason", "Enter why you are returning the plan")
        if cleaned.get("decision") == PlanDecisionKind.APPROVED:
            cleaned["reason"] = ""
        return cleaned
