from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    """Recruitment and implementation: peer supporters, training, supervision."""

    name = "recruitment"
    verbose_name = "Recruitment and implementation"

    def ready(self) -> None:
        from schemes.phases import register

        from .phase import RECRUITMENT

        register(RECRUITMENT)

        from accounts.audit import track

        from .models import (
            Application,
            Availability,
            ContingencyPlan,
            CoverAssignment,
            CoverNeed,
            Placement,
            PlacementMove,
            PracticeSession,
            Prisoner,
            ProbationReview,
            RecruitmentRound,
            RecruitmentSettings,
            SignOffParty,
            SuitabilityCheck,
            SupervisionSession,
            TrainingModule,
            TrainingRecord,
        )

        # Personal data is recorded as changed, never its values: the trail is
        # append-only, and the retention task must be able to forget a person.
        track(
            Prisoner,
            mask=(
                "prison_number",
                "first_name",
                "last_name",
                "date_of_birth",
                "cell_location",
                "earliest_release_date",
                "gender",
                "ethnicity",
                "religion",
                "disability",
                "sexual_orientation",
                "incentive_level",
            ),
        )
        track(RecruitmentSettings)
        track(SignOffParty)
        track(RecruitmentRound)
        track(Application, mask=("statement", "decision_note"))
        # Suitability notes are confidential: their reads are logged, so their
        # values must not be readable in the trail either.
        track(
            SuitabilityCheck,
            scheme="application__scheme",
            mask=("notes", "conditions", "override_reason"),
        )
        track(Placement, mask=("leaving_note",))
        track(PlacementMove, scheme="placement__scheme", mask=("reason",))
        track(ProbationReview, scheme="placement__scheme", mask=("note",))
        track(ContingencyPlan)
        track(TrainingModule)
        track(TrainingRecord, scheme="placement__scheme")
        track(PracticeSession, scheme="placement__scheme")
        # Supervision notes are confidential: their reads are logged, so their values
        # are not readable in the trail either.
        track(SupervisionSession, mask=("notes",))
        track(CoverNeed)
        track(Availability, scheme="placement__scheme")
        track(CoverAssignment, scheme="need__scheme")
