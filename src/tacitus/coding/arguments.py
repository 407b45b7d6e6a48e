"""The argument stage every coder shares: turns event mentions into schema-v1 events.

A mention says what happened (trigger, PLOVER type and mode, modality) and which phrases
act and are acted on; `EventBuilder` fills in the rest from its own stages (actors, time,
geo, quantities) and the code maps in `CodeBook`, and keeps the evidence. The rules coder
feeds it the mentions of `tacitus.events.find_mentions`; a learned coder may retype those
mentions first, and reuses the argument finding unchanged.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from spacy.tokens import Doc, Span

from tacitus.actors import ActorResolver
from tacitus.coding.authority import legal_authority, measure_addressee
from tacitus.coding.codebook import CodeBook
from tacitus.coding.headline import share_headline
from tacitus.coding.places import DocumentPlaces, nationality_of_people
from tacitus.events import EventMention
from tacitus.events.grounding import ground
from tacitus.events.lexicon import load_lexicon
from tacitus.geo import Geocoder
from tacitus.nlp import doc_text, span_ents
from tacitus.quantities import extract_quantities
from tacitus.records import Actor, Document, Event, Evidence, Location
from tacitus.time import resolve_date

# Agents that act inside their own country: when the phrase names no country, the
# place of the event is the best evidence for it ("police in Minsk" -> BLR).
DOMESTIC_SECTORS = {"COP", "MIL", "CVL", "LAB", "EDU", "OPP", "JUD", "LEG", "GOV", "BUS",
                    "MED", "HLH", "REB", "CRM", "PTY", "REF", "ELI", "REL", "UAF", "SPY"}
INTERVENTION_LEMMAS = {"police", "disperse", "detain", "arrest", "tear", "gas", "baton",
                       "rubber", "water", "cannon", "riot"}


class EventBuilder:
    """Events from (sentence, mention) pairs of one parsed document or chunk."""

    def __init__(self, codebook: CodeBook | None = None, resolver: ActorResolver | None = None,
                 geocoder: Geocoder | None = None):
        self.codebook = codebook or CodeBook()
        self.resolver = resolver or ActorResolver()
        self.geocoder = geocoder or Geocoder()

    def events(self, document: Document, doc: Doc, mentions: Iterable[tuple[Span, EventMention]],
               offset: int = 0, coder: str = "") -> list[Event]:
        """Events of the mentions (consumed lazily, in order), with offsets shifted by
        `offset` to document coordinates and `coder` as each event's `coder`."""
        actors = self.resolver.for_document(doc, document.published)
        text = doc_text(doc)
        places = DocumentPlaces(document, doc, offset, self.geocoder)
        events = []
        for sent, mention in mentions:
            event = self._event(document, sent, mention, actors, offset, text, coder, places)
            if event is not None:
                events.append(event)
        fill_domestic_countries(events, places.named)
        story = None
        for event in events:
            if event.location is None:
                # actors that only now have their country ("the election board", in a
                # story about Maryland) act at home, as `default_for` assumes
                home = _domestic(event.source, event.target)
                if home is None:
                    story = (_story_country(doc, actors, places, events, offset)
                             if story is None else story)
                    home = story or None
                event.location = self.geocoder.country_location(home) if home else None
        share_headline(events, places.masked_text)
        return events

    def _event(self, document: Document, sent: Span, m: EventMention, actors, offset: int,
               full_text: str, coder: str, places: DocumentPlaces) -> Event | None:
        source = _police_if_unplaced(_actor(actors, m.source, source=True), m)
        target = _actor(actors, m.target)
        source = source or legal_authority(m, sent, actors, target) or _implied_source(m)
        target = target or measure_addressee(m, target)
        if target is None and _reciprocal(m, source):
            target = source.model_copy(deep=True)
        grounded = ground(m, sent, source, target)
        if grounded is None:
            return None                 # business, sport, accident, commentary: no event
        m = grounded
        source, target = _shift(source, offset), _shift(target, offset)
        source, target = _as_written(source, document.text), _as_written(target, document.text)
        trigger = m.trigger.root
        # a country acted on "into"/"in" ("sent troops into Afghanistan") is also where
        # the event happens: only actors that are not bare places are kept out
        exclude = [s for s in (m.source, m.target) if s is not None]
        if m.target is not None and _bare_place(target):
            exclude = [s for s in exclude if s is not m.target]
        location = _shift(self.geocoder.locate(sent, exclude=exclude, trigger=trigger,
                                               countries=places.countries()), offset)
        if location is None:
            location = places.default_for(sent, (m.source, m.target), _domestic(source, target))
        else:
            if target is None and m.event_type in DEAL_TYPES:
                target = _market_target(location, source)
            location = places.refine(location)
        if target is None and source is not None and m.event_type in PLACE_TARGET_TYPES:
            target = _place_target(location, source, m.event_type, m.mode)
        when = resolve_date(sent, document.published, trigger=trigger)
        quantities = extract_quantities(sent, event_type=m.event_type, trigger=trigger)
        cameo = m.cameo or self.codebook.cameo_for(m.event_type, m.mode)
        intervention = m.event_type == "PROTEST" and any(
            t.lemma_.lower() in INTERVENTION_LEMMAS for t in sent)
        start, end = _sentence_bounds(sent, offset)
        return Event(
            event_id=f"{document.doc_id}#{m.trigger.start_char + offset}:{m.event_type}",
            doc_id=document.doc_id,
            published=document.published,
            date=when.date if when else None,
            date_precision=when.precision if when and when.date else "unknown",
            event_type=m.event_type,
            mode=m.mode,
            context=self.codebook.contexts(sent.text, full_text, m.event_type, m.mode),
            cameo=cameo,
            goldstein=self.codebook.goldstein(cameo),
            quad_class=self.codebook.quad_class(cameo),
            acled=self.codebook.acled_for(m.event_type, m.mode, source, target, quantities,
                                          intervention=intervention, text=sent.text),
            source=source,
            target=target,
            location=location,
            quantities=quantities,
            modality=m.modality,
            evidence=Evidence(
                sentence=document.text[start:end], start=start, end=end,
                # the user's text: the parser may have read a recased headline
                trigger=document.text[m.trigger.start_char + offset:m.trigger.end_char + offset],
                trigger_start=m.trigger.start_char + offset,
                trigger_end=m.trigger.end_char + offset,
                date_text=when.text if when else None),
            confidence=_confidence(m, source, target),
            coder=coder,
        )


