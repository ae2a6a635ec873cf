"""Planning pages under /schemes/<pk>/planning/ (namespace "planning")."""

from django.urls import URLPattern, path

from . import views

app_name = "planning"

urlpatterns: list[URLPattern] = [
    path("<int:pk>/planning/", views.planning_view, name="index"),
    # Before the task pattern, which would take "check" for a task's name.
    path("<int:pk>/planning/check/", views.plan_check_view, name="check"),
    path("<int:pk>/planning/submitted/", views.plan_submitted_view, name="submitted"),
    path("<int:pk>/planning/decision/", views.plan_decision_view, name="decision"),
    path("<int:pk>/planning/amend/", views.plan_amend_view, name="amend"),
    path("<int:pk>/planning/<slug:task>/", views.plan_task_view, name="task"),
    path("<int:pk>/planning/<slug:task>/answers/", views.plan_answers_view, name="answers"),
    path("<int:pk>/planning/resources/add/", views.resource_form_view, name="resource-add"),
    path(
        "<int:pk>/planning/resources/<int:resource_id>/",
        views.resource_form_view,
        name="resource-change",
    ),
    path(
        "<int:pk>/planning/resources/<int:resource_id>/remove/",
        views.resource_remove_view,
        name="resource-remove",
    ),
    path(
        "<int:pk>/planning/stakeholders/add/", views.stakeholder_form_view, name="stakeholder-add"
    ),
    path(
        "<int:pk>/planning/stakeholders/<int:stakeholder_id>/",
        views.stakeholder_form_view,
        name="stakeholder-change",
    ),
    path(
        "<int:pk>/planning/stakeholders/<int:stakeholder_id>/remove/",
        views.stakeholder_remove_view,
        name="stakeholder-remove",
    ),
    path("<int:pk>/planning/objectives/add/", views.objective_form_view, name="objective-add"),
    path(
        "<int:pk>/planning/objectives/<int:objective_id>/",
        views.objective_form_view,
        name="objective-change",
    ),
    path(
        "<int:pk>/planning/objectives/<int:objective_id>/remove/",
        views.objective_remove_view,
        name="objective-remove",
    ),
    path("<int:pk>/plan/print/", views.plan_print_view, name="print"),
    path("<int:pk>/plan/versions/<int:number>/", views.plan_version_view, name="version"),
]
