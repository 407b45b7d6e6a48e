"""Resolve a noun phrase to an actor: country (ISO3 or IGO/NGO/IMG) + CAMEO sector.

Rules, in order: pronoun coreference, compound actors ("Russia and Belarus"),
dictionary matches over the phrase's tokens (named actors, countries, capitals,
demonyms, agent nouns), then coreference for surnames and definite titles
("the president"). Nothing is guessed: an unknown phrase keeps country None.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from spacy.tokens import Doc, Span

from tacitus.actors.lexicon import Lexicon, NamedEntry, Role, fold, shared_lexicon
from tacitus.nlp import doc_text, once_per_doc
from tacitus.records import Actor

# "the country", "the nation": a state named before.
COUNTRY_NOUNS = frozenset({"country", "nation", "kingdom"})
NON_STATE = frozenset({"IGO", "NGO", "IMG"})
STANCE_PREFIXES = frozenset({"pro", "anti"})
CUTS = frozenset({"-", "--", "\u2014", "\u2013", ":"})
# Heads whose "of" phrase names the body or state they belong to ("leaders of Belarus",
# "the republic of Belarus"), unlike "the kidnappers of X" whose "of" names the victim.
CONTAINER_HEADS = frozenset({"republic", "state", "people", "government", "capital",
                             "leadership", "ruler", "rulers"})
# Sectors of ordinary people and places ("the village", "the students"): a definite phrase
# with one of these is no title standing for someone named before.
PEOPLE_SECTORS = frozenset({"CVL", "REF", "HLH"})
# Heads whose "of" phrase names their victim, not their side: "the kidnappers of X".
HARM_AGENTS = frozenset({"kidnapper", "captor", "killer", "attacker", "abductor", "murderer",
                         "assassin", "hijacker", "assailant"})
OFFICE_SECTORS = frozenset({"GOV", "LEG", "JUD", "MIL", "COP", "PTY", "OPP", "IGO", "SPY"})
PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers", "himself", "herself"})
THING_PRONOUNS = frozenset({"it", "its", "itself"})
GROUP_PRONOUNS = frozenset({"they", "them", "their", "themselves"})
FORMER = frozenset({"former", "ex", "ousted", "deposed", "exiled", "late"})
DEFINITE = frozenset({"the", "this", "these", "those"})
# Agent nouns naming a body rather than a person: "the government" is not "he".
COLLECTIVE = frozenset({
    "government", "police", "army", "military", "ministry", "court", "parliament", "union",
    "company", "firm", "opposition", "media", "crowd", "authority", "cabinet", "council",
    "agency", "administration", "militia", "party", "regime", "committee", "force",
})
# Heads naming members of a body: "leaders of the opposition coalition" belong to the sector
# of the body the of/from phrase names.
MEMBER_HEADS = frozenset({
    "leader", "member", "official", "representative", "delegate", "delegation", "spokesman",
    "spokeswoman", "spokesperson", "head", "chief", "envoy",
})
# Heads that count or gather people: "thousands of Nigerians" are Nigerians.
QUANTITY_HEADS = frozenset({
    "thousand", "thousands", "hundred", "hundreds", "dozen", "dozens", "score", "scores",
    "million", "millions", "number", "lot", "handful", "some", "many", "most", "all",
})


@dataclass
class Match:
    start: int              # token offsets within the span
    end: int
    named: NamedEntry | None
    sector: str | None      # agent-noun sector (for agent matches)
    plural: bool = False    # matched through the singular: "Palestinians" -> "palestinian"


@dataclass
class Memory:
    pos: int                # token index where the mention starts
    actor: Actor
    kind: str               # person | thing | group


class ActorResolver:
    """Loads the actor knowledge base once (lazily) and hands out per-document resolvers."""

    def __init__(self, kb_dir: Path | None = None) -> None:
        self.kb_dir = kb_dir
        self._lexicon: Lexicon | None = None

    @property
    def lexicon(self) -> Lexicon:
        if self._lexicon is None:
            self._lexicon = Lexicon(self.kb_dir) if self.kb_dir else shared_lexicon()
        return self._lexicon

    def for_document(self, doc: Doc, published: date | None) -> DocumentActors:
        if isinstance(published, datetime):
            published = published.date()
        return DocumentActors(self.lexicon, doc, published)


class DocumentActors:
    """Per-document resolver; remembers resolved actors for coreference."""

    def __init__(self, lexicon: Lexicon, doc: Doc, published: date | None) -> None:
        self.lexicon = lexicon
        self.doc = doc
        self.published = published
        self.memory: list[Memory] = []       # kept sorted by position
        self.surnames: dict[str, Actor] = {}
        self._candidates: list[Span] | None = None
        self._scanned = 0                     # candidates already resolved into memory
        self._found: dict[tuple[int, int], list[Match]] = {}   # `_matches` by token span

    # -- public -------------------------------------------------------------------
    def resolve(self, span: Span) -> Actor:
        if len(span) == 0:
            return _unknown(span)
        actor = self._pronoun(span)
        if actor is None:
            parts = _conjunct_parts(span)
            if len(parts) > 1:
                actor = self._compound(span, parts)
            else:
                actor = self._simple(span)
                modifiers = _coordinated_modifiers(span)
                if modifiers and actor.members == []:
                    actor = self._modifier_compound(span, actor, modifiers) or actor
        return actor

    def country_of(self, span: Span) -> str | None:
        """The country a phrase names ("US", "Dutch"), without remembering it as an
        actor mentioned there."""
        return self._simple(span, remember=False).country if len(span) else None

    # -- rules --------------------------------------------------------------------
    def _pronoun(self, span: Span) -> Actor | None:
        words = [t for t in span if t.pos_ not in ("DET", "PUNCT")]
        if len(words) != 1 or words[0].pos_ != "PRON":
            return None
        word = words[0].lower_
        kinds = ("person",) if word in PERSON_PRONOUNS else ("thing",) if word in THING_PRONOUNS \
            else ("group", "thing") if word in GROUP_PRONOUNS else ()
        for kind in kinds:
            earlier = self._last(span.start, lambda m, k=kind: m.kind == k)
            if earlier is not None:
                return _as_mention(earlier, span, "coref")
        return _unknown(span)

    def _compound(self, span: Span, parts: list[Span]) -> Actor:
        members = [self._simple(part, remember=False) for part in parts]
        countries = {m.country for m in members}
        sectors = {m.sector for m in members}
        country = members[0].country if len(countries) > 1 else next(iter(countries))
        sector = members[0].sector if len(sectors) > 1 else next(iter(sectors))
        actor = Actor(text=span.text, name=" and ".join(m.name or m.text for m in members),
                      country=country, sector=sector, code=_code(country, sector),
                      start=span.start_char, end=span.end_char, members=members,
                      resolved_by="compound")
        self._add(Memory(span.start, actor, "group"))
        return actor

    def _modifier_compound(self, span: Span, head: Actor, modifiers: list[Span]) -> Actor | None:
        """"French and Egyptian warships": one member per coordinated demonym, each with
        the head noun's sector."""
        members = []
        for part in modifiers:
            own = self._simple(part, remember=False)
            if own.country is None:
                return None
            members.append(Actor(text=part.text, name=own.name, country=own.country,
                                 sector=head.sector, code=_code(own.country, head.sector),
                                 start=part.start_char, end=part.end_char,
                                 resolved_by="dictionary"))
        if len({m.country for m in members}) < 2:
            return None
        country = members[0].country
        actor = head.model_copy(update={"country": country, "code": _code(country, head.sector),
                                        "members": members, "resolved_by": "compound"})
        self._add(Memory(span.start, actor, "group"))
        return actor

    def _simple(self, span: Span, remember: bool = True) -> Actor:
        matches = self._matches(span)
        actor = self._from_matches(span, matches) if matches else None
        if actor is None or (actor.country is None and actor.sector is None):
            actor = self._surname(span) or self._country_noun(span) or actor
        elif actor.sector is None and not actor.members:
            actor = self._titled_by_surname(span, actor)     # "Iraq's Allawi"
        if actor is None or actor.country is None and actor.resolved_by == "agent":
            actor = self._possessor(span, actor) or actor
        if actor is not None and actor.country is None and actor.resolved_by == "agent":
            actor = self._definite_title(span, actor) or actor
        appositive = _appositive(span)
        if appositive is not None:
            actor = self._with_appositive(span, actor, appositive)
        if actor is None:
            return _unknown(span)
        if remember and actor.resolved_by != "coref":
            self._remember(span, actor, matches)
        return actor

    def _matches(self, span: Span) -> list[Match]:
        """Greedy longest matches left to right; a named phrase wins a tie with an agent.
        Found once per span: the coreference scan and the events' own phrases ask for
        the same noun phrases again (callers only read the matches)."""
        key = (span.start, span.end)
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = self._find_matches(span)
        return found

    def _find_matches(self, span: Span) -> list[Match]:
        forms = [fold(t.text) for t in span]
        lemmas = [fold(t.lemma_) for t in span]
        out: list[Match] = []
        i = 0
        while i < len(forms):
            n_named, named, plural = self.lexicon.named.longest(forms, lemmas, i)
            n_agent, sector, _ = self.lexicon.agents.longest(forms, lemmas, i)
            if n_named and (_part_of_longer_name(span, i + n_named, named)  # type: ignore
                            or _common_word_alias(span[i], n_named, named)):  # type: ignore
                n_named = 0
            if n_named and n_named >= n_agent:
                out.append(Match(i, i + n_named, named, None, plural))  # type: ignore[arg-type]
                i += n_named
            elif n_agent:
                out.append(Match(i, i + n_agent, None, sector))  # type: ignore[arg-type]
                i += n_agent
            elif forms[i] in self.lexicon.name_titles and i + 1 < len(forms) \
                    and _personal_name(span[i + 1], self.lexicon):
                # "district SP Rahul Sharma": an ambiguous rank that titles a person
                out.append(Match(i, i + 1, None, self.lexicon.name_titles[forms[i]]))
                i += 1
            else:
                i += 1
        return out

    def _from_matches(self, span: Span, matches: list[Match]) -> Actor:
        member = _group_member(span.root)
        # a counted noun outside the phrase (a parse gone wrong on text with no sentence
        # ends) is not the phrase's head: keep the root, never index outside the span
        root = (member if span.start <= member.i < span.end else span.root).i - span.start
        head = next((m for m in matches if m.start <= root < m.end), None)
        roles = {id(m): m.named.role_at(self.published) for m in matches if m.named}
        for m in matches:
            if m.named and m.start and fold(span[m.start - 1].text) == "ethnic":
                # "ethnic Albanians" names a people, not a state: no country from it.
                roles[id(m)] = Role(None, roles[id(m)].sector, None, None)
            elif m.named and m.start > 1 and span[m.start - 1].text == "-" \
                    and fold(span[m.start - 2].text) in STANCE_PREFIXES:
                # "a pro-Moscow regime", "anti-American militants": a stance, not a side.
                roles[id(m)] = Role(None, None, None, None)
        country = None
        if head is not None and head.named is not None:
            country = roles[id(head)].country
        office = _office_head(span[root], head)
        if country is None and office:
            country = self._of_country(span, span[root])
        if country is None:
            # "the kidnappers of a French reporter": the "of" phrase names the victim.
            harm = head is not None and head.sector == "CRM" \
                or fold(span[root].lemma_) in HARM_AGENTS
            shown = _outside_of_phrase(span, span[root], matches) if harm else matches
            country = _modifier_country(span, shown, roles, root)
        sector = _head_sector(head, roles)
        if head is not None and head.named is not None:
            sector = _titled_sector(span, head, matches) or sector
            if sector is None and (head.plural or span[root].tag_ in ("NNS", "NNPS")):
                sector = "CVL"  # a nationality in the plural: "Palestinians", "Nigerians"
            elif sector is None and _one_national(span[root]):
                sector = "CVL"  # one person of that nationality: "an Iraqi", "a Briton"
        if sector == "UAF":
            # "ISIS fighters", "Taliban gunmen": the name identifies the armed men.
            # A named international militarized group (IMG) is an armed non-state group.
            sector = next((roles[id(m)].sector or ("REB" if roles[id(m)].country == "IMG" else None)
                           for m in matches if m.named and (roles[id(m)].sector
                                                            or roles[id(m)].country == "IMG")),
                          sector)
        if head is not None and head.sector and fold(span.root.lemma_) in MEMBER_HEADS:
            sector = _body_sector(span, head, matches, roles) or sector
        if sector is None and head is None and span[root].tag_ == "NNPS" and country:
            sector = "CVL"  # a people named by a plural proper noun: "Iraqi Kurds"
        if sector is None:
            agents = [m.sector for m in matches if m.sector]
            named = [roles[id(m)].sector for m in matches if m.named and roles[id(m)].sector]
            sector = (agents[-1:] or named[:1] or [None])[0]
        if sector == "GOV" and _former_title(span, matches):
            sector = "ELI"  # "former president X": out of office, a member of the elite
        by_name = any(m.named for m in matches)
        name = head.named.name if head is not None and head.named is not None else None
        if name is None:
            only = [m for m in matches if m.named]
            name = only[0].named.name if len(matches) == 1 and only else _plain_name(span)
        return Actor(text=span.text, name=name, country=country, sector=sector,
                     code=_code(country, sector), start=span.start_char, end=span.end_char,
                     resolved_by="dictionary" if by_name else "agent")

    def _of_country(self, span: Span, head) -> str | None:
        """The country of the state or body an office's "of" phrase names."""
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "of" and span.start <= child.i < span.end:
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    inner = span.doc[obj.left_edge.i:min(obj.right_edge.i + 1, span.end)]
                    return self._simple(inner, remember=False).country
        return None

    def _with_appositive(self, span: Span, actor: Actor | None, appositive: Span) -> Actor | None:
        """"Kenzo Oshima, the UN relief coordinator", "Sidhoum, Algeria's leading activist",
        "the Labor Office (ILO)": the appositive fills what the phrase leaves open, and an
        office it states overrides a person's dictionary role (it is what they act as here)."""
        other = self._simple(appositive, remember=False)
        if other.country is None and other.sector is None:
            return actor
        if actor is None or (actor.country is None and actor.sector is None):
            return Actor(text=span.text, name=_plain_name(span), country=other.country,
                         sector=other.sector, code=_code(other.country, other.sector),
                         start=span.start_char, end=span.end_char, resolved_by="appositive")
        office = _names_person(span) and _is_office(appositive) and other.sector is not None
        if office:
            country = other.country or actor.country
            sector = other.sector or actor.sector
        else:
            country = actor.country or other.country
            sector = actor.sector or other.sector
        if (country, sector) == (actor.country, actor.sector):
            return actor
        return actor.model_copy(update={"country": country, "sector": sector,
                                        "code": _code(country, sector),
                                        "resolved_by": "appositive"})

    def _titled_by_surname(self, span: Span, actor: Actor) -> Actor:
        """A country and a surname ("Iraq's Allawi", "Russia's Putin"): the person named
        in full elsewhere, with that person's office, when of the same country."""
        if span.root.pos_ != "PROPN":
            return actor                # "Castro plotters": the name only qualifies them
        person = self._surname(span)
        if person is None or person.sector is None or person.country not in (None, actor.country):
            return actor
        return actor.model_copy(update={"name": person.name, "sector": person.sector,
                                        "code": _code(actor.country, person.sector),
                                        "resolved_by": "coref"})

    def _surname(self, span: Span) -> Actor | None:
        """A proper name seen earlier in the document ("Putin" after "Vladimir Putin")."""
        # The small model tags many unknown names as common nouns ("Biegun said"): a
        # capitalised word that is a surname seen earlier is that person.
        names = [t for t in span if (t.pos_ == "PROPN" or t.pos_ == "NOUN" and t.is_title)
                 and t.dep_ != "poss"]   # "Castro's plotters" are not Castro
        if not names:
            return None
        lead_end = _lead_end(self.doc, span)
        # a headline names by surname the person its lead names in full ("Annan Faults
        # ..." over "U.N. Secretary General Kofi Annan will tell ...")
        self._scan(span.start if lead_end is None else lead_end)
        for token in reversed(names):
            earlier = self.surnames.get(fold(token.text))
            if earlier is not None:
                return _as_mention(earlier, span, "coref")
        return None

    def _definite_title(self, span: Span, actor: Actor) -> Actor | None:
        """'the president' after 'Russian President Vladimir Putin' -> that actor."""
        if fold(span[0].text) not in DEFINITE or len(span) > 3 or actor.sector in PEOPLE_SECTORS:
            return None
        earlier = self._last(span.start, lambda m: m.actor.sector == actor.sector
                             and m.actor.country is not None)
        return _as_mention(earlier, span, "coref") if earlier is not None else None

    def _possessor(self, span: Span, actor: Actor | None) -> Actor | None:
        """'its troops' after 'Syria', "the country's most wanted man" after 'Pakistan':
        what the phrase names belongs to the possessor's antecedent."""
        owner = next((t for t in span if t.dep_ == "poss"), None)
        if owner is None:
            return None
        if owner.pos_ == "PRON":
            earlier = self._pronoun(span.doc[owner.i:owner.i + 1])
        else:
            earlier = self._country_noun(span.doc[owner.left_edge.i:owner.i + 1])
        if earlier is None or earlier.country is None:
            return None
        if actor is None:
            return Actor(text=span.text, name=_plain_name(span), country=earlier.country,
                         code=earlier.country, start=span.start_char, end=span.end_char,
                         resolved_by="coref")
        return actor.model_copy(update={"country": earlier.country,
                                        "code": _code(earlier.country, actor.sector),
                                        "resolved_by": "coref"})

    def _country_noun(self, span: Span) -> Actor | None:
        """"the country", "the nation": the state mentioned last before the phrase."""
        words = [t for t in span if t.pos_ not in ("DET", "PUNCT", "PART")]
        if len(words) != 1 or fold(span[0].text) not in DEFINITE \
                or fold(words[0].lemma_) not in COUNTRY_NOUNS:
            return None
        earlier = self._last(span.start, lambda m: m.actor.country is not None
                             and m.actor.country not in NON_STATE and not m.actor.members)
        if earlier is None:
            return None
        return Actor(text=span.text, name=earlier.name, country=earlier.country,
                     code=earlier.country, start=span.start_char, end=span.end_char,
                     resolved_by="coref")

    # -- memory -------------------------------------------------------------------
    def _last(self, before: int, test) -> Actor | None:
        """The latest remembered actor mentioned before token `before` that passes `test`."""
        self._scan(before)
        for item in reversed(self.memory):
            if item.pos < before and test(item):
                return item.actor
        return None

    def _scan(self, before: int) -> None:
        """Resolve the document's noun phrases before token `before` into memory, once each.

        Only run when coreference needs it, so documents without pronouns pay nothing.
        """
        if self._candidates is None:
            self._candidates = _candidate_mentions(self.doc)
        while self._scanned < len(self._candidates):
            span = self._candidates[self._scanned]
            if span.start >= before:
                break
            self._scanned += 1
            if span.root.pos_ != "PRON":
                self._simple(span)

    def _add(self, item: Memory) -> None:
        index = len(self.memory)
        while index and self.memory[index - 1].pos > item.pos:
            index -= 1
        self.memory.insert(index, item)

    def _remember(self, span: Span, actor: Actor, matches: list[Match]) -> None:
        kind = _kind(span, actor, matches)
        self._add(Memory(span.start, actor, kind))
        if kind == "person" and actor.country is not None:
            names = [t for t in span if t.pos_ == "PROPN" or t.ent_type_ == "PERSON"]
            if names:
                self.surnames[fold(names[-1].text)] = actor
            if actor.name:
                self.surnames[fold(actor.name.split()[-1])] = actor


