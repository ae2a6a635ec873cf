"""The shared pieces of a stale edit: the versioned form and the 409 page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.test import RequestFactory

from peersupport.conflicts import STALE_MESSAGE, render_conflict, stale_form
from peersupport.forms import VersionedForm


class NameForm(VersionedForm):
    name = forms.CharField(max_length=5)

    def __init__(self, *args: Any, version: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_version(version)


def posted(rf: RequestFactory, **data: str) -> HttpRequest:
    request = rf.post("/", data)
    request.user = AnonymousUser()
    return request


def test_a_versioned_form_carries_the_version_hidden_and_leaves_it_out_of_the_fields() -> None:
    form = NameForm({"name": "Ann", "version": "3"}, version=3)
    assert 'type="hidden" name="version" value="3"' in str(form["version"])
    assert form.is_valid()
    assert form.expected_version() == 3
    assert form.service_fields() == {"name": "Ann"}


def test_a_missing_version_is_0_which_no_saved_record_has() -> None:
    form = NameForm({"name": "Ann"}, version=3)
    assert form.is_valid()
    assert form.expected_version() == 0


def test_the_stale_form_keeps_what_was_typed_with_the_version_saved_now(
    rf: RequestFactory,
) -> None:
    request = posted(rf, name="Bob", version="3")
    form = stale_form(request, lambda data: NameForm(data, version=0), 4, what="round")
    assert form["name"].value() == "Bob"
    assert form["version"].value() == "4"
    assert form.expected_version() == 4
    assert form.non_field_errors() == [STALE_MESSAGE.format(what="round")]
    assert str(form.non_field_errors()[0]).startswith(
        "Somebody else changed this round after you opened this page. Your changes have not "
        "been saved."
    )


def test_the_stale_form_shows_its_own_errors_too_and_may_say_something_else(
    rf: RequestFactory,
) -> None:
    request = posted(rf, name="Far too long", version="3")
    form = stale_form(
        request, lambda data: NameForm(data, version=0), 4, message="Somebody counted first"
    )
    assert "name" in form.errors
    assert form.non_field_errors() == ["Somebody counted first"]


def test_the_stale_form_can_carry_another_hidden_field(rf: RequestFactory) -> None:
    class RenameForm(forms.Form):
        name = forms.CharField()
        expected_name = forms.CharField(widget=forms.HiddenInput, required=False)

    request = posted(rf, name="Security team", expected_name="Security")
    form = stale_form(request, RenameForm, "Safer custody", field="expected_name")
    assert form["expected_name"].value() == "Safer custody"
    assert form["name"].value() == "Security team"


def test_the_conflict_page_answers_409_with_what_is_saved_now(rf: RequestFactory) -> None:
    request = posted(rf, name="Bob", version="3")
    response = render_conflict(
        request,
        "components/_saved_now.html",
        {},
        make_form=lambda data: NameForm(data, version=0),
        version=4,
        saved=[("Name", "Ann"), ("Notes", "First line\nSecond line")],
        what="round",
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "What is saved now" in html
    assert '<dd class="govuk-summary-list__value">Ann</dd>' in html
    assert "First line<br>Second line" in html


def test_the_conflict_page_without_saved_values_shows_no_empty_box(rf: RequestFactory) -> None:
    request = posted(rf, name="Bob", version="3")
    response = render_conflict(
        request,
        "components/_saved_now.html",
        {},
        make_form=lambda data: NameForm(data, version=0),
        version=4,
        saved=None,
    )
    assert response.status_code == 409
    assert "What is saved now" not in response.content.decode()