# Acts two parties do to each other: "Russia and Belarus met", "Christians and Muslims
# clashed", "riots between X and Y". Each side is also the other's recipient (ANNOTATION:
# "for reciprocal meetings both sides may be listed in both roles").
RECIPROCAL_LEMMAS = frozenset({"meet", "talk", "negotiate", "clash", "fight", "agree",
                               "riot", "skirmish", "reconcile", "confer"})
RECIPROCAL_PREPS = frozenset({"between", "among", "amongst"})


def _story_country(doc: Doc, actors, places: DocumentPlaces, events: list[Event],
                   offset: int) -> str:
    """The one country a story points to, by the places it names and its nationality
    words ("An Afghan election dispute"), or "" when it points to none or several: an
    event of such a story that names no place happens there. Names inside the phrase of
    one who acts ("Israeli troops raided ...", "Russia says") are left out: those who act
    go abroad."""
    acting = [(e.source.start, e.source.end) for e in events
              if e.source is not None and e.source.start is not None and e.source.end]
    countries = {c for at, c in places.story_named()
                 if not any(s <= at < e for s, e in acting)}
    # the nationality of what is acted on ("seized a Chinese fishing boat") is not where
    acted_on = [(e.target.start, e.target.end) for e in events
                if e.target is not None and e.target.start is not None and e.target.end]
    for ent in doc.ents:
        at = ent.start_char + offset
        if ent.label_ == "NORP" and not any(s <= at < e for s, e in acting + acted_on) \
                and not nationality_of_people(ent):
            country = actors.country_of(ent)
            if country:
                countries.add(country)
    return _only(countries) or ""


def _reciprocal(m: EventMention, source: Actor | None) -> bool:
    """Whether the mention's source is a group whose members act on one another."""
    if source is None or len(source.members) < 2 or m.source is None:
        return False
    if m.source.root.head.lower_ in RECIPROCAL_PREPS:
        return True
    return m.trigger.root.lemma_.lower() in RECIPROCAL_LEMMAS


def _bare_place(actor: Actor | None) -> bool:
    """An actor that is only a country's or place's name ("Afghanistan"), not an agent."""
    return actor is not None and not actor.members and (
        actor.sector is None or (actor.resolved_by or "").endswith("+state")) and (
        actor.country is not None and actor.name is not None and actor.text is not None
        and actor.text.strip().lower().removeprefix("the ") == actor.name.lower())


