"""Shared pieces for GOV.UK forms built with crispy-forms-gds."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms


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


def whole_number_input(attrs: dict[str, Any] | None = None) -> forms.TextInput:
    """GOV.UK asks for whole numbers in a text input with a numeric keypad.

    (A ``type=number`` input rounds, accepts "e" and scrolls on mouse wheel, and
    crispy-forms-gds gives it no error styling. A plain TextInput, not a subclass, so
    that the pack still adds ``govuk-input`` and ``govuk-input--error``.)
    """
    base = {"inputmode": "numeric", "spellcheck": "false", "class": "govuk-input--width-4"}
    return forms.TextInput(attrs={**base, **(attrs or {})})
