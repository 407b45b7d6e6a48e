"""Building event mentions for one sentence: matched triggers, their arguments and
modality, PLOVER's rules for stated intentions and threats, and a confidence."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from tacitus.events.arguments import (
    _SUBJECTS,
    _addressee,
    _child,
    _coercive_controller,
    _conditional_party,
    _measured,
    _noun_arguments,
    _ordered_undergoer,
    _prep_object,
    _subject,
    _talks_party,
    _verb_arguments,
)
from tacitus.events.lexicon import Entry, Lexicon, load_lexicon
from tacitus.events.modality import _clause_chain, _modality, _under_speech
from tacitus.events.phrases import _phrase
from tacitus.events.triggers import _absorber, _find_matches, _is_verb, _Match
from tacitus.quantities.categories import is_person
from tacitus.quantities.lexicon import load_lexicon as quantity_lexicon

COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"})

# Mentions below this are dropped: a bare noun with no actor in a question or commentary.
MIN_CONFIDENCE = 0.35


@dataclass
class EventMention:
    trigger: Span            # the trigger words ("arrested", "sanctions", "agreed")
    event_type: str          # PLOVER type, one of records.EVENT_TYPES
    mode: str | None         # PLOVER mode or None
    source: Span | None      # full noun phrase of the actor (incl. conjuncts)
    target: Span | None      # full noun phrase of the recipient
    modality: str            # asserted | negated | planned | hypothetical
    cameo: str | None = None # optional finer CAMEO code if the lexicon knows it
    confidence: float = 0.5


def _inner_match(match: _Match, matches: dict[int, _Match], absorbed_by: dict[int, int]) -> _Match | None:
    for idx, outer in absorbed_by.items():
        if outer == match.token.i:
            return matches[idx]
    return None


def _resolve_frame(match: _Match, inner: _Match | None, lex: Lexicon) -> tuple[str, str | None, str | None]:
    entry = match.entry
    if entry.frame not in ("intent", "threat"):
        return entry.event_type, entry.mode, entry.cameo
    hostile = inner is not None and inner.entry.event_type in lex.cues["hostile_types"]
    if entry.frame == "intent" and not hostile:
        return "AGREE", None, entry.cameo
    mode = _threat_mode(inner, lex) if inner is not None else entry.mode
    return "THREATEN", mode, "130"


def _threat_mode(inner: _Match, lex: Lexicon) -> str | None:
    modes = lex.cues["threat_modes"]
    key = f"{inner.entry.event_type}:{inner.entry.mode}"
    return modes.get(key) or modes.get(inner.entry.event_type)


def _assault_mode(sent: Span, lex: Lexicon, target: Token | None = None) -> str | None:
    instruments = lex.cues["assault_instruments"]
    # words describing the victims ("stone-throwing youths") are not the attacker's weapon;
    # what follows the victims' noun often is ("two injured in a grenade attack")
    victims = {t.i for left in target.lefts for t in left.subtree} \
        if target is not None and is_person(target, quantity_lexicon()) else set()
    for tok in sent:
        if tok.i in victims:
            continue
        mode = instruments.get(tok.lemma_.lower())
        if mode:
            return mode
    return None


def _fired_weapon(verb: Token, lex: Lexicon) -> str | None:
    """The mode of the weapon a firing verb names as its object ("fired dozens of rockets",
    "launched missiles"), over the verb's own default (a rifle)."""
    if verb.lemma_.lower() not in lex.cues["firing_verbs"]:
        return None
    instruments = lex.cues["assault_instruments"]
    for obj in (_measured(c, lex) for c in verb.children if c.dep_ == "dobj"):
        if obj.lemma_.lower() in instruments:
            return instruments[obj.lemma_.lower()]
    return None


def _obligation(host: Token, lex: Lexicon) -> bool:
    """"X must resign", "should be directed to detain them": wanted, not done (the
    obligation may sit on a control verb above the act)."""
    return any(c.dep_ == "aux" and c.lower_ in lex.cues["obligation_aux"]
               for t in _clause_chain(host) for c in t.children)


