"""tacitus: news text in, evidence-linked political events out.

    import tacitus
    frame = tacitus.read_events("tacitus.db", type="PROTEST", country="BLR")  # pandas
    events = tacitus.Pipeline().code_texts(["Police arrested 40 protesters in Minsk."])

Names are imported on first use, so `import tacitus` (and `tacitus --help`) stays fast.
"""

from __future__ import annotations

from tacitus import torchless

__version__ = "0.1.0"
torchless.install()   # spaCy's thinc would import torch at every start (see torchless)

_LAZY = {
    "read_events": "tacitus.frames",
    "events_frame": "tacitus.frames",
    "EventFilter": "tacitus.filters",
    "Pipeline": "tacitus.pipeline",
    "Store": "tacitus.store",
}
__all__ = ["EventFilter", "Pipeline", "Store", "__version__", "events_frame", "read_events"]


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'tacitus' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(module), name)
