"""Maintenance pages under /schemes/<pk>/ (namespace "schemes")."""

from django.urls import URLPattern, path

from .views import maintenance as views

urlpatterns: list[URLPattern] = [
    path("<int:pk>/maintenance/", views.maintenance_view, name="maintenance"),
    path("<int:pk>/maintenance/reviews/new/", views.review_add_view, name="review-add"),
    path(
        "<int:pk>/maintenance/reviews/<int:review_id>/",
        views.review_detail_view,
        name="review-detail",
    ),
    path("<int:pk>/actions/new/", views.action_add_view, name="action-add"),
    path("<int:pk>/actions/<int:action_id>/", views.action_change_view, name="action-change"),
    path("<int:pk>/history/", views.history_view, name="history"),
    path("<int:pk>/status/<slug:to_status>/", views.status_change_view, name="status-change"),
]
