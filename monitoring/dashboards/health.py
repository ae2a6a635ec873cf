"""Scheme health: red, amber or green, with the reasons in words.

Plain functions of plain values (tests/dashboards/test_health_rules.py); the "about
scheme health" page (templates/dashboards/about_health.html) explains them to users.

The reasons come from two places:

- the signals each phase registers (``schemes.phases.HealthSignal``): a review
  meeting overdue, actions overdue, a plan waiting for a decision or returned, and
  whatever the later phases add (supervision overdue, cover gaps, open high risks...);
- the figures phases register (``schemes.phases.HEADCOUNT``, ``FORECAST_LOW``,
  ``LAST_ACTIVITY``), which the rules below turn into reasons: peer supporters below
  the minimum now (red) or forecast to fall below it within 8 weeks (amber), and no
  activity logged for 14 days (amber). A figure no phase provides gives no reason:
  the dashboards never guess.

A scheme is red if any reason is red, amber if any is amber, green otherwise. A closed
scheme is not rated.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from peersupport.words import plural
from schemes.models import SchemeStatus
from schemes.phases import FORECAST_LOW, HEADCOUNT, LAST_ACTIVITY, HealthSignal

Rating = Literal["red", "amber", "green"]

# How far ahead the forecast low point counts, and how long without activity counts.
FORECAST_HORIZON = timedelta(weeks=8)
QUIET_DAYS = 14

# GOV.UK tag colours and words for each rating.
RATING_LABELS: dict[str, str] = {"red": "Red", "amber": "Amber", "green": "Green"}
RATING_TAGS: dict[str, str] = {"red": "red", "amber": "orange", "green": "green"}
RATINGS: tuple[str, ...] = ("red", "amber", "green")


@dataclass(frozen=True)
class SchemeHealth:
    """A scheme's rating ("" for a closed scheme, which is not rated) and its reasons,
    red ones first."""

    rating: str
    reasons: tuple[HealthSignal, ...] = ()

    @property
    def label(self) -> str:
        return RATING_LABELS.get(self.rating, "Not rated")

    @property
    def colour(self) -> str:
        return RATING_TAGS.get(self.rating, "grey")


def figure_signals(
    *,
    status: str,
    minimum: int,
    launched_on: date | None,
    figures: Mapping[str, Any],
    today: date,
) -> list[HealthSignal]:
    """The reasons the figures give. Headcount and activity count for an active
    scheme only: a recruiting scheme is still building up, a paused one not running."""
    if status != SchemeStatus.ACTIVE:
        return []
    signals: list[HealthSignal] = []
    headcount = figures.get(HEADCOUNT)
    below_now = isinstance(headcount, int) and headcount < minimum
    if isinstance(headcount, int) and below_now:
        signals.append(
            HealthSignal(
                "red", f"{plural(headcount, 'peer supporter')} now, below the minimum of {minimum}"
            )
        )
    low = figures.get(FORECAST_LOW)
    if not below_now and low is not None:
        week, count = low
        if count < minimum and week <= today + FORECAST_HORIZON:
            signals.append(
                HealthSignal(
                    "amber",
                    f"Forecast to fall to {plural(count, 'peer supporter')} in the week of "
                    f"{week:%-d %B %Y}, below the minimum of {minimum}",
                )
            )
    if LAST_ACTIVITY in figures:
        last = figures[LAST_ACTIVITY]
        since = last or launched_on
        if since is not None and (today - since).days > QUIET_DAYS:
            signals.append(
                HealthSignal(
                    "amber",
                    f"No activity logged since {last:%-d %B %Y}"
                    if last
                    else "No activity logged since the scheme launched",
                )
            )
    return signals


def worst(signals: Iterable[HealthSignal]) -> Rating:
    """Red if any signal is red, amber if any is amber, green otherwise."""
    ratings = {signal.rating for signal in signals}
    return "red" if "red" in ratings else "amber" if "amber" in ratings else "green"


def scheme_health(status: str, signals: Iterable[HealthSignal]) -> SchemeHealth:
    """The scheme's rating and reasons (each once, red first); a closed scheme is
    not rated."""
    if status == SchemeStatus.CLOSED:
        return SchemeHealth("")
    unique = list(dict.fromkeys(signals))
    unique.sort(key=lambda signal: signal.rating != "red")
    return SchemeHealth(worst(unique), tuple(unique))
