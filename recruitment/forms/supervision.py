"""The supervision session form."""

from __future__ import annotations

from datetime import date
from typing import Any

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from accounts.access import Permission, can, people_at
from accounts.models import User
from peersupport.forms import (
    GovukDateField,
    RecordChoiceField,
    RecordMultipleChoiceField,
    govuk_helper,
    limit_free_text,
)
from schemes.models import Scheme

from ..models import Placement, SupervisionKind
from ..selectors.supervision import SUPERVISED


class StaffField(RecordChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


class StaffMultipleField(RecordMultipleChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


class PeerSupportersField(RecordMultipleChoiceField[Placement]):
    def label_from_instance(self, obj: Placement) -> str:
        return f"{obj.prisoner.full_name} ({obj.get_status_display().lower()})"


class SupervisionForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of session was it?",
        choices=SupervisionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of session it was"},
    )
    supervisor = StaffField(
        queryset=User.objects.none(),
        label="Who ran it",
        error_messages={
            "required": "Select who ran the session",
            "invalid_choice": "Select a member of staff at this prison",
        },
    )
    peer_supporters = PeerSupportersField(
        queryset=Placement.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Peer supporters supervised",
        help_text="Select all that apply. Leave empty for a supervision of staff",
        error_messages={"invalid_choice": "Select current peer supporters of this scheme"},
    )
    staff = StaffMultipleField(
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Staff supervised (optional)",
        help_text="Select all that apply",
        error_messages={"invalid_choice": "Select staff who work at this prison"},
    )
    debrief = forms.TypedChoiceField(
        label="Was it a debrief after a difficult contact or a heavy load?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if it was a debrief"},
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Confidential: only the prison's coordinators and whoever ran the session "
        "can read them, and every reading is logged",
    )

    def __init__(self, *args: Any, scheme: Scheme, user: User, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = people_at(scheme.prison_id)
        supervisor: StaffField = self.fields["supervisor"]  # type: ignore[assignment]
        staff: StaffMultipleField = self.fields["staff"]  # type: ignore[assignment]
        peers: PeerSupportersField = self.fields["peer_supporters"]  # type: ignore[assignment]
        staff.queryset = people
        peers.queryset = (
            Placement.objects.filter(scheme=scheme, status__in=SUPERVISED)
            .select_related("prisoner")
            .order_by("prisoner__last_name", "prisoner__first_name", "id")
        )
        if can(user, Permission.CHANGE, scheme.prison_id):
            supervisor.queryset = people
            supervisor.initial = user.pk
        else:
            # Staff record the sessions they ran themselves.
            supervisor.queryset = people.filter(pk=user.pk)
            supervisor.initial = user.pk
            supervisor.disabled = True
        self.fields = {
            "held_on": GovukDateField(
                noun="the date of the session",
                latest=today,
                label="Date of the session",
                help_text=f"For example, {today:%-d %-m %Y}",
            ),
            **self.fields,
        }
        self.helper = govuk_helper("Save supervision session")
        self.helper.layout = Layout(
            "held_on",
            Field.radios("kind", legend_size=Size.SMALL),
            Field.select("supervisor"),
            Field.checkboxes("peer_supporters", legend_size=Size.SMALL, small=True),
            Field.checkboxes("staff", legend_size=Size.SMALL, small=True),
            Field.radios("debrief", legend_size=Size.SMALL, inline=True),
            Field.textarea("notes", rows=5),
        )
        limit_free_text(self, {"notes": "Notes"})
