"""Monitoring as the registry sees it: phase 4, "Monitoring and evaluation".

Its records (activity, feedback, risks, evaluations) come with the monitoring issue;
until then the phase shows whether the objectives set in planning are SMART (the
figure planning leaves in the overview's shared figures) and the guidance's checklist.
"""

from __future__ import annotations

from schemes.phases import OBJECTIVES, ObjectivesFigure, OverviewContext, Phase, PhaseOverview, Task

SMART_ITEM = "ensure objectives are SMART"
CHECKLIST = (
    "remain vigilant for possible risks to the scheme - for example, signs of negative "
    "attitudes to peer supporters or participants, preferential treatment by staff, or "
    "misuse of confidential information",
    "monitor attitudes towards prisoners using the scheme",
    "monitor attitudes towards the peer supporters",
    "monitor risks to confidentiality of personal information about users of the schemes",
    "evaluate – has it worked as intended?",
    SMART_ITEM,
    "ensure it runs long enough to achieve what it sets out to do",
    "use management information or feedback",
    "consider formal evaluation and adjust design and delivery according to findings",
)


def overview(context: OverviewContext) -> PhaseOverview:
    """No queries of its own: the objectives' figure comes from planning."""
    tasks: list[Task] = []
    figure = context.shared.get(OBJECTIVES)
    if isinstance(figure, ObjectivesFigure):
        count = figure.count
        tasks.append(
            Task(
                title="Ensure objectives are SMART",
                status=figure.status,
                colour=figure.colour,
                href=figure.href,
                hint=f"{count} objective{'s' if count != 1 else ''} set in planning",
            )
        )
    return PhaseOverview(tasks=tasks, reminders=[item for item in CHECKLIST if item != SMART_ITEM])


MONITORING = Phase(
    number=4,
    slug="monitoring",
    title="Monitoring and evaluation",
    summary="Understand if it is working, and adjust",
    checklist=CHECKLIST,
    overview=overview,
)
