"""What the implementation records (training, practice, supervision, cover) tell the
dashboards and the self-assessment: health signals and evidence for many schemes at
once, in a fixed number of queries. Registered by ``phase.py``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.urls import reverse

from peersupport.words import plural
from schemes.models import Scheme, SchemeStatus
from schemes.phases import Evidence, HealthSignal

from .selectors.cover import cover_gaps_many
from .selectors.supervision import supervision_figures_many
from .selectors.training import training_figures_many

TRAIN = (
    "Train peer supporters with core skills – communication, problem solving, and specific "
    "needs of the scheme"
)
PRACTICE = "Allow time for practice"
SUPERVISE = "Set up supervision for staff and peer supporters"

# Supervision and cover are promises of a running scheme: judged while it is active.
RUNNING = (SchemeStatus.ACTIVE,)


def health_many(schemes: Sequence[Scheme], today: date) -> dict[int, list[HealthSignal]]:
    """Amber for an active scheme whose peer supporters or staff are overdue for
    supervision, or whose cover falls short in the coming week (seven queries, whatever
    the schemes' statuses, so a page's count does not depend on its data)."""
    if not schemes:
        return {}
    supervision = supervision_figures_many(list(schemes), today)
    gaps = cover_gaps_many([scheme.pk for scheme in schemes], today)
    active = [scheme for scheme in schemes if scheme.status in RUNNING]
    found: dict[int, list[HealthSignal]] = {}
    for scheme in active:
        signals = []
        figures = supervision[scheme.pk]
        if figures.overdue:
            signals.append(
                HealthSignal(
                    "amber",
                    f"{plural(figures.overdue, 'peer supporter')} overdue for supervision",
                )
            )
        if figures.staff_overdue:
            signals.append(HealthSignal("amber", "Supervision of the scheme's staff is overdue"))
        if gaps.get(scheme.pk):
            signals.append(
                HealthSignal(
                    "amber",
                    f"{plural(gaps[scheme.pk], 'band')} of cover short in the next 7 days",
                )
            )
        if signals:
            found[scheme.pk] = signals
    return found


def evidence_many(schemes: Sequence[Scheme], today: date) -> dict[int, list[Evidence]]:
    """The self-assessment of training, practice and supervision for each running
    scheme (six queries)."""
    if not schemes:
        return {}
    training = training_figures_many([scheme.pk for scheme in schemes])
    supervision = supervision_figures_many(list(schemes), today)
    running = [scheme for scheme in schemes if scheme.status != SchemeStatus.PLANNING]
    found: dict[int, list[Evidence]] = {}
    for scheme in running:
        trained = training[scheme.pk]
        supervised = supervision[scheme.pk]
        training_href = reverse("recruitment:training", args=[scheme.pk])
        found[scheme.pk] = [
            _train(trained.required_modules, trained.current, trained.fully_trained, training_href),
            _practice(trained.current, trained.practised, trained.practice_recorded, training_href),
            _supervise(
                supervised.supervised,
                supervised.overdue,
                supervised.staff_overdue,
                reverse("recruitment:supervision", args=[scheme.pk]),
            ),
        ]
    return found


def _train(modules: int, current: int, trained: int, href: str) -> Evidence:
    if not modules:
        return Evidence(TRAIN, "not met", "No required training modules set", href)
    if not current:
        return Evidence(
            TRAIN,
            "partly met",
            f"{plural(modules, 'required module')}, no peer supporters yet",
            href,
        )
    words = f"{trained} of {plural(current, 'peer supporter')} passed every required module"
    return Evidence(TRAIN, "met" if trained == current else "partly met", words, href)


def _practice(current: int, practised: int, recorded: int, href: str) -> Evidence:
    if not recorded:
        return Evidence(PRACTICE, "not met", "No supervised practice recorded", href)
    words = (
        f"{practised} of {plural(current, 'peer supporter')} held the practice sessions "
        "the scheme asks for"
    )
    return Evidence(PRACTICE, "met" if practised == current else "partly met", words, href)


def _supervise(supervised: int, overdue: int, staff_overdue: bool, href: str) -> Evidence:
    if not supervised:
        return Evidence(SUPERVISE, "not met", "No peer supporters to supervise yet", href)
    words = f"{supervised - overdue} of {plural(supervised, 'peer supporter')} supervised in time"
    if staff_overdue:
        words += "; the scheme's staff are overdue"
    met = not overdue and not staff_overdue
    return Evidence(SUPERVISE, "met" if met else "partly met", words, href)
