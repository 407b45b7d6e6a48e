"""The hybrid coder: the rules propose, the classifier decides or vetoes.

The rules are precise about *where* an event is and who does what to whom, and about
modality (negation, plans, conditions); the lexicon's weak spot is the type of a word in
context ("strike" by workers or by jets, "clashes" that are a riot or a battle) and
fine-grained ACLED sub-types. So for each mention the rules find, the classifier reads the
sentence and:

1. vetoes the mention when it is confident the sentence reports no political event
   (business, sport, accidents: P(event) < VETO);
2. keeps the rules' type unless it is all but sure they are wrong: the rules' type gets
   below KEEP, its own top type at least RETYPE, it learned the rules' type from at least
   MIN_EXAMPLES examples, and no other mention of the sentence has its type already; then
   it retypes the mention and the mode follows the type. (Measured on the dev sets, a
   sentence classifier retypes the lexicon's choice wrongly more often than rightly at
   any laxer setting: the rules see the trigger, the classifier only the gist.)
3. picks the ACLED sub-type among those the type allows (see `learned.acled_choice`);
4. sets `confidence` to its calibrated probability that the sentence holds an event of the
   final type (blended with the rules' own confidence when the rules are the surer).

Sentences where the rules found nothing are not read by the classifier: that keeps the
coder fast, and a classifier alone finds many events the gold does not count.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from tacitus.coding.arguments import EventBuilder
from tacitus.coding.learned import (
    acled_choice,
    best_mode,
    load_classifier,
    sentence_predictions,
    top,
)
from tacitus.config import Settings
from tacitus.events import EventMention, find_mentions
from tacitus.records import Document, Event

VETO = 0.15      # P(event) below this: the sentence reports no political event
KEEP = 0.02      # P(rules' type) at least this: the rules' type stands
RETYPE = 0.9     # P(classifier's top type) at least this: it may replace the rules' type
MIN_EXAMPLES = 40   # ...when the classifier learned the rules' type from this many examples


class HybridCoder:
    """Registered as "hybrid.v1"."""

    name = "hybrid"

    def __init__(self, settings: Settings | None = None, classifier=None,
                 builder: EventBuilder | None = None):
        self.settings = settings
        self.classifier = classifier or load_classifier(settings)
        self.builder = builder or EventBuilder()
        self.version = f"hybrid-1.0+{self.classifier.version}"
        counts = getattr(self.classifier, "meta", {}).get("label_counts", {}).get("type", {})
        self._known = {t for t, n in counts.items() if n >= MIN_EXAMPLES} if counts else None

    def code(self, document: Document, doc: Doc, offset: int = 0) -> list[Event]:
        found = [(sent, m) for sent in doc.sents for m in find_mentions(sent)]
        sents = list({sent.start: sent for sent, _ in found}.values())
        preds = sentence_predictions(self.classifier, sents)
        kept, decided = [], []
        for sent, mention in found:
            pred = preds[sent.start]
            others = {m.event_type for s, m in found if s.start == sent.start and m is not mention}
            decision = decide(mention, pred, others, self._known)
            if decision is not None:
                kept.append((sent, decision[0]))
                decided.append((pred, decision[1]))
        events = self.builder.events(document, doc, kept, offset=offset, coder=self.version)
        allowed = self.classifier.acled_types_for
        for event, (pred, confidence) in zip(events, decided, strict=True):
            event.acled = acled_choice(pred, event.event_type, event.acled, allowed)
            if confidence is not None:
                event.confidence = confidence
        return events


def decide(mention: EventMention, pred: dict, others: set[str],
           known: set[str] | None = None) -> tuple[EventMention, float | None] | None:
    """(the mention as the classifier would have it, its confidence), or None for a veto.
    `known`: the types the classifier learned from enough examples to overrule (None: all)."""
    p_event = pred.get("event", {}).get("yes")
    if p_event is not None and p_event < VETO:
        return None
    types = pred.get("type")
    if not types:                          # a model trained without PLOVER types
        return mention, None
    p_event = 1.0 if p_event is None else p_event
    event_type = mention.event_type
    if types.get(event_type, 0.0) < KEEP and (known is None or event_type in known):
        best, p_best = top(types)
        if best is not None and p_best >= RETYPE and best not in others:
            mode = best_mode(pred, best, None)
            mention = replace(mention, event_type=best, mode=mode, cameo=None)
            event_type = best
    if mention.mode is None:
        mention = replace(mention, mode=best_mode(pred, event_type, None))
    learned = p_event * types.get(event_type, 0.0)
    confidence = max(learned, (learned + mention.confidence) / 2)
    return mention, round(min(confidence, 0.99), 2)
