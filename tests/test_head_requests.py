"""HEAD works wherever GET does (RFC 9110: a server that answers GET must answer HEAD).

Link checkers, proxies and monitoring send HEAD; Django's ``require_GET`` and
``require_http_methods(["GET"])`` refuse it with 405. Walks every URL pattern in
Django's resolver, as the permission matrix does, and compares HEAD's status with GET's
for an anonymous visitor, the coordinator and the administrator.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory

from accounts.models import User
from peersupport.http import require_http_methods
from tests.schemes.matrix_rows import Ids
from tests.test_permission_matrix import all_routes, concrete_path


def body(response: Any) -> bytes:
    """A response's body, streamed (the CSV downloads) or not."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_every_page_that_answers_get_answers_head_the_same(
    matrix_ids: Ids,
    coordinator: User,
    admin_user: User,
    client_for: Callable[[User | None], Client],
) -> None:
    wrong = []
    pages_with_a_body = 0
    for user in (None, coordinator, admin_user):
        client = client_for(user)
        for route in all_routes():
            if "logout" in route or "sign-out" in route:
                continue  # neither answers GET; a HEAD must not sign the user out either
            path = concrete_path(route, matrix_ids)
            get = client.get(path)
            head = client.head(path)
            # Django's admin sign-in page redirects a signed-in administrator only on GET.
            same = head.status_code == get.status_code or (
                route == "admin/login/" and head.status_code == 200
            )
            if not same:
                wrong.append(
                    f"{path} as {user or 'anonymous'}: GET {get.status_code}, "
                    f"HEAD {head.status_code}"
                )
            elif get.status_code == 200 and body(get):
                assert body(head) == b"", path
                pages_with_a_body += 1
    assert not wrong, "HEAD differs from GET:\n" + "\n".join(wrong)
    assert pages_with_a_body > 20


def test_the_views_decorator_lets_head_through_wherever_get_is_allowed(rf: RequestFactory) -> None:
    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse("the page")

    assert view(rf.get("/")).status_code == 200
    assert view(rf.head("/")).status_code == 200
    assert view(rf.post("/")).status_code == 200
    refused = view(rf.put("/"))
    assert refused.status_code == 405
    assert refused["Allow"] == "GET, POST, HEAD"


def test_the_views_decorator_keeps_head_out_where_get_is(rf: RequestFactory) -> None:
    @require_http_methods(["POST"])
    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse("done")

    assert view(rf.head("/")).status_code == 405
