"""Is a mention a political event at all? The last check before a mention becomes an Event.

Trigger words also occur in business, sport, accident, disaster and illness stories
("petrol sales aided a rise in sales", "a hurricane killed 600", "the ship hit a
breakwater", "Kidde agrees a takeover") and in commentary. A political event needs an
actor or a clear political act (ANNOTATION.md: ordinary business, natural disasters,
accidents and illness are not events). `ground` returns the mention to keep (possibly
re-typed: a cancelled meeting is a REJECT; re-moded: a plotted killing is planned), or
None with the reason in `last_reason` for debugging.

It works on the parsed sentence and the actors as resolved, never on the wording of
particular texts: every list is data (knowledge/data/events_grounding.json).
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from spacy.tokens import Span, Token

from tacitus.events.lexicon import load_lexicon
from tacitus.events.mentions import EventMention
from tacitus.knowledge import read_json
from tacitus.quantities.categories import is_person
from tacitus.quantities.lexicon import load_lexicon as quantity_lexicon
from tacitus.records import Actor

HOSTILE = frozenset({"THREATEN", "ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "ACCUSE",
                     "REJECT", "PROTEST"})
_QUOTES = frozenset({'"', "“", "”", "«", "»", "``", "''"})


@lru_cache(maxsize=1)
def _words() -> dict:
    """Word lists as frozensets; word -> value tables (e.g. `crowd_acts`) as dicts."""
    data = read_json("events_grounding.json")
    return {k: frozenset(v) if isinstance(v, list) else v for k, v in data.items()
            if isinstance(v, (list, dict))}


def known(actor: Actor | None) -> bool:
    """An actor the coder could place: a country, a sector or members."""
    return actor is not None and bool(actor.country or actor.sector or actor.members)


def ground(mention: EventMention, sent: Span, source: Actor | None,
           target: Actor | None) -> EventMention | None:
    """The mention to code (maybe re-typed or with another modality), or None."""
    reason = why_unfounded(mention, sent, source, target)
    if reason is not None:
        return None
    return _reframe(mention)


def why_unfounded(mention: EventMention, sent: Span, source: Actor | None,
                  target: Actor | None) -> str | None:
    """A short reason why the mention reports no political event, or None."""
    words = _words()
    trigger = mention.trigger.root
    if _author_voice(sent):
        return "commentary in the author's voice"
    if mention.event_type == "ASSAULT" and _vehicle_subject(trigger):
        return "a vehicle hitting something is an accident"
    if mention.event_type == "ASSAULT" and not _acting(source) \
            and _accident_or_disaster(sent, trigger):
        return "accident, disaster or illness"
    if mention.event_type in ("ASSAULT", "COERCE") and trigger.lemma_.lower() in words["sport_verbs"] \
            and _sport(sent) and not _people(mention.target):
        return "a sports result"
    if mention.event_type in ("AGREE",) and _intent_without_act(trigger):
        return "a ceremony, not a pledge"
    if mention.event_type == "ASSAULT" and _abstract_target(mention.target):
        return "fighting a social ill is a policy, not an attack"
    if mention.event_type not in words["actor_optional_types"] | {"ACCUSE"} \
            and not known(source) and not known(target) \
            and not _named(mention.source) and not _named(mention.target):
        return "no actor"
    if mention.event_type in words["business_types"] and _business_only(source, target):
        return "ordinary business"
    if mention.event_type == "CONSULT" and mention.target is not None \
            and mention.target.root.lemma_.lower() in words["press_partners"]:
        return "speaking to the press is not a consultation"
    if mention.event_type == "THREATEN" and source is None and _passive(trigger):
        return "being warned is not a threat"
    if trigger.lemma_.lower() == "warn" and _warns_of_no_hostile_act(trigger):
        return "a warning about a state of affairs"
    if _requested_content(trigger):
        return "what is asked for, not done"
    if mention.source is not None and not known(target) and _event_as_actor(mention.source):
        return "an event, not an actor, acts"
    return None


def _event_as_actor(source: Span) -> bool:
    """"the war has destroyed the coalition": the doer is itself an event noun."""
    root = source.root
    return root.pos_ == "NOUN" and root.ent_type_ in ("", "EVENT") \
        and root.lemma_.lower() in load_lexicon().nouns


# --- re-framing ---------------------------------------------------------------------

def _reframe(mention: EventMention) -> EventMention:
    words = _words()
    trigger = mention.trigger.root
    head = trigger.head
    if mention.event_type in words["cancellable_types"] and trigger.pos_ == "NOUN" \
            and trigger.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in words["cancel_verbs"] \
            and (head.lemma_.lower() != "call" or any(c.lower_ == "off" for c in head.children)):
        # "cancelled a meeting", "called off talks": a refusal, not a meeting
        return replace(mention, event_type="REJECT", cameo=None, modality="asserted")
    if mention.event_type == "MOBILIZE" and trigger.lemma_.lower() in words["exercise_nouns"] \
            and _joint(trigger, mention.source):
        # PLOVER: joint military exercises are COOPERATE, one country's are MOBILIZE
        return replace(mention, event_type="COOPERATE", mode=None, cameo="062")
    crowd_act = words["crowd_acts"].get(trigger.lemma_.lower())
    if crowd_act and mention.source is not None \
            and mention.source.root.lemma_.lower() in words["crowd_nouns"]:
        # "protesters occupied the airport", "demonstrators stormed the parliament": a
        # crowd's occupation or storming is a protest (PLOVER), not a military assault
        return replace(mention, event_type="PROTEST", mode=crowd_act, cameo=None)
    if mention.modality == "asserted" and _plotted(trigger):
        return replace(mention, modality="planned")
    return mention


def _joint(trigger: Token, source: Span | None) -> bool:
    """"joint drills", "French and Egyptian warships launched war games"."""
    if any(c.lower_ in _words()["joint_modifiers"] for c in trigger.children):
        return True
    return source is not None and any(t.dep_ == "conj" for t in source)


def _plotted(trigger: Token) -> bool:
    """"a plot to assassinate X": the act is what was plotted."""
    return trigger.dep_ in ("acl", "xcomp", "relcl") and \
        trigger.head.lemma_.lower() in _words()["plan_nouns"] and trigger.head.pos_ == "NOUN"


# --- the tests ----------------------------------------------------------------------

def _acting(actor: Actor | None) -> bool:
    """A named or typed agent, not one the coder implied from the act itself."""
    return known(actor) and actor.resolved_by != "implied"


def _named(span: Span | None) -> bool:
    return span is not None and any(e.label_ in ("PERSON", "ORG", "NORP", "GPE") for e in span.ents)


def _author_voice(sent: Span) -> bool:
    """"I'm not talking about ...": the writer's own voice, outside quotation marks."""
    if any(t.text in _QUOTES for t in sent):
        return False
    return any(t.lower_ in _words()["first_person"] and t.dep_ in ("nsubj", "nsubjpass")
               for t in sent)


