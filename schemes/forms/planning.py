"""Forms for the planning checklist: one short form per task, the list records
(resources, stakeholders, SMART objectives) and the governor's decision.

Every answer is optional while the coordinator saves and comes back later: what a task
needs before it is complete is the rule ``rules.missing_parts``, checked when they mark
it complete. The forms only refuse what cannot be saved at all (a word where a number
goes, a negative amount), each with a GOV.UK error message.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import (
    ConditionalQuestion,
    ConditionalRadios,
    Field,
    Fieldset,
    Fluid,
    Layout,
    Size,
)
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.utils import timezone

from peersupport.forms import govuk_helper, whole_number_input

from .. import rules
from ..models import (
    AccessRoute,
    Day,
    Pay,
    Plan,
    PlanDecisionKind,
    PlanTask,
    Resource,
    ResourceKind,
    SmartObjective,
    Stakeholder,
    StakeholderKind,
    SupervisionFrequency,
)
from ..services.planning import TASK_FIELDS


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

    template = "schemes/planning/gds/conditional_question.html"


class RevealingRadios(ConditionalRadios):
    """GOV.UK conditional radios: the pack's, numbered like its plain radios."""

    template = "schemes/planning/gds/conditional_radios.html"

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


class GovukDateField(DateInputField):
    """A GOV.UK date input (day, month, year) with GOV.UK's error messages for ``what``.

    Each part left empty or mistyped gets its own message, linked from the error
    summary to that part; an impossible date says so.
    """

    def __init__(self, *, what: str, **kwargs: Any) -> None:
        kwargs.setdefault("require_all_fields", False)
        super().__init__(**kwargs)
        self.what = what
        capital = what[0].upper() + what[1:]
        self.error_messages.update(
            {
                "required": f"Enter {what}",
                "incomplete": f"Enter {what}",
                "invalid": f"{capital} must be a real date",
            }
        )
        for part, field in zip(("day", "month", "year"), self.fields, strict=True):
            field.error_messages["incomplete"] = f"{capital} must include a {part}"
            field.validators = [RegexValidator(r"^\s*[0-9]+\s*$", f"{capital} must be a real date")]

    def compress(self, data_list: list[str]) -> date | None:
        day, month, year = data_list
        if not (day and month and year):
            return None
        capital = self.what[0].upper() + self.what[1:]
        if len(year.strip()) != 4:
            raise forms.ValidationError(f"{capital}’s year must include 4 numbers")
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(f"{capital} must be a real date") from None


class AmountField(forms.DecimalField):
    """A number that may be typed as "£1,200" or "7.5"."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.strip().replace(",", "").lstrip("£").strip()
        amount: Decimal | None = super().to_python(value)
        return amount


# --- the seven tasks --------------------------------------------------------------------


class PlanTaskForm(forms.ModelForm[Plan]):
    """A task's answers. Subclasses say which task and lay out its questions."""

    task: ClassVar[str]
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        for name in TASK_FIELDS[self.task]:
            self.fields[name].required = False
        self.helper = govuk_helper(None)
        self.helper.layout = Layout(*self.layout(), "version")

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


# --- the list records -------------------------------------------------------------------


class ResourceForm(forms.ModelForm[Resource]):
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

    def fields_for_service(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    # The service validates the record in full (constraints included) before saving.
    def validate_constraints(self) -> None:
        pass


class StakeholderForm(forms.ModelForm[Stakeholder]):
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

    def fields_for_service(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


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


class SmartObjectiveForm(forms.ModelForm[SmartObjective]):
    """A SMART objective. The SMART check says which part fails, on that question."""

    deadline = GovukDateField(
        what="the deadline",
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
            "target": "A number, like 12",
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
        example = rules.add_months(self.today, 12)
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

    def fields_for_service(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def _post_clean(self) -> None:
        # The model's own validation (done by the service) would repeat the SMART check's
        # messages in worse words: the form has said everything already.
        pass


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
