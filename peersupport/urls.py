from django.contrib import admin
from django.urls import include, path

from . import views

admin.site.site_header = "Peer Support Planner administration"
admin.site.site_title = "Peer Support Planner"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("", include("accounts.urls")),
    path("", include("peersupport.pages")),
    path("schemes/", include("schemes.urls")),
    path("schemes/", include("planning.urls")),
    path("schemes/", include("maintenance.urls")),
    path("schemes/", include("monitoring.urls")),
    path("", include("recruitment.urls")),
    path("plans/", include("planning.urls_approvals")),
    path("actions/", include("schemes.urls_actions")),
    path("reminders/", include("reminders.urls")),
    path("", include("monitoring.dashboards.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "peersupport.views.error_400"
handler403 = "peersupport.views.error_403"
handler404 = "peersupport.views.error_404"
handler500 = "peersupport.views.error_500"
