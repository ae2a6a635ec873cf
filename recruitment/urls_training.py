"""Training and practice: /schemes/<pk>/recruitment/training/ and the peer supporter's
training and practice records."""

from django.urls import URLPattern, path

from .views import training

urlpatterns: list[URLPattern] = [
    path("schemes/<int:pk>/recruitment/training/", training.training_view, name="training"),
    path(
        "schemes/<int:pk>/recruitment/training/modules/new/",
        training.module_add_view,
        name="module-add",
    ),
    path(
        "schemes/<int:pk>/recruitment/training/modules/<int:module_id>/change/",
        training.module_change_view,
        name="module-change",
    ),
    path(
        "schemes/<int:pk>/recruitment/peer-supporters/<int:placement_id>/training/new/",
        training.training_record_view,
        name="training-record",
    ),
    path(
        "schemes/<int:pk>/recruitment/peer-supporters/<int:placement_id>/practice/new/",
        training.practice_record_view,
        name="practice-record",
    ),
]
