from django.urls import path

from .urls_maintenance import urlpatterns as maintenance_urlpatterns
from .urls_planning import urlpatterns as planning_urlpatterns
from .views import scheme as views

app_name = "schemes"

urlpatterns = [
    path("", views.scheme_list_view, name="list"),
    path("new/", views.scheme_create_view, name="create"),
    path("<int:pk>/", views.scheme_detail_view, name="detail"),
    path("<int:pk>/edit/", views.scheme_edit_view, name="edit"),
    *planning_urlpatterns,
    *maintenance_urlpatterns,
]
