"""The learned coder: a trained classifier types the events of each sentence.

The classifier (`tacitus.learn`, heads over all-MiniLM-L6-v2 sentence embeddings) reads
each sentence and says whether it reports a political event, which PLOVER type and mode,
which ACLED sub-type. The rules still find *where* in the sentence the event is and who
does it to whom: the trigger is the rules' trigger when they found one, else the main
verb, and the shared argument stage (`EventBuilder`) fills in actors, place, date,
quantities and codes. `HybridCoder` (coding/hybrid.py) uses the same decisions the other
way round: the rules propose, the classifier decides or vetoes.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from tacitus.coding.arguments import EventBuilder
from tacitus.coding.codebook import BATTLES, EXPLOSIONS, PROTESTS, RIOTS, STRATEGIC, VAC
from tacitus.config import Settings
from tacitus.events import EventMention, find_mentions
from tacitus.records import AcledType, Document, Event

# ACLED's codebook: the event type each sub-event type belongs to.
ACLED_PARENT = {
    "Armed clash": BATTLES, "Government regains territory": BATTLES,
    "Non-state actor overtakes territory": BATTLES,
    "Chemical weapon": EXPLOSIONS, "Air/drone strike": EXPLOSIONS, "Suicide bomb": EXPLOSIONS,
    "Shelling/artillery/missile attack": EXPLOSIONS, "Remote explosive/landmine/IED": EXPLOSIONS,
    "Grenade": EXPLOSIONS,
    "Sexual violence": VAC, "Attack": VAC, "Abduction/forced disappearance": VAC,
    "Peaceful protest": PROTESTS, "Protest with intervention": PROTESTS,
    "Excessive force against protesters": PROTESTS,
    "Violent demonstration": RIOTS, "Mob violence": RIOTS,
    "Agreement": STRATEGIC, "Arrests": STRATEGIC, "Change to group/activity": STRATEGIC,
    "Disrupted weapons use": STRATEGIC, "Headquarters or base established": STRATEGIC,
    "Looting/property destruction": STRATEGIC, "Non-violent transfer of territory": STRATEGIC,
    "Other": STRATEGIC,
}
# The learned coder reports a sentence as an event when the calibrated probability that
# it holds one is at least this (a probability, so 0.5 is the natural cut).
EVENT_THRESHOLD = 0.5
# An ACLED sub-type is taken when the classifier gives it at least this probability among
# the sub-types the event's PLOVER type allows; below it the code map's choice stands.
ACLED_THRESHOLD = 0.3


def load_classifier(settings: Settings | None):
    from tacitus.learn.model import load_model_dir

    return load_model_dir(settings.coder_model if settings else None)


def top(probs: dict[str, float], allowed=None) -> tuple[str | None, float]:
    items = [(k, v) for k, v in probs.items() if allowed is None or k in allowed]
    if not items:
        return None, 0.0
    return max(items, key=lambda kv: kv[1])


def top_sub_type(probs: dict[str, float]) -> tuple[str | None, float]:
    """The likeliest ACLED sub-type of an `acled` head's probabilities (not "none", not
    the catch-all "Other"), with its probability."""
    return top({k: v for k, v in probs.items() if k in ACLED_PARENT and k != "Other"})


def best_mode(pred: dict, event_type: str, fallback: str | None, floor: float = 0.5) -> str | None:
    """The classifier's mode for `event_type` when it is sure enough, else `fallback`."""
    modes = {k.partition(":")[2]: v for k, v in pred.get("mode", {}).items()
             if k.partition(":")[0] == event_type}
    total = sum(modes.values())
    if not modes or total <= 0:
        return fallback
    mode, p = top(modes)
    return (mode or None) if p / total >= floor else fallback


