"""The emergency and contingency plan form."""

from __future__ import annotations

from datetime import date
from typing import Any

from crispy_forms_gds.layout import Field, Fluid, Layout, Size
from django import forms

from accounts.access import people_at
from accounts.models import User
from peersupport.forms import (
    GovukDateField,
    RecordChoiceField,
    VersionedMixin,
    govuk_helper,
    limit_free_text,
)
from schemes.models import Scheme

from ..models import ContingencyPlan, Scenario


class OwnerChoiceField(RecordChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


class ContingencyPlanForm(VersionedMixin, forms.ModelForm[ContingencyPlan]):
    """What happens when something goes wrong: the scenario, the response, who owns
    it, and when it was last tested and is next reviewed. Given a saved plan
    (``instance``), the form changes it and carries, hidden, the version it read."""

    owner = OwnerChoiceField(
        queryset=User.objects.none(),
        label="Who owns this plan",
        help_text="They keep it up to date and are reminded when its review is due",
        error_messages={
            "required": "Select who owns this plan",
            "invalid_choice": "Select someone who works at this prison",
        },
    )

    class Meta:
        model = ContingencyPlan
        fields = ["scenario", "title", "response", "owner"]
        labels = {
            "scenario": "What kind of emergency is it?",
            "title": "The emergency, in a few words",
            "response": "What happens",
        }
        help_texts = {
            "title": "For example, Night lockdown on A wing",
            "response": "Who does what, and in what order",
        }
        widgets = {"scenario": forms.RadioSelect, "response": forms.Textarea(attrs={"rows": 6})}
        error_messages = {
            "scenario": {
                "required": "Select what kind of emergency it is",
                "invalid_choice": "Select what kind of emergency it is",
            },
            "title": {"required": "Enter the emergency, in a few words"},
            "response": {"required": "Enter what happens"},
        }

    def __init__(self, *args: Any, scheme: Scheme, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.scheme = scheme
        changing = self.instance.pk is not None
        scenario = self.fields["scenario"]
        assert isinstance(scenario, forms.ChoiceField)
        scenario.choices = Scenario.choices
        owner: OwnerChoiceField = self.fields["owner"]  # type: ignore[assignment]
        owner.queryset = people_at(scheme.prison_id)
        owner.empty_label = "Select someone"
        last_tested_on = GovukDateField(
            noun="the date it was last tested or reviewed",
            latest=today,
            required=False,
            label="When was it last tested or reviewed? (optional)",
            help_text=f"For example, {today:%-d %-m %Y}. Leave empty for a new plan",
        )
        next_review_on = GovukDateField(
            noun="the date of the next test or review",
            label="When will it next be tested or reviewed?",
            help_text="The plan is current until this date",
        )
        if changing:
            last_tested_on.initial = self.instance.last_tested_on
            next_review_on.initial = self.instance.next_review_on
        self.fields["last_tested_on"] = last_tested_on
        self.fields["next_review_on"] = next_review_on
        self.helper = govuk_helper("Save changes" if changing else "Save plan")
        self.helper.layout = Layout(
            Field.radios("scenario", legend_size=Size.MEDIUM),
            Field.text("title", field_width=Fluid.TWO_THIRDS),
            Field.textarea("response", rows=6),
            Field.select("owner"),
            "last_tested_on",
            "next_review_on",
        )
        if changing:
            self.add_version(self.instance.version)
            self.helper.layout.append("version")
        limit_free_text(self, {"title": "The emergency", "response": "What happens"})
