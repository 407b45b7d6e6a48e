"""The hybrid coder: the rules propose, the classifier decides, vetoes or adds.

The rules are precise about *where* an event is and who does what to whom, and about
modality (negation, plans, conditions); the lexicon's weak spot is the type of a word in
context ("strike" by workers or by jets, "clashes" that are a riot or a battle), fine
ACLED sub-types, and events told in words it has no trigger for. So the classifier reads
every sentence and:

1. vetoes a rules mention only when it is confident the sentence reports no political
   event (P(event) < VETO) AND the rules' own evidence for it is weak (mention confidence
   < STRONG: no actor found, a bare noun, commentary) AND it would not itself give the
   sentence the rules' type. A trigger with its actors stands whatever the classifier
   says: a sentence classifier trained on one corpus misjudges other domains (police
   news, lower-cased text) more often than the parse does;
2. rescues a rules mention the rules drop under their confidence floor for want of an
   actor (a bare event noun: "Curfew after massacre") when it is all but sure the
   sentence holds an event of that type (P(event) * P(type) >= RESCUE);
3. keeps the rules' type unless it is all but sure they are wrong: the rules' type gets
   below KEEP, its own top type at least RETYPE, it learned the rules' type from at least
   MIN_EXAMPLES examples, no other mention or trigger word of the sentence has its type
   (the classifier types the sentence, not the trigger), and the
   rules' evidence is weak (mention confidence < STRONG, as for a veto: a trigger with its
   actors keeps its type; "X and Y signed a treaty of friendship" stays the lexicon's
   SUPPORT where the corpus's habit says AGREE); then it retypes the mention and the mode
   follows the type. A type the rules took from the
   sentence's structure rather than the trigger word ("agreed to provide" is AGREE,
   "threatened to withdraw" THREATEN) is never retyped: the classifier sees the embedded
   verb's gist ("provide" aid, "withdraw"), the parse sees who commits to what. A mode
   the rules left open is filled, but never one the argument stage infers an agent from;
4. proposes an event where the rules found none in the whole text (a snippet told in
   words the lexicon lacks) when it is confident of both the event and its type
   (P(event) * P(type) >= PROPOSE): the trigger is the sentence's main verb (or head noun
   of a headline) and the shared argument stage finds actors, place, date and quantities
   as for any rules mention. Where the rules found an event, the other sentences mostly
   restate it (headline and lead) or give background, so nothing is proposed there. A
   main verb that only reports or attempts the act ("said they detained", "tried to head
   off") is not typed: the classifier reads the reported clause alone (`reported_clause`);
5. picks the ACLED sub-type among those the type allows (see `learned.acled_choice`), or
   any sub-type it gives at least ACLED_BEYOND (the sentence's gist outranks a PLOVER
   type that may be the lexicon's wrong sense of the trigger); a proposal whose ACLED
   sub-type is surer than its PLOVER type takes the type paired with that sub-type;
6. sets `confidence` to its calibrated probability that the sentence holds an event of the
   final type (blended with the rules' own confidence when the rules are the surer).

The thresholds were chosen by cross-validation on the project's corpus
(`bench/tune_hybrid.py`), never on the dev sets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial

from spacy.tokens import Doc, Span, Token

from tacitus.coding.arguments import IMPLIED_AGENTS, EventBuilder
from tacitus.coding.learned import (
    ACLED_PARENT,
    acled_choice,
    best_mode,
    load_classifier,
    root_mention,
    sentence_predictions,
    top,
    top_sub_type,
)
from tacitus.config import Settings
from tacitus.events import EventMention, find_mentions
from tacitus.events.mentions import MIN_CONFIDENCE
from tacitus.learn.examples import NO_ACLED
from tacitus.nlp import doc_text
from tacitus.records import AcledType, Document, Event

VETO = 0.1       # P(event) below this: the sentence reports no political event...
STRONG = 0.7     # ...which vetoes only a rules mention less confident than this
KEEP = 0.02      # P(rules' type) at least this: the rules' type stands
RETYPE = 0.9     # P(classifier's top type) at least this: it may replace the rules' type
MIN_EXAMPLES = 40   # ...when the classifier learned the rules' type from this many examples
PROPOSE = 0.6    # P(event) * P(top type) at least this: an event where the rules found none
RESCUE = 0.9     # P(event) * P(rules' type) at least this: a rules mention under the rules'
                 # own confidence floor (a bare event noun with no actor) is kept
MIN_WORDS = 4    # ...in a sentence of at least this many words (not a dateline or byline)
ACLED_BEYOND = 0.5  # P(ACLED sub-type) at least this: taken even if the type is not paired
ACLED_TEXT = 0.5    # P(sub-type | whole text) at least this: the text's main event takes it
# Screening (see HybridCoder._needs_full): the full encoder reads a sentence when the
# screen's reading comes within these of a decision's own threshold.
SCREEN_PROPOSE = 0.3   # P(event) * P(top type or sub-type) (PROPOSE 0.6)
SCREEN_ACLED = 0.2     # P(top ACLED sub-type) (ACLED_BEYOND, ACLED_TEXT 0.5)...
SCREEN_SURE = 0.8      # ...unless the screen gives one ACLED label at least this: on 2,078
                       # held-out corpus and synthetic sentences the full reading's likeliest
                       # label was the screen's in 255 of the 258 such among 850 gated
SCREEN_CONFIRM = 0.4   # ...or when the screen confirms the code map's sub-type: gives it at
                       # least this, no other label (another sub-type, or none) SCREEN_ACLED,
                       # and keeps it (`acled_choice`); on 1,851 re-reads of held-out
                       # synthetic news it did so for 384, the full reading kept 380 of them
SCREEN_VETO = 0.3      # P(event) under this, for a weak mention (VETO 0.1)
SCREEN_KEEP = 0.1      # P(rules' type) under this, for a weak mention (KEEP 0.02)...
SCREEN_RETYPE = 0.3    # ...and P(another type no other word has) at least this (RETYPE 0.9)
SCREEN_RESCUE = 0.5    # P(event) * P(type) of a mention under the floor (RESCUE 0.9)
VERBS = ("VERB", "AUX")


def _sub_type(pred: dict) -> float:
    """The probability of the likeliest ACLED sub-type (not "none" or "Other")."""
    return top_sub_type(pred.get("acled", {}))[1]


class HybridCoder:
    """Registered as "hybrid.v1"."""

    name = "hybrid"

    def __init__(self, settings: Settings | None = None, classifier=None,
                 builder: EventBuilder | None = None, thresholds: dict | None = None,
                 screen: bool = True):
        self.settings = settings
        self.classifier = classifier or load_classifier(settings)
        self.builder = builder or EventBuilder()
        self.version = f"hybrid-1.7+{self.classifier.version}"
        counts = getattr(self.classifier, "meta", {}).get("label_counts", {}).get("type", {})
        self._known = {t for t, n in counts.items() if n >= MIN_EXAMPLES} if counts else None
        self.t = {"veto": VETO, "strong": STRONG, "keep": KEEP, "retype": RETYPE,
                  "propose": PROPOSE, "rescue": RESCUE, "acled_beyond": ACLED_BEYOND,
                  "acled_text": ACLED_TEXT, "screen_propose": SCREEN_PROPOSE,
                  "screen_acled": SCREEN_ACLED, "screen_sure": SCREEN_SURE,
                  "screen_confirm": SCREEN_CONFIRM,
                  "screen_veto": SCREEN_VETO,
                  "screen_keep": SCREEN_KEEP, "screen_retype": SCREEN_RETYPE,
                  "screen_rescue": SCREEN_RESCUE,
                  **(thresholds or {})}
        self._found: dict[int, tuple] = {}   # id(doc) -> (doc, sents, mentions) from prepare()
        # the cheap first reader (learn/model.py): `screen=False` reads all with the full one
        self.screen = getattr(self.classifier, "screen", None) if screen else None

    def warm(self) -> None:
        """Load the full encoder as well as the screen (each is otherwise loaded on its
        first reading), so that a server's first text or a benchmark's timed run does
        not pay for it."""
        for reader in (self.screen, self.classifier):
            if reader is not None:
                reader.predict(["warm-up"])

    def prepare(self, docs: list[Doc]) -> None:
        """Embed the sentences the next `docs` will need in one encoder call (the pipeline
        calls this for each window of parsed documents; one call for many documents costs
        far less CPU than one per document). Optional: `code` works without it."""
        first = self.screen or self.classifier
        prefetch = getattr(first, "prefetch", None)
        if prefetch is None:
            return
        texts, self._found = [], {}
        for doc in docs:
            sents, found, weak = self._mentions(doc)
            self._found[id(doc)] = (doc, sents, found, weak)   # the doc itself: ids are reused
            texts.extend(s.text.strip() for s in _to_read(sents, found, weak))
            if len(sents) > 1 and self.screen is None:   # screened: read when needed
                texts.append(doc_text(doc).strip())
        prefetch(texts)

    # -- screening -------------------------------------------------------------------

    def _predictions(self, sents: list[Span], found: dict, weak: dict,
                     ) -> tuple[dict[int, dict], set[int]]:
        """The classifier's reading of each sentence in `sents` (by start token): the full
        encoder's for the sentences the screening model says may change a decision, the
        screen's for the rest (all the full encoder's when the model has no screen); and
        the starts of the sentences only the screen read."""
        if self.screen is None:
            return sentence_predictions(self.classifier, sents), set()
        preds = sentence_predictions(self.screen, sents)
        proposing = not any(found.values())
        closer = [s for s in sents if self._needs_full(preds[s.start], weak[s.start], proposing)]
        # A proposal in a sentence too short for one, or resting on the reading of a
        # reported clause (`propose`), never uses the sentence's own reading: neither
        # read it in full now nor again later.
        unused = {s.start for s in closer if proposing and not weak[s.start] and _unused(s)}
        preds.update(sentence_predictions(self.classifier,
                                          [s for s in closer if s.start not in unused]))
        return preds, {s.start for s in sents} - {s.start for s in closer}

    def _reread(self, event: Event, mention: EventMention, pred: dict,
                others: Callable[[], set[str]]) -> bool:
        """Whether an event built from a sentence only the screen read (`pred`) needs
        the full reading: for its ACLED sub-type, when the screen gives the sub-types the
        event's type allows together, or any one sub-type, at least SCREEN_ACLED (below
        that the full reading seldom puts enough on one to change the code map's, and most
        political news has none) unless the screen is sure of one (SCREEN_SURE); for a
        veto or a retype of a weak mention, when the screen comes near either."""
        probs = pred.get("acled", {})
        allowed = self.classifier.acled_types_for.get(event.event_type, ())
        if (sum(probs.get(k, 0.0) for k in allowed) >= self.t["screen_acled"]
                or _sub_type(pred) >= self.t["screen_acled"]) \
                and max(probs.values(), default=0.0) < self.t["screen_sure"] \
                and not self._confirms(pred, event):                 # `acled_choice`
            return True
        if mention.confidence >= self.t["strong"]:    # neither vetoed nor retyped
            return False
        types = pred.get("type", {})
        return pred.get("event", {}).get("yes", 1.0) < self.t["screen_veto"] or (
            types.get(mention.event_type, 0.0) < self.t["screen_keep"]
            and not type_from_structure(mention)
            and (self._known is None or mention.event_type in self._known)
            and top(types, set(types) - others() - {mention.event_type})[1]
            >= self.t["screen_retype"])

    def _confirms(self, pred: dict, event: Event) -> bool:
        """Whether the screen's reading `pred` confirms the ACLED sub-type the code map
        gave `event` (or its having none): the code map, which reads the parse, and the
        screen, which reads the words, agree, and the screen sees no rival."""
        probs = pred.get("acled", {})
        label = event.acled.sub_event_type if event.acled is not None else NO_ACLED
        if probs.get(label, 0.0) < self.t["screen_confirm"] or any(
                p >= self.t["screen_acled"] for k, p in probs.items() if k != label):
            return False
        kept = acled_choice(pred, event.event_type, event.acled,
                            self.classifier.acled_types_for, beyond=self.t["acled_beyond"])
        return kept == event.acled

    def _needs_full(self, pred: dict, weak: list[EventMention], proposing: bool) -> bool:
        """Whether the full encoder should read a sentence before anything is built, given
        the screen's reading `pred`: it might propose an event there, or rescue a mention
        under the floor (each the decision's own test with a margin, the SCREEN_*
        thresholds). Vetoes, retypes and sub-types wait for the builder (`_reread`)."""
        t = self.t
        p_event = pred.get("event", {}).get("yes", 1.0)
        types = pred.get("type", {})
        if proposing:
            return p_event * max(top(types)[1], _sub_type(pred)) >= t["screen_propose"]
        return any(m.source is None and m.target is None
                   and p_event * types.get(m.event_type, 0.0) >= t["screen_rescue"]
                   for m in weak)

    def _read_clause(self, text: str) -> dict:
        """The classifier's reading of a reported clause (`propose`), screened as a
        sentence with no rules mention is."""
        if self.screen is not None:
            pred = self.screen.predict([text])[0]
            if not self._needs_full(pred, [], proposing=True):
                return pred
        return self.classifier.predict([text])[0]

    def _mentions(self, doc: Doc) -> tuple[list[Span], dict[int, list[EventMention]],
                                           dict[int, list[EventMention]]]:
        """The sentences, the rules' mentions of each, and the mentions the rules drop
        under their confidence floor (candidates for `rescue`)."""
        sents = [s for s in doc.sents if s.text.strip()]
        found, weak = {}, {}
        for sent in sents:
            every = find_mentions(sent, floor=0.0)
            found[sent.start] = [m for m in every if m.confidence >= MIN_CONFIDENCE]
            weak[sent.start] = [m for m in every if m.confidence < MIN_CONFIDENCE]
        return sents, found, weak

    def code(self, document: Document, doc: Doc, offset: int = 0) -> list[Event]:
        held = self._found.pop(id(doc), None)
        sents, found, weak = held[1:] if held and held[0] is doc else self._mentions(doc)
        preds, screened = self._predictions(_to_read(sents, found, weak), found, weak)
        found = {start: sorted(mentions + rescue(weak[start], preds.get(start, {}),
                                                 self.t["rescue"]),
                               key=lambda m: m.trigger.start)
                 for start, mentions in found.items()}
        kept, decided = self._decisions(sents, found, preds, screened)
        events = self.builder.events(document, doc, kept, offset=offset, coder=self.version)
        # The builder drops mentions it cannot ground (business, sport, ...): match the
        # survivors back to their decisions by trigger position.
        where = lambda kept: {m.trigger.start_char + offset: i for i, (_, m) in enumerate(kept)}
        index = where(kept)
        # A sentence only the screen read is read again in full when one of its events
        # may come out otherwise (`_reread`); its mentions are then decided again, and the
        # text built again if a decision changed (rare: the screen is seldom wrong there).
        survivors = [index.get(e.evidence.trigger_start) for e in events]
        again = {kept[i][0].start for i, e in zip(survivors, events, strict=True)
                 if i is not None and kept[i][0].start in screened
                 and self._reread(e, kept[i][1], decided[i][0],
                                  partial(_others, *kept[i], found[kept[i][0].start]))}
        if again:
            full = sentence_predictions(self.classifier, [s for s in sents if s.start in again])
            preds = {**preds, **full}
            revised, redecided = self._decisions(sents, found, preds, screened - again)
            if [m for _, m in revised] != [m for _, m in kept]:
                events = self.builder.events(document, doc, revised, offset=offset,
                                             coder=self.version)
            kept, decided = revised, redecided
            index = where(kept)
        allowed = self.classifier.acled_types_for
        for event in events:
            i = index.get(event.evidence.trigger_start)
            pred, confidence = decided[i] if i is not None else ({}, None)
            event.acled = acled_choice(pred, event.event_type, event.acled, allowed,
                                       beyond=self.t["acled_beyond"])
            if confidence is not None:
                event.confidence = confidence
        if len(sents) > 1:
            self._main_sub_type(doc, events)
        return events

    def _decisions(self, sents: list[Span], found: dict, preds: dict, screened: set[int],
                   ) -> tuple[list[tuple[Span, EventMention]], list[tuple[dict, float | None]]]:
        """The mentions to build, each with (the prediction it rests on, its confidence).
        A sentence only the screen read keeps its mentions' types: a veto or a retype is
        the full reading's to make."""
        kept, decided = [], []
        anything = any(found.values())
        hold = dict(self.t, veto=-1.0, retype=2.0)
        for sent in sents:
            pred, mentions = preds.get(sent.start, {}), found[sent.start]
            if not anything:
                proposal = propose(sent, pred, self.t["propose"],
                                   self.classifier.acled_types_for, read=self._read_clause)
                if proposal is not None:
                    kept.append((sent, proposal[0]))
                    decided.append((proposal[2], proposal[1]))
                continue
            t = hold if sent.start in screened else self.t
            for mention in mentions:
                others = partial(_others, sent, mention, mentions)   # for a retype only
                decision = decide(mention, pred, others, self._known, t,
                                  fixed=type_from_structure(mention))
                if decision is not None:
                    kept.append((sent, decision[0]))
                    decided.append((pred, decision[1]))
        return kept, decided

    def _main_sub_type(self, doc: Doc, events: list[Event]) -> None:
        """The ACLED sub-type of the text's main event (the surest one with an ACLED
        type) from the classifier reading the whole text, when it is sure of one: ACLED
        codes an item's one event from all it says (who fired first, whether demonstrators
        turned violent, what the arrests were for), which no single sentence may tell."""
        main = max((e for e in events if e.acled is not None),
                   key=lambda e: e.confidence or 0.0, default=None)
        if main is None:
            return
        text = doc_text(doc).strip()
        if self.screen is not None and _sub_type(self.screen.predict([text])[0]) \
                < self.t["screen_acled"]:
            return       # the full reading changes the sub-type only to one it is sure of
        sub, p = top_sub_type(self.classifier.predict([text])[0].get("acled", {}))
        if sub is not None and p >= self.t["acled_text"]:
            main.acled = AcledType(event_type=ACLED_PARENT[sub], sub_event_type=sub)


