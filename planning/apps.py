from django.apps import AppConfig


class PlanningConfig(AppConfig):
    """Phase 1, planning and development: the plan, its resources and the launch gate."""

    name = "planning"
    verbose_name = "Planning and development"

    def ready(self) -> None:
        from schemes.phases import register

        from .phase import PLANNING

        register(PLANNING)

        from accounts.audit import track

        from .models import Plan, PlanDecision, Resource

        # Submission and approval are the history's own events (``phase.history``).
        track(
            Plan,
            history_exclude=("approval", "submitted_at", "submitted_by", "completed_tasks"),
        )
        track(Resource, scheme="plan__scheme")
        track(PlanDecision, scheme="plan__scheme")
