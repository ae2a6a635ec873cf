"""The scheme page's overview: every registered phase as a GOV.UK task list.

The phases (schemes.phases) say what they show; this module only puts them in order
and gathers their notices and links. Each phase keeps its own queries fixed, so the
page's query count does not grow with the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from accounts.access import AnyUser, Permission, can
from accounts.models import User
from peersupport.http import route_filler

from . import phases, rules
from .models import Action, ActionStatus, Scheme
from .phases import Notice, OverviewContext, PhaseOverview, Task
from .services.access import may_update_action

ACTIONS_PER_PAGE = 25


@dataclass(frozen=True)
class PhaseSection:
    """One phase as the overview shows it."""

    number: int
    title: str
    summary: str
    tasks: list[Task] = field(default_factory=list)
    reminders: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Overview:
    phases: list[PhaseSection]
    notices: list[Notice]
    links: list[tuple[str, str]]


def scheme_overview(scheme: Scheme, user: AnyUser, today: date) -> Overview:
    """Everything the scheme page shows about the phases, for this user today."""
    context = OverviewContext(
        scheme=scheme,
        user=user,
        today=today,
        may_change=can(user, Permission.CHANGE, scheme.prison_id),
        may_see_people=can(user, Permission.VIEW_PERSONAL, scheme.prison_id),
    )
    sections: list[PhaseSection] = []
    notices: list[Notice] = []
    links: list[tuple[str, str]] = []
    for phase in phases.phases():
        part = (
            phase.overview(context)
            if phase.overview is not None
            else PhaseOverview(reminders=list(phase.checklist))
        )
        sections.append(
            PhaseSection(phase.number, phase.title, phase.summary, part.tasks, part.reminders)
        )
        notices += part.notices
        links += part.links
    return Overview(phases=sections, notices=notices, links=links)


# --- tags and due dates, shared with the maintenance pages ------------------------------


@dataclass(frozen=True)
class Tag:
    """A GOV.UK tag: its words and its colour (govuk-tag--<colour>)."""

    text: str
    colour: str


def action_tag(action: Action, today: date) -> Tag:
    """Overdue (red), Due soon (yellow), Done (green), otherwise To do (blue)."""
    state = rules.due_state(action.due_date, today, done=action.status == ActionStatus.DONE)
    assert state is not None  # an action always has a due date
    text = ActionStatus.OPEN.label if state == rules.DueState.SCHEDULED else str(state)
    return Tag(text, rules.DUE_STATE_TAG_COLOURS[state])


@dataclass(frozen=True)
class ActionRow:
    action: Action
    tag: Tag
    can_change: bool
    href: str | None  # the action's change page, where the user may change it
    scheme_href: str  # the scheme's maintenance page, where its actions are listed


def action_rows(actions: Any, user: User, today: date) -> list[ActionRow]:
    """The actions as table rows. No queries beyond the actions' own (roles are cached)."""
    change_url = route_filler("schemes:action-change", 2)
    scheme_url = route_filler("maintenance:index", 1)
    rows = []
    for action in actions:
        can_change = may_update_action(user, action)
        rows.append(
            ActionRow(
                action=action,
                tag=action_tag(action, today),
                can_change=can_change,
                href=change_url(action.scheme_id, action.pk) if can_change else None,
                scheme_href=scheme_url(action.scheme_id),
            )
        )
    return rows


def months(count: int) -> str:
    return "1 month" if count == 1 else f"{count} months"


def task(title: str, status: rules.TaskStatus, href: str | None, hint: str = "") -> Task:
    """A task-list row whose status is one of GOV.UK's task statuses."""
    return Task(
        title=title,
        status=status.value,
        colour=rules.TASK_STATUS_TAG_COLOURS[status],
        href=href,
        hint=hint,
    )
