"""Cover: /schemes/<pk>/recruitment/cover/ and peer supporters' availability."""

from django.urls import URLPattern, path

from .views import cover

BASE = "schemes/<int:pk>/recruitment/"

urlpatterns: list[URLPattern] = [
    path(f"{BASE}cover/", cover.cover_view, name="cover"),
    path(f"{BASE}cover/new/", cover.need_add_view, name="cover-add"),
    path(f"{BASE}cover/<int:need_id>/remove/", cover.need_remove_view, name="cover-remove"),
    path(f"{BASE}cover/assign/", cover.cover_assign_view, name="cover-assign"),
    path(
        f"{BASE}peer-supporters/<int:placement_id>/availability/",
        cover.availability_view,
        name="availability",
    ),
    path(
        f"{BASE}peer-supporters/<int:placement_id>/availability/<int:entry_id>/remove/",
        cover.availability_remove_view,
        name="availability-remove",
    ),
]
