"""What the planning pages show of a plan: answers by task, list records, objectives.

Read-side helpers shared by the checklist, the task pages, check-your-answers, the
governor's decision and the printable summary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from schemes.models import SmartObjective, Stakeholder

from . import rules
from .forms import REVIEW_CADENCES
from .models import AccessRoute, Day, Pay, Plan, PlanDecision, PlanTask, Resource

# --- what the pages show ----------------------------------------------------------------


@dataclass(frozen=True)
class TaskItem:
    """A row of the GOV.UK task list."""

    task: str
    title: str
    status: rules.TaskStatus
    tag_class: str
    href: str


@dataclass(frozen=True)
class Answer:
    question: str
    value: str


@dataclass(frozen=True)
class TaskSummary:
    """A task's saved answers, for the summary lists of the check and print pages."""

    task: str
    title: str
    status: rules.TaskStatus
    answers: list[Answer] = field(default_factory=list)


@dataclass(frozen=True)
class ObjectiveItem:
    objective: SmartObjective
    problems: list[str]


NOT_ANSWERED = "Not answered yet"


def _labels(values: list[str], choices: dict[str, str]) -> str:
    return ", ".join(choices.get(value, value) for value in values) or NOT_ANSWERED


def task_answers(plan: Plan, task: str) -> list[Answer]:
    """The task's answers in words (the list tasks' records are shown as tables)."""

    def answer(name: str, shown: object = None) -> Answer:
        value = getattr(plan, name) if shown is None else shown
        label = str(getattr(Plan._meta.get_field(name), "verbose_name", name))
        return Answer(label, NOT_ANSWERED if value in (None, "", []) else str(value))

    if task == PlanTask.NEED:
        return [answer("need"), answer("need_evidence"), answer("intended_outcomes")]
    if task == PlanTask.TARGET_GROUP:
        return [
            answer("target_group_who"),
            answer("target_group_size"),
            answer("target_group_needs"),
        ]
    if task == PlanTask.AVAILABILITY:
        return [
            answer("available_days", _labels(plan.available_days, dict(Day.choices))),
            answer("available_hours"),
            answer("locations"),
            answer("access_routes", _labels(plan.access_routes, dict(AccessRoute.choices))),
        ]
    if task == PlanTask.PEER_SUPPORTERS:
        pay = plan.get_pay_display()
        if plan.pay == Pay.PAID and plan.pay_band:
            pay = f"{pay}: {plan.pay_band}"
        hours = plan.training_hours
        return [
            answer("selection_route"),
            answer("training_provider"),
            answer("training_hours", f"{hours} hour{'' if hours == 1 else 's'}" if hours else ""),
            answer("supervision_frequency", plan.get_supervision_frequency_display()),
            answer("pay", pay),
        ]
    if task == PlanTask.IMPACT:
        cadence = dict(REVIEW_CADENCES).get(plan.scheme.review_cadence_months or 0, "")
        return [
            Answer("How often the scheme is reviewed", cadence or NOT_ANSWERED),
            answer("impact_evidence"),
        ]
    return []


@dataclass
class PlanRecords:
    """Everything a full plan summary shows: a fixed number of queries, whatever its size."""

    counts: rules.PlanCounts
    resources: list[Resource]
    stakeholders: list[Stakeholder]
    objectives: list[ObjectiveItem]
    summaries: list[TaskSummary]
    decisions: list[PlanDecision]


def plan_records(plan: Plan, today: date) -> PlanRecords:
    """Four queries: the resources, stakeholders, objectives and decisions. The counts
    are taken from the lists fetched, not counted again."""
    resources = list(plan.resources.all())
    stakeholders = list(Stakeholder.objects.filter(scheme_id=plan.scheme_id))
    objectives = objective_items(plan, today)
    counts = rules.PlanCounts(
        resources=len(resources),
        stakeholders=len(stakeholders),
        objectives=len(objectives),
        objectives_not_smart=sum(1 for item in objectives if item.problems),
    )
    return PlanRecords(
        counts=counts,
        resources=resources,
        stakeholders=stakeholders,
        objectives=objectives,
        summaries=[
            TaskSummary(
                task=task.value,
                title=task.label,
                status=rules.task_status(plan, task, counts),
                answers=task_answers(plan, task),
            )
            for task in PlanTask
        ],
        decisions=list(plan.decisions.select_related("decided_by")),
    )


def objective_items(plan: Plan, today: date) -> list[ObjectiveItem]:
    """The scheme's objectives, each with the SMART check's problems today."""
    return [
        ObjectiveItem(
            objective=objective,
            problems=list(
                rules.smart_problems(
                    indicator=objective.indicator,
                    relevance=objective.relevance,
                    baseline=objective.baseline,
                    target=objective.target,
                    deadline=objective.deadline,
                    scheme_need=plan.need,
                    today=today,
                ).values()
            ),
        )
        for objective in SmartObjective.objects.filter(scheme_id=plan.scheme_id)
    ]
