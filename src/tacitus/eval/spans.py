"""Where a gold string sits in a document, and whether a predicted event touches it."""

from __future__ import annotations

import re

from tacitus.eval.metrics import overlaps
from tacitus.records import Event

Span = tuple[int, int]


def locate(text: str, snippet: str | None) -> Span | None:
    """Character span of `snippet` in `text`: exact, then ignoring case, then ignoring
    differences in whitespace. None if it is not there (or no snippet was given)."""
    if not snippet:
        return None
    start = text.find(snippet)
    if start < 0:
        start = text.casefold().find(snippet.casefold())
        if len(text.casefold()) != len(text):  # casefold changed lengths: offsets unusable
            start = -1
    if start >= 0:
        return start, start + len(snippet)
    words = snippet.split()
    if not words:
        return None
    found = re.search(r"\s+".join(map(re.escape, words)), text, flags=re.IGNORECASE)
    return (found.start(), found.end()) if found else None


def has_offsets(event: Event) -> bool:
    ev = event.evidence
    return ev.start is not None and ev.end is not None and ev.end > ev.start


def touches(event: Event, span: Span | None, snippet: str | None) -> bool:
    """Does the event's evidence overlap the gold span (or, lacking offsets, share text)?"""
    if span is not None and has_offsets(event):
        return overlaps(event.evidence.start, event.evidence.end, span[0], span[1])
    if not snippet:
        return False
    sentence = event.evidence.sentence.casefold().strip()
    gold = snippet.casefold().strip()
    return bool(sentence) and (gold in sentence or sentence in gold)