def _stated_intent(event_type: str, mode: str | None, host: Token, modality: str,
                   lex: Lexicon) -> tuple[str, str | None, str] | None:
    """PLOVER codes an announced future action as the statement itself: "said it will
    support" is AGREE, "said they would boycott" is THREATEN, "says it will not accept"
    is REJECT. Returns (type, mode, modality) or None when the rule does not apply."""
    auxes = {c.lower_ for c in host.children if c.dep_ in ("aux", "auxpass")}
    if _under_speech(host, lex) is None:
        # "Turkey will allow ...": a plain promise of cooperation is AGREE in PLOVER.
        # An announced resignation or withdrawal ("X will resign") stays a planned RETREAT.
        if modality == "planned" and event_type in COOPERATIVE - {"RETREAT", "CONSULT"} \
                and auxes & {"will", "shall", "'ll"}:
            return "AGREE", None, "asserted"
        return None
    if not auxes & lex.cues["future_aux"] or auxes & lex.cues["hypothetical_aux"]:
        return None
    if modality != "negated" and _condition_mark(host) == "unless":
        # "will withdraw unless ...": an action held over the other side is a threat.
        fake = _Match(host, Entry(host.lemma_, frozenset(), "VERB", event_type, mode, None, ""), host)
        return "THREATEN", _threat_mode(fake, lex), "asserted"
    if modality == "negated":
        if event_type in COOPERATIVE:
            return "REJECT", None, "asserted"
        return None
    if event_type in COOPERATIVE:
        return "AGREE", None, "asserted"
    if event_type in lex.cues["hostile_types"] and event_type != "THREATEN":
        fake = _Match(host, Entry(host.lemma_, frozenset(), "VERB", event_type, mode, None, ""), host)
        return "THREATEN", _threat_mode(fake, lex), "asserted"
    return None


def _condition_mark(tok: Token) -> str | None:
    for clause in tok.children:
        if clause.dep_ == "advcl":
            for mark in clause.children:
                if mark.dep_ == "mark":
                    return mark.lemma_.lower()
    return None


def _confidence(kind_noun: bool, source, target, sent: Span, lex: Lexicon) -> float:
    score = 0.45 if kind_noun else 0.55
    score += 0.2 if source is not None else 0.0
    score += 0.1 if target is not None else 0.0
    if source is None and target is None:
        score -= 0.15
    if _opinion(sent, lex):
        score -= 0.25
    return round(max(0.05, min(0.95, score)), 2)


def _opinion(sent: Span, lex: Lexicon) -> bool:
    """"It is time to ...", "it is important that ...": commentary, not a report."""
    root = sent.root
    if root.lemma_.lower() != "be":
        return False
    return any(c.dep_ in ("attr", "acomp") and c.lemma_.lower() in lex.cues["opinion_predicates"]
               for c in root.children)


def _span_or_none(tok: Token | None, trigger: Token) -> Span | None:
    if tok is None or tok.i == trigger.i:
        return None
    return _phrase(tok)


def _obligation_requests(sent: Span, lex: Lexicon, taken: set[int]) -> list[EventMention]:
    """"X declared that China must drop barriers": a demand voiced as an obligation."""
    found = []
    for tok in sent:
        if tok.dep_ != "ccomp" or tok.i in taken or tok.head.lemma_.lower() not in lex.cues["speech_verbs"]:
            continue
        if tok.head.tag_ == "VBG" and tok.head.dep_ in ("advcl", "xcomp", "conj"):
            continue                     # "staged rallies, saying he must resign": part of the protest
        aux = next((c for c in tok.children if c.dep_ == "aux" and c.lower_ in lex.cues["obligation_aux"]), None)
        if aux is None:
            continue
        source = _subject(tok.head)
        target = _child(tok, _SUBJECTS)
        src = _span_or_none(source, aux)
        tgt = _span_or_none(target, aux)
        found.append(EventMention(trigger=sent.doc[aux.i:aux.i + 1], event_type="REQUEST", mode=None,
                                  source=src, target=tgt, modality="asserted", cameo="100",
                                  confidence=_confidence(False, src, tgt, sent, lex)))
    return found


def _mode_from_absorbed(match: _Match, event_type: str, absorbed: list[_Match]) -> str | None:
    """"An air strike hit a convoy": the swallowed noun knows the mode."""
    for other in absorbed:
        if other.entry.event_type == event_type and other.entry.mode:
            return other.entry.mode
    return None


