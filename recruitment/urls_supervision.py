"""Supervision: /schemes/<pk>/recruitment/supervision/."""

from django.urls import URLPattern, path

from .views import supervision

urlpatterns: list[URLPattern] = [
    path(
        "schemes/<int:pk>/recruitment/supervision/",
        supervision.supervision_view,
        name="supervision",
    ),
    path(
        "schemes/<int:pk>/recruitment/supervision/new/",
        supervision.supervision_add_view,
        name="supervision-add",
    ),
    path(
        "schemes/<int:pk>/recruitment/supervision/<int:session_id>/",
        supervision.supervision_detail_view,
        name="supervision-detail",
    ),
]