def _lead_end(doc: Doc, span: Span) -> int | None:
    """The token after the lead paragraph when `span` lies in a headline (a short first
    paragraph), else None."""
    # once per document: this is asked per actor
    headline_end, end = once_per_doc(doc, _LEAD, lambda: _lead(doc))
    return None if headline_end < 0 or span.end_char > headline_end else end


_LEAD = "tacitus.lead"


def _lead(doc: Doc) -> tuple[int, int | None]:
    """(the character where a short first paragraph ends or -1, the token after the
    paragraph that follows it or None)."""
    text = doc_text(doc)
    first = text.lstrip()
    start = len(text) - len(first)
    brk = text.find("\n", start)
    if brk < 0 or len(text[start:brk].split()) > 20:
        return -1, None
    start = brk + len(text[brk:]) - len(text[brk:].lstrip())
    nxt = text.find("\n", start)
    end_char = len(text) if nxt < 0 else nxt
    end = doc.char_span(start, end_char, alignment_mode="expand")
    return brk, (end.end if end is not None else None)


def _candidate_mentions(doc: Doc) -> list[Span]:
    """Noun chunks plus named entities outside them, in document order."""
    chunks = list(doc.noun_chunks)
    covered = {t.i for chunk in chunks for t in chunk}
    extra = [ent for ent in doc.ents if ent.start not in covered]
    return sorted(chunks + extra, key=lambda s: s.start)