def _accident_or_disaster(sent: Span, trigger: Token) -> bool:
    words = _words()
    for tok in sent:
        lemma = tok.lemma_.lower()
        if lemma in words["natural_causes"] and tok.pos_ in ("NOUN", "PROPN"):
            return True
        if lemma in words["accident_heads"] and any(
                c.lemma_.lower() in words["accident_modifiers"] for c in tok.children
                if c.dep_ in ("compound", "amod", "nmod")):
            return True
        if _vehicle_subject(tok):
            return True
    return False


def _people(span: Span | None) -> bool:
    """A target that is people ("beat a man"), not a team or a country."""
    return span is not None and span.root.ent_type_ not in ("GPE", "ORG", "NORP") \
        and is_person(span.root, quantity_lexicon())


def _sport(sent: Span) -> bool:
    """"Brazil beat Argentina 2-1", "the striker scored twice as Spain beat Italy"."""
    words = _words()["sport_words"]
    if any(t.lemma_.lower() in words for t in sent):
        return True
    # a score line: "2-1" as one token or three
    return any(t.like_num and "-" in t.text for t in sent) or any(
        a.like_num and b.text in ("-", "–") and c.like_num for a, b, c in zip(sent, sent[1:], sent[2:]))


def _vehicle_subject(tok: Token) -> bool:
    """"a cargo ship hit a breakwater", "the bus plunged into a river"."""
    words = _words()
    if tok.lemma_.lower() not in words["accident_verbs"] or tok.pos_ != "VERB":
        return False
    subject = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.lemma_.lower() not in words["vehicles"]:
        return False
    # "their car hit a landmine", "the convoy struck a roadside bomb": an attack laid in wait
    weapons = load_lexicon().cues["assault_instruments"]
    return not any(t.lemma_.lower() in weapons for c in tok.children if c.dep_ in ("dobj", "prep")
                   for t in c.subtree)


def _business_only(source: Actor | None, target: Actor | None) -> bool:
    """Every actor the text names is a business (a state, even with no sector, is not)."""
    actors = [a for a in (source, target) if known(a)]
    members = [m for a in actors for m in (a.members or [a]) if m.country or m.sector]
    return bool(members) and all(m.sector == "BUS" for m in members)


def _passive(trigger: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in trigger.children)


def _warns_of_no_hostile_act(trigger: Token) -> bool:
    """"economists warned the government needs reforms": a warning about a state of affairs,
    addressed to no one, is not a THREATEN; "warned the city it must ... or face" (an
    addressee) and "warned that troops would attack" (a hostile act) are."""
    if any(c.dep_ in ("dobj", "dative") for c in trigger.children):
        return False
    clause = next((c for c in trigger.children if c.dep_ == "ccomp"), None)
    if clause is None:
        return False
    lex = load_lexicon()
    heads = [clause] + [c for c in clause.children if c.dep_ in ("dobj", "xcomp", "conj", "attr")]
    for tok in heads:
        table = lex.verbs if tok.pos_ in ("VERB", "AUX") else lex.nouns
        if any(e.event_type in HOSTILE for e in table.get(tok.lemma_.lower(), ())):
            return False
    return True


def _intent_without_act(trigger: Token) -> bool:
    """"was sworn in": an intent verb (swear, vow) with no act intended is a ceremony."""
    lemma = trigger.lemma_.lower()
    if lemma not in _words()["intent_verbs"]:
        return False
    return not any(c.dep_ in ("xcomp", "ccomp", "dobj") for c in trigger.children)


def _abstract_target(target: Span | None) -> bool:
    return target is not None and target.root.lemma_.lower() in _words()["abstract_targets"]


def _requested_content(trigger: Token) -> bool:
    """"calls for a withdrawal": the withdrawal is requested, not done."""
    if trigger.pos_ != "NOUN" or trigger.dep_ != "pobj" or trigger.head.lower_ != "for":
        return False
    holder = trigger.head.head
    requests = _words()["request_nouns"] | _words()["plan_nouns"]   # "a plan for withdrawal"
    if holder.lemma_.lower() in requests:
        return True
    # "drew calls from X for a withdrawal": the preposition hangs on the verb
    return any(c.lemma_.lower() in requests and c.dep_ in ("dobj", "nsubj", "nsubjpass")
               for c in holder.children)
