"""Feedback survey pages under /schemes/<pk>/monitoring/feedback/ (namespace
"monitoring": appended to monitoring/urls.py)."""

from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("<int:pk>/monitoring/feedback/", views.feedback_view, name="feedback"),
    path("<int:pk>/monitoring/feedback/new/", views.feedback_round_add_view, name="feedback-add"),
    path(
        "<int:pk>/monitoring/feedback/<int:feedback_round_id>/",
        views.feedback_round_view,
        name="feedback-round",
    ),
    path(
        "<int:pk>/monitoring/feedback/<int:feedback_round_id>/responses/new/",
        views.feedback_response_add_view,
        name="feedback-response-add",
    ),
    path(
        "<int:pk>/monitoring/feedback/<int:feedback_round_id>/close/",
        views.feedback_round_close_view,
        name="feedback-close",
    ),
]
