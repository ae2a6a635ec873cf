"""A prison's prisoners: the register, a prisoner, and importing the prison's extract."""

from django.urls import path

from .views import prisoners as views

urlpatterns = [
    path("prisons/<int:prison_id>/prisoners/", views.register_view, name="prisoners"),
    path(
        "prisons/<int:prison_id>/prisoners/<int:prisoner_id>/",
        views.prisoner_view,
        name="prisoner",
    ),
    path("prisons/<int:prison_id>/prisoners/import/", views.import_view, name="import"),
    path(
        "prisons/<int:prison_id>/prisoners/import/<slug:token>/",
        views.import_check_view,
        name="import-check",
    ),
]
