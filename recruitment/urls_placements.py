"""Suitability sign-offs and placements, under /schemes/<pk>/recruitment/."""

from django.urls import URLPattern, path

from .views import placements as views

APPLICATION = "schemes/<int:pk>/recruitment/applications/<int:application_id>/"
PEER_SUPPORTER = "schemes/<int:pk>/recruitment/peer-supporters/<int:placement_id>/"

urlpatterns: list[URLPattern] = [
    path("schemes/<int:pk>/recruitment/settings/", views.settings_view, name="settings"),
    path(
        "schemes/<int:pk>/recruitment/settings/parties/new/", views.party_add_view, name="party-add"
    ),
    path(
        "schemes/<int:pk>/recruitment/settings/parties/<int:party_id>/",
        views.party_change_view,
        name="party-change",
    ),
    path(f"{APPLICATION}suitability/", views.suitability_view, name="suitability"),
    path(f"{APPLICATION}suitability/<int:party_id>/", views.check_view, name="check"),
    path(
        f"{APPLICATION}suitability/<int:party_id>/override/",
        views.check_override_view,
        name="check-override",
    ),
    path(f"{APPLICATION}place/", views.place_view, name="place"),
    path(
        "schemes/<int:pk>/recruitment/peer-supporters/", views.register_view, name="peer-supporters"
    ),
    path(PEER_SUPPORTER, views.peer_supporter_view, name="peer-supporter"),
    path(f"{PEER_SUPPORTER}move/", views.placement_move_view, name="placement-move"),
    path(
        f"{PEER_SUPPORTER}probation-review/",
        views.probation_review_view,
        name="probation-review",
    ),
    # Last: the permission matrix's empty POST removes the party its other pages use.
    path(
        "schemes/<int:pk>/recruitment/settings/parties/<int:party_id>/remove/",
        views.party_remove_view,
        name="party-remove",
    ),
]
