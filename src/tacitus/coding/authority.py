"""The unnamed authority behind a legal act reported without its agent.

"Three suspects were charged with murder", "a poet accused of propaganda", "two executives
are barred from office as part of a US fraud settlement": only a state's courts,
prosecutors or government charge, try, convict or bar people, so the one who acts is that
authority even when the text leaves it out (ANNOTATION: a court or prosecutor is JUD, a
government GOV). Its country is the one the text ties to the state body in the sentence
("as the US military opens hearings", "a US fraud case"), else that of the state agent it
acts on (a soldier is charged by their own state), else the event's place (the country of
domestic agents, filled in by `fill_domestic_countries`).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from tacitus.events import EventMention
from tacitus.records import Actor

# Trigger lemma -> sector of the authority that does it when no agent is named.
LEGAL_ACTS = {"charge": "JUD", "indict": "JUD", "accuse": "JUD", "prosecute": "JUD",
              "convict": "JUD", "sentence": "JUD", "try": "JUD", "fine": "JUD",
              "jail": "JUD", "imprison": "JUD", "trial": "JUD", "bar": "GOV", "ban": "GOV"}
LEGAL_TYPES = frozenset({"ACCUSE", "SANCTION", "COERCE"})
# State bodies (and legal proceedings) a country word can qualify: "US military",
# "a US fraud case", "the British courts".
STATE_BODIES = frozenset({
    "court", "tribunal", "judge", "prosecutor", "prosecution", "military", "army", "navy",
    "government", "authority", "administration", "ministry", "department", "justice",
    "commission", "case", "trial", "hearing", "settlement", "law", "regulator", "police"})
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"})


def legal_authority(m: EventMention, sent: Span, actors, target: Actor | None) -> Actor | None:
    """The implied authority of an agentless legal act, or None when the mention is not one."""
    trigger = m.trigger.root
    sector = next((LEGAL_ACTS[t.lemma_.lower()] for t in m.trigger
                   if t.lemma_.lower() in LEGAL_ACTS), None)
    if m.source is not None or sector is None or m.event_type not in LEGAL_TYPES \
            or not (trigger.tag_ == "VBN" or _ordered(trigger)):
        return None           # "Judge bans ...": named; "the ban": no act of a passive
    country = _state_body_country(sent, actors)
    if country is None and target is not None and target.sector in STATE_SECTORS \
            and not target.members:
        country = target.country
    name = "judicial authorities" if sector == "JUD" else "authorities"
    return Actor(text=m.trigger.text, name=name, country=country, sector=sector,
                 code=(country or "") + sector, start=m.trigger.start_char,
                 end=m.trigger.end_char, resolved_by="implied+legal")


def _ordered(trigger: Token) -> bool:
    """"X is ordered to stand trial": an act imposed by an order whose giver goes unnamed."""
    head = trigger.head
    return trigger.dep_ == "xcomp" and head.tag_ == "VBN" \
        and any(c.dep_ in ("nsubjpass", "auxpass") for c in head.children) \
        and not any(c.dep_ == "agent" for c in head.children)


def _state_body_country(sent: Span, actors) -> str | None:
    """The one country the sentence ties to a state body or legal proceeding."""
    found = set()
    for ent in sent.ents:
        root = ent.root
        if ent.label_ in ("GPE", "NORP") and root.dep_ in ("compound", "amod") \
                and _body(root.head) or ent.label_ == "ORG" and _body(root):   # "US Navy"
            country = actors.country_of(ent)
            if country:
                found.add(country)
    return found.pop() if len(found) == 1 else None


def _body(head: Token) -> bool:
    """The noun a country word modifies, or one it is a compound inside ("US fraud case")."""
    for _ in range(3):
        if head.lemma_.lower() in STATE_BODIES:
            return True
        if head.dep_ != "compound" or head.head.i == head.i:
            return False
        head = head.head
    return False


# State measures: demanding that one "be scrapped" or "be lifted" addresses the state
# that made it.
MEASURE_NOUNS = frozenset({"law", "ban", "rule", "ruling", "decision", "decree", "policy",
                           "measure", "sanction", "curfew", "bill", "legislation", "embargo"})


def measure_addressee(m: EventMention, target: Actor | None) -> Actor | None:
    """"demands that the law be scrapped", "called for the curfew to be lifted": a request
    about a state measure, addressed to no one named, is addressed to the government
    that made it (its country is the event's place, as for other domestic agents)."""
    if m.event_type != "REQUEST" or target is not None:
        return None
    for clause in (c for t in m.trigger for c in t.children):
        if clause.dep_ not in ("ccomp", "acl", "xcomp", "advcl"):
            continue
        measure = next((c for c in clause.children if c.dep_ == "nsubjpass"), None)
        if measure is None:
            measure = next((c for c in clause.children if c.dep_ == "nsubj"), None)
            passive = next((c for c in clause.children if c.dep_ == "xcomp"
                            and any(a.dep_ == "auxpass" for a in c.children)), None)
            if passive is None:
                measure = None          # "for the curfew to be lifted" only
        if measure is None or measure.lemma_.lower() not in MEASURE_NOUNS \
                or any(c.dep_ == "poss" or c.ent_type_ in ("GPE", "NORP", "ORG")
                       for c in measure.children) \
                or any(c.dep_ == "agent" for c in clause.children):
            continue                    # "that Iran's law be ...": the owner is named
        return Actor(text=measure.text, name="government", sector="GOV", code="GOV",
                     start=measure.idx, end=measure.idx + len(measure.text),
                     resolved_by="implied+measure")
    return None

