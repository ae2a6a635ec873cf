"""The form of the preferential treatment check: the prison's population by group,
entered where the prison has no extract."""

from __future__ import annotations

from datetime import date
from typing import Any

from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms

from peersupport.forms import GovukDateField, VersionedForm, govuk_helper, whole_number_input
from schemes import phases

MAX_COUNT = 100000


class PopulationForm(VersionedForm):
    """How many people of each group the prison holds, dimension by dimension. A
    dimension left empty is not compared; those entered must add up to the same total
    (the service checks)."""

    def __init__(
        self,
        *args: Any,
        groups: dict[str, list[str]],
        counts: dict[str, dict[str, int]],
        as_of: date | None,
        version: int,
        today: date,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.groups = groups
        self.fields["as_of"] = GovukDateField(
            noun="the date the counts describe",
            latest=today,
            label="Date the counts describe",
            help_text=f"For example, {today:%-d %-m %Y}",
            initial=as_of,
        )
        fieldsets = []
        for key, label in phases.DIMENSIONS:
            names = []
            for index, group in enumerate(groups.get(key, [])):
                name = f"{key}-{index}"
                noun = f"the number of people in “{group}”"
                self.fields[name] = forms.IntegerField(
                    label=group,
                    required=False,
                    min_value=0,
                    max_value=MAX_COUNT,
                    widget=whole_number_input(),
                    initial=counts.get(key, {}).get(group),
                    error_messages={
                        "invalid": f"Enter {noun} as a whole number, like 120",
                        "min_value": f"{noun[0].upper()}{noun[1:]} must be 0 or more",
                        "max_value": f"{noun[0].upper()}{noun[1:]} must be {MAX_COUNT:,} or fewer",
                    },
                )
                names.append(Field.text(name, field_width=5))
            fieldsets.append(Fieldset(*names, legend=label, legend_size=Size.MEDIUM))
        self.add_version(version)
        self.helper = govuk_helper("Save population counts")
        self.helper.layout = Layout("as_of", *fieldsets, "version")

    def counts(self) -> dict[str, dict[str, int]]:
        """The entered counts by dimension and group; a dimension with none is left out
        and an empty box in one entered is 0."""
        found: dict[str, dict[str, int]] = {}
        for key, _ in phases.DIMENSIONS:
            values = {
                group: self.cleaned_data.get(f"{key}-{index}")
                for index, group in enumerate(self.groups.get(key, []))
            }
            if any(value is not None for value in values.values()):
                found[key] = {group: value or 0 for group, value in values.items()}
        return found