def _others(sent: Span, mention: EventMention, mentions: list[EventMention]) -> set[str]:
    """The types of the sentence's other mentions and other trigger words (`decide`)."""
    same = lambda m: m is mention or (m.trigger.start == mention.trigger.start
                                      and m.event_type == mention.event_type)
    return {m.event_type for m in mentions if not same(m)} | words_types(sent, mention)


def _to_read(sents: list[Span], found: dict[int, list], weak: dict[int, list]) -> list[Span]:
    """The sentences the classifier reads. Proposals are made only in texts where the rules
    found nothing; elsewhere it needs only the sentences with a rules mention, kept or
    under the floor (the encoder is most of the hybrid's cost)."""
    if not any(found.values()):
        return sents
    return [s for s in sents if found[s.start] or weak[s.start]]


def rescue(mentions: list[EventMention], pred: dict, threshold: float = RESCUE,
           ) -> list[EventMention]:
    """The rules mentions dropped under their confidence floor for want of an actor that
    the classifier is all but sure of: a bare event noun with no actor in its sentence
    ("Curfew after massacre", "the collapse of talks") is weak evidence for the parse,
    which cannot tell the event from a mention of the word; the classifier reads the
    whole sentence. Kept when P(event) * P(the rules' type) >= threshold, with that
    probability as the mention's confidence (the type is the rules': the classifier only
    vouches for it). A mention with an actor that fell under the floor did so for its
    place, not its evidence (a relative clause: "X, who was arrested last year, ..." is
    background to the reported event), which a sentence classifier cannot judge."""
    p_event = pred.get("event", {}).get("yes")
    types = pred.get("type")
    if not mentions or p_event is None or not types:
        return []
    return [replace(m, confidence=round(p_event * types.get(m.event_type, 0.0), 2))
            for m in mentions if m.source is None and m.target is None
            and p_event * types.get(m.event_type, 0.0) >= threshold]


