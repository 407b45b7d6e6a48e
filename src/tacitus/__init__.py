"""tacitus: news text in, evidence-linked political events out."""

__version__ = "0.1.0"
