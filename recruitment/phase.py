"""Recruitment as the registry sees it: phase 2, "Recruitment and implementation".

Its records (peer supporters, training, supervision, contingency plans) come with the
recruitment issue; until then the phase shows the guidance's checklist: as tasks that
cannot start yet while the scheme is planned, and as a reminder list once it runs.
"""

from __future__ import annotations

from schemes.models import SchemeStatus
from schemes.overview import task
from schemes.phases import OverviewContext, Phase, PhaseOverview
from schemes.rules import TaskStatus

from .composition import composition, composition_many

CHECKLIST = (
    "Recruit transparently; consider individual suitability; and turnover of peer "
    "supporters (sentence length)",
    "Train peer supporters with core skills – communication, problem solving, and "
    "specific needs of the scheme",
    "Allow time for practice",
    "Grow the scheme steadily: consider a probationary period and advertise to users.",
    "Set up supervision for staff and peer supporters",
    "Have emergency and contingency plans in place",
)


def overview(context: OverviewContext) -> PhaseOverview:
    """No queries: the checklist, by the scheme's status."""
    if context.scheme.status == SchemeStatus.PLANNING:
        return PhaseOverview(
            tasks=[task(item, TaskStatus.CANNOT_START, None) for item in CHECKLIST]
        )
    return PhaseOverview(reminders=list(CHECKLIST))


RECRUITMENT = Phase(
    number=2,
    slug="recruitment",
    title="Recruitment and implementation",
    summary="Give the scheme time to embed itself",
    checklist=CHECKLIST,
    overview=overview,
    composition=composition,
    composition_many=composition_many,
)
