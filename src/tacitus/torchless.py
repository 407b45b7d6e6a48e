"""Keep torch out of processes that do not need it.

spaCy's machine-learning library (thinc) imports torch whenever it is installed, just to
see whether it is there. That costs seconds and memory at every start, although the spaCy
pipelines tacitus uses never run torch. So thinc is imported once with torch hidden; torch
stays importable afterwards, and only the learned and hybrid coders load it, when they
run. A spaCy pipeline that does need torch (a transformer pipeline) works when torch is
imported first, or with TACITUS_SPACY_TORCH=1.
"""

from __future__ import annotations

import os
import sys


def import_thinc_without_torch() -> None:
    if "torch" in sys.modules or "thinc.compat" in sys.modules \
            or os.environ.get("TACITUS_SPACY_TORCH") == "1":
        return
    sys.modules["torch"] = None          # makes `import torch` raise ImportError
    try:
        import thinc.compat  # noqa: F401 - the module that probes for torch
    finally:
        if sys.modules.get("torch", False) is None:
            del sys.modules["torch"]
