"""Forms for recruitment rounds, applications and decisions."""

from __future__ import annotations

from datetime import date
from typing import Any

from crispy_forms_gds.layout import Field, Fieldset, Fluid, Layout, Size
from django import forms
from django.core.exceptions import ValidationError

from peersupport.forms import (
    GovukDateField,
    RecordChoiceField,
    VersionedForm,
    VersionedMixin,
    govuk_helper,
    limit_free_text,
    whole_number_input,
)
from schemes.models import Scheme

from ..models import (
    PRISON_NUMBER_RE,
    ApplicationRoute,
    ApplicationStatus,
    DecisionReason,
    Prisoner,
    RecruitmentRound,
)
from ..rules_applications import (
    MOVE_LABELS,
    REASONS,
    criteria_from_text,
    decision_problems,
    moves_from,
    round_problems,
)

PRISON_NUMBER_FORMAT = "Enter a prison number in the correct format, like A1234BC"


class RoundForm(VersionedMixin, forms.ModelForm[RecruitmentRound]):
    """A recruitment round: dates, places, the selection criteria and the advert."""

    places = forms.IntegerField(
        label="Places available",
        help_text="How many new peer supporters this round can take",
        min_value=1,
        max_value=100,
        widget=whole_number_input(),
        error_messages={
            "required": "Enter the number of places available",
            "invalid": "Enter the number of places as a whole number, like 6",
            "min_value": "There must be at least 1 place",
            "max_value": "Enter 100 places or fewer",
        },
    )

    class Meta:
        model = RecruitmentRound
        fields = ["title", "places", "selection_criteria", "advertising"]
        labels = {
            "title": "Name of the round",
            "selection_criteria": "Selection criteria",
            "advertising": "How the round is advertised (optional)",
        }
        help_texts = {
            "title": "For example, Listeners: spring 2027",
            "selection_criteria": (
                "One criterion on each line, for example “At least 6 months left to serve”. "
                "Applicants see these on the notice, and every decision says which were met. "
                "The guidance asks you to “Recruit transparently”."
            ),
            "advertising": (
                "For example: notices on every wing, the induction talk, the prison radio. "
                "The guidance asks you to “advertise to users”."
            ),
        }
        widgets = {
            "selection_criteria": forms.Textarea(attrs={"rows": 5}),
            "advertising": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "title": {
                "required": "Enter a name for the round",
                "max_length": "The name must be 200 characters or fewer",
            },
            "selection_criteria": {"required": "Enter at least one selection criterion"},
        }

    def __init__(self, *args: Any, scheme: Scheme, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.scheme = scheme
        changing = self.instance.pk is not None
        opens_on = GovukDateField(
            noun="the opening date", label="Opens", help_text=f"For example, {today:%-d %-m %Y}"
        )
        closes_on = GovukDateField(
            noun="the closing date",
            label="Closes",
            help_text="Applications are taken up to and including this day",
        )
        if changing:
            opens_on.initial = self.instance.opens_on
            closes_on.initial = self.instance.closes_on
        self.fields = {
            "title": self.fields["title"],
            "opens_on": opens_on,
            "closes_on": closes_on,
            **{k: v for k, v in self.fields.items() if k != "title"},
        }
        self.helper = govuk_helper("Save changes" if changing else "Save the round")
        self.helper.layout = Layout(
            Field.text("title", field_width=Fluid.TWO_THIRDS),
            Fieldset(
                "opens_on",
                "closes_on",
                legend="When applications are taken",
                legend_size=Size.SMALL,
            ),
            Field.text("places", field_width=4),
            Field.textarea("selection_criteria", rows=5),
            Field.textarea("advertising", rows=3),
        )
        if changing:
            self.add_version(self.instance.version)
            self.helper.layout.append("version")
        limit_free_text(self, {"title": "the name", "advertising": "how the round is advertised"})

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        problems = round_problems(
            opens_on=cleaned.get("opens_on"),
            closes_on=cleaned.get("closes_on"),
            criteria=criteria_from_text(cleaned.get("selection_criteria") or ""),
        )
        if "selection_criteria" not in cleaned:
            problems.pop("selection_criteria", None)  # its own error is already shown
        for field, message in problems.items():
            self.add_error(field, message)
        return cleaned


class RoundChoiceField(RecordChoiceField[RecruitmentRound]):
    def label_from_instance(self, obj: RecruitmentRound) -> str:
        return f"{obj.title} (closes {obj.closes_on:%-d %B %Y})"


class ApplicationForm(forms.Form):
    """An application or a referral: whose (by prison number), which round, and why."""

    prison_number = forms.CharField(
        label="Prison number",
        help_text="For example, A1234BC. The person must be held at this prison.",
        error_messages={"required": "Enter the prison number"},
        widget=forms.TextInput(
            attrs={
                "class": "govuk-input--width-10 govuk-input--extra-letter-spacing",
                "spellcheck": "false",
                "autocomplete": "off",
            }
        ),
    )
    route = forms.ChoiceField(
        label="How did they apply?",
        choices=ApplicationRoute.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how they applied",
            "invalid_choice": "Select how they applied",
        },
    )
    round = RoundChoiceField(
        queryset=RecruitmentRound.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        blank=True,  # a radio for "Not part of a round"
        empty_label="Not part of a round",
        label="Which round is it for? (optional)",
        error_messages={"invalid_choice": "Select a round that is open today"},
    )
    statement = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        label="Why they want to be a peer supporter, or why you refer them (optional)",
    )

    def __init__(
        self, *args: Any, scheme: Scheme, today: date, may_record_self: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.scheme = scheme
        self.prisoner: Prisoner | None = None
        rounds: RoundChoiceField = self.fields["round"]  # type: ignore[assignment]
        rounds.queryset = RecruitmentRound.objects.filter(
            scheme=scheme, opens_on__lte=today, closes_on__gte=today
        ).order_by("closes_on", "id")
        has_rounds = rounds.queryset.exists()
        if not may_record_self:
            # Staff refer: "refer a prisoner" is what they may do.
            del self.fields["route"]
        if not has_rounds:
            del self.fields["round"]
        self.helper = govuk_helper("Record the application" if may_record_self else "Refer")
        parts: list[Any] = [Field.text("prison_number")]
        if may_record_self:
            parts.append(Field.radios("route", legend_size=Size.SMALL))
        if has_rounds:
            parts.append(Field.radios("round", legend_size=Size.SMALL))
        parts.append(Field.textarea("statement", rows=5))
        self.helper.layout = Layout(*parts)
        limit_free_text(self, {"statement": "the statement"})

    def clean_prison_number(self) -> str:
        number = "".join(self.cleaned_data["prison_number"].split()).upper()
        if not number.isascii() or not PRISON_NUMBER_RE.match(number):
            raise ValidationError(PRISON_NUMBER_FORMAT, code="invalid")
        prisoner = Prisoner.objects.filter(
            prison_id=self.scheme.prison_id, prison_number=number
        ).first()
        if prisoner is None:
            raise ValidationError(
                f"Nobody with prison number {number} is recorded at "
                f"{self.scheme.prison.name}. Check the number, or import the prison's "
                "latest extract",
                code="unknown",
            )
        if not prisoner.in_prison:
            raise ValidationError(
                f"{prisoner.full_name} ({number}) has left the prison: they cannot apply",
                code="left",
            )
        self.prisoner = prisoner
        return number

    def service_fields(self) -> dict[str, Any]:
        assert self.prisoner is not None
        return {
            "prisoner": self.prisoner,
            "route": self.cleaned_data.get("route") or ApplicationRoute.REFERRAL,
            "recruitment_round": self.cleaned_data.get("round"),
            "statement": self.cleaned_data.get("statement", ""),
        }


MET, NOT_MET = "met", "not_met"


class DecisionForm(VersionedForm):
    """A decision on an application: the move, each criterion met or not, a coded
    reason and, if wanted, a note that the letter quotes."""

    decision = forms.ChoiceField(
        label="What have you decided?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select a decision",
            "invalid_choice": "Select a decision from the list",
        },
    )
    reason = forms.ChoiceField(
        label="Reason",
        choices=DecisionReason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select a reason",
            "invalid_choice": "Select a reason from the list",
        },
    )
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Explain the decision (optional)",
        help_text="The decision letter quotes this to the applicant, so write in plain English.",
    )

    def __init__(
        self, *args: Any, status: str, criteria: list[str], version: int, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.status = status
        self.criteria = criteria
        decision: forms.ChoiceField = self.fields["decision"]  # type: ignore[assignment]
        decision.choices = [(move, MOVE_LABELS[move]) for move in moves_from(status)]
        self.criterion_names: list[str] = []
        parts: list[Any] = [Field.radios("decision", legend_size=Size.MEDIUM)]
        criterion_fields = []
        for index, criterion in enumerate(criteria):
            name = f"criterion_{index}"
            self.criterion_names.append(name)
            self.fields[name] = forms.ChoiceField(
                label=criterion,
                required=False,
                choices=[(MET, "Met"), (NOT_MET, "Not met")],
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": f"Select whether the applicant meets “{criterion}”"
                },
            )
            criterion_fields.append(Field.radios(name, legend_size=Size.SMALL, inline=True))
        if criterion_fields:
            parts.append(
                Fieldset(
                    *criterion_fields,
                    legend="The round's selection criteria",
                    legend_size=Size.MEDIUM,
                )
            )
        parts += [
            Field.radios("reason", legend_size=Size.MEDIUM, small=True),
            Field.textarea("note", rows=4),
        ]
        self.add_version(version)
        parts.append("version")
        self.helper = govuk_helper("Record the decision")
        self.helper.layout = Layout(*parts)
        limit_free_text(self, {"note": "the explanation"})

    def criteria_met(self) -> dict[str, bool]:
        answers = {}
        for name, criterion in zip(self.criterion_names, self.criteria, strict=True):
            value = self.cleaned_data.get(name)
            if value in (MET, NOT_MET):
                answers[criterion] = value == MET
        return answers

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        to_status = cleaned.get("decision")
        if not to_status:
            return cleaned
        if to_status != ApplicationStatus.WITHDRAWN:
            for name, criterion in zip(self.criterion_names, self.criteria, strict=True):
                if name not in self.errors and not cleaned.get(name):
                    self.add_error(name, f"Select whether the applicant meets “{criterion}”")
        reason = cleaned.get("reason")
        if reason and reason not in REASONS.get(to_status, ()):
            self.add_error("reason", "Select a reason that fits the decision")
            return cleaned
        if self.errors:
            return cleaned
        problems = decision_problems(
            from_status=self.status,
            to_status=to_status,
            criteria=self.criteria,
            criteria_met=self.criteria_met(),
            reason=reason or "",
            note=cleaned.get("note") or "",
        )
        for field, message in problems.items():
            self.add_error(field if field in self.fields else None, message)
        return cleaned

    def service_fields(self) -> dict[str, Any]:
        return {
            "to_status": self.cleaned_data["decision"],
            "criteria_met": self.criteria_met(),
            "reason": self.cleaned_data["reason"],
            "note": self.cleaned_data.get("note", ""),
        }


class ApplicationFilterForm(forms.Form):
    """The applications list's filters (GET). Invalid values are reported, not ignored."""

    status = forms.ChoiceField(
        required=False,
        choices=[("", "All statuses"), *ApplicationStatus.choices],
        error_messages={"invalid_choice": "Select a status from the list"},
    )
    round = RecordChoiceField(
        queryset=RecruitmentRound.objects.none(),
        required=False,
        empty_label="All rounds",
        error_messages={"invalid_choice": "Select a round from the list"},
    )

    def __init__(self, *args: Any, scheme: Scheme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rounds: RecordChoiceField[RecruitmentRound] = self.fields["round"]  # type: ignore[assignment]
        rounds.queryset = RecruitmentRound.objects.filter(scheme=scheme)
