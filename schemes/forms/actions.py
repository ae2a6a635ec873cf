"""Forms for the shared records: actions, the lifecycle's moves and the actions list."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from accounts.access import people_at
from accounts.models import User
from peersupport.forms import (
    GovukDateField,
    govuk_helper,
    limit_free_text,
)

from ..models import ACTION_TEXT, Action, ActionStatus, Scheme, Stakeholder

Owner = User | Stakeholder


class OwnerChoiceField(forms.ChoiceField):
    """A person at the prison or a stakeholder of the scheme, in one select with a group
    for each ("person-12", "stakeholder-3"); cleans to the User or the Stakeholder.

    Only the listed values are accepted, so a tampered value never reaches a query.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.owners: dict[str, Owner] = {}

    def offer(
        self, people: Iterable[User], stakeholders: Iterable[Stakeholder], prison: str
    ) -> None:
        persons = {f"person-{person.pk}": person for person in people}
        groups: list[tuple[str, list[tuple[str, str]]]] = [
            (
                f"People at {prison}",
                [(key, person.display_name) for key, person in persons.items()],
            )
        ]
        offered = {f"stakeholder-{stakeholder.pk}": stakeholder for stakeholder in stakeholders}
        if offered:
            groups.append(
                (
                    "Stakeholders of the scheme",
                    [
                        (key, f"{stakeholder.name} ({stakeholder.get_kind_display().lower()})")
                        for key, stakeholder in offered.items()
                    ],
                )
            )
        self.owners = {**persons, **offered}
        self.choices = [("", "Select an owner"), *groups]

    def clean(self, value: Any) -> Owner | None:
        key = super().clean(value)
        return self.owners.get(key) if key else None

    @staticmethod
    def key(action: Action) -> str:
        if action.owner_stakeholder_id is not None:
            return f"stakeholder-{action.owner_stakeholder_id}"
        return f"person-{action.owner_id}" if action.owner_id is not None else ""


class ActionForm(forms.Form):
    """An action: what, who, by when; when changing one, also whether it is done."""

    description = forms.CharField(
        label="What needs to be done",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=ACTION_TEXT,
        error_messages={"required": "Enter what needs to be done"},
    )
    owner = OwnerChoiceField(
        label="Owner",
        help_text="Who makes sure it is done: somebody who works at this prison, or one "
        "of the scheme's stakeholders, such as the partner organisation.",
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
                    "owner": OwnerChoiceField.key(action),
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
        owner: OwnerChoiceField = self.fields["owner"]  # type: ignore[assignment]
        owner.offer(
            people_at(scheme.prison_id),
            Stakeholder.objects.filter(scheme=scheme).order_by("name", "pk"),
            scheme.prison.name,
        )
        owner.error_messages["invalid_choice"] = (
            f"Select an owner who works at {scheme.prison.name} or is one of the "
            "scheme's stakeholders"
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
        limit_free_text(self, {"description": "the action"})


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
        limit_free_text(self, {"reason": "the reason"})


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
