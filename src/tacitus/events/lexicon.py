"""The trigger lexicon and cue lists of the events stage, loaded once from knowledge data."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from tacitus.knowledge import read_json, read_tsv

TRIGGERS_FILE = "events_triggers.tsv"
CUES_FILE = "events_cues.json"


@dataclass(frozen=True)
class Entry:
    """One lexicon row: a (possibly multiword) trigger and what it codes as."""

    head: str                 # lemma of the syntactic head
    extras: frozenset[str]    # other lemmas that must sit next to the head in the parse
    pos: str                  # VERB or NOUN
    event_type: str
    mode: str | None
    cameo: str | None
    frame: str                # "", tr, intr, intent, threat


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, tuple[Entry, ...]]   # head lemma -> entries, longest first
    nouns: dict[str, tuple[Entry, ...]]
    cues: dict

    def cue_set(self, name: str) -> frozenset[str]:
        return frozenset(self.cues.get(name, ()))


def _entry(row: dict[str, str]) -> Entry:
    words = row["trigger"].lower().split()
    pos = row["pos"].strip().upper()
    # Verb phrases are headed by their first word ("call for"), noun compounds by their
    # last ("hunger strike").
    head = words[0] if pos == "VERB" else words[-1]
    extras = frozenset(w for w in words if w != head)
    return Entry(head=head, extras=extras, pos=pos, event_type=row["type"].strip(),
                 mode=(row.get("mode") or "").strip() or None,
                 cameo=(row.get("cameo") or "").strip() or None,
                 frame=(row.get("frame") or "").strip())


def _index(entries: list[Entry]) -> dict[str, tuple[Entry, ...]]:
    table: dict[str, list[Entry]] = {}
    for entry in entries:
        table.setdefault(entry.head, []).append(entry)
    # Longest (most specific) phrases are tried first.
    return {k: tuple(sorted(v, key=lambda e: -len(e.extras))) for k, v in table.items()}


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    entries = [_entry(row) for row in read_tsv(TRIGGERS_FILE)]
    cues = read_json(CUES_FILE)
    cues = {k: (frozenset(v) if isinstance(v, list) else v) for k, v in cues.items()}
    return Lexicon(verbs=_index([e for e in entries if e.pos == "VERB"]),
                   nouns=_index([e for e in entries if e.pos == "NOUN"]),
                   cues=cues)
