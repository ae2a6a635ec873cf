from django.apps import AppConfig


class MaintenanceConfig(AppConfig):
    """Phase 3, maintain, support and resource the scheme: reviews and their actions."""

    name = "maintenance"
    verbose_name = "Maintain, support and resource the scheme"

    def ready(self) -> None:
        from schemes.phases import register

        from .phase import MAINTENANCE

        register(MAINTENANCE)

        from accounts.audit import track

        from .models import ReviewAction, ReviewMeeting

        track(ReviewMeeting)
        track(ReviewAction, scheme="review__scheme")
