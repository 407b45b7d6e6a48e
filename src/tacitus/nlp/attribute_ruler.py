"""spaCy's attribute ruler, matching its one-token patterns by table look-up.

The English pipelines' `attribute_ruler` maps tags to parts of speech and morphology and
fixes a few lemmas, with some 180 pattern groups, nearly all of one token ({"TAG": "NN"},
{"LOWER": "his", "TAG": "PRP"}). spaCy runs them through its general `Matcher`, which
tries every pattern at every token: on news text that was ~15% of the whole parse
(1.0 s of 6.9 s for 0.3 MB; bench/bench_coder.py), more than the tagger's share.

`IndexedAttributeRuler` is the same component with a faster `match`: a pattern of fixed
length whose constraints are values or IN / NOT_IN / REGEX sets of ORTH, LOWER, TAG or DEP,
or IS_SPACE, is looked up by its first token's value (each token costs a few dictionary
look-ups) and checked on the rest; any other pattern (operators, other attributes) still
goes through a `Matcher` that holds only those. `match` returns the very
list spaCy's does (the matches sorted by pattern group, later groups override earlier
ones), and `set_annotations` is spaCy's own, so the parse is identical
(tests/test_attribute_ruler.py compares the two on every token).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.attrs import DEP, IS_SPACE, LOWER, ORTH, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

# the attributes looked up; a pattern is listed under its values of the first it constrains
# to a value or an IN set (the rarest first: a word, then a tag, then a dependency)
COLUMNS = {"ORTH": ORTH, "LOWER": LOWER, "TAG": TAG, "DEP": DEP, "IS_SPACE": IS_SPACE}
FLAGS = {"IS_SPACE"}

# (column, test of the token's value there, the result the pattern wants)
Check = tuple[int, Callable[[int], bool], bool]


class IndexedAttributeRuler(AttributeRuler):
    """Registered as "tacitus_attribute_ruler"; `index_attribute_ruler` swaps it in."""

    _index: _Index | None = None

    def add(self, patterns, attrs, index: int = 0) -> None:
        super().add(patterns, attrs, index)
        self._index = None

    def clear(self) -> None:
        super().clear()
        self._index = None

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        if self._index is None:
            self._index = _Index(self)
        return self._index.match(doc)


class _Index:
    """The ruler's patterns compiled: those of fixed length into look-up tables by their
    first token, the rest (operators, other attributes) into a Matcher of their own."""

    def __init__(self, ruler: AttributeRuler):
        self.strings = strings = ruler.vocab.strings
        self.columns = list(COLUMNS.values())
        # column -> value -> [(group, match id, [the checks of each token])]
        self.tables: list[dict[int, list[tuple[int, int, list[list[Check]]]]]] = [
            {} for _ in self.columns]
        self.always: list[tuple[int, int, list[list[Check]]]] = []
        self.rest = Matcher(ruler.vocab)
        for group, entry in enumerate(ruler.patterns):
            key = strings.add(str(group))         # spaCy's match id for the group
            others = []
            for pattern in entry["patterns"]:
                tokens = [self._compile(token) for token in pattern]
                if not tokens or None in tokens:
                    others.append(pattern)
                    continue
                (column, values, first), *after = tokens
                steps = [first] + [checks + ([(c, frozenset(v).__contains__, True)]
                                             if c is not None else [])
                                   for c, v, checks in after]
                if column is None:
                    self.always.append((group, key, steps))
                for value in values:
                    self.tables[column].setdefault(value, []).append((group, key, steps))
            if others:
                self.rest.add(str(group), others)

    def _compile(self, token: dict) -> tuple[int | None, set[int], list[Check]] | None:
        """(the column the token is looked up by, the values it may have there, the
        checks on the rest of it), or None for a token pattern the index does not take."""
        sets: dict[int, set[int]] = {}       # column -> the values it may take
        checks: list[Check] = []
        for name, spec in token.items():
            if name not in COLUMNS:
                return None                  # "OP", other attributes: the Matcher's
            column = self.columns.index(COLUMNS[name])
            if name in FLAGS:
                if not isinstance(spec, bool):
                    return None
                sets[column] = {int(spec)}
            elif isinstance(spec, str):
                sets[column] = {self.strings.add(spec)}
            elif isinstance(spec, dict) and len(spec) == 1 and "IN" in spec:
                sets[column] = {self.strings.add(v) for v in spec["IN"]}
            elif isinstance(spec, dict) and len(spec) == 1 and "NOT_IN" in spec:
                banned = frozenset(self.strings.add(v) for v in spec["NOT_IN"])
                checks.append((column, banned.__contains__, False))
            elif isinstance(spec, dict) and len(spec) == 1 and "REGEX" in spec:
                checks.append((column, _Regex(spec["REGEX"], self.strings), True))
            else:
                return None
        if not sets:
            return None, set(), checks
        column = min(sets)
        checks += [(c, frozenset(v).__contains__, True) for c, v in sets.items() if c != column]
        return column, sets[column], checks

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        found = set()
        rows = doc.to_array(self.columns).tolist()
        tables = [(column, table) for column, table in enumerate(self.tables) if table]
        n = len(rows)
        for i, row in enumerate(rows):
            for column, table in tables:
                for candidate in table.get(row[column], ()):
                    if _holds(candidate[2], rows, i, n):
                        found.add((candidate[0], candidate[1], i, i + len(candidate[2])))
            for candidate in self.always:
                if _holds(candidate[2], rows, i, n):
                    found.add((candidate[0], candidate[1], i, i + len(candidate[2])))
        if len(self.rest):
            strings = self.strings
            found.update((int(strings[key]), key, start, end)
                         for key, start, end in self.rest(doc, allow_missing=True))
        return sorted(found)


def _holds(steps: list[list[Check]], rows: list[list[int]], i: int, n: int) -> bool:
    """Whether the tokens from `i` on meet each step's checks."""
    if i + len(steps) > n:
        return False
    for k, checks in enumerate(steps):
        row = rows[i + k]
        for column, test, want in checks:
            if test(row[column]) is not want:
                return False
    return True


class _Regex:
    """Whether a value's string matches an expression (re.search, as the Matcher), kept
    per value: a text has few distinct words. A class, not a closure: the ruler is
    pickled for parser processes."""

    def __init__(self, expression: str, strings):
        self.regex, self.strings, self.seen = re.compile(expression), strings, {}

    def __call__(self, value: int) -> bool:
        hit = self.seen.get(value)
        if hit is None:
            hit = bool(self.regex.search(self.strings[value]))
            if len(self.seen) < 100_000:      # bounded over a long ingest
                self.seen[value] = hit
        return hit


@Language.factory("tacitus_attribute_ruler", default_config={
    "validate": False, "scorer": {"@scorers": "spacy.attribute_ruler_scorer.v1"}})
def make_indexed_attribute_ruler(nlp: Language, name: str, validate: bool, scorer):
    return IndexedAttributeRuler(nlp.vocab, name, validate=validate, scorer=scorer)


def index_attribute_ruler(nlp: Language) -> None:
    """Replace the pipeline's `attribute_ruler` (if it has a spaCy one) by an
    IndexedAttributeRuler with the same patterns, under the same name."""
    name = "attribute_ruler"
    if name not in nlp.pipe_names:
        return
    old = nlp.get_pipe(name)
    if isinstance(old, IndexedAttributeRuler) or type(old) is not AttributeRuler:
        return
    patterns = old.patterns
    new = nlp.replace_pipe(name, "tacitus_attribute_ruler", config={"validate": old.validate})
    new.add_patterns(patterns)
