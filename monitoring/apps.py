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
            FeedbackQuestionSummary,
            FeedbackResponse,
            FeedbackRound,
            PopulationCount,
            PopulationFigures,
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
        track(FeedbackRound, name="Feedback round", history_exclude=("responses",))
        track(FeedbackResponse, scheme="round__scheme", name="Feedback questionnaire")
        # Running totals, like the activity summaries: in the trail, not the history.
        track(
            FeedbackQuestionSummary,
            scheme="round__scheme",
            history_exclude=("answered", "total", "agree"),
        )

        from .models_returns import (
            Evaluation,
            EvaluationAdjustment,
            IndicatorValue,
            MonitoringIndicator,
            MonthlyReturn,
        )

        track(MonitoringIndicator, scheme="objective__scheme", name="Objective's measure")
        track(IndicatorValue, scheme="objective__scheme", name="Objective's monthly value")
        track(MonthlyReturn, name="Monthly return", history_exclude=("figures",))
        track(Evaluation)
        track(EvaluationAdjustment, scheme="evaluation__scheme", name="Evaluation adjustment")
        # A prison's, not a scheme's: in the trail, in no scheme's history.
        track(PopulationFigures, name="Population figures")
        track(PopulationCount, prison="figures__prison", name="Population count")