def _counted_victims(obj: Token) -> bool:
    """"holding two French hostages": a trigger word that also names its victims, said
    with their number or nationality, is the recipient too."""
    return obj.lemma_.lower() in ("hostage", "captive") and any(
        c.dep_ == "nummod" or c.dep_ == "amod" and c.ent_type_ == "NORP" for c in obj.children)


def _build(match: _Match, inner: _Match | None, sent: Span, lex: Lexicon,
           absorbed: list[_Match], taken: dict[int, _Match]) -> EventMention | None:
    tok = match.token
    event_type, mode, cameo = _resolve_frame(match, inner, lex)
    modality = _modality(match, lex)
    is_noun = match.entry.pos == "NOUN" and not match.light   # a bare noun is weaker evidence
    if match.entry.pos == "ADJ":
        source, target = _subject(match.host), None
    elif match.entry.pos == "NOUN":
        source, target = _noun_arguments(tok, match.host, lex, event_type)
    else:
        source, target = _verb_arguments(tok, lex)
        if target is not None and target.lemma_.lower() in match.entry.extras \
                and not _counted_victims(target):
            # "cut ties with Minsk", "took to the streets": the object is part of the trigger.
            target = _prep_object(target, frozenset({"with", "to", "against", "on"}))
    if target is None and tok.dep_ == "acl" and tok.tag_ == "VBN" and match.entry.pos == "VERB":
        target = tok.head                 # "81 workers taken into custody": done to them
    ordered = _coercive_controller(match.host, lex)
    if ordered is not None:
        source, target = ordered          # "the government ordered the paper to close"
    if target is None and event_type in ("ACCUSE", "COERCE", "SANCTION"):
        target = _ordered_undergoer(match.host, lex)   # "X is ordered to stand trial"
    if target is None and event_type in ("REQUEST", "ACCUSE"):
        target = _addressee(tok) or (_addressee(match.host) if match.host.i != tok.i else None)
    if target is None and event_type == "THREATEN" and inner is None:
        # "threatened to cut off electricity to X": the threatened act is no trigger of its
        # own, but its recipient is the one threatened.
        act = _child(match.host, ("xcomp",))
        if act is not None and _is_verb(act):
            target = _prep_object(act, lex.cues["target_preps"]) or _verb_arguments(act, lex)[1]
    if event_type == "THREATEN":
        target = _conditional_party(match.host) or target   # "... unless France pays"
    if target is None and event_type == "REJECT" and match.entry.pos == "VERB":
        target = _talks_party(tok, event_type, lex)        # "walked out of AU talks"
    if target is None and inner is not None and inner.entry.pos == "VERB":
        target = _verb_arguments(inner.token, lex)[1]      # "threatened to attack Israel"
    if inner is not None and inner.entry.pos == "NOUN" and target is None:
        target = _noun_arguments(inner.token, inner.host, lex, inner.entry.event_type)[1]
    if _obligation(match.host, lex):
        if _under_speech(match.host, lex) is not None:
            return None                  # reported as a demand: see _obligation_requests
        modality = "hypothetical"        # "X must resign": wanted, not done
    stated = None
    if match.entry.pos == "VERB" or match.light:
        stated = _stated_intent(event_type, mode, match.host, modality, lex)
    if stated is not None:
        event_type, mode, modality = stated
        cameo = None
    if mode is None:
        mode = _mode_from_absorbed(match, event_type, absorbed)
    if event_type == "ASSAULT" and match.entry.pos == "VERB":
        mode = _fired_weapon(tok, lex) or mode    # "fired rockets at": the weapon decides
    if event_type == "ASSAULT" and source is not None:
        # "Turkish jets bombed ...", "a drone struck ...": an air strike, whatever the verb
        carrier = lex.cues["assault_instruments"].get(source.lemma_.lower())
        mode = carrier if carrier in ("aerial", "drone") else mode
    if event_type == "ASSAULT" and mode is None:
        mode = _assault_mode(sent, lex, target)
    if source is not None and source.i in taken:
        source = None                    # "The arrest of X sparked protests": an event, not an actor
    if source is not None and target is not None and source.i == target.i:
        target = None
    src = _span_or_none(source, tok)
    tgt = _span_or_none(target, tok)
    if src is not None and tgt is not None and src.start <= tgt.start < src.end:
        tgt = None
    trigger = _trigger_span(match)
    confidence = _confidence(is_noun, src, tgt, sent, lex)
    if is_noun and tok.dep_ == "nsubj" and not match.light:
        confidence += 0.15               # "Protests erupted": the noun is what happened
    if _in_relative_clause(match.host):
        confidence -= 0.15               # background detail about a participant
        if _relative_clause(match.host):
            confidence -= 0.3            # "X, which is preparing an offensive": background
                                         # to the reported event, kept only when well argued
    return EventMention(trigger=trigger, event_type=event_type, mode=mode, source=src, target=tgt,
                        modality=modality, cameo=cameo, confidence=round(min(confidence, 0.95), 2))


