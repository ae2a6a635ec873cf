from django.urls import path

from . import views

app_name = "schemes"

urlpatterns = [
    path("", views.scheme_list_view, name="list"),
    path("new/", views.scheme_create_view, name="create"),
    path("<int:pk>/", views.scheme_detail_view, name="detail"),
    path("<int:pk>/edit/", views.scheme_edit_view, name="edit"),
]
