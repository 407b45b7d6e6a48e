"""GDELT 2.0 Mentions table: one row per report of each exported event.

    GLOBALEVENTID EventTimeDate MentionTimeDate MentionType MentionSourceName
    MentionIdentifier SentenceID Actor1CharOffset Actor2CharOffset ActionCharOffset
    InRawText Confidence MentionDocLen MentionDocTone MentionDocTranslationInfo Extras

Our evidence offsets are character offsets into the document text, which is what GDELT's
offsets are. A merged event (tacitus.dedup) has one row per mention; a single event has
one row. MentionDocTone, MentionDocTranslationInfo and Extras are left empty.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from urllib.parse import urlsplit

from tacitus.export.gdelt import added_at, doc_field
from tacitus.export.safety import numeric_id
from tacitus.records import Event

MENTION_COLUMNS = [
    "GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset",
    "ActionCharOffset", "InRawText", "Confidence", "MentionDocLen", "MentionDocTone",
    "MentionDocTranslationInfo", "Extras",
]
WEB = 1  # GDELT MentionType: 1 = a web page
# a sentence ends at . ! ? (and closing quotes/brackets) before a space, or at a blank line
_SENTENCE_END = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*\s+|\n\s*\n")


def mention_rows(events: Iterable[Event], documents: Mapping | None = None,
                 event_of: Callable[[str], Event | None] | None = None,
                 text_of: Callable[[str], str | None] | None = None):
    """Rows in MENTION_COLUMNS order. `event_of(event_id)` returns a mention's own event
    (for its actor offsets; default: the exported event); `text_of(doc_id)` the document
    text (for SentenceID and MentionDocLen; default: those columns stay empty)."""
    for ev in events:
        first = documents.get(ev.doc_id) if documents else None
        event_time = _stamp(added_at(first, ev))
        for mention_id, doc_id, evidence in _mentions(ev):
            mention = (event_of(mention_id) if event_of and mention_id != ev.event_id
                       else None) or ev
            doc = documents.get(doc_id) if documents else None
            text = text_of(doc_id) if text_of else None
            start = evidence.get("start", ev.evidence.start)
            trigger_at = evidence.get("trigger_start")
            if trigger_at is None and mention.event_id == mention_id:
                trigger_at = mention.evidence.trigger_start
            url = doc_field(doc, "url")
            yield [
                numeric_id(ev.event_id), event_time, _stamp(added_at(doc, mention)), WEB,
                doc_field(doc, "source") or (urlsplit(url).hostname if url else None),
                url or doc_id,
                sentence_number(text, start) if text is not None else None,
                _offset(mention.source), _offset(mention.target),
                trigger_at if trigger_at is not None else start,
                1, round(mention.confidence * 100),
                len(text) if text is not None else None, None, None, None,
            ]


def _mentions(ev: Event) -> list[tuple[str, str, dict]]:
    listed = getattr(ev, "mentions", None)
    if listed:
        return [(m["event_id"], m["doc_id"], m.get("evidence") or {}) for m in listed]
    return [(ev.event_id, ev.doc_id, ev.evidence.model_dump())]


def sentence_number(text: str, offset: int) -> int:
    """1-based number of the sentence holding `offset` (GDELT's SentenceID)."""
    return 1 + sum(1 for m in _SENTENCE_END.finditer(text, 0, max(0, offset)))


def _offset(actor) -> int:
    return actor.start if actor is not None and actor.start is not None else -1


def _stamp(moment) -> int | None:
    return int(moment.strftime("%Y%m%d%H%M%S")) if moment is not None else None
