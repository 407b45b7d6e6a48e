"""Score coded events against event gold (docs/event-schema: "Gold files for tacitus eval")."""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from tacitus.eval.metrics import PRF, Accuracy
from tacitus.eval.spans import Span, locate, touches
from tacitus.records import Actor, Event

ACTOR_FIELDS = ("source.country", "source.sector", "target.country", "target.sector")
OTHER_FIELDS = ("date", "location.country", "location.name", "modality", "mode")
QUANTITY_NAMES = ("participants", "arrests", "fatalities", "injuries", "money")
# Fields that must all agree (where the gold gives them) for a "full" match.
FULL_FIELDS = ("source.country", "target.country", "date")
NONE = "none"


@dataclass
class GoldEvent:
    """A gold event and where the text reports it. `mentions` holds one (span, string)
    per mention: gold `evidence` may be a list (a headline and a lead reporting the same
    event); any mention matches."""

    data: dict
    span: Span | None
    snippet: str | None
    mentions: list[tuple[Span | None, str | None]] = field(default_factory=list)

    @property
    def types(self) -> list[str]:
        value = self.data.get("event_type", "")
        return list(value) if isinstance(value, list) else [value]

    @property
    def event_type(self) -> str:
        return self.types[0] if self.types else ""

    def accepts(self, event_type: str) -> bool:
        return event_type in self.types

    def touched_by(self, pred: Event) -> bool:
        return any(touches(pred, span, snippet) for span, snippet in self.mentions)


@dataclass
class EventTally:
    """Everything counted while walking the documents; `report()` turns it into numbers."""

    overall: PRF = field(default_factory=PRF)
    full_tp: int = 0
    by_type: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    fields: dict[str, Accuracy] = field(default_factory=lambda: defaultdict(Accuracy))
    confusion: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    documents: int = 0
    negatives: int = 0
    negatives_violated: int = 0
    duplicates: int = 0
    ignored: int = 0

    def report(self) -> dict:
        gold, pred = self.overall.tp + self.overall.fn, self.overall.tp + self.overall.fp
        full = PRF(tp=self.full_tp, fp=pred - self.full_tp, fn=gold - self.full_tp)
        return {
            "format": "events",
            "documents": self.documents,
            "gold_events": gold,
            "predicted_events": pred,
            "ignored_predictions": self.ignored,
            "events": self.overall.as_dict(),
            "full": full.as_dict(),
            "full_fields": list(FULL_FIELDS),
            "by_type": {t: self.by_type[t].as_dict() for t in sorted(self.by_type)},
            "fields": {name: acc.as_dict() for name, acc in self.fields.items()},
            "confusion": {g: dict(row) for g, row in sorted(self.confusion.items())},
            "negatives": self.negatives,
            "negatives_violated": self.negatives_violated,
            "duplicate_mentions": self.duplicates,
        }


def score_events(gold_docs: list[dict], predicted: list[Event]) -> dict:
    """Event P/R/F1 overall and per type, confusion, field accuracy, "full" P/R/F1.

    Only predictions for documents in the gold are scored (the rest are counted in
    `ignored_predictions`)."""
    gold_ids = {str(doc["doc_id"]) for doc in gold_docs}
    by_doc: dict[str, list[Event]] = defaultdict(list)
    tally = EventTally()
    for event in predicted:
        if event.doc_id in gold_ids:
            by_doc[event.doc_id].append(event)
        else:
            tally.ignored += 1
    for doc in gold_docs:
        score_document(doc, by_doc.get(str(doc["doc_id"]), []), tally)
    return tally.report()


def gold_events(doc: dict) -> list[GoldEvent]:
    """Gold events in document order; a gold event without evidence covers the whole text."""
    text = doc.get("text", "")
    found = []
    for data in doc.get("events", []):
        evidence = data.get("evidence")
        snippets = [s for s in (evidence if isinstance(evidence, list) else [evidence]) if s]
        mentions = [(locate(text, s), s) for s in snippets] or [((0, len(text)), text)]
        span, snippet = mentions[0]
        found.append(GoldEvent(data, span, snippet, mentions))
    return sorted(found, key=lambda g: g.span[0] if g.span else len(text))


def document_order(events: list[Event]) -> list[Event]:
    return sorted(events, key=lambda e: (e.evidence.start or 0, e.evidence.trigger_start or 0))


def score_document(doc: dict, predicted: list[Event], tally: EventTally) -> None:
    tally.documents += 1
    golds = gold_events(doc)
    preds = document_order(predicted)
    pairs = match(golds, preds)
    matched_preds = {id(p) for _, p in pairs}
    matched_golds = {id(g) for g, _ in pairs}
    for gold, pred in pairs:
        count_match(gold, pred, tally)
    for gold in golds:
        if id(gold) not in matched_golds:
            tally.overall.fn += 1
            tally.by_type[gold.event_type].fn += 1
    # another mention of a matched headline-and-lead event: neither right nor wrong
    several = [g for g in golds if id(g) in matched_golds and len(g.mentions) > 1]
    leftovers = []
    for pred in (p for p in preds if id(p) not in matched_preds):
        if any(g.accepts(pred.event_type) and g.touched_by(pred) for g in several):
            tally.duplicates += 1
            continue
        leftovers.append(pred)
    for pred in leftovers:
        tally.overall.fp += 1
        tally.by_type[pred.event_type].fp += 1
    count_confusion(golds, matched_golds, leftovers, tally)
    count_negatives(doc, leftovers, tally)