def decide(mention: EventMention, pred: dict, others: set[str] | Callable[[], set[str]],
           known: set[str] | None = None, t: dict | None = None, fixed: bool = False,
           ) -> tuple[EventMention, float | None] | None:
    """(the mention as the classifier would have it, its confidence), or None for a veto.
    `known`: the types the classifier learned from enough examples to overrule (None: all);
    `fixed`: the rules' type comes from the sentence's structure and is never retyped.
    `others`: the types of the sentence's other words (`_others`), or a function giving
    them, called only for a retype (walking the sentence for every mention cost more than
    the decisions themselves)."""
    t = t or {"veto": VETO, "strong": STRONG, "keep": KEEP, "retype": RETYPE}
    p_event = pred.get("event", {}).get("yes")
    types = pred.get("type")
    # A sentence whose likeliest type (were it an event) is the rules' type is a question
    # of domain, not of what happened ("so far 212 persons have been rounded up": surely
    # an arrest, and ordinary crime to a corpus of political news): the rules' grounding
    # decides that, so only a mention the classifier would type otherwise is vetoed.
    if p_event is not None and p_event < t["veto"] and mention.confidence < t["strong"] \
            and top(types or {})[0] != mention.event_type:
        return None
    if not types:                          # a model trained without PLOVER types
        return mention, None
    p_event = 1.0 if p_event is None else p_event
    event_type = mention.event_type
    if not fixed and types.get(event_type, 0.0) < t["keep"] \
            and mention.confidence < t.get("strong", STRONG) \
            and (known is None or event_type in known):
        best, p_best = top(types)
        if best is not None and p_best >= t["retype"] \
                and best not in (others() if callable(others) else others):
            mode = best_mode(pred, best, None)
            mention = replace(mention, event_type=best, mode=mode, cameo=None)
            event_type = best
    if mention.mode is None:
        mode = best_mode(pred, event_type, None)
        implied = IMPLIED_AGENTS.get((event_type, mode))
        if implied is not None and implied != IMPLIED_AGENTS.get((event_type, None)):
            # the builder infers the agent from such a mode when the text names none it
            # can place ("arrested": police); a mode that is the classifier's reading of
            # the sentence, not the trigger's meaning, must not make up who acted ("the
            # centre should take steps to restore order" read as an arrest by police)
            mode = None
        mention = replace(mention, mode=mode)
    return mention, blend(pred, event_type, mention.confidence)