def _under_clause(tok: Token, deps: frozenset[str]) -> bool:
    """True when `tok` or one of its nearest six heads hangs by one of `deps`."""
    cur = tok
    for _ in range(6):
        if cur.dep_ in deps:
            return True
        if cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


def _relative_clause(tok: Token) -> bool:
    return _under_clause(tok, frozenset({"relcl"}))


def _in_relative_clause(tok: Token) -> bool:
    return _under_clause(tok, frozenset({"relcl", "acl"}))


def _trigger_span(match: _Match) -> Span:
    """The trigger word with the adjacent words of its phrase ("opened fire", "broke off",
    "hunger strike"); words of the phrase further away stay out so the span is contiguous."""
    tok = match.token
    doc = tok.doc
    extras = match.entry.extras
    start, end = tok.i, tok.i + 1
    while end < len(doc) and end - tok.i <= len(extras) and doc[end].lemma_.lower() in extras:
        end += 1
    while start > 0 and tok.i - start < len(extras) and doc[start - 1].lemma_.lower() in extras:
        start -= 1
    return doc[start:end]


def _same_act_told_more(match: _Match, matches: dict[int, _Match]) -> int | None:
    """"The bombing of an office that injured six policemen": a relative clause on the
    trigger noun (or on the noun of its prepositional phrase) tells more of the same act,
    one event, not two."""
    tok = match.token
    if tok.dep_ != "relcl":
        return None
    cur = tok.head
    for _ in range(3):
        other = matches.get(cur.i)
        if other is not None and other.entry.pos == "NOUN" \
                and other.entry.event_type == match.entry.event_type:
            return cur.i
        if cur.dep_ != "pobj" or cur.head.dep_ != "prep":
            return None
        cur = cur.head.head
    return None


def find_mentions(sent: Span, floor: float = MIN_CONFIDENCE) -> list[EventMention]:
    """Event mentions in one parsed sentence, in text order. `floor`: the least confidence
    kept (the hybrid coder asks for the weaker ones too, to rescue those its classifier
    is sure of)."""
    lex = load_lexicon()
    if sent.text.rstrip().endswith("?"):
        return []                        # a question reports nothing ("Will Russia invade?")
    matches = _find_matches(sent, lex)
    absorbed_by: dict[int, int] = {}
    for idx, match in matches.items():
        outer = _absorber(match, matches)
        if outer is not None:
            absorbed_by[idx] = outer.token.i
    for idx, match in matches.items():
        # "killed one soldier and wounded two others": one event, not two.
        head = match.token.head
        if idx not in absorbed_by and match.token.dep_ == "conj" and head.i in matches \
                and matches[head.i].entry.event_type == match.entry.event_type \
                and matches[head.i].entry.mode == match.entry.mode:
            absorbed_by[idx] = head.i
    for idx, match in matches.items():
        if idx not in absorbed_by:
            told = _same_act_told_more(match, matches)
            if told is not None and told not in absorbed_by:   # not when the noun is itself
                                                               # only what is reported
                absorbed_by[idx] = told
    mentions = []
    for idx in sorted(matches):
        if idx in absorbed_by:
            continue
        match = matches[idx]
        inner = _inner_match(match, matches, absorbed_by)
        absorbed = [matches[i] for i, outer in absorbed_by.items() if outer == idx]
        mention = _build(match, inner, sent, lex, absorbed, matches)
        if mention is not None and mention.confidence >= floor:
            mentions.append(mention)
    mentions += _obligation_requests(sent, lex, set(matches))
    mentions.sort(key=lambda m: m.trigger.start)
    return mentions
