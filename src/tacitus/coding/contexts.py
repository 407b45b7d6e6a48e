"""PLOVER contexts from a keyword lexicon (`coding_contexts.tsv`).

A context is what an event is *about* (election, economic, repression, ...), not what
happened. The sentence is strong evidence: one cue word there is enough. The rest of the
document is weaker: a context counts only when its cue words occur at least twice there,
so a passing mention in a long article does not label every event in it.

Matching is a set/dict lookup per word: the lexicon is compiled once into a word table
and a phrase table keyed by the phrase's first word; no regex is built per call.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from tacitus.knowledge import read_tsv

LEXICON_FILE = "coding_contexts.tsv"
DOC_MIN_HITS = 2

# Words with inner hyphens/apostrophes stay whole ("al-qaeda", "pro-democracy").
_WORD = re.compile(r"[a-z0-9]+(?:['\-][a-z0-9]+)*")


def words_of(text: str) -> list[str]:
    """Lower-cased word tokens of a text."""
    return _WORD.findall(text.lower())


class ContextLexicon:
    """Cue words and phrases for each context, compiled for fast lookup."""

    def __init__(self, rows: Iterable[tuple[str, str]]):
        self.word_contexts: dict[str, set[str]] = {}
        self.phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for context, keyword in rows:
            parts = tuple(words_of(keyword))
            if not parts:
                continue
            if len(parts) == 1:
                self.word_contexts.setdefault(parts[0], set()).add(context)
            else:
                self.phrases.setdefault(parts[0], []).append((parts, context))
        self.vocabulary = set(self.word_contexts) | {
            w for entries in self.phrases.values() for parts, _ in entries for w in parts}
        self._last_doc: str | None = None
        self._last_doc_hits: Counter = Counter()

    @classmethod
    def load(cls, name: str = LEXICON_FILE) -> ContextLexicon:
        rows = []
        for row in read_tsv(name):
            for keyword in row["keywords"].split(","):
                if keyword.strip():
                    rows.append((row["context"].strip(), keyword.strip()))
        return cls(rows)

    def _normal(self, word: str) -> str:
        """The lexicon's form of a word: plural "-s"/"-es" dropped when only the singular is listed."""
        if word in self.vocabulary:
            return word
        if word.endswith("es") and word[:-2] in self.vocabulary:
            return word[:-2]
        if word.endswith("s") and word[:-1] in self.vocabulary:
            return word[:-1]
        return word

    def hits(self, text: str) -> Counter:
        """How many cue words or phrases of each context occur in `text`."""
        found: Counter = Counter()
        tokens = [self._normal(w) for w in words_of(text)]
        for i, word in enumerate(tokens):
            for context in self.word_contexts.get(word, ()):
                found[context] += 1
            for parts, context in self.phrases.get(word, ()):
                if tuple(tokens[i:i + len(parts)]) == parts:
                    found[context] += 1
        return found

    def document_hits(self, doc_text: str) -> Counter:
        """`hits` for a whole document, remembered for the last document: the coder asks
        once per event and a document's events arrive together."""
        if doc_text is not self._last_doc and doc_text != self._last_doc:
            self._last_doc_hits = self.hits(doc_text)
            self._last_doc = doc_text
        return self._last_doc_hits


def find_contexts(lexicon: ContextLexicon, order: list[str], sent_text: str, doc_text: str,
                  implied: Iterable[str] = ()) -> list[str]:
    """Contexts of one event, in the manual's order: those the event's mode implies, any
    cued in the sentence, and those cued at least DOC_MIN_HITS times in the document."""
    chosen = set(implied)
    chosen.update(lexicon.hits(sent_text))
    if doc_text:
        chosen.update(c for c, n in lexicon.document_hits(doc_text).items() if n >= DOC_MIN_HITS)
    rank = {name: i for i, name in enumerate(order)}
    return sorted(chosen, key=lambda c: (rank.get(c, len(rank)), c))