def blend(pred: dict, event_type: str, rules: float) -> float:
    """The calibrated probability that the sentence holds an event of `event_type`,
    raised halfway to the rules' own confidence `rules` when the rules are the surer."""
    p_event = pred.get("event", {}).get("yes", 1.0)
    learned = p_event * pred.get("type", {}).get(event_type, 0.0)
    return round(min(max(learned, (learned + rules) / 2), 0.99), 2)


def words_types(sent: Span, mention: EventMention) -> set[str]:
    """The types the lexicon gives the sentence's other words, kept as mentions or not.
    The classifier types the sentence, not the trigger: in "six men were picked up after
    shops were burnt" its ASSAULT is the burning, and "picked up" stays an arrest."""
    from tacitus.events.lexicon import load_lexicon

    lex = load_lexicon()
    own = set(range(mention.trigger.start, mention.trigger.end)) if mention.trigger else set()
    types = set()
    for tok in sent:
        if tok.i in own or not tok.is_alpha:
            continue
        entries = lex.verbs.get(tok.lemma_.lower(), ()) if tok.pos_ in ("VERB", "AUX") \
            else lex.nouns.get(tok.lemma_.lower(), ())
        types.update(e.event_type for e in entries)
    return types


def type_from_structure(mention: EventMention) -> bool:
    """True when no lexicon entry of the trigger word gives the mention's type: the rules
    took it from a frame ("agreed to", "threatened to") or a construction ("must")."""
    from tacitus.events.lexicon import load_lexicon

    trigger = mention.trigger
    if trigger is None:
        return False
    lex = load_lexicon()
    lemma = trigger.root.lemma_.lower()
    entries = lex.verbs.get(lemma, ()) + lex.nouns.get(lemma, ())
    return not entries or mention.event_type not in {e.event_type for e in entries}


