from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    """Recruitment and implementation: peer supporters, training, supervision."""

    name = "recruitment"
    verbose_name = "Recruitment and implementation"

    def ready(self) -> None:
        from schemes.phases import register

        from .phase import RECRUITMENT

        register(RECRUITMENT)
