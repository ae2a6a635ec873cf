"""The phase's own pages: the recruitment page, the turnover forecast, and the
emergency and contingency plans."""

from django.urls import URLPattern, path

from .views import phase

urlpatterns: list[URLPattern] = [
    path("schemes/<int:pk>/recruitment/", phase.recruitment_view, name="index"),
    path("schemes/<int:pk>/recruitment/forecast/", phase.forecast_view, name="forecast"),
    path(
        "schemes/<int:pk>/recruitment/contingency/",
        phase.contingency_list_view,
        name="contingency",
    ),
    path(
        "schemes/<int:pk>/recruitment/contingency/new/",
        phase.contingency_add_view,
        name="contingency-add",
    ),
    path(
        "schemes/<int:pk>/recruitment/contingency/<int:plan_id>/change/",
        phase.contingency_change_view,
        name="contingency-change",
    ),
]