def _conjunct_parts(span: Span) -> list[Span]:
    """Sub-spans of a coordinated noun phrase: 'Russia and Belarus' -> [Russia, Belarus]."""
    root = span.root
    conjuncts = [c for c in root.conjuncts if span.start <= c.i < span.end
                 and c.pos_ in ("NOUN", "PROPN", "PRON")]
    if not conjuncts or root.pos_ not in ("NOUN", "PROPN", "PRON"):
        return []
    heads = sorted([root, *conjuncts], key=lambda t: t.i)
    parts = []
    for head in heads:
        others = set()
        for child in head.children:
            if child.dep_ == "conj":
                others.update(t.i for t in child.subtree)
        own = [t.i for t in head.subtree
               if t.i not in others and span.start <= t.i < span.end
               and t.dep_ not in ("cc", "punct", "preconj")]
        if own:
            parts.append(span.doc[min(own):max(own) + 1])
    return parts


def _outside_of_phrase(span: Span, head, matches: list[Match]) -> list[Match]:
    inside = {t.i - span.start for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
              for t in c.subtree}
    return [m for m in matches if m.start not in inside] if inside else matches


def _cut(token) -> bool:
    """A dash between words ("AFP - Sudanese"), not a hyphen inside one ("Vietnamese-led")."""
    return token.text in CUTS and (token.text != "-" or bool(token.nbor(-1).whitespace_))