def reported_clause(sent: Span) -> tuple[Token, str, Token | None] | None:
    """Where the sentence's main verb only reports or attempts an act ("police said they
    detained 40", "the minister tried to head off a row", "it said it had begun to
    withdraw"): (the verb of the act, the words of its clause, the
    actor it takes from the main clause for "X tried to ..." or None). None when the
    main verb is itself a trigger word or governs no such clause.

    A sentence classifier reads the reporting frame along with the report and types the
    whole ("tried to" as a sanction, "announced that X must agree" as an agreement); the
    act, if any, is in the complement, so that is what it should read."""
    from tacitus.events.lexicon import load_lexicon

    lex = load_lexicon()
    speech = set(lex.cues["speech_verbs"])
    cur, subject, moved = sent.root, None, False
    for _ in range(4):                   # "said it had tried to ..."
        lemma = cur.lemma_.lower()
        if lex.verbs.get(lemma) or lex.nouns.get(lemma):
            break
        # A reporting verb's act is its reported clause ("said they detained"); its
        # infinitive ("is said to have dropped", "are expected to leave") only hedges the
        # sentence's own act, which the sentence reading already has. Any other verb with
        # no trigger entry and an infinitive ("tried to", "sought to") is an attempt.
        comp = "ccomp" if lemma in speech else "xcomp"
        clause = next((c for c in cur.children if c.dep_ == comp and c.pos_ in VERBS), None)
        if clause is None:
            break
        if comp == "ccomp":
            cur, subject = clause, None
        else:                            # the controller is the act's actor
            subject = subject or next((c for c in cur.children
                                       if c.dep_ in ("nsubj", "nsubjpass")), None)
            cur = clause
        moved = True
    if not moved:
        return None
    doc = sent.doc
    words = doc[cur.left_edge.i:cur.right_edge.i + 1].text
    if subject is not None and not cur.left_edge.i <= subject.i <= cur.right_edge.i:
        words = f"{doc[subject.left_edge.i:subject.right_edge.i + 1].text} {words}"
    return cur, words, subject


