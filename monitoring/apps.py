from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    """Monitoring and evaluation: activity, feedback, risks, objectives."""

    name = "monitoring"
    verbose_name = "Monitoring and evaluation"
