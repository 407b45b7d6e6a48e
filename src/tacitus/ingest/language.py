"""A cheap "is this English?" check, run on every input before parsing.

Parsing a Russian or Arabic article with an English model gives confident nonsense,
so such inputs are skipped with a message. The test has to be fast and dependency-free:
the share of English function words among the first few hundred word tokens, plus the
share of letters outside the Latin script. Short texts (headlines) are given the
benefit of the doubt on function words, since a few words prove nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tacitus.knowledge import data_path

WORDS_TO_CHECK = 300
MIN_WORDS_FOR_RATIO = 25
MIN_FUNCTION_WORD_SHARE = 0.12   # English news runs at 35-50 %; other Latin-script languages < 8 %
MAX_NON_LATIN_SHARE = 0.5
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    path = data_path("ingest_english_function_words.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def non_latin_share(sample: str) -> float:
    """Share of letters outside Basic Latin..Latin Extended-B (U+024F)."""
    letters = [c for c in sample if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if ord(c) > 0x24F) / len(letters)


def why_not_english(text: str) -> str | None:
    """None when the text may be English, else a short description of what was seen."""
    sample = text[:4000]
    script = non_latin_share(sample)
    if script > MAX_NON_LATIN_SHARE:
        return f"{script:.0%} of letters in a non-Latin script"
    words = _WORD.findall(sample)[:WORDS_TO_CHECK]
    if len(words) < MIN_WORDS_FOR_RATIO:
        return None
    known = function_words()
    share = sum(1 for w in words if w.lower() in known) / len(words)
    if share < MIN_FUNCTION_WORD_SHARE:
        return f"only {share:.0%} English function words in the first {len(words)} words"
    return None