def _unused(sent: Span) -> bool:
    """Whether `propose` decides a sentence without its own reading: too short for a
    proposal, or a reported act judged by the reading of its clause."""
    return _too_short(sent) or reported_clause(sent) is not None


def _too_short(sent: Span) -> bool:
    return sum(1 for tok in sent if tok.is_alpha) < MIN_WORDS


def propose(sent: Span, pred: dict, threshold: float = PROPOSE,
            acled_types_for: dict[str, set[str]] | None = None, read=None,
            ) -> tuple[EventMention, float, dict] | None:
    """A mention the classifier is confident of in a sentence the rules found nothing
    in, on the sentence's main verb, or None. With `read` (text -> prediction), a
    sentence whose main verb reports or attempts an act is judged by the classifier's
    reading of the act's clause alone, and the mention sits on that clause's verb.
    Returns (mention, confidence, the prediction it rests on)."""
    head = subject = None
    clause = reported_clause(sent) if read is not None else None
    if clause is not None:
        head, words, subject = clause
        pred = read(words)
    types = pred.get("type")
    p_event = pred.get("event", {}).get("yes")
    if not types or p_event is None or threshold > 1:
        return None
    event_type, p_type = top(types)
    # Conflict news is often clearer about its ACLED sub-type than its PLOVER type ("an
    # arms cache was discovered": COERCE or ASSAULT?): a sure sub-type vouches for the
    # event, with the PLOVER type its training data pairs with it that is likeliest.
    sub, p_sub = top({k: v for k, v in pred.get("acled", {}).items() if k != NO_ACLED})
    if sub is not None and p_sub > p_type:
        paired = {t for t, subs in (acled_types_for or {}).items() if sub in subs}
        best, _ = top(types, paired)
        if best is not None:
            event_type, p_type = best, p_sub
    confidence = p_event * p_type
    if event_type is None or confidence < threshold:
        return None
    if _too_short(sent):
        return None
    mention = root_mention(sent, event_type, best_mode(pred, event_type, None), head=head,
                           subject=subject)
    return (replace(mention, confidence=round(confidence, 2)), round(min(confidence, 0.99), 2),
            pred)
