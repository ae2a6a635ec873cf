"""Maintaining a scheme: review meetings, actions, the lifecycle's moves and the history.

"Maintain, support and resource the scheme" in the guidance. Every view asks
get_scheme_for_user first; people's names show only to users who may see them
(Action.VIEW_PERSONAL), never to the national analyst.
"""

from .actions import (
    action_add_view,
    action_change_view,
    action_list_view,
)
from .history import (
    history_view,
    scheme_history,
)
from .reviews import (
    maintenance_view,
    review_add_view,
    review_detail_view,
)
from .status import (
    status_change_view,
    status_moves,
)

__all__ = [
    "action_add_view",
    "action_change_view",
    "action_list_view",
    "history_view",
    "maintenance_view",
    "review_add_view",
    "review_detail_view",
    "scheme_history",
    "status_change_view",
    "status_moves",
]