def _domestic(source: Actor | None, target: Actor | None) -> str | None:
    """The one country of an event whose known actors are all of it and act at home
    (a government, court, board, police): a country-level place for the event."""
    actors = [a for a in (source, target) if a is not None and a.country]
    if not actors or source is None or source.country is None:
        return None
    if len({a.country for a in actors}) != 1 or source.sector not in HOME_SECTORS:
        return None
    if (source.resolved_by or "").endswith("+state"):
        return None                 # "the United States supplied ...": a state acts abroad too
    return source.country


# Sectors that act inside their own country when no place is named (the military and
# spies are left out: they are the ones sent abroad).
HOME_SECTORS = frozenset({"GOV", "JUD", "LEG", "COP", "OPP", "PTY", "CVL", "LAB", "EDU",
                          "REB", "BUS", "MED", "REL"})


ACTOR_ENTITIES = {"PERSON", "ORG", "NORP", "GPE"}
# Heads naming events and weapons: a country modifying them ("the Iraq war destroyed",
# "a Gaza blast killed") does not make the phrase the one who acts. (As a recipient, a
# country's plan or decision stands for that country: "rejected a Senegalese plan".)
NOT_ACTOR_HEADS = frozenset({
    "war", "conflict", "crisis", "fighting", "violence", "election", "poll", "vote",
    "dispute", "scandal", "explosion", "blast", "gunfire", "bomb", "bombing", "shelling"})


def _actor(actors, span: Span | None, source: bool = False) -> Actor | None:
    """The actor a phrase names, or None when the phrase is not an actor at all.

    Dependency patterns also catch issues and objects ("to demand new elections",
    "wounded by sniper fire"); a phrase that resolves to no country or sector and holds
    no name or pronoun is such a thing, not an unknown actor."""
    if span is None:
        return None
    actor = actors.resolve(span)
    if (source and span.root.lemma_.lower() in NOT_ACTOR_HEADS and actor.sector is None
            and not actor.members):
        return None                 # "the Iraq war destroyed ...": a country's war acts not
    if _acting_state(actor, span):
        # "Iran rejected ...", "talks with Iraq", "the country agreed": a state named bare
        # acts through its government (CAMEO and PLOVER code it so)
        actor = actor.model_copy(update={"sector": "GOV", "code": actor.country + "GOV",
                                          "resolved_by": f"{actor.resolved_by}+state"})
    if actor.country or actor.sector or actor.members:
        return actor
    if any(t.pos_ in ("PROPN", "PRON") for t in span) or any(
            e.label_ in ACTOR_ENTITIES for e in span_ents(span)):
        return actor
    return None


STATE_WORDS = frozenset({"country", "nation", "state", "kingdom", "republic", "it", "its"})


def _acting_state(actor: Actor, span: Span) -> bool:
    """A country named bare (or referred back to), not a people or a thing of it."""
    if actor.sector is not None or actor.members or not actor.country \
            or actor.country in NON_STATE:
        return False
    root = span.root
    if root.ent_type_ == "GPE" and root.pos_ == "PROPN":
        return all(t.ent_type_ == "GPE" or t.pos_ in ("DET", "PUNCT", "SPACE") for t in span)
    return actor.resolved_by == "coref" and root.lower_ in STATE_WORDS


# Agents the act itself implies when the text names none. Only state security forces
# arrest or detain people ("40 people were detained"), so the agent is police (COP); an
# attack whose author goes unnamed ("a roadside bomb killed two") is by an unidentified
# armed force (UAF), as PLOVER/CAMEO code it. No country is implied: it comes only from
# the event's place (fill_domestic_countries).
IMPLIED_AGENTS = {("COERCE", "arrest"): ("COP", "police"), ("COERCE", "detain"): ("COP", "police"),
                  # only a government imposes a curfew or martial law, deports or censors
                  ("COERCE", "curfew"): ("GOV", "authorities"),
                  ("COERCE", "martial"): ("GOV", "authorities"),
                  ("COERCE", "deport"): ("GOV", "authorities"),
                  ("COERCE", "censor"): ("GOV", "authorities"),
                  ("ASSAULT", None): ("UAF", "unidentified attackers")}


