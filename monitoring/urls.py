"""Monitoring pages under /schemes/<pk>/monitoring/ (namespace "monitoring")."""

from django.urls import URLPattern, path

from . import views, views_pack

app_name = "monitoring"

urlpatterns: list[URLPattern] = [
    path("<int:pk>/monitoring/", views.monitoring_view, name="index"),
    path("<int:pk>/monitoring/activity/", views.activity_log_view, name="activity"),
    path("<int:pk>/monitoring/activity/new/", views.activity_add_view, name="activity-add"),
    path("<int:pk>/monitoring/activity/sheet/", views.activity_sheet_view, name="activity-sheet"),
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
