from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    """Monitoring and evaluation: activity, debriefs, risks, objectives."""

    name = "monitoring"
    verbose_name = "Monitoring and evaluation"

    def ready(self) -> None:
        from schemes.phases import register

        from .phase import MONITORING

        register(MONITORING)

        from accounts.audit import track

        from .models import (
            ActivityEntry,
            ActivityHourMonth,
            ActivityMonth,
            ActivityMonthOutcome,
            ActivityOutcome,
            ActivitySupporter,
            ActivityWingMonth,
            ConfidentialityIncident,
            Debrief,
            DebriefDue,
            DebriefThresholdSetting,
            RiskEntry,
        )

        track(ActivityEntry, name="Activity entry")
        track(ActivityOutcome, scheme="entry__scheme", name="Activity outcome")
        track(ActivitySupporter, scheme="entry__scheme", name="Activity peer supporter")
        # The summaries change with every entry: in the trail, but the scheme's history
        # tells the entries, not their running totals.
        counters = ("entries", "people_reached", "minutes", "night_entries", "last_on")
        track(ActivityMonth, history_exclude=counters)
        track(ActivityMonthOutcome, history_exclude=("count",))
        track(ActivityWingMonth, history_exclude=("entries", "people_reached", "minutes"))
        track(ActivityHourMonth, history_exclude=("entries",))
        track(Debrief)
        track(DebriefDue, history_exclude=("since", "reason"))
        track(DebriefThresholdSetting, name="Debrief thresholds")
        track(RiskEntry, name="Risk")
        track(ConfidentialityIncident, scheme="risk__scheme", name="Confidentiality incident")
