"""Template helpers for applications: the status tag's colour.

Usage: {% load recruitment_applications %}{% application_tag application.status %}
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from ..models import ApplicationStatus

register = template.Library()

COLOURS: dict[str, str] = {
    ApplicationStatus.APPLIED: "blue",
    ApplicationStatus.SHORTLISTED: "light-blue",
    ApplicationStatus.ASSESSED: "purple",
    ApplicationStatus.APPROVED: "green",
    ApplicationStatus.DECLINED: "red",
    ApplicationStatus.WITHDRAWN: "grey",
    ApplicationStatus.PLACED: "turquoise",
}


@register.simple_tag
def application_tag(status: str) -> SafeString:
    """A GOV.UK tag for an application's status."""
    label = ApplicationStatus(status).label if status in ApplicationStatus.values else status
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>', COLOURS.get(status, "grey"), label
    )
