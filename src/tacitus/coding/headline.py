"""A headline and the lead under it usually report the same event twice: the headline in
few words ("37 Killed in Pakistan Blast", "Curfew imposed"), the lead with its actors and
place. `share_headline` lets the two mentions complete each other: a headline event takes
the actors and place it lacks from the lead's event of the same type, and the lead's event
takes an actor it lacks from the headline. A headline that leaves out who acted ("Iran Is
Criticized") and has no lead event of its type takes the lead's actor on the same recipient. Only empty or weaker values are filled: an
actor the text names is never replaced by one from the other mention.
"""

from __future__ import annotations

import re

from tacitus.records import Actor, Event, Location

# Sectors of agents implied by acts only a state does (curfews, arrests), and actors
# that are no state.
STATE_ONLY = frozenset({"GOV", "COP", "JUD"})
NON_STATE = frozenset({"IGO", "NGO", "IMG"})
# A headline: the first paragraph, short, not ending like a sentence.
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\s{3,}|\n")
_MAX_HEADLINE_WORDS = 20
# How precise a place is, for "the lead's place is finer than the headline's".
_RANK = {"city": 3, "admin1": 2, "unknown": 2, "region": 1, "country": 1}


def headline_bounds(text: str) -> tuple[int, int, int] | None:
    """(headline end, lead start, lead end) in `text`, or None when the text does not
    open with a headline paragraph."""
    stripped = len(text) - len(text.lstrip())
    brk = _PARAGRAPH_BREAK.search(text, stripped)
    if brk is None:
        return None
    headline = text[stripped:brk.start()].strip()
    # a quote closing a sentence ('... he said."') ends no headline; one closing a quoted
    # word does ("Panama pardons Castro 'plotters'")
    unquoted = headline.rstrip("\"'”’")
    if (not unquoted or len(headline.split()) > _MAX_HEADLINE_WORDS
            or unquoted[-1] in ".!?:;,"):
        return None
    lead_start = brk.end()
    nxt = _PARAGRAPH_BREAK.search(text, lead_start)
    return brk.start(), lead_start, nxt.start() if nxt else len(text)


def share_headline(events: list[Event], text: str) -> None:
    """Complete each headline event and the first lead event of the same type from one
    another (in place)."""
    bounds = headline_bounds(text)
    if bounds is None:
        return
    head_end, lead_start, lead_end = bounds
    heads = [e for e in events if (e.evidence.start or 0) < head_end]
    leads = [e for e in events if lead_start <= (e.evidence.start or 0) < lead_end]
    for head in heads:
        same = [e for e in leads if e.event_type == head.event_type]
        # the same modality first; else the lead reports it otherwise ("U.S. Weighs
        # Sanctions" over "may impose sanctions against X"): still the same act
        lead = next((e for e in same if e.modality == head.modality), same[0] if same else None)
        if lead is None:
            _agent_from_lead(head, leads)
            continue
        for role in ("source", "target"):
            mine, theirs = getattr(head, role), getattr(lead, role)
            if _weaker(mine, theirs):
                setattr(head, role, theirs.model_copy(deep=True))
            elif _weaker(theirs, mine):
                setattr(lead, role, mine.model_copy(deep=True))
        if _finer(lead.location, head.location):
            head.location = lead.location.model_copy()


def _agent_from_lead(head: Event, leads: list[Event]) -> None:
    """"Iran Is Criticized ..." over "The agency's board passed a resolution calling for
    the country to suspend ...": a headline that leaves out who acted, over a lead whose
    act is reported differently, takes the one who acts on the same recipient in the lead."""
    target = head.target
    if head.source is not None or target is None or not target.country or target.members:
        return
    lead = next((e for e in leads if e.source is not None and e.source.country
                 and not (e.source.resolved_by or "").startswith(("implied", "place"))
                 and e.target is not None and e.target.country == target.country
                 and e.source.country != target.country), None)
    if lead is not None:
        head.source = lead.source.model_copy(deep=True)


def _weaker(mine: Actor | None, theirs: Actor | None) -> bool:
    """Whether `theirs` should replace `mine`: mine is missing or only implied by the act
    ("unidentified attackers" for "37 Killed"), or names no country where theirs, of the
    same sector, does."""
    if theirs is None or not (theirs.country or theirs.sector):
        return False
    if theirs.resolved_by and theirs.resolved_by.startswith(("implied", "place")):
        return mine is None
    if mine is not None and (mine.resolved_by or "").startswith("implied") \
            and mine.sector in STATE_ONLY and theirs.country in NON_STATE:
        return False                # only a state imposes a curfew: not the UN troops
    if mine is None or (mine.resolved_by or "").startswith(("implied", "place")):
        return True                 # implied by the act, or only the place it happens in
    if mine.country is None and mine.sector is None and not mine.members:
        return True                 # a title-case word resolved to nothing ("at Rally")
    return mine.country is None and theirs.country is not None and (
        mine.sector is None or mine.sector == theirs.sector)


def _finer(theirs: Location | None, mine: Location | None) -> bool:
    if theirs is None or not theirs.country:
        return False
    if mine is None:
        return True
    return theirs.country == mine.country and (
        _RANK.get(theirs.precision, 0) > _RANK.get(mine.precision, 0))
