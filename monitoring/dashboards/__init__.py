"""Dashboards and the guidance self-assessment: what a governor and the national team see.

Part of monitoring (the guidance's "Monitoring and evaluation"), with no models of its
own: everything it shows comes from the phase registry's set-based hooks
(``schemes.phases.health_signals_many``, ``figures_many``, ``evidence_many``,
``due_items_for``), so each phase's figures appear here as the phase registers them,
and no phase app is imported.

- ``health.py``: the scheme health rules (red, amber, green, with the reasons).
- ``rollup.py``: the self-assessment's rules, and small-number suppression.
- ``charts.py``: the geometry of the server-rendered SVG charts.
- ``selectors.py``: the dashboards' and self-assessment's reads.
- ``views.py``, ``urls.py`` (namespace ``dashboards``), ``csv.py`` (the downloads).
"""
