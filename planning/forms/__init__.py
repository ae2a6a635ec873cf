"""Forms for the planning checklist: one short form per task, the list records
(resources, stakeholders, SMART objectives) and the governor's decision.

Every answer is optional while the coordinator saves and comes back later: what a task
needs before it is complete is the rule ``rules.missing_parts``, checked when they mark
it complete. The forms only refuse what cannot be saved at all (a word where a number
goes, a negative amount), each with a GOV.UK error message.
"""

from .common import (
    MISSING_PART_FIELDS,
    AmountField,
    RevealingQuestion,
    RevealingRadios,
    checkboxes,
    radios,
    text_messages,
)
from .decision import (
    PlanDecisionForm,
)
from .records import (
    SMART_PART_FIELDS,
    ResourceForm,
    SmartObjectiveForm,
    StakeholderForm,
    number_messages,
)
from .tasks import (
    REVIEW_CADENCES,
    TASK_FORMS,
    AvailabilityForm,
    ImpactForm,
    ListTaskForm,
    NeedForm,
    PeerSupportersForm,
    PlanTaskForm,
    TargetGroupForm,
    TaskForm,
    task_form,
)

__all__ = [
    "MISSING_PART_FIELDS",
    "REVIEW_CADENCES",
    "SMART_PART_FIELDS",
    "TASK_FORMS",
    "AmountField",
    "AvailabilityForm",
    "ImpactForm",
    "ListTaskForm",
    "NeedForm",
    "PeerSupportersForm",
    "PlanDecisionForm",
    "PlanTaskForm",
    "ResourceForm",
    "RevealingQuestion",
    "RevealingRadios",
    "SmartObjectiveForm",
    "StakeholderForm",
    "TargetGroupForm",
    "TaskForm",
    "checkboxes",
    "number_messages",
    "radios",
    "task_form",
    "text_messages",
]
