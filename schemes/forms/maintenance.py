"""Forms for maintaining a scheme: review meetings, actions, status changes, the actions list."""

from __future__ import annotations

from datetime import date
from typing import Any

from crispy_forms_gds.layout import HTML, Field, Fieldset, Fluid, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from accounts.models import Membership, Role, User
from peersupport.forms import (
    GovukDateField,
    RecordChoiceField,
    RecordMultipleChoiceField,
    govuk_helper,
    whole_number_input,
)

from ..models import Action, ActionStatus, ReviewMeeting, Scheme, Stakeholder

# The guidance's three maintenance bullets, quoted as hints on the review form.
GUIDANCE_COMMUNICATION = (
    "“Check ongoing communication routes / training / support for peer supporters and staff.”"
)
GUIDANCE_PLANNING = "“Plan future recruitment, resources and need”"
GUIDANCE_INVOLVEMENT = "“Involve staff and peer supporters and stakeholders in ongoing development”"

FUTURE_MEETING = "The date of the meeting must be today or in the past"


def staff_at(scheme: Scheme) -> QuerySet[User]:
    """Everyone with a membership at the scheme's prison, by name."""
    return (
        User.objects.filter(is_active=True, memberships__prison_id=scheme.prison_id)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class PersonChoiceField(RecordChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


class StaffChoiceField(RecordMultipleChoiceField[User]):
    """Checkboxes of staff, each with their role at the prison."""

    roles: dict[int, str]

    def label_from_instance(self, obj: User) -> str:
        role = self.roles.get(obj.pk)
        return f"{obj.display_name} ({Role(role).label.lower()})" if role else obj.display_name


class StakeholderChoiceField(RecordMultipleChoiceField[Stakeholder]):
    def label_from_instance(self, obj: Stakeholder) -> str:
        return f"{obj.name} ({obj.get_kind_display().lower()})"


class ReviewMeetingForm(forms.ModelForm[ReviewMeeting]):
    """A review meeting under the guidance's "Maintain, support and resource" headings."""

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
        # A model field's form field is made without the date input, so add it here
        # (first, as the page asks for it first).
        held_on = GovukDateField(
            noun="the date of the meeting",
            latest=today,
            label="Date of the meeting",
            help_text=f"For example, {today:%-d %-m %Y}",
        )
        self.fields = {"held_on": held_on, **self.fields}
        staff: StaffChoiceField = self.fields["staff_attendees"]  # type: ignore[assignment]
        staff.queryset = staff_at(scheme)
        staff.roles = dict(
            Membership.objects.filter(prison_id=scheme.prison_id).values_list("user_id", "role")
        )
        stakeholders: StakeholderChoiceField = self.fields["stakeholder_attendees"]  # type: ignore[assignment]
        stakeholders.queryset = Stakeholder.objects.filter(scheme=scheme)
        has_register = stakeholders.queryset.exists()
        if not has_register:
            del self.fields["stakeholder_attendees"]
        self.fields["peer_supporters_attending"].initial = None

        self.helper = govuk_helper("Save review meeting")
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

    def service_fields(self) -> dict[str, Any]:
        """The cleaned answers as review_record() takes them."""
        data = dict(self.cleaned_data)
        data["staff_attendees"] = list(data.get("staff_attendees") or [])
        data["stakeholder_attendees"] = list(data.get("stakeholder_attendees") or [])
        return data


class ActionForm(forms.Form):
    """An action: what, who, by when; when changing one, also whether it is done."""

    description = forms.CharField(
        label="What needs to be done",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what needs to be done"},
    )
    owner = PersonChoiceField(
        queryset=User.objects.none(),
        label="Owner",
        help_text="Who makes sure it is done. They must work at this prison.",
        empty_label="Select a person",
        error_messages={
            "required": "Select who owns this action",
            "invalid_choice": "Select an owner who works at this prison",
        },
    )
    status = forms.ChoiceField(
        label="Is this action done?",
        choices=[(ActionStatus.OPEN, "No, it is still to do"), (ActionStatus.DONE, "Yes, done")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether the action is done",
            "invalid_choice": "Select whether the action is done",
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, scheme: Scheme, action: Action | None = None, **kwargs: Any
    ) -> None:
        if action is not None:
            kwargs.setdefault(
                "initial",
                {
                    "description": action.description,
                    "owner": action.owner_id,
                    "due_date": action.due_date,
                    "status": action.status,
                    "version": action.version,
                },
            )
        super().__init__(*args, **kwargs)
        due_date = GovukDateField(
            noun="the due date", label="Due date", help_text="For example, 27 3 2027"
        )
        fields = dict(self.fields)
        self.fields = {
            "description": fields["description"],
            "owner": fields["owner"],
            "due_date": due_date,
            "status": fields["status"],
            "version": fields["version"],
        }
        owner: PersonChoiceField = self.fields["owner"]  # type: ignore[assignment]
        owner.queryset = staff_at(scheme)
        owner.error_messages["invalid_choice"] = (
            f"Select an owner who works at {scheme.prison.name}"
        )
        creating = action is None
        if creating:
            del self.fields["status"]
            del self.fields["version"]
        self.helper = govuk_helper("Add action" if creating else "Save changes")
        self.helper.layout = Layout(
            Field.textarea("description", rows=3),
            "owner",
            "due_date",
            *([] if creating else [Field.radios("status", legend_size=Size.SMALL), "version"]),
        )


class StatusChangeForm(forms.Form):
    """Why the scheme's status is changing; required where the lifecycle says so."""

    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(
        self,
        *args: Any,
        verb: str,
        reason_required: bool,
        button: str,
        warning: bool,
        **kwargs: Any,
    ) -> None:
        """``verb`` says what the user is doing, as in "Why are you pausing the scheme?"."""
        super().__init__(*args, **kwargs)
        reason = self.fields["reason"]
        reason.required = reason_required
        reason.label = (
            f"Why are you {verb} the scheme?"
            if reason_required
            else f"Why are you {verb} the scheme? (optional)"
        )
        reason.help_text = "This is recorded in the scheme's history"
        reason.error_messages["required"] = f"Enter why you are {verb} the scheme"
        self.helper = govuk_helper(
            button, **({"css_class": "govuk-button--warning"} if warning else {})
        )
        self.helper.layout = Layout(Field.textarea("reason", label_size=Size.SMALL, rows=4))


class ActionFilterForm(forms.Form):
    """The actions list's filter (GET). An invalid value is reported, not ignored."""

    MINE = "mine"
    ALL = "all"

    show = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[(ALL, "All actions"), (MINE, "Only actions I own")],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select all actions or only actions you own"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["show"].initial = self.ALL
        self.helper = govuk_helper("Apply filter", css_class="govuk-button--secondary")
        self.helper.layout = Layout(Field.radios("show", legend_size=Size.SMALL, small=True))

    def only_mine(self) -> bool:
        return self.is_valid() and self.cleaned_data["show"] == self.MINE


def apply_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field where the form has
    one, otherwise in the error summary."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
