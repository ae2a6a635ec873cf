"""One short form per planning task."""

from __future__ import annotations

from typing import Any, ClassVar

from crispy_forms_gds.layout import (
    Field,
    Fluid,
    Layout,
    Size,
)
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from peersupport.forms import govuk_helper, limit_free_text, whole_number_input

from ..models import AccessRoute, Day, Pay, Plan, PlanTask, SupervisionFrequency
from ..services import TASK_FIELDS
from .common import MISSING_PART_FIELDS, RevealingQuestion, RevealingRadios, checkboxes, radios

# --- the seven tasks --------------------------------------------------------------------


class PlanTaskForm(forms.ModelForm[Plan]):
    """A task's answers. Subclasses say which task and lay out its questions."""

    task: ClassVar[str]
    # What a free-text answer is called in "… must be 2,000 characters or fewer", where
    # its label is a question.
    text_nouns: ClassVar[dict[str, str]] = {}
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        for name in TASK_FIELDS[self.task]:
            self.fields[name].required = False
        self.helper = govuk_helper(None)
        self.helper.layout = Layout(*self.layout(), "version")
        limit_free_text(self, self.text_nouns)

    def layout(self) -> list[Any]:
        return list(TASK_FIELDS[self.task])

    def answers(self) -> dict[str, Any]:
        """The task's answers, as the service takes them."""
        return {name: self.cleaned_data[name] for name in TASK_FIELDS[self.task]}

    def extra_answers(self) -> dict[str, Any]:
        """Answers kept on the scheme rather than the plan (the impact task's review cadence)."""
        return {}

    def show_missing(self, missing: list[str]) -> list[str]:
        """Put each missing part's message on its question; return the rest."""
        rest = []
        for message in missing:
            field = MISSING_PART_FIELDS.get(message)
            if field in self.fields:
                self.add_error(field, message)
            else:
                rest.append(message)
        return rest

    # Each task's form writes only its own answers, and the service saves them with the
    # plan's version check; uniqueness and constraints are the service's to check.
    def validate_unique(self) -> None:
        pass

    def validate_constraints(self) -> None:
        pass


class NeedForm(PlanTaskForm):
    task = PlanTask.NEED
    text_nouns = {
        "need": "why the scheme is needed",
        "need_evidence": "the evidence of the need",
        "intended_outcomes": "what the scheme needs to do",
    }

    class Meta:
        model = Plan
        fields = list(TASK_FIELDS[PlanTask.NEED])
        labels = {
            "need": "Why is the scheme needed?",
            "need_evidence": "What evidence shows the need?",
            "intended_outcomes": "What does the scheme need to do?",
        }
        help_texts = {
            "need": "The guidance says peer support “should have a clearly defined purpose, "
            "and be targeted to specific needs”.",
            "need_evidence": "For example, safer custody figures, induction feedback or an "
            "inspection report",
            "intended_outcomes": "The outcomes for the people it supports, “clearly defined by "
            "the needs of the people being supported by the scheme”",
        }
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}

    def layout(self) -> list[Any]:
        return [Field.textarea(name, rows=4, label_size=Size.SMALL) for name in self.Meta.fields]


