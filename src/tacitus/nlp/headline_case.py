"""Title-case headlines in sentence case, for the parser.

Wire headlines are often written in title case ("Annan Faults Both Sides of Terror War",
"Car Bomb Kills Six in Baghdad"). spaCy's small English model reads a capitalised word as
a proper noun, so such a headline parses as one long name: no verb, no trigger, no
actors. Half the headlines of real wire samples are written this way. Before parsing, the
common words of a title-case headline are lower-cased; names keep their capitals.

A word is a name when the story itself writes it with a capital in mid-sentence
("Sharon", "Islamic Jihad"), or when the story never uses it and it is not an English
word (WordNet's index, shipped inside spaCy's English lemmatizer) or is a country. A word
the story writes in lower case ("faults", "withdrawal") is a common word. The change
keeps every character's offset (only ASCII letters change case), so events still point
at the user's text, and the user's text is what evidence shows.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_TITLE_WORD = re.compile(r"[A-Z][a-z]+(?:['’]s)?")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;(]\s*|\n\s*)$")
# A headline is a title-case one when most of its longer words after the first are
# capitalised; short function words ("of", "in", "to") are left lower case by most styles.
_MIN_LONG_WORDS = 2
_TITLE_SHARE = 0.75
_LONG = 4


def is_title_case(headline: str) -> bool:
    words = [w for w in _WORD.findall(headline)[1:] if len(w) >= _LONG]
    if len(words) < _MIN_LONG_WORDS:
        return False
    capitalised = [w for w in words if w[0].isupper()]
    if all(w.isupper() for w in capitalised):   # an all-caps headline is another matter
        return False
    return len(capitalised) / len(words) >= _TITLE_SHARE


def _usage(body: str) -> tuple[Counter, Counter]:
    """(lower-case uses, mid-sentence capitalised uses) of each word of `body`, by its
    lower-case form."""
    lower, capital = Counter(), Counter()
    for m in _WORD.finditer(body):
        word = m.group(0)
        key = word.lower()
        if word.islower():
            lower[key] += 1
        elif word[0].isupper() and not _SENTENCE_START.search(body[max(0, m.start() - 3):m.start()]):
            capital[key] += 1
    return lower, capital


def sentence_case(headline: str, body: str, is_common_word: Callable[[str], bool],
                  is_name: Callable[[str], bool]) -> str:
    """`headline` with the capitals of its common words lowered (same length). The first
    word keeps its capital, as in any sentence."""
    if not is_title_case(headline):
        return headline
    lower, capital = _usage(body)
    out = list(headline)
    first = len(headline) - len(headline.lstrip())
    for m in _TITLE_WORD.finditer(headline):
        if m.start() == first:
            continue
        word = m.group(0)
        base = re.sub(r"['’]s$", "", word).lower()
        if lower[base] or capital[base]:
            common = lower[base] >= capital[base]
        else:
            common = is_common_word(base) and not is_name(word)
        if common:
            out[m.start()] = word[0].lower()
    return "".join(out)


_SUFFIXES = (("ies", "y"), ("es", ""), ("s", ""), ("ied", "y"), ("ed", "e"), ("ed", ""),
             ("ing", "e"), ("ing", ""))


def english_word_test(nlp) -> Callable[[str], bool]:
    """Whether a lower-case word is an English word or an inflection of one, by WordNet's
    index in the pipeline's rule lemmatizer. A model without one knows no common words:
    every headline word then keeps its capital unless the story writes it in lower case."""
    try:
        lookups = nlp.get_pipe("lemmatizer").lookups
        index = lookups.get_table("lemma_index")
        exceptions = lookups.get_table("lemma_exc")
    except (KeyError, ValueError, AttributeError):
        return lambda word: False
    words = frozenset(w for pos in ("noun", "verb", "adj", "adv") for w in index.get(pos, ()))
    irregular = frozenset(w for pos in ("noun", "verb", "adj", "adv")
                          for w in exceptions.get(pos, {}))

    def test(word: str) -> bool:
        if word in words or word in irregular:
            return True
        return any(word.endswith(end) and word[:-len(end)] + new in words
                   for end, new in _SUFFIXES if len(word) - len(end) >= 2)
    return test


class HeadlineCaser:
    """Puts a text's title-case headline (its first paragraph, when short and not a
    sentence) in sentence case; the rest of the text is unchanged."""

    def __init__(self, nlp) -> None:
        self._is_word = english_word_test(nlp)

    def __call__(self, text: str) -> str:
        from tacitus.coding.headline import headline_bounds  # the one headline definition
        bounds = headline_bounds(text)
        if bounds is None:
            return text
        end = bounds[0]
        recased = sentence_case(text[:end], text[end:], self._is_word, _is_name)
        return recased + text[end:] if recased is not text[:end] else text


def _is_name(word: str) -> bool:
    """A country, or a one-word name in the actor lexicon ("Israeli", "Lagos", "Senate")."""
    from tacitus.actors.lexicon import fold, shared_lexicon
    from tacitus.geo.gazetteer import shared_gazetteer
    base = re.sub(r"['’]s$", "", word)
    return (shared_gazetteer().country(base) is not None
            or (fold(base),) in shared_lexicon().named.items)
