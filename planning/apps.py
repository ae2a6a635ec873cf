from django.apps import AppConfig


class PlanningConfig(AppConfig):
    """Phase 1, planning and development: the plan, its resources and the launch gate."""

    name = "planning"
    verbose_name = "Planning and development"

    def ready(self) -> None:
        from schemes.phases import register

        from .phase import PLANNING

        register(PLANNING)
