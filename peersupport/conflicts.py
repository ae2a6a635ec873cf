"""The 409 page: somebody else saved the record after this user opened its form.

The service refused the save (``StaleEditError``, see ``schemes.services.versioning``),
so nothing was overwritten. The page is the record's own form again: it keeps what the
user typed, says why it was not saved, shows what is saved now (``saved``, rendered by
``components/_saved_now.html``) and carries the version saved now, so saving again is
a deliberate choice. The form page's own back link still leads to the record.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

STALE_MESSAGE = (
    "Somebody else changed this {what} after you opened this page. Your changes have not "
    "been saved. Check what is saved now, then save your changes again."
)

SavedRows = Sequence[tuple[str, str]]


def stale_form[F: forms.BaseForm](
    request: HttpRequest,
    make_form: Callable[[QueryDict], F],
    version: int | str,
    *,
    what: str = "record",
    message: str | None = None,
    field: str = "version",
) -> F:
    """The form made again from what the user posted, with the version saved now in
    its hidden ``field``, validated (so its own errors show too) and with the reason
    nothing was saved at the top of the error summary.

    ``what`` names the record in the standard message ("Somebody else changed this
    round ..."); ``message`` replaces that message. For a page that is more than the
    form; otherwise ``render_conflict`` makes the whole 409 page.
    """
    data = request.POST.copy()
    data[field] = str(version)
    form = make_form(data)
    form.is_valid()
    form.add_error(None, message or STALE_MESSAGE.format(what=what))
    return form


def render_conflict(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    make_form: Callable[[QueryDict], forms.BaseForm],
    version: int | str,
    saved: SavedRows | None,
    what: str = "record",
    message: str | None = None,
    field: str = "version",
) -> HttpResponse:
    """Answer 409 with the record's form page (``template``, with ``context``), the
    user's input in the form ``make_form`` makes (see ``stale_form``), and the values
    ``saved`` now. Read ``saved`` before calling: validating a ModelForm writes the
    typed values onto its instance.
    """
    form = stale_form(request, make_form, version, what=what, message=message, field=field)
    return render(request, template, {**context, "form": form, "saved": saved}, status=409)