# Measures and deployments done *in* a place with no party named ("lifted the curfew in
# Montenegro", "troops deployed in the West Bank") are directed at that country: the target
# gets the place's country (no sector: who there is not said). Protests are left out: a
# march in a city has no recipient unless one is named.
PLACE_TARGET_TYPES = frozenset({"COERCE", "CONCEDE", "THREATEN", "MOBILIZE", "RETREAT",
                                "SANCTION"})


# Measures laid on a whole population (a curfew, martial law, a ban, restrictions): when
# only a place is named, those acted on are its civilians.
POPULATION_MODES = frozenset({"curfew", "martial", "ban", "restrict", "censor"})


def _place_target(location: Location | None, source: Actor, event_type: str = "",
                  mode: str | None = None) -> Actor | None:
    if location is None or not location.country or location.country in NON_STATE:
        return None
    if location.country == source.country and source.sector not in DOMESTIC_SECTORS:
        return None                  # a state acting at home names no other party
    civilians = event_type == "COERCE" and mode in POPULATION_MODES
    return Actor(text=location.text or location.name or "", name=location.name,
                 country=location.country, sector="CVL" if civilians else None,
                 code=location.country + ("CVL" if civilians else ""), start=location.start,
                 end=location.end, resolved_by="place")


# Deals made "in" a foreign country named bare ("will sign contracts in China") are made
# with that country's parties; a city ("agreed in Geneva") is only the venue.
DEAL_TYPES = frozenset({"AGREE", "COOPERATE"})


def _market_target(location: Location, source: Actor | None) -> Actor | None:
    if source is None or location.precision != "country" or not location.country \
            or location.country in NON_STATE or location.country == source.country \
            or location.text is None:
        return None
    return Actor(text=location.text, name=location.name, country=location.country,
                 code=location.country, start=location.start, end=location.end,
                 resolved_by="place")


# Those who can arrest: security forces, governments, courts, intelligence services.
ARRESTING_SECTORS = frozenset({"COP", "MIL", "GOV", "JUD", "SPY"})


def _police_if_unplaced(source: Actor | None, m: EventMention) -> Actor | None:
    """An arrest by someone the text names but does not place ("we have arrested five",
    "Sharma had arrested them", "they detained 40"): only security forces arrest, so the
    agent is police, as for an arrest with no agent at all. A known sector or country
    is kept ("troops arrested", "Iran arrested")."""
    if source is not None and source.resolved_by == "coref" and m.source is not None \
            and m.source.root.pos_ == "PRON" and source.sector not in ARRESTING_SECTORS \
            and m.modality == "asserted" and IMPLIED_AGENTS.get((m.event_type, m.mode), ("",))[0] == "COP":
        # "they fired shots and arrested 10,000": a pronoun that coreference took back to
        # the crowd or the workers cannot be who arrests; the text does not say who did
        source = Actor(text=source.text, start=source.start, end=source.end, resolved_by="pronoun")
    if source is None or source.sector or source.country or source.members \
            or m.modality != "asserted":
        return source                # "they are free to arrest us": who is not said
    implied = IMPLIED_AGENTS.get((m.event_type, m.mode))
    if implied is None or implied[0] != "COP":
        return source
    return source.model_copy(update={"sector": "COP", "code": "COP",
                                     "resolved_by": f"{source.resolved_by or 'phrase'}+implied"})


def _implied_source(m: EventMention) -> Actor | None:
    """Called when the mention names no actor as source (or only a thing: "car bomb")."""
    implied = IMPLIED_AGENTS.get((m.event_type, m.mode)) or IMPLIED_AGENTS.get((m.event_type, None))
    if m.event_type in ("ASSAULT", "COERCE") and _crowd_control(m.trigger.root):
        implied = ("COP", "police")  # "shells were lobbed to disperse the crowd": only police do
    if implied is None or implied[0] == "COP" and m.modality != "asserted":
        return None                  # "they may be arrested": no arrest, so no police yet
    sector, name = implied
    return Actor(text=m.trigger.text, name=name, sector=sector, code=sector,
                 start=m.trigger.start_char, end=m.trigger.end_char, resolved_by="implied")


def _crowd_control(trigger) -> bool:
    """The act is crowd control: dispersing, or done with tear gas, batons, water cannon."""
    words = load_lexicon().cues["crowd_control_words"]
    return any(t.lemma_.lower() in words or t.lower_ in words for t in trigger.subtree)


