"""Maintenance pages under /schemes/<pk>/maintenance/ (namespace "maintenance")."""

from django.urls import URLPattern, path

from . import views

app_name = "maintenance"

urlpatterns: list[URLPattern] = [
    path("<int:pk>/maintenance/", views.maintenance_view, name="index"),
    path("<int:pk>/maintenance/reviews/new/", views.review_add_view, name="review-add"),
    path(
        "<int:pk>/maintenance/reviews/<int:review_id>/",
        views.review_detail_view,
        name="review-detail",
    ),
    path(
        "<int:pk>/maintenance/reviews/<int:review_id>/change/",
        views.review_change_view,
        name="review-change",
    ),
    path(
        "<int:pk>/maintenance/reviews/<int:review_id>/actions/new/",
        views.review_action_add_view,
        name="review-action-add",
    ),
]
