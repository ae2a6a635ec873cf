"""The review meeting form, under the guidance's maintenance headings."""

from __future__ import annotations

from datetime import date
from typing import Any

from crispy_forms_gds.layout import HTML, Field, Fieldset, Fluid, Layout, Size
from django import forms
from django.core.exceptions import ValidationError

from accounts.access import people_at, roles_at
from accounts.models import Role, User
from peersupport.forms import (
    GovukDateField,
    RecordMultipleChoiceField,
    VersionedMixin,
    govuk_helper,
    limit_free_text,
    whole_number_input,
)
from schemes.models import Scheme, Stakeholder

from .models import ReviewMeeting
from .services import before_scheme_message, earliest_meeting_on

# The guidance's three maintenance bullets, quoted as hints on the review form.
GUIDANCE_COMMUNICATION = (
    "“Check ongoing communication routes / training / support for peer supporters and staff.”"
)
GUIDANCE_PLANNING = "“Plan future recruitment, resources and need”"
GUIDANCE_INVOLVEMENT = "“Involve staff and peer supporters and stakeholders in ongoing development”"

FUTURE_MEETING = "The date of the meeting must be today or in the past"


class StaffChoiceField(RecordMultipleChoiceField[User]):
    """Checkboxes of staff, each with their role at the prison."""

    roles: dict[int, str]

    def label_from_instance(self, obj: User) -> str:
        role = self.roles.get(obj.pk)
        return f"{obj.display_name} ({Role(role).label.lower()})" if role else obj.display_name


class StakeholderChoiceField(RecordMultipleChoiceField[Stakeholder]):
    def label_from_instance(self, obj: Stakeholder) -> str:
        return f"{obj.name} ({obj.get_kind_display().lower()})"


