"""Training examples from gold files: one text with what is known about it.

Two gold formats are read (the same ones `tacitus eval` scores):
- event gold (`events`: schema-v1 gold events; `events: []` for an item with none): every
  item says whether it holds a political event; each event adds its PLOVER type, mode,
  ACLED sub-type (or none) and modality.
- sentence labels (`sentences`: [{start, end, labels}]): labels that name an ACLED
  sub-event type (its name, or a CASE 2021 code) train the ACLED head; the CASE codes for
  "no political event" (natural and man-made disasters) train the has-event head.
A label a file does not give stays None and that head does not learn from the example.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tacitus.errors import TacitusError
from tacitus.knowledge import read_tsv

NO_ACLED = "none"          # the ACLED head's label for an event ACLED does not code
HEADS = ("event", "type", "mode", "acled", "modality")
# CASE codes that name something that is not a political event at all (has-event = no);
# the other non-ACLED codes (DIPLO, ATTRIB, ORG_CRIME, OTHER) say nothing about that.
NOT_EVENTS = frozenset({"NATURAL_DISASTER", "MAN_MADE_DISASTER"})


@dataclass
class Example:
    text: str
    event: str | None = None       # "yes" | "no"
    type: str | None = None        # PLOVER type
    mode: str | None = None        # "TYPE:mode" ("TYPE:" without a mode)
    acled: str | None = None       # ACLED sub-event type or NO_ACLED
    modality: str | None = None

    def label(self, head: str) -> str | None:
        return getattr(self, head)


@lru_cache(maxsize=1)
def case_codes() -> dict[str, str | None]:
    """CASE 2021 code -> ACLED sub-event type (None: not an ACLED event)."""
    return {r["code"]: (None if r["sub_event_type"] == "-" else r["sub_event_type"])
            for r in read_tsv("eval_case2021_labels.tsv")}


def _first(value):
    return value[0] if isinstance(value, list) and value else value


def from_item(item: dict) -> Iterator[Example]:
    """The examples of one gold item (event gold or sentence labels)."""
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        return
    if isinstance(item.get("events"), list):
        events = [e for e in item["events"] if isinstance(e, dict) and e.get("event_type")]
        yield Example(text=text, event="yes" if events else "no")
        for ev in events:
            etype = _first(ev["event_type"])
            mode = _first(ev.get("mode")) or ""
            acled = ev.get("acled")
            sub = _first(acled.get("sub_event_type")) if isinstance(acled, dict) else None
            yield Example(text=text, type=etype, mode=f"{etype}:{mode}",
                          acled=sub or NO_ACLED, modality=_first(ev.get("modality")))
        return
    subtypes = set(case_codes().values()) - {None}
    for sent in item.get("sentences") or []:
        piece = text[sent.get("start", 0):sent.get("end", len(text))].strip() or text
        for label in sent.get("labels") or []:
            if label in case_codes():
                sub = case_codes()[label]
                if sub is not None:
                    yield Example(text=piece, event="yes", acled=sub)
                elif label in NOT_EVENTS:
                    yield Example(text=piece, event="no", acled=NO_ACLED)
            elif label in subtypes:
                yield Example(text=piece, event="yes", acled=label)


def read_examples(paths: Iterable[Path]) -> list[Example]:
    """Examples of every gold file, in order. A file that is not gold is E031/E030."""
    found: list[Example] = []
    for path in paths:
        path = Path(path)
        if not path.is_file():
            raise TacitusError("E031", path=path, reason="no such file")
        with path.open(encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise TacitusError("E030", path=path, line=number, reason=exc.msg) from None
                if not isinstance(item, dict):
                    raise TacitusError("E030", path=path, line=number, reason="not a JSON object")
                found.extend(from_item(item))
    return found


def corpus_files() -> list[Path]:
    """The project's own training corpus (knowledge/data/corpus/*.jsonl)."""
    from tacitus.knowledge import data_path

    folder = data_path("corpus")
    return sorted(Path(folder).glob("*.jsonl")) if Path(folder).is_dir() else []
