"""Monitoring's forms: an activity entry, a debrief, a risk, a confidentiality incident."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from crispy_forms_gds.layout import Field, Fluid, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.access import people_at
from accounts.models import User
from peersupport.forms import (
    GovukDateField,
    RecordChoiceField,
    VersionedForm,
    VersionedMixin,
    govuk_helper,
    limit_free_text,
    whole_number_input,
)
from peersupport.text import SHORT_TEXT
from schemes.models import Scheme
from schemes.phases import PeerSupporter

from . import rules
from .models import ActivityEntry, RiskCategory, RiskEntry, RiskStatus
from .services import before_scheme_message, earliest_day

TIME = re.compile(r"^([01]?[0-9]|2[0-3])[:.]([0-5][0-9])$")
SCALE = [(str(n), str(n)) for n in range(1, 6)]
LIKELIHOOD_WORDS = {1: "rare", 2: "unlikely", 3: "possible", 4: "likely", 5: "almost certain"}
IMPACT_WORDS = {1: "negligible", 2: "minor", 3: "moderate", 4: "major", 5: "severe"}


def _whole_number(label: str, noun: str, low: int, high: int, hint: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=hint,
        min_value=low,
        max_value=high,
        widget=whole_number_input(),
        error_messages={
            "required": f"Enter {noun}",
            "invalid": f"Enter {noun} as a whole number, like {max(low, 1) * 2}",
            "min_value": f"{noun[0].upper()}{noun[1:]} must be {low} or more",
            "max_value": f"{noun[0].upper()}{noun[1:]} must be {high} or fewer",
        },
    )


class ActivityForm(VersionedForm):
    """One activity entry: when, where, how long, how many people, what came of it and
    which peer supporters gave it. A confidential scheme's form has no free text."""

    location = forms.CharField(
        label="Location",
        help_text="The wing or place, for example B wing or the Listener suite",
        max_length=60,
        error_messages={
            "required": "Enter the location",
            "max_length": "Location must be 60 characters or fewer",
        },
    )

    def __init__(
        self,
        *args: Any,
        scheme: Scheme,
        today: date,
        roster: list[PeerSupporter],
        entry: ActivityEntry | None = None,
        initial_outcomes: list[str] | None = None,
        initial_supporters: list[int] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.scheme = scheme
        self.today = today
        occurred_on = GovukDateField(
            noun="the date",
            latest=today,
            label="Date",
            help_text=f"For example, {today:%-d %-m %Y}",
        )
        self.fields = {
            "occurred_on": occurred_on,
            "occurred_time": forms.CharField(
                label="Time",
                help_text="Use the 24-hour clock, for example 21:30",
                max_length=5,
                error_messages={
                    "required": "Enter the time",
                    "max_length": "Time must be 5 characters or fewer, like 21:30",
                },
            ),
            **self.fields,
            "duration_minutes": _whole_number(
                "Duration in minutes", "the duration", rules.MIN_DURATION, rules.MAX_DURATION
            ),
            "people_reached": _whole_number(
                "People reached",
                "the number of people reached",
                0,
                rules.MAX_REACHED,
                hint="How many people the peer supporters spoke to or helped. Do not name anyone.",
            ),
            "outcomes": forms.MultipleChoiceField(
                label="Outcomes",
                help_text="Select all that apply",
                choices=rules.outcome_choices(scheme.scheme_type),
                widget=forms.CheckboxSelectMultiple,
                error_messages={
                    "required": "Select at least one outcome",
                    "invalid_choice": "Select outcomes from the list",
                },
            ),
        }
        layout: list[Any] = [
            "occurred_on",
            Field.text("occurred_time", field_width=5),
            Field.text("location", field_width=Fluid.ONE_THIRD),
            Field.text("duration_minutes", field_width=4),
            Field.text("people_reached", field_width=4),
            Field.checkboxes("outcomes", legend_size=Size.SMALL, small=True),
        ]
        known = {str(person.id): person.name for person in roster}
        if entry is not None:
            for pk in initial_supporters or []:
                known.setdefault(str(pk), f"Peer supporter {pk} (no longer on the scheme)")
        if known:
            self.fields["peer_supporters"] = forms.MultipleChoiceField(
                label="Peer supporters involved (optional)",
                help_text="Select all that apply",
                choices=[(pk, known[pk]) for pk in sorted(known, key=known.__getitem__)],
                required=False,
                widget=forms.CheckboxSelectMultiple,
                error_messages={"invalid_choice": "Select peer supporters from the list"},
            )
            layout.append(Field.checkboxes("peer_supporters", legend_size=Size.SMALL, small=True))
        if not rules.is_confidential(scheme.scheme_type):
            self.fields["note"] = forms.CharField(
                label="Note (optional)",
                help_text="A few words about the session. Do not name anyone.",
                required=False,
                max_length=SHORT_TEXT,
            )
            layout.append(Field.text("note", field_width=Fluid.TWO_THIRDS))
        self.helper = govuk_helper("Save changes" if entry else "Save activity")
        self.helper.layout = Layout(*layout)
        if entry is not None:
            local = timezone.localtime(entry.occurred_at)
            occurred_on.initial = local.date()
            self.fields["occurred_time"].initial = f"{local:%H:%M}"
            self.fields["location"].initial = entry.location
            self.fields["duration_minutes"].initial = entry.duration_minutes
            self.fields["people_reached"].initial = entry.people_reached
            self.fields["outcomes"].initial = initial_outcomes or []
            if "peer_supporters" in self.fields:
                self.fields["peer_supporters"].initial = [
                    str(pk) for pk in initial_supporters or []
                ]
            if "note" in self.fields:
                self.fields["note"].initial = entry.note
            self.add_version(entry.version)
            self.helper.layout.append("version")
        limit_free_text(self)

    def clean_occurred_time(self) -> time:
        text: str = self.cleaned_data["occurred_time"].strip()
        match = TIME.match(text) if text.isascii() else None
        if match is None:
            raise ValidationError("Enter the time like 21:30", code="invalid")
        return time(int(match.group(1)), int(match.group(2)))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, moment = data.get("occurred_on"), data.get("occurred_time")
        if isinstance(day, date) and isinstance(moment, time):
            earliest = earliest_day(self.scheme)
            occurred_at = datetime.combine(day, moment, timezone.get_current_timezone())
            if day < earliest:
                self.add_error("occurred_on", before_scheme_message("The date", earliest))
            elif occurred_at > timezone.now():
                self.add_error("occurred_time", "The time must be now or in the past")
            else:
                data["occurred_at"] = occurred_at
        return data

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "occurred_at": data["occurred_at"],
            "location": data["location"],
            "duration_minutes": data["duration_minutes"],
            "people_reached": data["people_reached"],
            "outcomes": list(data["outcomes"]),
            "peer_supporter_ids": [int(pk) for pk in data.get("peer_supporters") or []],
            "note": data.get("note", ""),
        }


