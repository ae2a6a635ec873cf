"""The prisoner register's filter and the upload of a prison's extract."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from accounts.models import Prison
from peersupport.forms import limit_free_text

from ..extract import MAX_BYTES, Extract, ExtractError, read_extract
from ..selectors.prisoners import RegisterFilter


class RegisterFilterForm(forms.Form):
    """The register's search (a name or a prison number) and who to list (GET)."""

    q = forms.CharField(label="Name or prison number", required=False, max_length=100)
    status = forms.ChoiceField(
        label="Show", choices=RegisterFilter.CHOICES, required=False, initial="in"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_free_text(self, {"q": "The search"})

    def filters(self) -> dict[str, str]:
        """The valid filters (everything that is not valid is left out)."""
        if not self.is_bound or not self.is_valid():
            return {"search": "", "status": RegisterFilter.IN_PRISON}
        return {
            "search": self.cleaned_data["q"].strip(),
            "status": self.cleaned_data["status"] or RegisterFilter.IN_PRISON,
        }


class ExtractUploadForm(forms.Form):
    """A CSV or XLSX extract of the prison's prisoners, read and checked row by row."""

    extract = forms.FileField(
        label="Upload the extract",
        error_messages={
            "required": "Select a CSV or XLSX file",
            "empty": "The selected file is empty",
            "invalid": "Select a CSV or XLSX file",
        },
    )

    def __init__(self, *args: Any, prison: Prison, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.prison = prison
        self.today = today
        self.checked: Extract | None = None

    def clean_extract(self) -> Any:
        upload = self.cleaned_data["extract"]
        if upload.size > MAX_BYTES:
            raise ValidationError("The selected file must be smaller than 10 MB")
        try:
            extract = read_extract(
                name=upload.name or "",
                data=upload.read(),
                prison_code=self.prison.code,
                today=self.today,
            )
        except ExtractError as error:
            raise ValidationError(str(error)) from None
        if not extract.rows:
            first = extract.refused[0] if extract.refused else None
            why = f" (row {first.line}: {first.reason})" if first else ""
            raise ValidationError(
                f"The selected file has no rows that can be imported for {self.prison.name}{why}"
            )
        self.checked = extract
        return upload
