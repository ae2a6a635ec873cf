"""The shared record: the scheme, its lifecycle, and what several phases share."""

from .scheme import (
    STATUS_TAG_COLOURS,
    Scheme,
    SchemeQuerySet,
    SchemeStatus,
    SchemeTransition,
    SchemeType,
)
from .shared import (
    ACTION_TEXT,
    Action,
    ActionQuerySet,
    ActionSource,
    ActionStatus,
    SmartObjective,
    Stakeholder,
    StakeholderKind,
)

__all__ = [
    "ACTION_TEXT",
    "STATUS_TAG_COLOURS",
    "Action",
    "ActionQuerySet",
    "ActionSource",
    "ActionStatus",
    "Scheme",
    "SchemeQuerySet",
    "SchemeStatus",
    "SchemeTransition",
    "SchemeType",
    "SmartObjective",
    "Stakeholder",
    "StakeholderKind",
]
