"""`MergedEvent`: one real-world event reported by one or more mentions (tacitus.dedup).

A subclass of the schema-v1 `Event`, so every consumer of events (exports, the CLI
tables) takes it unchanged; the extra fields follow GDELT's NumMentions / NumSources /
NumArticles. `event_id` is the merged id ("m-" + the id of the cluster's first mention).
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from tacitus.records import Event


class MergedEvent(Event):
    num_mentions: int = 1     # every mention, several in one document count several times
    num_sources: int = 1      # distinct outlets: document source, else URL host, else doc_id
    num_articles: int = 1     # distinct documents
    first_seen: dt.date | None = None  # earliest publication date among the mentions
    # one dict per mention: event_id, doc_id, evidence (schema-v1 Evidence as a dict)
    mentions: list[dict] = Field(default_factory=list)
