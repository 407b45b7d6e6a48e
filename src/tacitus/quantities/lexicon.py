"""The vocabularies of the quantities stage, read once from `knowledge/data/quantities_*`."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from tacitus.knowledge import read_tsv


@dataclass
class QuantityLexicon:
    units: dict[str, float] = field(default_factory=dict)      # "twelve" -> 12
    scales: dict[str, float] = field(default_factory=dict)     # "million" -> 1e6
    suffixes: dict[str, float] = field(default_factory=dict)   # "bn" -> 1e9
    vague: dict[str, float] = field(default_factory=dict)      # "thousands" -> 2000
    modifiers: dict[tuple[str, ...], str] = field(default_factory=dict)  # ("at","least") -> min
    modifier_len: int = 1
    currency_before: dict[str, str] = field(default_factory=dict)  # "$" -> USD
    currency_after: dict[tuple[str, ...], str] = field(default_factory=dict)  # ("euros",) -> EUR
    currency_after_len: int = 1
    # kind -> {word: category}; see quantities_categories.tsv for the kinds
    words: dict[str, dict[str, str]] = field(default_factory=dict)
    # category -> the PLOVER event types a count of that category can belong to
    event_types: dict[str, frozenset[str]] = field(default_factory=dict)

    def kind(self, kind: str) -> dict[str, str]:
        return self.words.get(kind, {})


@lru_cache(maxsize=1)
def load_lexicon() -> QuantityLexicon:
    lex = QuantityLexicon()
    tables = {"unit": lex.units, "scale": lex.scales, "suffix": lex.suffixes, "vague": lex.vague}
    for row in read_tsv("quantities_numbers.tsv"):
        tables[row["kind"]][row["word"]] = float(row["value"])
    for row in read_tsv("quantities_modifiers.tsv"):
        key = tuple(row["phrase"].split())
        lex.modifiers[key] = row["bound"]
        lex.modifier_len = max(lex.modifier_len, len(key))
    for row in read_tsv("quantities_currencies.tsv"):
        form, iso, place = row["form"], row["iso"], row["place"]
        if place in ("before", "both"):
            lex.currency_before[form] = iso
        if place in ("after", "both"):
            key = tuple(form.split())
            lex.currency_after[key] = iso
            lex.currency_after_len = max(lex.currency_after_len, len(key))
    for row in read_tsv("quantities_categories.tsv"):
        lex.words.setdefault(row["kind"], {})[row["word"]] = row["category"]
    for row in read_tsv("quantities_events.tsv"):
        lex.event_types[row["category"]] = frozenset(row["event_types"].split())
    return lex
