"""Monitoring pages under /schemes/<pk>/monitoring/ (namespace "monitoring")."""

from django.urls import URLPattern, path

from . import returns_views, views, views_equality, views_pack, week

app_name = "monitoring"

urlpatterns: list[URLPattern] = [
    path("<int:pk>/monitoring/", views.monitoring_view, name="index"),
    path("<int:pk>/monitoring/activity/", views.activity_log_view, name="activity"),
    path("<int:pk>/monitoring/activity/new/", views.activity_add_view, name="activity-add"),
    path("<int:pk>/monitoring/activity/sheet/", views.activity_sheet_view, name="activity-sheet"),
    path("<int:pk>/monitoring/activity/week/", week.activity_week_view, name="activity-week"),
    path(
        "<int:pk>/monitoring/activity/<int:activity_id>/change/",
        views.activity_change_view,
        name="activity-change",
    ),
    path("<int:pk>/monitoring/debriefs/new/", views.debrief_add_view, name="debrief-add"),
    path(
        "<int:pk>/monitoring/debriefs/thresholds/",
        views.debrief_thresholds_view,
        name="debrief-thresholds",
    ),
    path("<int:pk>/monitoring/risks/", views.risks_view, name="risks"),
    path("<int:pk>/monitoring/risks/new/", views.risk_add_view, name="risk-add"),
    path("<int:pk>/monitoring/risks/<int:risk_id>/", views.risk_detail_view, name="risk-detail"),
    path(
        "<int:pk>/monitoring/risks/<int:risk_id>/change/",
        views.risk_change_view,
        name="risk-change",
    ),
    path(
        "<int:pk>/monitoring/risks/<int:risk_id>/incidents/new/",
        views.incident_add_view,
        name="incident-add",
    ),
    path("<int:pk>/monitoring/equality/", views_equality.equality_view, name="equality"),
    path(
        "<int:pk>/monitoring/equality/raise-risk/",
        views_equality.equality_raise_view,
        name="equality-raise",
    ),
    path(
        "<int:pk>/monitoring/equality/population/",
        views_equality.population_view,
        name="equality-population",
    ),
]

from .feedback import urls as feedback_urls  # noqa: E402

urlpatterns += feedback_urls.urlpatterns
# Indicators, monthly returns and evaluations (returns_views.py).
urlpatterns += [
    path("<int:pk>/monitoring/returns/", returns_views.returns_view, name="returns"),
    path(
        "<int:pk>/monitoring/returns/<int:year>/<int:month>/",
        returns_views.return_view,
        name="return",
    ),
    path(
        "<int:pk>/monitoring/objectives/<int:monitored_objective_id>/values/",
        returns_views.objective_values_view,
        name="objective-values",
    ),
    path(
        "<int:pk>/monitoring/objectives/<int:monitored_objective_id>/measure/",
        returns_views.objective_measure_view,
        name="objective-measure",
    ),
    path("<int:pk>/monitoring/evaluations/", returns_views.evaluations_view, name="evaluations"),
    path(
        "<int:pk>/monitoring/evaluations/new/",
        returns_views.evaluation_add_view,
        name="evaluation-add",
    ),
    path(
        "<int:pk>/monitoring/evaluations/<int:evaluation_id>/",
        returns_views.evaluation_view,
        name="evaluation",
    ),
    path(
        "<int:pk>/monitoring/evaluations/<int:evaluation_id>/change/",
        returns_views.evaluation_change_view,
        name="evaluation-change",
    ),
    path(
        "<int:pk>/monitoring/evaluations/<int:evaluation_id>/adjustments/new/",
        returns_views.adjustment_add_view,
        name="adjustment-add",
    ),
    # The evaluation pack and the activity export (views_pack.py).
    path("<int:pk>/monitoring/pack/", views_pack.pack_view, name="pack"),
    path("<int:pk>/monitoring/pack/csv/", views_pack.pack_csv_view, name="pack-csv"),
    path("<int:pk>/monitoring/pack/xlsx/", views_pack.pack_xlsx_view, name="pack-xlsx"),
    path("<int:pk>/monitoring/pack/pdf/", views_pack.pack_pdf_view, name="pack-pdf"),
    path(
        "<int:pk>/monitoring/activity/export.csv",
        views_pack.activity_export_view,
        name="activity-export",
    ),
]