def _sentence_bounds(sent: Span, offset: int) -> tuple[int, int]:
    """Document offsets of the sentence without its trailing whitespace (spaCy keeps
    the paragraph break on the last token of a paragraph)."""
    text = sent.text
    return sent.start_char + offset, sent.start_char + offset + len(text.rstrip())


def _shift(item: Actor | Location | None, offset: int):
    """Move a record's character offsets from chunk to document coordinates."""
    if item is None or not offset or item.start is None:
        return item
    update = {"start": item.start + offset, "end": (item.end or item.start) + offset}
    if isinstance(item, Actor) and item.members:
        update["members"] = [_shift(member, offset) for member in item.members]
    return item.model_copy(update=update)


def _as_written(actor: Actor | None, text: str) -> Actor | None:
    """The actor's words as the user wrote them: the parser may have read a title-case
    headline in sentence case (`nlp.headline_case`)."""
    if actor is None or actor.start is None or actor.end is None or not actor.text:
        return actor
    written = text[actor.start:actor.end]
    if written == actor.text or written.lower() != actor.text.lower():
        return actor
    members = [_as_written(m, text) for m in actor.members] if actor.members else actor.members
    return actor.model_copy(update={"text": written, "members": members})


def _confidence(m: EventMention, source: Actor | None, target: Actor | None) -> float:
    """The mention's own confidence, raised when its actors resolved to a country."""
    score = m.confidence
    score += 0.1 * sum(1 for a in (source, target) if a is not None and a.country)
    return round(min(score, 0.99), 2)


def fill_domestic_countries(events: list[Event], named_places=None) -> None:
    """Give country-less domestic agents (police, protesters) the country of the event's place;
    failing that, the one country of the places named in its sentence, the one country where
    the document's events take place, the one country of all places the document names, or
    the one country of all the document's actors.
    `named_places` is called (once, only when needed) for the (offset, country) of named places.
    An agent with none of these cues keeps no country."""
    pending = [e for e in events if _needs_country(e)]
    if not pending:
        return
    places = Counter(e.location.country for e in events if e.location and e.location.country)
    doc_country = places.most_common(1)[0][0] if len(places) == 1 else None
    named = named_places() if named_places is not None else []
    # the acting state's own name is no place ("The United States supplied the rebels"
    # does not make the rebels American)
    acting = [_acting_span(e.source) for e in events]
    named = [(at, c) for at, c in named if not any(s <= at < e for s, e in acting)]
    named_country = _only({c for _, c in named})
    # a story whose actors are all of one country is a domestic story ("Sen. Kerry's
    # campaign asked ... President Bush"): its unplaced domestic agents are of it too.
    # A state named bare does not count: states act abroad ("the US supplied rebels").
    actor_country = _only({c for e in events for a in (e.source, e.target)
                           if a is not None and not (a.resolved_by or "").endswith("+state")
                           for c in (a.country, *(m.country for m in a.members)) if c})
    for event in pending:
        if event.location and event.location.country:
            country = event.location.country
        else:
            start, end = event.evidence.start or 0, event.evidence.end or 0
            country = (_only({c for at, c in named if start <= at < end}) or doc_country
                       or named_country or actor_country)
        if country is None or country in NON_STATE:
            continue
        for role in ("source", "target"):
            actor = getattr(event, role)
            if _domestic_without_country(actor):
                actor.country = country
                actor.code = country + actor.sector
                actor.resolved_by = f"{actor.resolved_by or 'agent'}+location"


NON_STATE = frozenset({"IGO", "NGO", "IMG"})
# The small model often labels cities ORG ("Karachi"); the gazetteer decides what is a place.
PLACE_LABELS = frozenset({"GPE", "LOC", "ORG"})


def _acting_span(source: Actor | None) -> tuple[int, int]:
    """Offsets of a source that is a state named bare, else an empty range."""
    if source is None or source.start is None or not (source.resolved_by or "").endswith("+state"):
        return (0, 0)
    return (source.start, source.end if source.end is not None else source.start)


def _domestic_without_country(actor: Actor | None) -> bool:
    return actor is not None and actor.country is None and actor.sector in DOMESTIC_SECTORS


def _needs_country(event: Event) -> bool:
    return _domestic_without_country(event.source) or _domestic_without_country(event.target)


def _only(countries: set[str]) -> str | None:
    """The country when exactly one (state) country is named, else None."""
    countries = countries - NON_STATE
    return next(iter(countries)) if len(countries) == 1 else None