class TargetGroupForm(PlanTaskForm):
    task = PlanTask.TARGET_GROUP
    text_nouns = {"target_group_who": "who the scheme is for", "target_group_needs": "their needs"}

    class Meta:
        model = Plan
        fields = list(TASK_FIELDS[PlanTask.TARGET_GROUP])
        labels = {
            "target_group_who": "Who is the scheme for?",
            "target_group_size": "Roughly how many people are in the target group?",
            "target_group_needs": "What are their needs?",
        }
        help_texts = {
            "target_group_who": "For example, new arrivals in their first two weeks, or "
            "prisoners who struggle to read",
            "target_group_size": "An estimate is fine, like 120",
            "target_group_needs": "The guidance asks for “activities which are targeted to "
            "meet specific needs”",
        }
        widgets = {
            "target_group_who": forms.Textarea(attrs={"rows": 3}),
            "target_group_size": whole_number_input(),
            "target_group_needs": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "target_group_size": {
                "invalid": "Enter the estimated number as a whole number, like 120",
                "min_value": "The estimated number must be 1 or more",
                "max_value": "The estimated number must be 10,000 or fewer",
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target_group_size"].validators += [
            MinValueValidator(1),
            MaxValueValidator(10_000),
        ]

    def layout(self) -> list[Any]:
        return [
            Field.textarea("target_group_who", rows=3, label_size=Size.SMALL),
            Field.text("target_group_size", label_size=Size.SMALL, field_width=5),
            Field.textarea("target_group_needs", rows=4, label_size=Size.SMALL),
        ]


class AvailabilityForm(PlanTaskForm):
    task = PlanTask.AVAILABILITY
    text_nouns = {"locations": "where it is available"}

    available_days = forms.MultipleChoiceField(
        label="Which days is the service available?",
        choices=Day.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
        error_messages={"invalid_choice": "Select days from the list"},
    )
    access_routes = forms.MultipleChoiceField(
        label="How do prisoners ask for it?",
        choices=AccessRoute.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
        error_messages={"invalid_choice": "Select ways to ask for the service from the list"},
    )

    class Meta:
        model = Plan
        fields = list(TASK_FIELDS[PlanTask.AVAILABILITY])
        labels = {
            "available_hours": "At what times?",
            "locations": "Where is it available?",
        }
        help_texts = {
            "available_hours": "For example, 24 hours by cell bell, or 2pm to 4pm",
            "locations": "The wings, rooms or units, including induction if it is offered there",
        }
        widgets = {"locations": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "available_hours": {"max_length": "The times must be 200 characters or fewer"},
        }

    def layout(self) -> list[Any]:
        return [
            checkboxes("available_days"),
            Field.text("available_hours", label_size=Size.SMALL, field_width=Fluid.TWO_THIRDS),
            Field.textarea("locations", rows=3, label_size=Size.SMALL),
            checkboxes("access_routes"),
        ]


class PeerSupportersForm(PlanTaskForm):
    task = PlanTask.PEER_SUPPORTERS
    text_nouns = {"selection_route": "how peer supporters will be recruited and selected"}

    supervision_frequency = forms.ChoiceField(
        label="How often will peer supporters be supervised?",
        choices=SupervisionFrequency.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text="The guidance says to “set up supervision for staff and peer supporters”",
        error_messages={"invalid_choice": "Select how often peer supporters are supervised"},
    )
    pay = forms.ChoiceField(
        label="Will peer supporters be paid?",
        choices=Pay.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select whether peer supporters are paid"},
    )

    class Meta:
        model = Plan
        fields = list(TASK_FIELDS[PlanTask.PEER_SUPPORTERS])
        labels = {
            "selection_route": "How will peer supporters be recruited and selected?",
            "training_provider": "Who will train them?",
            "training_hours": "How many hours of training will they have?",
            "pay_band": "Pay band",
        }
        help_texts = {
            "selection_route": "The guidance says “recruit transparently; consider individual "
            "suitability; and turnover of peer supporters (sentence length)”",
            "training_provider": "Core skills are “communication, problem solving, and specific "
            "needs of the scheme”. For example, Samaritans or the Shannon Trust",
            "training_hours": "Before they start, including time for practice",
            "pay_band": "For example, band 3",
        }
        widgets = {
            "selection_route": forms.Textarea(attrs={"rows": 4}),
            "training_hours": whole_number_input(),
        }
        error_messages = {
            "training_provider": {"max_length": "The trainer must be 200 characters or fewer"},
            "training_hours": {
                "invalid": "Enter the hours of training as a whole number, like 30",
                "min_value": "The hours of training must be 1 or more",
                "max_value": "The hours of training must be 1,000 or fewer",
            },
            "pay_band": {"max_length": "The pay band must be 100 characters or fewer"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["training_hours"].validators += [
            MinValueValidator(1),
            MaxValueValidator(1_000),
        ]

    def layout(self) -> list[Any]:
        return [
            Field.textarea("selection_route", rows=4, label_size=Size.SMALL),
            Field.text("training_provider", label_size=Size.SMALL, field_width=Fluid.TWO_THIRDS),
            Field.text("training_hours", label_size=Size.SMALL, field_width=4),
            radios("supervision_frequency"),
            RevealingRadios(
                "pay",
                RevealingQuestion(
                    Pay.PAID.label, Field.text("pay_band", field_width=Fluid.ONE_THIRD)
                ),
                Pay.UNPAID.label,
            ),
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # A pay band only means something for paid peer supporters.
        if cleaned.get("pay") != Pay.PAID:
            cleaned["pay_band"] = ""
        return cleaned


REVIEW_CADENCES = [
    (1, "Every month"),
    (2, "Every 2 months"),
    (3, "Every 3 months"),
    (6, "Every 6 months"),
    (12, "Every 12 months"),
]


class ImpactForm(PlanTaskForm):
    task = PlanTask.IMPACT
    text_nouns = {"impact_evidence": "the management information and feedback"}

    review_cadence_months = forms.TypedChoiceField(
        label="How often will the scheme be reviewed?",
        choices=REVIEW_CADENCES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text="Review meetings with staff, peer supporters and stakeholders, to "
        "“understand if it is working, and adjust”",
        error_messages={"invalid_choice": "Select how often the scheme will be reviewed"},
    )

    class Meta:
        model = Plan
        fields = list(TASK_FIELDS[PlanTask.IMPACT])
        labels = {
            "impact_evidence": "Which management information and feedback will you use?",
        }
        help_texts = {
            "impact_evidence": "The guidance says to “use management information or feedback”: "
            "for example, monthly safer custody figures and feedback from the people supported",
        }
        widgets = {"impact_evidence": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, review_cadence_months: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["review_cadence_months"].initial = review_cadence_months

    def layout(self) -> list[Any]:
        return [
            radios("review_cadence_months"),
            Field.textarea("impact_evidence", rows=4, label_size=Size.SMALL),
        ]

    def extra_answers(self) -> dict[str, Any]:
        return {"review_cadence_months": self.cleaned_data["review_cadence_months"]}


class ListTaskForm(forms.Form):
    """Resources and stakeholders are their own records: the task page only marks them."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, instance: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance = instance
        self.fields["version"].initial = instance.version
        self.helper = govuk_helper(None)
        self.helper.layout = Layout("version")

    def answers(self) -> dict[str, Any]:
        return {}

    def extra_answers(self) -> dict[str, Any]:
        return {}

    def show_missing(self, missing: list[str]) -> list[str]:
        return missing


TaskForm = PlanTaskForm | ListTaskForm

TASK_FORMS: dict[str, type[PlanTaskForm]] = {
    PlanTask.NEED: NeedForm,
    PlanTask.TARGET_GROUP: TargetGroupForm,
    PlanTask.AVAILABILITY: AvailabilityForm,
    PlanTask.PEER_SUPPORTERS: PeerSupportersForm,
    PlanTask.IMPACT: ImpactForm,
}


def task_form(task: str, data: Any, *, plan: Plan) -> TaskForm:
    """The form for ``task``, bound to ``data`` (None: unbound) and the plan."""
    if task not in TASK_FORMS:
        return ListTaskForm(data, instance=plan)
    if task == PlanTask.IMPACT:
        return ImpactForm(
            data, instance=plan, review_cadence_months=plan.scheme.review_cadence_months
        )
    return TASK_FORMS[task](data, instance=plan)
