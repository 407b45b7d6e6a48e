"""Conflict analysis over the event store: dyad and country time series, escalation
alerts, the actor network and plots.

Everything reads the store's `events` table through light column queries (one row per
event, no JSON decoding), so a 100k-event store is summarised in well under a second.
See docs/analysis.md for the methods.
"""

from __future__ import annotations

from tacitus.analysis.alerts import Alert, alerts
from tacitus.analysis.network import network
from tacitus.analysis.periods import PERIODS, parse_days
from tacitus.analysis.plot import plot_series
from tacitus.analysis.series import country_series, dyad_series

__all__ = [
    "PERIODS",
    "Alert",
    "alerts",
    "country_series",
    "dyad_series",
    "network",
    "parse_days",
    "plot_series",
]