def match(golds: list[GoldEvent], preds: list[Event]) -> list[tuple[GoldEvent, Event]]:
    """One-to-one, greedy in document order: each gold event takes the first unused
    prediction of its type whose evidence overlaps the gold evidence."""
    used: set[int] = set()
    pairs = []
    for gold in golds:
        for pred in preds:
            if id(pred) in used or not gold.accepts(pred.event_type):
                continue
            if gold.touched_by(pred):
                used.add(id(pred))
                pairs.append((gold, pred))
                break
    return pairs


def count_match(gold: GoldEvent, pred: Event, tally: EventTally) -> None:
    tally.overall.tp += 1
    tally.by_type[gold.event_type].tp += 1
    tally.confusion[gold.event_type][gold.event_type] += 1
    for name, ok in field_results(gold.data, pred).items():
        tally.fields[name].add(ok)
    if full_agreement(gold, pred):
        tally.full_tp += 1


def count_confusion(golds: list[GoldEvent], matched: set[int], leftovers: list[Event],
                    tally: EventTally) -> None:
    """Unmatched gold events: which other type was predicted on their evidence, or none.
    Predictions not explained that way go in the "none" row."""
    explained: set[int] = set()
    for gold in golds:
        if id(gold) in matched:
            continue
        other = next((p for p in leftovers
                      if id(p) not in explained and gold.touched_by(p)), None)
        if other is None:
            tally.confusion[gold.event_type][NONE] += 1
        else:
            explained.add(id(other))
            tally.confusion[gold.event_type][other.event_type] += 1
    for pred in leftovers:
        if id(pred) not in explained:
            tally.confusion[NONE][pred.event_type] += 1


def count_negatives(doc: dict, preds: list[Event], tally: EventTally) -> None:
    """Asserted predictions, among those matching no gold event, on a sentence the gold
    marks as a non-event (hypothetical, denial), as the reference scorer counts them."""
    text = doc.get("text", "")
    spans = [(locate(text, s), s) for s in doc.get("negatives", []) if s]
    tally.negatives += len(spans)
    for pred in preds:
        if pred.modality == "asserted" and any(touches(pred, sp, s) for sp, s in spans):
            tally.negatives_violated += 1


# -- field comparison -----------------------------------------------------------------

def full_agreement(gold: GoldEvent, pred: Event) -> bool:
    results = field_results(gold.data, pred)
    return all(results.get(name, True) for name in FULL_FIELDS)


def field_results(gold: dict, pred: Event) -> dict[str, bool]:
    """For each field the gold gives: is the prediction right? (Absent gold: not scored.)"""
    results = {}
    for name in ACTOR_FIELDS + OTHER_FIELDS:
        wanted = gold_values(gold, name)
        if wanted:
            results[name] = agrees(name, wanted, predicted_values(pred, name))
    for name in QUANTITY_NAMES:
        wanted = gold_values(gold, f"quantities.{name}")
        if wanted:
            results[f"quantities.{name}"] = agrees(name, wanted, predicted_quantity(pred, name))
    return results


def gold_values(gold: dict, dotted: str) -> list:
    """The gold value(s) at a dotted path, as a list; [] when absent or null."""
    value: object = gold
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if value is None:
        return []
    return [v for v in value if v is not None] if isinstance(value, list) else [value]


def predicted_values(pred: Event, dotted: str) -> list:
    head, _, attr = dotted.partition(".")
    if head in ("source", "target"):
        return actor_values(getattr(pred, head), attr)
    if head == "location":
        loc = pred.location
        if loc is None:
            return []
        return [loc.country] if attr == "country" else [loc.name, loc.text]
    if head == "date":
        return [pred.date.isoformat()] if pred.date else []
    return [getattr(pred, head)]


def actor_values(actor: Actor | None, attr: str) -> list:
    """The actor's own country/sector, or its members' when it is a compound actor."""
    if actor is None:
        return []
    own = getattr(actor, attr)
    if own:
        return [own]
    return [getattr(m, attr) for m in actor.members if getattr(m, attr)]


def predicted_quantity(pred: Event, name: str) -> list:
    value = getattr(pred.quantities, name)
    if value is None:
        return []
    return [value.amount] if name == "money" else [value.min]


def agrees(name: str, wanted: list, got: list) -> bool:
    """Any gold value equals any predicted value (dates: a shorter gold date is a prefix)."""
    for g in wanted:
        for p in got:
            if p is None:
                continue
            if name in QUANTITY_NAMES:
                if same_number(g, p, "amount" if name == "money" else "min"):
                    return True
            elif name == "date":
                if str(p).startswith(str(g)[:10]):
                    return True
            elif normal(g) == normal(p):
                return True
    return False


def same_number(gold: object, got: object, key: str) -> bool:
    value = gold.get(key) if isinstance(gold, dict) else gold
    if value is None:
        return False
    try:
        return abs(float(value) - float(got)) < 1e-6 * max(1.0, abs(float(value)))
    except (TypeError, ValueError):
        return False


def normal(value: object) -> str:
    """Case- and accent-insensitive form of a code or name ("Zürich" == "zurich")."""
    decomposed = unicodedata.normalize("NFKD", str(value))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()
