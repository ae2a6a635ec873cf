from django.apps import AppConfig


class SchemesConfig(AppConfig):
    name = "schemes"
    verbose_name = "Schemes"

    def ready(self) -> None:
        from accounts.audit import track

        from .models import Action, Scheme, SchemeTransition, SmartObjective, Stakeholder

        # The status and launch date change only by a move, which the history shows.
        track(
            Scheme,
            scheme="pk",
            name="Scheme details",
            history_exclude=("status", "launched_on"),
        )
        track(SchemeTransition)
        track(Stakeholder)
        track(SmartObjective)
        track(Action)