def acled_choice(pred: dict, event_type: str, current: AcledType | None,
                 allowed_for: dict[str, set[str]], beyond: float | None = None,
                 ) -> AcledType | None:
    """The classifier's ACLED sub-type for an event of `event_type`, among those the
    training data pairs with that type (any, for a model trained on sub-types alone, when
    the code map gave the event an ACLED type); `current` when it is not sure enough.
    `beyond`: a sub-type the training data does not pair with the type is taken too when
    the classifier gives it at least this probability (the sentence's gist outranks a
    PLOVER type that may be the lexicon's wrong sense of the trigger)."""
    probs = pred.get("acled")
    if not probs:
        return current
    if beyond is not None:
        sub, p = top_sub_type(probs)
        if sub is not None and p >= beyond:
            return AcledType(event_type=ACLED_PARENT[sub], sub_event_type=sub)
    if allowed_for:
        allowed = allowed_for.get(event_type)
    else:
        allowed = set(ACLED_PARENT) if current is not None else None
    if not allowed:
        return current
    sub, p = top(probs, allowed)
    if sub is None or p < ACLED_THRESHOLD * sum(probs.get(a, 0.0) for a in allowed | {"none"}):
        return current
    return AcledType(event_type=ACLED_PARENT.get(sub, current.event_type if current else STRATEGIC),
                     sub_event_type=sub)


def sentence_predictions(classifier, sents: list[Span]) -> dict[int, dict]:
    """Predictions keyed by sentence start token, one encoder call for the document."""
    if not sents:
        return {}
    preds = classifier.predict([s.text.strip() for s in sents])
    return {s.start: p for s, p in zip(sents, preds, strict=True)}


class LearnedCoder:
    """Registered as "learned.v1": the classifier types every sentence."""

    name = "learned"

    def __init__(self, settings: Settings | None = None, classifier=None,
                 builder: EventBuilder | None = None):
        self.settings = settings
        self.classifier = classifier or load_classifier(settings)
        self.builder = builder or EventBuilder()
        self.version = f"learned-1.0+{self.classifier.version}"

    def code(self, document: Document, doc: Doc, offset: int = 0) -> list[Event]:
        sents = list(doc.sents)
        preds = sentence_predictions(self.classifier, sents)
        kept, decided = [], []
        for sent in sents:
            pred = preds[sent.start]
            p_event = pred.get("event", {}).get("yes", 1.0)
            if p_event < EVENT_THRESHOLD or "type" not in pred:
                continue
            event_type, p_type = top(pred["type"])
            mention = self._mention(sent, event_type, pred)
            kept.append((sent, mention))
            decided.append((pred, round(p_event * p_type, 2)))
        events = self.builder.events(document, doc, kept, offset=offset, coder=self.version)
        # The builder drops mentions it cannot ground (business, sport, ...): match the
        # survivors back to their decisions by trigger position, as the hybrid does.
        by_trigger = {m.trigger.start_char + offset: d
                      for (_, m), d in zip(kept, decided, strict=True)}
        allowed = self.classifier.acled_types_for
        for event in events:
            pred, confidence = by_trigger.get(event.evidence.trigger_start, ({}, None))
            event.acled = acled_choice(pred, event.event_type, event.acled, allowed)
            if confidence is not None:
                event.confidence = confidence
        return events

    def _mention(self, sent: Span, event_type: str, pred: dict) -> EventMention:
        """Where the event is: the rules' mention of that type, another rules mention
        retyped, or the main verb of the sentence with its subject and object."""
        found = find_mentions(sent)
        same = [m for m in found if m.event_type == event_type]
        if same:
            return replace(same[0], mode=same[0].mode or best_mode(pred, event_type, None))
        mode = best_mode(pred, event_type, None)
        if found:
            return replace(found[0], event_type=event_type, mode=mode, cameo=None)
        return root_mention(sent, event_type, mode)


def root_mention(sent: Span, event_type: str, mode: str | None, head: Token | None = None,
                 subject: Token | None = None) -> EventMention:
    """A mention on the sentence's main verb (or on `head`, the verb of the clause that
    holds the act; `subject`: its actor when the clause has none of its own, as in "X
    tried to ..."), when no trigger word was found."""
    from tacitus.events.arguments import _verb_arguments
    from tacitus.events.lexicon import load_lexicon
    from tacitus.events.phrases import _phrase

    root = head if head is not None else sent.root
    source, target = _verb_arguments(root, load_lexicon()) if root.pos_ in ("VERB", "AUX") \
        else (None, None)
    source = source if source is not None else subject
    span = lambda t: _phrase(t) if t is not None and t.i != root.i else None
    return EventMention(trigger=sent.doc[root.i:root.i + 1], event_type=event_type, mode=mode,
                        source=span(source), target=span(target), modality="asserted")