class DebriefForm(forms.Form):
    """A debrief held with a peer supporter."""

    def __init__(
        self, *args: Any, scheme: Scheme, today: date, choices: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.scheme = scheme
        self.fields["peer_supporter"] = forms.ChoiceField(
            label="Peer supporter",
            choices=choices,
            widget=forms.RadioSelect,
            error_messages={
                "required": "Select the peer supporter",
                "invalid_choice": "Select a peer supporter from the list",
            },
        )
        self.fields["held_on"] = GovukDateField(
            noun="the date of the debrief",
            latest=today,
            label="Date of the debrief",
            help_text=f"For example, {today:%-d %-m %Y}",
        )
        self.helper = govuk_helper("Save debrief")
        self.helper.layout = Layout(
            Field.radios("peer_supporter", legend_size=Size.SMALL, small=True), "held_on"
        )

    def clean_held_on(self) -> date:
        held_on: date = self.cleaned_data["held_on"]
        earliest = earliest_day(self.scheme)
        if held_on < earliest:
            raise ValidationError(before_scheme_message("The date of the debrief", earliest))
        return held_on

    def service_fields(self) -> dict[str, Any]:
        return {
            "peer_supporter_id": int(self.cleaned_data["peer_supporter"]),
            "held_on": self.cleaned_data["held_on"],
        }


class DebriefThresholdsForm(VersionedForm):
    """The scheme's debrief thresholds: within how many days, how many call-outs, and
    how many of them at night, before a peer supporter needs a debrief."""

    def __init__(
        self, *args: Any, thresholds: rules.DebriefThresholds | None, version: int, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["days"] = _whole_number(
            "Within how many days", "the number of days", 1, 28, hint="For example, 7"
        )
        self.fields["call_outs"] = _whole_number(
            "Call-outs",
            "the number of call-outs",
            1,
            100,
            hint="A debrief is due after more than this many call-outs within those days",
        )
        self.fields["night_call_outs"] = _whole_number(
            "Call-outs between midnight and 06:00",
            "the number of call-outs at night",
            1,
            100,
            hint="A debrief is due after more than this many at night within those days",
        )
        if thresholds is not None:
            self.fields["days"].initial = thresholds.days
            self.fields["call_outs"].initial = thresholds.call_outs
            self.fields["night_call_outs"].initial = thresholds.night_call_outs
        self.add_version(version)
        self.helper = govuk_helper("Save thresholds")
        self.helper.layout = Layout(
            Field.text("days", field_width=4),
            Field.text("call_outs", field_width=4),
            Field.text("night_call_outs", field_width=4),
            "version",
        )


class OwnerChoiceField(RecordChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


class RiskForm(VersionedMixin, forms.ModelForm[RiskEntry]):
    """A risk on the register: what it is, how likely, how bad, who owns it, what
    mitigates it and when it is next reviewed."""

    owner = OwnerChoiceField(
        queryset=User.objects.none(),
        label="Owner",
        empty_label="Choose the owner",
        error_messages={
            "required": "Choose the owner of the risk",
            "invalid_choice": "Choose someone who works at this prison",
        },
    )

    class Meta:
        model = RiskEntry
        fields = [
            "title",
            "category",
            "description",
            "likelihood",
            "impact",
            "owner",
            "mitigations",
        ]
        labels = {
            "title": "Risk",
            "category": "Which risk is it?",
            "description": "Description (optional)",
            "likelihood": "Likelihood",
            "impact": "Impact",
            "mitigations": "Mitigations (optional)",
        }
        help_texts = {
            "title": "A short name for the risk. Do not name anyone.",
            "description": "What could happen, and the signs to look for. Do not name anyone.",
            "likelihood": "1 rare, 2 unlikely, 3 possible, 4 likely, 5 almost certain",
            "impact": "1 negligible, 2 minor, 3 moderate, 4 major, 5 severe",
            "mitigations": "What is done to make it less likely or less harmful",
        }
        widgets = {
            "category": forms.RadioSelect,
            "likelihood": forms.RadioSelect(choices=SCALE),
            "impact": forms.RadioSelect(choices=SCALE),
            "description": forms.Textarea(attrs={"rows": 3}),
            "mitigations": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "title": {"required": "Enter the risk"},
            "category": {
                "required": "Select which risk it is",
                "invalid_choice": "Select which risk it is",
            },
            "likelihood": {
                "required": "Select the likelihood",
                "invalid": "Select the likelihood",
                "invalid_choice": "Select the likelihood",
            },
            "impact": {
                "required": "Select the impact",
                "invalid": "Select the impact",
                "invalid_choice": "Select the impact",
            },
        }

    def __init__(self, *args: Any, scheme: Scheme, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.scheme = scheme
        changing = self.instance.pk is not None
        for name in ("likelihood", "impact"):
            field = forms.TypedChoiceField(
                label=self.fields[name].label,
                help_text=self.fields[name].help_text,
                choices=SCALE,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Select the {name}",
                    "invalid_choice": f"Select the {name}",
                },
            )
            if changing:
                field.initial = getattr(self.instance, name)
            self.fields[name] = field
        owner: OwnerChoiceField = self.fields["owner"]  # type: ignore[assignment]
        owner.queryset = people_at(scheme.prison_id)
        review_on = GovukDateField(
            noun="the date of the next review",
            label="Next review",
            help_text=f"For example, {today:%-d %-m %Y}",
        )
        if changing:
            review_on.initial = self.instance.review_on
        self.fields["review_on"] = review_on
        layout: list[Any] = [
            Field.text("title", field_width=Fluid.TWO_THIRDS),
            Field.radios("category", legend_size=Size.SMALL, small=True),
            Field.textarea("description", rows=3),
            Field.radios("likelihood", legend_size=Size.SMALL, small=True, inline=True),
            Field.radios("impact", legend_size=Size.SMALL, small=True, inline=True),
            "owner",
            Field.textarea("mitigations", rows=4),
            "review_on",
        ]
        if changing:
            self.fields["status"] = forms.ChoiceField(
                label="Status",
                choices=RiskStatus.choices,
                widget=forms.RadioSelect,
                initial=self.instance.status,
                error_messages={
                    "required": "Select open or closed",
                    "invalid_choice": "Select open or closed",
                },
            )
            layout.append(Field.radios("status", legend_size=Size.SMALL, small=True, inline=True))
            self.add_version(self.instance.version)
            layout.append("version")
            if self.instance.category != RiskCategory.OTHER:
                # One of the guidance's named risks: it stays that risk.
                del self.fields["category"]
                del layout[1]  # its radios
        else:
            self.fields["category"].initial = RiskCategory.OTHER
        self.helper = govuk_helper("Save changes" if changing else "Save risk")
        self.helper.layout = Layout(*layout)
        limit_free_text(self)


class IncidentForm(forms.Form):
    """A confidentiality incident: when, what happened and what was done, naming nobody."""

    what_happened = forms.CharField(
        label="What happened",
        help_text="Do not name anyone: describe what was shared or used, and how.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what happened"},
    )
    action_taken = forms.CharField(
        label="Action taken",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the action taken"},
    )

    def __init__(self, *args: Any, scheme: Scheme, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scheme = scheme
        self.fields = {
            "occurred_on": GovukDateField(
                noun="the date of the incident",
                latest=today,
                label="Date of the incident",
                help_text=f"For example, {today:%-d %-m %Y}",
            ),
            **self.fields,
        }
        self.helper = govuk_helper("Save incident")
        self.helper.layout = Layout(
            "occurred_on",
            Field.textarea("what_happened", rows=4),
            Field.textarea("action_taken", rows=4),
        )
        limit_free_text(self)

    def clean_occurred_on(self) -> date:
        occurred_on: date = self.cleaned_data["occurred_on"]
        earliest = earliest_day(self.scheme)
        if occurred_on < earliest:
            raise ValidationError(before_scheme_message("The date of the incident", earliest))
        return occurred_on


# --- the evaluation pack's period (GET) ---------------------------------------------------

PACK_MONTHS_OFFERED = 60


class PackPeriodForm(forms.Form):
    """Whole months, from the five years up to this month: the first and last of the
    period. Invalid values are reported with the GOV.UK error summary."""

    start = forms.ChoiceField(
        label="From",
        error_messages={
            "required": "Select the first month of the period",
            "invalid_choice": "Select the first month from the list",
        },
    )
    end = forms.ChoiceField(
        label="To",
        error_messages={
            "required": "Select the last month of the period",
            "invalid_choice": "Select the last month from the list",
        },
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        months = rules.last_months(today, PACK_MONTHS_OFFERED)[::-1]
        choices = [(f"{month:%Y-%m}", f"{month:%B %Y}") for month in months]
        for name in ("start", "end"):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = choices
        self.helper = govuk_helper(submit_label=None)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "The last month must be the same as or after the first month")
        return cleaned

    def period_months(self) -> tuple[date, date]:
        """The cleaned first days of the first and last months."""
        start, end = (self.cleaned_data[name] for name in ("start", "end"))
        return (
            date(int(start[:4]), int(start[5:]), 1),
            date(int(end[:4]), int(end[5:]), 1),
        )
