"""The shared record's pages under /schemes/ (namespace "schemes")."""

from django.urls import path

from .views import actions, history, scheme, status

app_name = "schemes"

urlpatterns = [
    path("", scheme.scheme_list_view, name="list"),
    path("new/", scheme.scheme_create_view, name="create"),
    path("<int:pk>/", scheme.scheme_detail_view, name="detail"),
    path("<int:pk>/edit/", scheme.scheme_edit_view, name="edit"),
    path("<int:pk>/actions/new/", actions.action_add_view, name="action-add"),
    path("<int:pk>/actions/<int:action_id>/", actions.action_change_view, name="action-change"),
    path("<int:pk>/history/", history.history_view, name="history"),
    path("<int:pk>/status/<slug:to_status>/", status.status_change_view, name="status-change"),
]
