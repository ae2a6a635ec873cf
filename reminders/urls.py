from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("", views.reminder_list_view, name="list"),
    path("emails/", views.preference_view, name="settings"),
]
