"""The week grid: a wing's paper log sheet for one week, entered in one form.

One row per line of the sheet (15 by default, as the printed sheet has; up to 50),
plain inputs in the sheet's column order so that the keyboard's tab key goes along
each row. Blank rows are ignored. The sheet is saved all or nothing: if any row has a
problem, nothing is saved and every row is shown again as typed, with the error
summary linking to the first bad field of each bad row (activity_record_week).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.access import AuthenticatedRequest, Permission, can
from peersupport.http import require_http_methods
from schemes import phases
from schemes.models import Scheme
from schemes.phases import PeerSupporter
from schemes.selectors import get_scheme_for_user

from . import rules
from .services import ActivityLine, ActivityLinesError, activity_record_week

DEFAULT_ROWS = 15  # the printed sheet's lines
MAX_ROWS = 50
WEEKS_BACK = 8  # the weeks a user may pick: this one and the 7 before
TIME = re.compile(r"^([01]?[0-9]|2[0-3])[:.]?([0-5][0-9])$")
NUMBER = re.compile(r"^[0-9]{1,4}$")
# The columns in the sheet's (and the tab key's) order: (name, label).
COLUMNS = (
    ("day", "Day"),
    ("time", "Time"),
    ("location", "Location"),
    ("duration", "Minutes"),
    ("reached", "People reached"),
    ("outcomes", "Outcome codes"),
    ("supporter1", "Peer supporter"),
    ("supporter2", "Second peer supporter"),
)
# The most each text input of a row takes (its maxlength), and its noun in a message.
LIMITS = {
    "time": (5, "Time"),
    "location": (60, "Location"),
    "duration": (4, "Minutes"),
    "reached": (4, "People reached"),
    "outcomes": (20, "Outcome codes"),
}
# Which field of the row a service error about a model field belongs to.
SERVICE_FIELDS = {
    "occurred_at": "time",
    "location": "location",
    "duration_minutes": "duration",
    "people_reached": "reached",
    "outcomes": "outcomes",
    "peer_supporters": "supporter1",
}


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_choices(today: date) -> list[date]:
    first = week_start(today)
    return [first - timedelta(weeks=n) for n in range(WEEKS_BACK)]


def chosen_week(value: object, today: date) -> date:
    """The week asked for (an ISO date among the choices), else this week."""
    choices = week_choices(today)
    text = str(value or "")
    return next((week for week in choices if week.isoformat() == text), choices[0])


@dataclass
class GridRow:
    number: int
    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    line: ActivityLine | None = None

    @property
    def blank(self) -> bool:
        return not any(value.strip() for value in self.values.values())

    def first_error_field(self) -> str | None:
        return next((name for name, _ in COLUMNS if name in self.errors), None)

    def message(self) -> str:
        return ". ".join(self.errors[name] for name, _ in COLUMNS if name in self.errors)


def _value(data: QueryDict | None, name: str) -> str:
    if data is None:
        return ""
    return str(data.get(name, ""))


def parse_row(
    number: int,
    data: QueryDict | None,
    *,
    scheme: Scheme,
    week: date,
    roster_ids: set[int],
) -> GridRow:
    """One row as typed, checked for form (the rules are the service's)."""
    row = GridRow(number, {name: _value(data, f"r{number}-{name}") for name, _ in COLUMNS})
    if row.blank:
        return row
    v = {name: value.strip() for name, value in row.values.items()}
    errors = row.errors
    for name, (limit, noun) in LIMITS.items():
        if len(v[name]) > limit:
            errors[name] = f"{noun} must be {limit} characters or fewer"
            # Shown again as typed, but not thousands of characters of it.
            row.values[name] = row.values[name][:limit]
    if errors:
        return row
    day: date | None = None
    if not v["day"]:
        errors["day"] = "Select the day"
    elif v["day"].isascii() and v["day"].isdigit() and int(v["day"]) < 7:
        day = week + timedelta(days=int(v["day"]))
    else:
        errors["day"] = "Select a day of the week"
    moment: time | None = None
    match = TIME.match(v["time"]) if v["time"].isascii() else None
    if not v["time"]:
        errors["time"] = "Enter the time"
    elif match is None:
        errors["time"] = "Enter the time like 21:30"
    else:
        moment = time(int(match.group(1)), int(match.group(2)))
    if not v["location"]:
        errors["location"] = "Enter the location"
    numbers: dict[str, int] = {}
    for name, noun, low, high in (
        ("duration", "the minutes", rules.MIN_DURATION, rules.MAX_DURATION),
        ("reached", "the people reached", 0, rules.MAX_REACHED),
    ):
        text = v[name]
        if not text:
            errors[name] = f"Enter {noun}"
        elif not (text.isascii() and NUMBER.match(text)):
            errors[name] = f"Enter {noun} as a whole number"
        elif not low <= int(text) <= high:
            errors[name] = f"Enter {noun} between {low} and {high}"
        else:
            numbers[name] = int(text)
    choices = rules.outcome_choices(scheme.scheme_type)
    outcomes: list[str] = []
    parts = [part.strip() for part in re.split(r"[,\s]+", v["outcomes"]) if part.strip()]
    if not parts:
        errors["outcomes"] = "Enter at least one outcome code"
    elif all(p.isascii() and p.isdigit() and 1 <= int(p) <= len(choices) for p in parts):
        outcomes = sorted({choices[int(p) - 1][0] for p in parts})
    else:
        errors["outcomes"] = f"Enter outcome codes from 1 to {len(choices)}, like 1 or 1,2"
    supporters: list[int] = []
    for name in ("supporter1", "supporter2"):
        text = v[name]
        if not text:
            continue
        if text.isascii() and text.isdigit() and int(text) in roster_ids:
            supporters.append(int(text))
        else:
            errors[name] = "Select a peer supporter from the list"
    if day is not None and moment is not None and not errors:
        occurred_at = datetime.combine(day, moment, timezone.get_current_timezone())
        row.line = ActivityLine(
            occurred_at=occurred_at,
            location=v["location"],
            duration_minutes=numbers["duration"],
            people_reached=numbers["reached"],
            outcomes=tuple(outcomes),
            peer_supporter_ids=tuple(dict.fromkeys(supporters)),
        )
    return row


def _rows_count(value: object) -> int:
    text = str(value or "")
    if text.isascii() and text.isdigit():
        return min(max(int(text), DEFAULT_ROWS), MAX_ROWS)
    return DEFAULT_ROWS


@login_required
@require_http_methods(["GET", "POST"])
def activity_week_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Enter a week's paper log sheet: all rows saved, or none and all shown again."""
    scheme = get_scheme_for_user(request.user, pk, Permission.LOG)
    today = timezone.localdate()
    source = request.POST if request.method == "POST" else request.GET
    week = chosen_week(source.get("week"), today)
    count = _rows_count(source.get("rows"))
    roster: list[PeerSupporter] = phases.roster(scheme, today)
    roster_ids = {person.id for person in roster}
    data = request.POST if request.method == "POST" else None
    rows = [
        parse_row(n, data, scheme=scheme, week=week, roster_ids=roster_ids)
        for n in range(1, count + 1)
    ]
    problems: list[str] = []
    if request.method == "POST":
        filled = [row for row in rows if not row.blank]
        if not filled:
            problems.append("Fill in at least one line of the sheet")
        elif not any(row.errors for row in filled):
            try:
                saved = activity_record_week(
                    scheme=scheme,
                    by=request.user,
                    lines=[row.line for row in filled if row.line is not None],
                )
            except ActivityLinesError as error:
                for index, found in error.lines.items():
                    row = filled[index]
                    for name, message in found.items():
                        row.errors.setdefault(SERVICE_FIELDS.get(name, "time"), message)
            except ValidationError as error:
                problems.extend(error.messages)
            else:
                messages.success(
                    request,
                    f"{len(saved)} line{'s' if len(saved) != 1 else ''} of the sheet for the "
                    f"week beginning {week:%-d %B %Y} have been logged",
                )
                if can(request.user, Permission.VIEW_PERSONAL, scheme.prison_id):
                    return redirect("monitoring:activity", pk=scheme.pk)
                return redirect("monitoring:index", pk=scheme.pk)
    bad = [row for row in rows if row.errors]
    days = [(str(n), week + timedelta(days=n)) for n in range(7)]
    context: dict[str, Any] = {
        "scheme": scheme,
        "rows": rows,
        "bad": bad,
        "problems": problems,
        "week": week,
        "weeks": week_choices(today),
        "days": days,
        "count": count,
        "more": count < MAX_ROWS,
        "max_rows": MAX_ROWS,
        "outcomes": rules.outcome_choices(scheme.scheme_type),
        "roster": sorted(roster, key=lambda person: person.name),
        "confidential": rules.is_confidential(scheme.scheme_type),
    }
    return render(request, "monitoring/activity_week.html", context)
