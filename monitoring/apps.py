from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    """Monitoring and evaluation: activity, feedback, risks, objectives."""

    name = "monitoring"
    verbose_name = "Monitoring and evaluation"

    def ready(self) -> None:
        from schemes.phases import register

        from .phase import MONITORING

        register(MONITORING)
