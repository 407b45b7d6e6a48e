"""Merge mentions of the same real-world event into merged events (GDELT-style counts).

    merge(store, since=None, window_days=1, rebuild=False) -> MergeSummary
    explain(store, event_id) -> str
    compare(a, b, window_days=1) -> (same?, weight, reason)    # the rules, for one pair
"""

from tacitus.dedup.explain import explain
from tacitus.dedup.merge import DEFAULT_WINDOW_DAYS, MergeSummary, merge, outlet_key
from tacitus.dedup.representative import representative
from tacitus.dedup.rules import compare
from tacitus.store.merged import MergedEvent

__all__ = ["DEFAULT_WINDOW_DAYS", "MergeSummary", "MergedEvent", "compare", "explain",
           "merge", "outlet_key", "representative"]
