"""Every page's <title> ends with the service's name (the page's, an en dash, then
"Peer Support Planner"), not "GOV.UK" (GOV.UK's own pages end so; this service is not
on GOV.UK); error pages too. A page with an error says so first ("Error: ...").

The browser tests check the title of every page they visit as well (tests/browser).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory

from accounts.models import User
from planning.models import PlanApproval
from schemes.models import Scheme
from tests.factories import SchemeFactory, complete_plan
from tests.schemes.matrix_rows import Ids
from tests.test_permission_matrix import all_routes, concrete_path

SERVICE = "Peer Support Planner"


def title(html: str) -> str:
    match = re.search(r"<title>(.*?)</title>", html, re.S)
    assert match, "the page has no <title>"
    return unescape(" ".join(match.group(1).split()))


def title_problem(path: str, html: str) -> str | None:
    text = title(html)
    if not text.endswith(f" – {SERVICE}") or "GOV.UK" in text or text.startswith(" –"):
        return f"{path}: {text!r}"
    return None


def test_every_page_title_ends_with_the_services_name(
    form_ids: Ids,
    scheme: Scheme,
    coordinator: User,
    governor: User,
    staff: User,
    client_for: Callable[[User | None], Client],
) -> None:
    awaiting = SchemeFactory(prison=scheme.prison, name="Insiders")
    complete_plan(awaiting, approval=PlanApproval.SUBMITTED)
    problems, seen = [], 0
    for user in (coordinator, governor, staff, None):
        client = client_for(user)
        for route in all_routes():
            if route.startswith("admin/") or route == "sign-out/":
                continue
            for path_ids in (form_ids, {**form_ids, "pk": awaiting.pk}):
                path = concrete_path(route, path_ids)
                response = client.get(path)
                if response.get("Content-Type", "").startswith("text/html") and (
                    response.status_code in (200, 403, 404)
                ):
                    seen += 1
                    problems.append(title_problem(path, response.content.decode()))
    assert seen > 50
    assert not [p for p in problems if p], "\n".join(p for p in problems if p)


def test_a_page_with_an_error_says_so_in_its_title(
    scheme: Scheme, coordinator: User, client_for: Callable[[User | None], Client]
) -> None:
    html = (
        client_for(coordinator)
        .post(f"/schemes/{scheme.pk}/edit/", {"version": scheme.version})
        .content.decode()
    )
    assert title(html) == f"Error: Change Listeners – {SERVICE}"


@pytest.mark.parametrize("template", ["400", "403", "404", "500", "csrf"])
def test_the_error_pages_titles_end_with_the_services_name(template: str, db: None) -> None:
    request = RequestFactory().get("/")
    html = render_to_string(f"errors/{template}.html", request=request)
    assert title_problem(template, html) is None


def test_the_admin_titles_end_with_the_services_name(client: Client) -> None:
    html = client.get("/admin/login/").content.decode()
    assert title(html).endswith(f"| {SERVICE}")
