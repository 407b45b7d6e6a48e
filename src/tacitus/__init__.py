"""tacitus: news text in, evidence-linked political events out."""

from tacitus.torchless import import_thinc_without_torch

__version__ = "0.1.0"

import_thinc_without_torch()
