"""Shared pieces for GOV.UK forms built with crispy-forms-gds."""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db.models import Model
from django.http import HttpRequest

from .text import LONG_TEXT, SHORT_TEXT, too_long_message


def govuk_helper(submit_label: str | None = "Continue", **button_kwargs: Any) -> FormHelper:
    """A helper that leaves validation to the server, so GOV.UK error messages show.

    Browsers' own validation bubbles are neither accessible nor in GOV.UK style, hence
    ``novalidate``; the form tag is written by the template so that each page decides
    its own buttons and hidden fields.
    """
    helper = FormHelper()
    helper.form_tag = False
    helper.attrs = {"novalidate": ""}
    if submit_label:
        helper.add_input(Submit("submit", submit_label, **button_kwargs))
    return helper


def limit_free_text(form: forms.BaseForm, nouns: dict[str, str] | None = None) -> None:
    """Give every free-text field of ``form`` a maximum length and GOV.UK's message for
    an answer beyond it, "Reason must be 2,000 characters or fewer".

    A text input holds a phrase (SHORT_TEXT, or its model field's own limit); a textarea
    holds an answer in sentences (LONG_TEXT) and shows the GOV.UK character count
    (templates/gds/field.html). ``nouns`` name a field in the message where its label is
    a question ("Why is the scheme needed?": "the need"); otherwise the label is used.
    Call at the end of the form's ``__init__``. Passwords are not free text: left alone.
    """
    nouns = nouns or {}
    for name, field in form.fields.items():
        widget = field.widget
        if not isinstance(field, forms.CharField) or isinstance(
            widget, forms.PasswordInput | forms.HiddenInput
        ):
            continue
        long = isinstance(widget, forms.Textarea)
        limit = field.max_length or (LONG_TEXT if long else SHORT_TEXT)
        if field.max_length is None:
            field.max_length = limit
            field.validators.append(MaxLengthValidator(limit))
        noun = nouns.get(name) or str(field.label or name).removesuffix(" (optional)")
        field.error_messages.setdefault("max_length", too_long_message(noun, limit))
        if long:
            # The character count tells the user as they type; maxlength would cut off
            # a pasted answer without a word.
            widget.attrs.pop("maxlength", None)
            classes = widget.attrs.get("class", "")
            if "govuk-js-character-count" not in classes:
                widget.attrs["class"] = f"{classes} govuk-js-character-count".strip()
            # crispy-forms-gds appends the count's "-info" id to this attribute.
            widget.attrs.setdefault("aria-describedby", "")
        else:
            widget.attrs["maxlength"] = str(limit)


def whole_number_input(attrs: dict[str, Any] | None = None) -> forms.TextInput:
    """GOV.UK asks for whole numbers in a text input with a numeric keypad.

    (A ``type=number`` input rounds, accepts "e" and scrolls on mouse wheel, and
    crispy-forms-gds gives it no error styling. A plain TextInput, not a subclass, so
    that the pack still adds ``govuk-input`` and ``govuk-input--error``.)
    """
    base = {"inputmode": "numeric", "spellcheck": "false", "class": "govuk-input--width-4"}
    return forms.TextInput(attrs={**base, **(attrs or {})})


class GovukDateField(DateInputField):
    """The GOV.UK date input with the design system's error messages.

    ``noun`` names the date in a sentence ("the date of the meeting"). A missing part
    is tied to its own input (the error summary links to it); an error about the whole
    date, such as one that is not a real date, marks all three inputs.
    """

    def __init__(self, *, noun: str, latest: date | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.noun = noun
        self.latest = latest
        self.latest_message = f"{noun[0].upper()}{noun[1:]} must be today or in the past"
        self.error_messages["required"] = f"Enter {noun}"
        # GOV.UK's date input asks for digits: a numeric keypad on phones.
        for part in self.widget.widgets:
            part.attrs["inputmode"] = "numeric"

    def _sentence(self, rest: str) -> str:
        return f"{self.noun[0].upper()}{self.noun[1:]} {rest}"

    def clean(self, value: Any) -> date | None:
        parts = list(value) if isinstance(value, list | tuple) else []
        parts = [str(part or "").strip() for part in [*parts, "", "", ""][:3]]
        for subfield in self.fields:
            subfield.widget.errors = []
        if not any(parts):
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        names = ("day", "month", "year")
        missing = [name for name, part in zip(names, parts, strict=True) if not part]
        if missing:
            message = self._sentence(f"must include a {' and '.join(missing)}")
            self.fields[names.index(missing[0])].widget.errors = [message]
            raise ValidationError(message, code="incomplete")
        day, month, year = parts
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ValidationError(self._sentence("must be a real date"), code="invalid")
        if len(year) != 4:
            message = "Year must include 4 numbers"
            self.fields[2].widget.errors = [message]
            raise ValidationError(message, code="invalid_year")
        try:
            cleaned = date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            # OverflowError: a day or month beyond what the machine's C int holds
            # ("9999999999999999999"), which a tampered form can send.
            raise ValidationError(self._sentence("must be a real date"), code="invalid") from None
        if self.latest is not None and cleaned > self.latest:
            raise ValidationError(self.latest_message, code="future")
        return cleaned


# The largest id a database row can have (a 64-bit BigAutoField).
LARGEST_ID = 2**63 - 1
_M = TypeVar("_M", bound=Model)


def is_record_id(value: object) -> bool:
    """Whether a submitted value could be a row's id at all."""
    text = str(value).strip()
    return text.isascii() and text.isdigit() and 0 < int(text) <= LARGEST_ID


class RecordChoiceField(forms.ModelChoiceField[_M]):
    """A ModelChoiceField that refuses a value which cannot be an id before querying.

    A tampered form can send any text; a number beyond 64 bits made SQLite raise
    OverflowError (a 500) instead of the field's "Select ..." message.
    """

    def to_python(self, value: Any) -> _M | None:
        if value not in self.empty_values and not is_record_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class RecordMultipleChoiceField(forms.ModelMultipleChoiceField[_M]):
    """A ModelMultipleChoiceField with RecordChoiceField's check on every value."""

    def _check_values(self, value: Any) -> Any:
        for pk in value:
            if not is_record_id(pk):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)  # type: ignore[misc]


def apply_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field where the form has
    one, otherwise in the error summary."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def posted(request: HttpRequest) -> Any:
    """The POST data on a POST (even an empty one, so it is validated), else None."""
    return request.POST if request.method == "POST" else None


class VersionedMixin:
    """A form that carries, hidden, the version of the record the user opened, so that
    the service can refuse a save made from a stale copy (``StaleEditError``, a 409
    page: see ``peersupport.conflicts``).

    Mix it into a ModelForm (``class F(VersionedMixin, forms.ModelForm[M])``); a plain
    form uses ``VersionedForm``. Call ``add_version`` in ``__init__`` and put
    ``"version"`` in the layout.
    """

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def add_version(self, version: int) -> None:
        """Add the hidden field carrying ``version``."""
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput, required=False, initial=version
        )

    def expected_version(self) -> int:
        """The version the user changed (0, never a real one, if missing)."""
        version: int | None = self.cleaned_data.get("version")
        return version or 0

    def service_fields(self) -> dict[str, Any]:
        """The cleaned answers without the version, as the service takes them."""
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class VersionedForm(VersionedMixin, forms.Form):
    """A plain form that carries the version of the record it changes."""
