"""Planning pages: the checklist, one form per task, the list records, submitting the
plan, the governor's decision, the printable summary and the governors' list.

Every view starts with one access check (``get_scheme_for_user``, or the user's
prisons for the governors' list). A plan that is waiting for approval or approved
cannot change (until the coordinator amends it): its forms are not offered, and asking
for one shows that task's answers, read-only, with a banner saying why (not a 403:
the coordinator may change the plan, just not now).
"""

from .approval import (
    awaiting_approval_view,
    plan_check_view,
    plan_decision_view,
    plan_print_view,
    plan_submitted_view,
)
from .records import (
    objective_form_view,
    objective_remove_view,
    resource_form_view,
    resource_remove_view,
    stakeholder_form_view,
    stakeholder_remove_view,
)
from .tasks import plan_answers_view, plan_task_view, planning_view
from .versions import plan_amend_view, plan_version_view

__all__ = [
    "awaiting_approval_view",
    "objective_form_view",
    "objective_remove_view",
    "plan_amend_view",
    "plan_answers_view",
    "plan_check_view",
    "plan_decision_view",
    "plan_print_view",
    "plan_submitted_view",
    "plan_task_view",
    "plan_version_view",
    "planning_view",
    "resource_form_view",
    "resource_remove_view",
    "stakeholder_form_view",
    "stakeholder_remove_view",
]
