"""Keep torch out of processes that do not need it.

spaCy's machine-learning library (thinc) imports torch whenever it is installed, just to
see whether it is there. That costs seconds and memory at every start, although the spaCy
pipelines tacitus uses never run torch. So when thinc probes (`thinc.compat`), torch is
hidden; it stays importable afterwards, and only the learned and hybrid coders load it,
when they run. A spaCy pipeline that does need torch (a transformer pipeline) works when
torch is imported first, or with TACITUS_SPACY_TORCH=1. Installing the hook imports
nothing, so `import tacitus` stays fast.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from importlib.abc import MetaPathFinder

PROBE = "thinc.compat"


class _ThincWithoutTorch(MetaPathFinder):
    """Finds `thinc.compat` once and runs it with `import torch` failing."""

    def find_spec(self, name, path=None, target=None):
        if name != PROBE:
            return None
        sys.meta_path.remove(self)          # one shot; also keeps find_spec below from recursing
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None or "torch" in sys.modules:
            return spec
        run = spec.loader.exec_module

        def exec_module(module):
            sys.modules["torch"] = None     # makes `import torch` raise ImportError
            try:
                run(module)
            finally:
                if sys.modules.get("torch", False) is None:
                    del sys.modules["torch"]

        spec.loader.exec_module = exec_module
        return spec


def install() -> None:
    if PROBE in sys.modules or "torch" in sys.modules or os.environ.get("TACITUS_SPACY_TORCH") == "1":
        return
    if not any(isinstance(f, _ThincWithoutTorch) for f in sys.meta_path):
        sys.meta_path.insert(0, _ThincWithoutTorch())