class ReviewMeetingForm(VersionedMixin, forms.ModelForm[ReviewMeeting]):
    """A review meeting under the guidance's "Maintain, support and resource" headings.

    Given a saved meeting (``instance``), the form corrects it: it shows the saved
    answers and carries, hidden, the version they were read at.
    """

    staff_attendees = StaffChoiceField(
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Staff who attended (optional)",
        help_text="Select all that apply",
        error_messages={"invalid_choice": "Select staff who work at this prison"},
    )
    stakeholder_attendees = StakeholderChoiceField(
        queryset=Stakeholder.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Stakeholders who attended (optional)",
        help_text="From the scheme's stakeholder register. Select all that apply",
        error_messages={"invalid_choice": "Select stakeholders from this scheme's register"},
    )

    class Meta:
        model = ReviewMeeting
        fields = [
            "staff_attendees",
            "stakeholder_attendees",
            "peer_supporters_attending",
            "peer_supporter_roles",
            "communication_routes",
            "training_and_support",
            "future_recruitment",
            "resources_and_need",
            "involvement",
            "decisions",
        ]
        labels = {
            "peer_supporters_attending": "Number of peer supporters who attended",
            "peer_supporter_roles": "Their roles (optional)",
            "communication_routes": "Communication routes (optional)",
            "training_and_support": "Training and support for peer supporters and staff (optional)",
            "future_recruitment": "Future recruitment (optional)",
            "resources_and_need": "Resources and need (optional)",
            "involvement": (
                "Involving staff, peer supporters and stakeholders in ongoing development "
                "(optional)"
            ),
            "decisions": "Decisions",
        }
        help_texts = {
            "peer_supporters_attending": "Enter 0 if no peer supporters attended",
            "peer_supporter_roles": "For example: 2 Listeners, 1 trainee",
            "communication_routes": (
                f"{GUIDANCE_COMMUNICATION} How do prisoners, peer supporters and staff reach "
                "each other, and is it working?"
            ),
            "training_and_support": (
                f"{GUIDANCE_COMMUNICATION} Refresher training, supervision and support for "
                "peer supporters and staff."
            ),
            "future_recruitment": (
                f"{GUIDANCE_PLANNING}. Who is leaving soon, and how many to recruit by when."
            ),
            "resources_and_need": (
                f"{GUIDANCE_PLANNING}. Is the need still there, and are the budget, staff "
                "time and rooms enough?"
            ),
            "involvement": f"{GUIDANCE_INVOLVEMENT}. What did they say, and what will change?",
            "decisions": "What the meeting decided. Add the actions after saving.",
        }
        widgets = {
            "peer_supporters_attending": whole_number_input(),
            "communication_routes": forms.Textarea(attrs={"rows": 3}),
            "training_and_support": forms.Textarea(attrs={"rows": 3}),
            "future_recruitment": forms.Textarea(attrs={"rows": 3}),
            "resources_and_need": forms.Textarea(attrs={"rows": 3}),
            "involvement": forms.Textarea(attrs={"rows": 3}),
            "decisions": forms.Textarea(attrs={"rows": 5}),
        }
        error_messages = {
            "peer_supporters_attending": {
                "required": "Enter the number of peer supporters who attended, or 0",
                "invalid": "Enter the number of peer supporters as a whole number, like 3",
                "min_value": "The number of peer supporters cannot be negative",
            },
            "peer_supporter_roles": {"max_length": "Their roles must be 200 characters or fewer"},
            "decisions": {"required": "Enter the decisions made at the meeting"},
        }

    def __init__(self, *args: Any, scheme: Scheme, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.scheme = scheme
        self.scheme = scheme
        changing = self.instance.pk is not None
        # A model field's form field is made without the date input, so add it here
        # (first, as the page asks for it first).
        held_on = GovukDateField(
            noun="the date of the meeting",
            latest=today,
            label="Date of the meeting",
            help_text=f"For example, {today:%-d %-m %Y}",
        )
        if changing:
            held_on.initial = self.instance.held_on
        self.fields = {"held_on": held_on, **self.fields}
        staff: StaffChoiceField = self.fields["staff_attendees"]  # type: ignore[assignment]
        staff.queryset = people_at(scheme.prison_id)
        staff.roles = roles_at(scheme.prison_id)
        stakeholders: StakeholderChoiceField = self.fields["stakeholder_attendees"]  # type: ignore[assignment]
        stakeholders.queryset = Stakeholder.objects.filter(scheme=scheme)
        has_register = stakeholders.queryset.exists()
        if not has_register:
            del self.fields["stakeholder_attendees"]
        self.fields["peer_supporters_attending"].initial = None

        self.helper = govuk_helper("Save changes" if changing else "Save review meeting")
        self.helper.layout = Layout(
            "held_on",
            Field.checkboxes("staff_attendees", legend_size=Size.SMALL, small=True),
            Field.checkboxes("stakeholder_attendees", legend_size=Size.SMALL, small=True)
            if has_register
            else HTML(
                '<p class="govuk-body">The scheme\'s stakeholder register is empty: add '
                "stakeholders to the plan to record who attended.</p>"
            ),
            Fieldset(
                Field.text("peer_supporters_attending", field_width=4),
                Field.text("peer_supporter_roles", field_width=Fluid.TWO_THIRDS),
                legend="Peer supporters",
                legend_size=Size.SMALL,
            ),
            Fieldset(
                Field.textarea("communication_routes", rows=3),
                Field.textarea("training_and_support", rows=3),
                Field.textarea("future_recruitment", rows=3),
                Field.textarea("resources_and_need", rows=3),
                Field.textarea("involvement", rows=3),
                legend="What was discussed",
                legend_size=Size.MEDIUM,
            ),
            Field.textarea("decisions", label_size=Size.MEDIUM, rows=5),
        )
        if changing:
            self.add_version(self.instance.version)
            self.helper.layout.append("version")
        limit_free_text(self, {"involvement": "involving staff, peer supporters and stakeholders"})

    def clean_held_on(self) -> date:
        # The service checks this too; here it is reported beside the form's other errors.
        held_on: date = self.cleaned_data["held_on"]
        earliest = earliest_meeting_on(self.scheme)
        if held_on < earliest:
            raise ValidationError(before_scheme_message(earliest), code="before_scheme")
        return held_on

    def service_fields(self) -> dict[str, Any]:
        """The cleaned answers as review_record() and review_update() take them."""
        data = super().service_fields()
        data["staff_attendees"] = list(data.get("staff_attendees") or [])
        data["stakeholder_attendees"] = list(data.get("stakeholder_attendees") or [])
        return data
