from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Fieldset, Fluid, Layout, Size
from django import forms
from django.core.validators import MinValueValidator
from django.db.models import QuerySet

from accounts.models import Prison, Role, User
from peersupport.forms import RecordChoiceField, govuk_helper, limit_free_text, whole_number_input

from ..models import Scheme, SchemeStatus, SchemeType
from ..phases import list_columns


def coordinators_at(prisons: QuerySet[Prison]) -> QuerySet[User]:
    return (
        User.objects.filter(
            is_active=True,
            memberships__role=Role.COORDINATOR,
            memberships__prison__in=prisons,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class CoordinatorChoiceField(RecordChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class SchemeForm(forms.ModelForm[Scheme]):
    """The scheme record. On create the coordinator also chooses the prison."""

    prison: RecordChoiceField[Prison] = RecordChoiceField(
        queryset=Prison.objects.none(),
        empty_label="Select a prison",
        error_messages={
            "required": "Select the prison that runs the scheme",
            "invalid_choice": "Select one of your prisons",
        },
    )
    coordinator = CoordinatorChoiceField(
        queryset=User.objects.none(),
        required=False,
        empty_label="Not chosen yet",
        help_text="The member of staff who runs the scheme day to day",
        error_messages={"invalid_choice": "Select a coordinator at this prison"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Scheme
        fields = [
            "prison",
            "name",
            "scheme_type",
            "purpose",
            "target_group",
            "partner_organisation",
            "coordinator",
            "target_peer_supporters",
            "minimum_peer_supporters",
        ]
        labels = {
            "name": "Scheme name",
            "scheme_type": "Type of scheme",
            "purpose": "Purpose",
            "target_group": "Target group",
            "partner_organisation": "Partner organisation (optional)",
        }
        help_texts = {
            "purpose": (
                "The guidance says a scheme should have “a clear predefined purpose for the "
                "interaction”: what will peer supporters do, and for whom?"
            ),
            "target_group": "“What is the target group and what are their needs?”",
            "target_peer_supporters": "How many peer supporters the scheme needs to run well",
        }
        widgets = {
            "scheme_type": forms.RadioSelect,
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "target_group": forms.Textarea(attrs={"rows": 3}),
            "target_peer_supporters": whole_number_input(),
            "minimum_peer_supporters": whole_number_input(),
        }
        error_messages = {
            "name": {
                "required": "Enter the scheme's name",
                "max_length": "The scheme's name must be 120 characters or fewer",
            },
            "scheme_type": {
                "required": "Select the type of scheme",
                "invalid_choice": "Select the type of scheme",
            },
            "purpose": {"required": "Enter the scheme's purpose"},
            "target_group": {"required": "Enter who the scheme supports"},
            "partner_organisation": {
                "max_length": "The partner organisation must be 120 characters or fewer"
            },
            "target_peer_supporters": {
                "required": "Enter the target number of peer supporters",
                "invalid": "Enter the target number of peer supporters as a whole number, like 12",
                "min_value": "The target number of peer supporters must be 1 or more",
            },
            "minimum_peer_supporters": {
                "required": "Enter the minimum number of peer supporters",
                "invalid": "Enter the minimum number of peer supporters as a whole number, like 6",
                "min_value": "The minimum number of peer supporters must be 1 or more",
            },
        }

    def __init__(self, *args: Any, prisons: QuerySet[Prison] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.prison_field: forms.ModelChoiceField[Prison] = self.fields["prison"]  # type: ignore[assignment]
        self.coordinator_field: CoordinatorChoiceField = self.fields["coordinator"]  # type: ignore[assignment]
        creating = self.instance.pk is None
        if creating:
            assert prisons is not None, "creating a scheme needs the user's prisons"
            self.prison_field.queryset = prisons
            if prisons.count() == 1:
                self.fields["prison"].initial = prisons.first()
            self.fields.pop("version")
        else:
            self.fields.pop("prison")
            self.fields["version"].initial = self.instance.version
            prisons = Prison.objects.filter(pk=self.instance.prison_id)
        self.coordinator_field.queryset = coordinators_at(prisons)
        # Django's blank choice would show as a "- Select an option -" radio.
        scheme_type = self.fields["scheme_type"]
        assert isinstance(scheme_type, forms.ChoiceField)
        scheme_type.choices = SchemeType.choices
        for name in ("target_peer_supporters", "minimum_peer_supporters"):
            self.fields[name].validators.append(MinValueValidator(1))

        self.helper = govuk_helper("Save scheme" if creating else "Save changes")
        self.helper.layout = Layout(
            *(["prison"] if creating else []),
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.radios("scheme_type", legend_size=Size.SMALL),
            Field.textarea("purpose", rows=4),
            Field.textarea("target_group", rows=3),
            Field.text("partner_organisation", field_width=Fluid.TWO_THIRDS),
            "coordinator",
            Fieldset(
                Field.text("target_peer_supporters", field_width=4),
                Field.text("minimum_peer_supporters", field_width=4),
                legend="Number of peer supporters",
                legend_size=Size.SMALL,
            ),
            *([] if creating else ["version"]),
        )
        limit_free_text(self, {"purpose": "the purpose", "target_group": "the target group"})

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        target = cleaned.get("target_peer_supporters")
        minimum = cleaned.get("minimum_peer_supporters")
        if target is not None and minimum is not None and minimum > target:
            self.add_error(
                "minimum_peer_supporters",
                "The minimum number of peer supporters cannot be more than the target",
            )
        prison = cleaned.get("prison") if self.instance.pk is None else self.instance.prison
        name = cleaned.get("name")
        if prison is not None and name:
            clash = Scheme.objects.filter(prison=prison, name__iexact=name).exclude(
                pk=self.instance.pk
            )
            if clash.exists():
                self.add_error("name", f"{prison} already has a scheme called {name}")
        coordinator = cleaned.get("coordinator")
        if (
            prison is not None
            and coordinator is not None
            and not coordinator.memberships.filter(prison=prison, role=Role.COORDINATOR).exists()
        ):
            self.add_error("coordinator", f"Select a coordinator at {prison}")
        return cleaned

    def validate_unique(self) -> None:
        # Uniqueness and the number rules are checked in clean() with messages tied to
        # the right field; the database constraints stay as the last line of defence.
        pass

    def validate_constraints(self) -> None:
        pass


class SchemeFilterForm(forms.Form):
    """The scheme list's filters (GET). Invalid values are reported, not ignored."""

    prison: RecordChoiceField[Prison] = RecordChoiceField(
        queryset=Prison.objects.none(),
        required=False,
        empty_label="All prisons",
        error_messages={"invalid_choice": "Select a prison from the list"},
    )
    scheme_type = forms.ChoiceField(
        label="Type",
        required=False,
        choices=[("", "All types"), *SchemeType.choices],
        error_messages={"invalid_choice": "Select a type from the list"},
    )
    status = forms.ChoiceField(
        required=False,
        choices=[("", "All statuses"), *SchemeStatus.choices],
        error_messages={"invalid_choice": "Select a status from the list"},
    )

    def __init__(self, *args: Any, prisons: QuerySet[Prison], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        prison_field: forms.ModelChoiceField[Prison] = self.fields["prison"]  # type: ignore[assignment]
        prison_field.queryset = prisons
        # Each phase's list column adds its filter (the plan's state, from planning).
        for column in list_columns():
            self.fields[column.key] = forms.ChoiceField(
                label=column.label,
                required=False,
                choices=[("", column.empty_label), *column.choices],
                error_messages={"invalid_choice": "Select an option from the list"},
            )
        # The list page writes the selects itself; the helper is for the error summary.
        self.helper = govuk_helper(submit_label=None)

    def phase_fields(self) -> list[forms.BoundField]:
        """The phases' filters, in the order of their columns."""
        return [self[column.key] for column in list_columns()]

    def phase_filters(self) -> dict[str, str]:
        """The option chosen for each phase's column (valid forms only)."""
        return {column.key: self.cleaned_data.get(column.key, "") for column in list_columns()}
