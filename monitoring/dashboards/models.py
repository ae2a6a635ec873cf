"""The dashboards' stored summary of each scheme (``SchemeSnapshot``).

Re-exported by ``monitoring.models``, like the app's other model modules.
"""

from __future__ import annotations

from django.db import models

from schemes.models import Scheme


class SchemeSnapshot(models.Model):
    """What the dashboards and the self-assessment show of one running scheme, worked
    out by ``monitoring.dashboards.snapshots.refresh`` (a task every few minutes) from
    every phase's registry hooks, so that a dashboard reads one row a scheme instead
    of asking every phase.

    It holds for ``computed_on`` only, and only until the audit trail records a change
    to the scheme or its prison after event ``audit_id`` (the trail's last event when
    the work began): ``snapshots.read`` works out anything older or changed afresh. It
    is derived data, so it is not itself in the audit trail; each part is JSON written
    and read by ``snapshots`` alone.
    """

    scheme = models.OneToOneField(
        Scheme, on_delete=models.CASCADE, primary_key=True, related_name="dashboard_snapshot"
    )
    computed_on = models.DateField()
    computed_at = models.DateTimeField()
    audit_id = models.PositiveBigIntegerField(default=0)
    # The rating, its reasons and the figures the dashboards show (never a name).
    health = models.JSONField(default=dict)
    # What falls due on or before ``computed_on`` (DueItem), with who must do it.
    due = models.JSONField(default=list)
    # The self-assessment's evidence (Evidence).
    evidence = models.JSONField(default=list)
    # How many groups the preferential treatment check flags (None: not known).
    equality_flags = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = "scheme snapshot"

    def __str__(self) -> str:
        return f"Snapshot of scheme {self.scheme_id} on {self.computed_on}"
