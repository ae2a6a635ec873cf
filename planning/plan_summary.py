"""What the planning pages show of a plan: answers by task, list records, objectives.

Read-side helpers shared by the checklist, the task pages, check-your-answers, the
governor's decision and the printable summary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.template.defaultfilters import floatformat

from peersupport.words import plural
from schemes.models import SmartObjective, Stakeholder

from . import rules
from .forms import REVIEW_CADENCES
from .models import (
    AccessRoute,
    Day,
    Pay,
    Plan,
    PlanDecision,
    PlanDecisionKind,
    PlanTask,
    Resource,
)
from .versions import PlanContents, snapshot_contents

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
class Change:
    """An answer that differs between two versions of the plan."""

    task: str
    task_title: str
    question: str
    before: str
    after: str


@dataclass(frozen=True)
class TaskSummary:
    """A task's saved answers, for the summary lists of the check and print pages."""

    task: str
    title: str
    status: rules.TaskStatus
    answers: list[Answer] = field(default_factory=list)
    # The answers that differ from the version compared with (check and decision pages).
    changes: list[Change] = field(default_factory=list)


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
            answer("training_hours", plural(hours, "hour") if hours else ""),
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
    contents: PlanContents
    # What the changes are measured against, in words ("approved version 1").
    compared_with: str = ""

    @property
    def changed(self) -> bool:
        return any(summary.changes for summary in self.summaries)


def plan_records(plan: Plan, today: date, *, compare_with_version: bool = False) -> PlanRecords:
    """Four queries: the resources, stakeholders, objectives and decisions (with the
    submissions they decided on). The counts are taken from the lists fetched, not
    counted again. With ``compare_with_version``, an amendment's tasks say which
    answers differ from the approved version in force."""
    resources = list(plan.resources.all())
    stakeholders = list(Stakeholder.objects.filter(scheme_id=plan.scheme_id))
    objectives = objective_items(plan, today)
    contents = PlanContents(
        plan=plan,
        resources=resources,
        stakeholders=stakeholders,
        objectives=[item.objective for item in objectives],
    )
    decisions = list(plan.decisions.select_related("decided_by", "submission__submitted_by"))
    compare, compared_with = None, ""
    in_force = version_in_force(plan, decisions)
    if compare_with_version and plan.is_amendment and in_force is not None:
        assert in_force.submission is not None
        compare = snapshot_contents(in_force.submission.answers, plan.scheme)
        compared_with = f"approved version {in_force.version_number}"
    return contents_records(
        contents,
        objectives=objectives,
        decisions=decisions,
        compare=compare,
        compared_with=compared_with,
    )


def contents_records(
    contents: PlanContents,
    *,
    objectives: list[ObjectiveItem] | None = None,
    decisions: list[PlanDecision] | None = None,
    compare: PlanContents | None = None,
    compared_with: str = "",
) -> PlanRecords:
    """The summaries of a plan's contents (live or a version), with no queries.
    Without ``objectives`` (a version), its objectives are shown as they were approved."""
    plan = contents.plan
    if objectives is None:
        objectives = [ObjectiveItem(objective, []) for objective in contents.objectives]
    counts = rules.PlanCounts(
        resources=len(contents.resources),
        stakeholders=len(contents.stakeholders),
        objectives=len(objectives),
        objectives_not_smart=sum(1 for item in objectives if item.problems),
    )
    changes = plan_changes(compare, contents) if compare is not None else {}
    return PlanRecords(
        counts=counts,
        resources=contents.resources,
        stakeholders=contents.stakeholders,
        objectives=objectives,
        summaries=[
            TaskSummary(
                task=task.value,
                title=task.label,
                status=rules.task_status(plan, task, counts),
                answers=task_answers(plan, task),
                changes=changes.get(task.value, []),
            )
            for task in PlanTask
        ],
        decisions=decisions or [],
        contents=contents,
        compared_with=compared_with,
    )


def version_in_force(plan: Plan, decisions: list[PlanDecision]) -> PlanDecision | None:
    """The approval that made the version in force, with its answers (none: the plan
    was never approved, or was approved before submissions were kept)."""
    for decision in decisions:
        if (
            plan.approved_version
            and decision.version_number == plan.approved_version
            and decision.submission is not None
        ):
            return decision
    return None


def changes_since_return(records: PlanRecords) -> tuple[PlanDecision | None, list[Change]]:
    """For a plan sent back after a governor returned it: that decision, and each
    answer that differs from what was returned (none: the last decision was not a
    return)."""
    returned = records.decisions[0] if records.decisions else None
    if returned is None or returned.decision != PlanDecisionKind.RETURNED:
        return None, []
    if returned.submission is None:
        return returned, []
    then = snapshot_contents(returned.submission.answers, records.contents.plan.scheme)
    changes = plan_changes(then, records.contents)
    return returned, [change for task in PlanTask for change in changes.get(task.value, [])]


# --- what changed between two versions --------------------------------------------------


def _resource_line(resource: Resource) -> str:
    confirmed = "confirmed" if resource.confirmed else "not confirmed"
    return (
        f"{resource.get_kind_display()}: {resource.description}, "
        f"{resource.amount_display} ({confirmed})"
    )


def _stakeholder_line(stakeholder: Stakeholder) -> str:
    return (
        f"{stakeholder.name} ({stakeholder.get_kind_display()}). Interest: "
        f"{stakeholder.interest} Engagement: {stakeholder.engagement}"
    )


def _objective_line(objective: SmartObjective) -> str:
    unit = f" {objective.unit}" if objective.unit else ""
    return (
        f"{objective.indicator}: from {floatformat(objective.baseline, '-2g')}{unit} "
        f"to {floatformat(objective.target, '-2g')}{unit} by {objective.deadline:%-d %B %Y}. "
        f"{objective.relevance}"
    )


def comparable_answers(contents: PlanContents) -> dict[str, list[Answer]]:
    """Every task's answers in words, its lists one line per record, to compare."""

    def lines(values: list[str]) -> str:
        return "\n".join(values) or "None"

    answers = {task.value: task_answers(contents.plan, task) for task in PlanTask}
    answers[PlanTask.RESOURCES] = [
        Answer("Resources", lines([_resource_line(r) for r in contents.resources]))
    ]
    answers[PlanTask.STAKEHOLDERS] = [
        Answer("Stakeholders", lines([_stakeholder_line(s) for s in contents.stakeholders]))
    ]
    answers[PlanTask.IMPACT].append(
        Answer("SMART objectives", lines([_objective_line(o) for o in contents.objectives]))
    )
    return answers


def plan_changes(before: PlanContents, after: PlanContents) -> dict[str, list[Change]]:
    """The answers that differ between two versions, by task (no queries)."""
    was, now = comparable_answers(before), comparable_answers(after)
    changes: dict[str, list[Change]] = {}
    for task in PlanTask:
        earlier = {answer.question: answer.value for answer in was[task.value]}
        for answer in now[task.value]:
            old = earlier.get(answer.question, NOT_ANSWERED)
            if old != answer.value:
                changes.setdefault(task.value, []).append(
                    Change(task.value, task.label, answer.question, old, answer.value)
                )
    return changes


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
