"""The time stage: when did the event happen?

`resolve_date` picks the time expression that modifies the event trigger and resolves it
against the publication date (see `resolve.py` for the conventions per expression).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from spacy.tokens import Span, Token

from tacitus.knowledge import read_json
from tacitus.nlp import once_per_doc, span_ents
from tacitus.time.attach import is_planned, path_cost
from tacitus.time.resolve import Resolved, resolve_expression

__all__ = ["TimeResult", "resolve_date", "resolve_expression"]

_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "unknown": 4}
# "the March 15 deadline" in a March 10 article is this year's, not last year's: a date a
# few weeks ahead is read as upcoming unless a simple-past verb governs it ("talks
# collapsed on September 20" in a September 1 article is last year's).
_NEAR_FUTURE = timedelta(days=31)
_DEADLINE_PREPS = ("till", "until", "by", "before", "from", "after")


@dataclass
class TimeResult:
    date: date | None
    precision: str          # day | week | month | year | unknown
    text: str               # the words it came from
    start: int              # character offsets in the document
    end: int


@dataclass
class _Candidate:
    text: str
    start: int
    end: int
    anchor: Token


def resolve_date(sent: Span, published: date | None,
                 trigger: Token | None = None) -> TimeResult | None:
    """The date of the event in `sent`, or None when the sentence names no date."""
    found = _candidates(sent)
    if not found:
        return None
    head = trigger if trigger is not None else sent.root
    future = is_planned(head)
    ranked = []
    for cand in found:
        if _describes_another_thing(cand.anchor, head):
            continue
        resolved = _resolve(cand, published, future)
        if resolved is None:
            continue
        key = (path_cost(cand.anchor, head), _PRECISION_RANK[resolved.precision], cand.start)
        ranked.append((key, cand, resolved))
    if not ranked:
        return None
    _, cand, resolved = min(ranked, key=lambda item: item[0])
    return TimeResult(resolved.date, resolved.precision, cand.text, cand.start, cand.end)


_DURATION_PREPS = frozenset({"since"})


def _describes_another_thing(anchor: Token, head: Token) -> bool:
    """Dates that cannot be the event's own: a duration ("has ruled since 1994") or a
    date inside a relative clause that does not hold the trigger ("X, who took office
    in May, dismissed ...")."""
    if anchor.head.lower_ in _DURATION_PREPS and anchor.dep_ == "pobj":
        return True
    for token in anchor.ancestors:
        if token.dep_ in ("relcl", "acl") and head not in token.subtree:
            return True
    return False


def _resolve(cand: _Candidate, published: date | None, future: bool) -> Resolved | None:
    future = future or is_planned(_governing_verb(cand.anchor))
    resolved = resolve_expression(cand.text, published, future)
    if (future or published is None or resolved is None or resolved.date is None
            or _told_in_past(cand.anchor)):
        return resolved
    ahead = resolve_expression(cand.text, published, True)
    if ahead is not None and ahead.date is not None and resolved.date.year < published.year \
            and ahead.date - published <= _NEAR_FUTURE:
        return ahead
    return resolved


def _told_in_past(anchor: Token) -> bool:
    """The verb governing the date is a simple past ("collapsed on September 20")."""
    if anchor.head.dep_ == "prep" and anchor.head.lower_ in _DEADLINE_PREPS:
        return False
    if anchor.dep_ in ("compound", "nmod", "amod"):    # "the March 15 programme"
        return False
    node = _governing_verb(anchor)
    has_aux = any(c.dep_ in ("aux", "auxpass") for c in node.children)
    return node.tag_ == "VBD" and not has_aux


def _governing_verb(token: Token) -> Token:
    node = token
    while node.pos_ not in ("VERB", "AUX") and node.head.i != node.i:
        node = node.head
    return node


def _candidates(sent: Span) -> list[_Candidate]:
    """spaCy DATE/TIME entities, plus day and month phrases the tagger missed. Found once
    per sentence (a sentence often holds several events) and kept in `doc.user_data` as
    plain numbers (`once_per_doc`)."""
    doc = sent.doc
    kept = once_per_doc(doc, (_DATES_KEY, sent.start, sent.end),
                        lambda: [(c.text, c.start, c.end, c.anchor.i)
                                 for c in _find_candidates(sent)])
    return [_Candidate(text, start, end, doc[i]) for text, start, end, i in kept]


_DATES_KEY = "tacitus.dates"


def _find_candidates(sent: Span) -> list[_Candidate]:
    found = [_trimmed(e.text, e.start_char, e.root)
             for e in span_ents(sent) if e.label_ in ("DATE", "TIME")]
    taken = [(c.start, c.end) for c in found]
    for m in _pattern().finditer(sent.text):
        group = "x" if m.group("x") else "y"
        start, end = sent.start_char + m.start(group), sent.start_char + m.end(group)
        if any(s < end and start < e for s, e in taken):
            continue
        span = sent.doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        found.append(_trimmed(m.group(group), start, span.root))
        taken.append((start, end))
    return found


def _trimmed(text: str, start: int, anchor: Token) -> _Candidate:
    """Entities can end in line breaks; offsets cover the words only."""
    stripped = text.rstrip()
    lead = len(stripped) - len(stripped.lstrip())
    stripped = stripped.lstrip()
    return _Candidate(stripped, start + lead, start + lead + len(stripped), anchor)


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    """One regex for time phrases; it is also the cheap pre-check (no match, no work)."""
    w = read_json("time_words.json")
    months = "|".join(sorted((m for m in w["months"] if len(m) > 3 or m in (
        "jan", "feb", "apr", "jun", "jul", "aug", "sep", "oct", "nov", "dec")),
        key=len, reverse=True))
    full_months = "|".join(m for m in w["months"] if len(m) > 4 or m in ("june", "july"))
    days = "|".join(d for d in w["weekdays"] if len(d) > 5)
    numbers = "|".join(w["numbers"])
    alternatives = [
        rf"(?:last|this|next|past|coming)\s+(?:{days})",
        rf"(?:{days})(?:\s+(?:morning|afternoon|evening|night))?",
        r"today|tonight|yesterday|tomorrow|last\s+night",
        r"(?:last|this|next|past|coming)\s+(?:week|weekend|month|year)",
        rf"(?:\d+|{numbers})\s+(?:days?|weeks?|months?|years?)\s+ago",
        rf"(?:{months})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?",
        rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{months})\.?(?:\s+\d{{4}})?",
    ]
    # A bare month or year needs a preposition before it ("in July", "since 2019"): "may"
    # and "march" are also verbs.
    tail = rf"(?:in|since|during|until|by|early|late|mid-?|of)\s+" \
           rf"(?P<y>(?:{full_months})(?:\s+\d{{4}})?|(?:1[89]|20)\d\d)\b"
    body = "|".join(alternatives)
    return re.compile(rf"\b(?:(?P<x>{body})\b|{tail})", re.IGNORECASE)