def _one_national(token) -> bool:
    """A nationality noun for one person: "an Iraqi" (a country is never "a Iraq")."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return False
    return token.ent_type_ == "NORP" or any(c.dep_ == "det" and c.lower_ in ("a", "an")
                                            for c in token.children)


def _office_head(root, head: Match | None) -> bool:
    """An office or body whose "of" phrase names the state it belongs to."""
    if fold(root.lemma_) in MEMBER_HEADS or fold(root.lemma_) in CONTAINER_HEADS:
        return True
    return head is not None and head.sector in OFFICE_SECTORS


def _modifier_country(span: Span, matches: list[Match], roles: dict, root: int) -> str | None:
    """The country of the first named word before the head ("U.S. and Russian
    negotiators"), else after it ("militants in Iraq"). A word cut off from the head by
    a dash or colon is a source line, not a modifier ("AFP - Sudanese rebels")."""
    def attached(m: Match) -> bool:
        return m.end > root or not any(_cut(t) for t in span[m.end:root])

    found = next((m for m in matches if m.named and roles[id(m)].country and attached(m)), None)
    return roles[id(found)].country if found is not None else None


def _former_title(span: Span, matches: list[Match]) -> bool:
    """A government title right after "former", "ousted", "exiled" ... ."""
    for m in matches:
        if m.sector == "GOV" and m.start and (fold(span[m.start - 1].lemma_) in FORMER
                                              or fold(span[m.start - 1].text) in FORMER):
            return True
    return False


def _group_member(root):
    """The noun a quantity head counts ("thousands of Nigerians" -> Nigerians), else root."""
    if fold(root.lemma_) not in QUANTITY_HEADS and fold(root.text) not in QUANTITY_HEADS:
        return root
    for child in root.children:
        if child.dep_ == "prep" and child.lemma_.lower() == "of":
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    return root


def _coordinated_modifiers(span: Span) -> list[Span]:
    """"French and Egyptian warships" -> [French, Egyptian]: coordinated adjectives (or
    proper-noun modifiers) on the phrase's head, each a one-token span."""
    root = span.root
    if root.pos_ not in ("NOUN", "PROPN"):
        return []
    for child in root.children:
        if child.dep_ in ("amod", "compound") and span.start <= child.i < span.end:
            conjuncts = [c for c in child.conjuncts if span.start <= c.i < span.end]
            if conjuncts:
                tokens = sorted([child, *conjuncts], key=lambda t: t.i)
                return [span.doc[t.i:t.i + 1] for t in tokens]
    return []


def _appositive(span: Span) -> Span | None:
    """The appositive of the phrase's head that the phrase itself leaves out, trimmed of
    relative clauses and punctuation: "X, the UN coordinator, said" -> "the UN coordinator"."""
    # On the head, or on the last word when the parser hangs it there ("Office for
    # Labour Standards (ILO)").
    appos = next((c for tok in (span.root, span[-1]) for c in tok.children
                  if c.dep_ == "appos" and not span.start <= c.i < span.end), None)
    if appos is None or appos.left_edge.i > span.end + 1:
        # a true appositive follows its phrase after at most a comma or bracket; one the
        # parser hangs on a far noun ("signed contracts worth $1bn in China, sources
        # said") describes something else
        return None
    doc = span.doc
    left, right = appos.left_edge.i, appos.right_edge.i
    for child in appos.children:
        if child.dep_ in ("relcl", "acl", "appos") and child.i > appos.i:
            right = min(right, child.left_edge.i - 1)
    while left <= right and (doc[left].is_punct or doc[left].dep_ == "cc"):
        left += 1
    while right >= left and (doc[right].is_punct or doc[right].dep_ == "cc"):
        right -= 1
    return doc[left:right + 1] if left <= right else None


def _personal_name(token, lexicon: Lexicon) -> bool:
    """A word that can start a person's name: a proper noun (or a PERSON entity) that is
    no agent noun or office of the lexicon ("SP leader", "SP MLA" are no names)."""
    if token.pos_ != "PROPN" and token.ent_type_ != "PERSON":
        return False
    form = fold(token.text)
    return not lexicon.agents.longest([form], [fold(token.lemma_)], 0)[0]


def _names_person(span: Span) -> bool:
    return any(t.ent_type_ == "PERSON" for t in span)


def _is_office(span: Span) -> bool:
    """A described office ("the UN coordinator", "Algeria's leading activist"), not a name."""
    first = span[0]
    return first.pos_ == "DET" or first.dep_ == "poss" or span.root.pos_ == "NOUN" \
        or span.root.is_lower


def _common_word_alias(token, length: int, entry: NamedEntry) -> bool:
    """A one-word dictionary alias that is an ordinary lower-case noun here ("youth" for a
    named youth movement): the word is used in its common sense."""
    if length != 1 or token.pos_ != "NOUN" or not token.is_lower:
        return False
    name = fold(entry.name)
    return name not in (fold(token.text), fold(token.lemma_))


def _body_sector(span: Span, head: Match, matches: list[Match], roles: dict) -> str | None:
    """Sector of the body named in a member head's of/from phrase ("leaders of the
    opposition coalition" -> OPP)."""
    if any(c.dep_ == "prep" and c.lemma_.lower() in ("of", "from") for c in span.root.children):
        for m in reversed(matches):
            if m.start < head.end:
                break
            sector = m.sector or (roles[id(m)].sector if m.named else None)
            if sector:
                return sector
    # "Labor Party officials", "rebel leaders", "army officials": the body before the head.
    before = [m.sector or (roles[id(m)].sector if m.named else None)
              for m in matches if m.end <= head.start]
    return next((s for s in reversed(before) if s), None)


def _part_of_longer_name(span: Span, end: int, entry: NamedEntry) -> bool:
    """A person entry followed by more name words matched only a given name
    ('Hassan' in 'Omar Hassan al-Bashir'): not the same person."""
    if end >= len(span) or not entry.is_person:
        return False
    following = span[end]
    return following.pos_ == "PROPN" and following.ent_type_ == "PERSON"


def _titled_sector(span: Span, head: Match, matches: list[Match]) -> str | None:
    """A person's office as the phrase states it: "Prime Minister X" is GOV even when the
    dictionary's latest role for X is ELI; "former President X" is ELI."""
    if not head.named or not head.named.is_person:
        return None
    if any(fold(t.lemma_) in FORMER or fold(t.text) in FORMER for t in span[:head.start]):
        return "ELI"
    titles = [m.sector for m in matches if m.sector and m.end <= head.start]
    return titles[-1] if titles else None


def _head_sector(head: Match | None, roles: dict) -> str | None:
    if head is None:
        return None
    if head.sector:
        return head.sector
    return roles[id(head)].sector if head.named else None


def _kind(span: Span, actor: Actor, matches: list[Match]) -> str:
    root = span.root
    if root.ent_type_ == "PERSON" or any(t.ent_type_ == "PERSON" for t in span):
        return "person"
    head = next((m for m in matches if m.start <= root.i - span.start < m.end), None)
    if head is not None and head.named is not None and head.named.is_person:
        return "person"
    if head is None and root.pos_ == "PROPN" and any(
            m.sector and m.end <= root.i - span.start
            and fold(span[m.end - 1].lemma_) not in COLLECTIVE for m in matches):
        return "person"              # a title before a name: "President Umaru Yar'Adua"
    if root.tag_ in ("NNS", "NNPS") or \
            actor.sector in ("CVL", "LAB") and root.tag_ not in ("NN", "NNP"):
        return "group"
    if head is not None and head.sector and root.tag_ == "NN" and root.lemma_.lower() not in COLLECTIVE:
        return "person"
    return "thing"


def _as_mention(earlier: Actor, span: Span, rule: str) -> Actor:
    return earlier.model_copy(update={"text": span.text, "start": span.start_char,
                                      "end": span.end_char, "resolved_by": rule})


def _unknown(span: Span) -> Actor:
    return Actor(text=span.text, start=span.start_char, end=span.end_char)


def _plain_name(span: Span) -> str:
    """The phrase without leading determiners and quantifiers ('the Belarusian police')."""
    words = list(span)
    while words and (words[0].pos_ in ("DET", "NUM") or words[0].dep_ in ("advmod", "quantmod", "predet")):
        words = words[1:]
    return span.doc[words[0].i:words[-1].i + 1].text if words else span.text


def _code(country: str | None, sector: str | None) -> str | None:
    if country and sector and sector != country:
        return country + sector
    return country or None
