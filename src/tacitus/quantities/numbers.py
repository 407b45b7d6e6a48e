"""Find number phrases in a sentence and read their value.

A number phrase is a run of number tokens ("1.5 million", "hundreds of thousands",
"twenty-five", "a dozen", "5bn") with the words that bound it before ("at least",
"up to", "about") and an optional second number for a range ("between 100 and 200",
"100 to 200"). Conventions for vague words are in `quantities_numbers.tsv`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from tacitus.nlp import span_ents
from tacitus.quantities.lexicon import QuantityLexicon

# digits with thousands separators and decimals, optionally glued to a scale suffix ("2bn")
_DIGITS = re.compile(r"^(\d+(?:,\d{3})*(?:\.\d+)?)([a-z]{0,3})$", re.IGNORECASE)
# entity labels whose numbers are never counts of people or money
_NOT_COUNTS = frozenset({"DATE", "TIME", "PERCENT", "ORDINAL"})
# words a DATE entity may hold around a plain count ("over 50", "about 300")
_COUNT_WORDS = frozenset({"over", "about", "around", "some", "nearly", "almost", "more", "than",
                          "least", "at", "up", "to", "under", "fewer", "less", "roughly"})
_NOT_ONE = frozenset({"no", "the", "this", "that", "each", "every", "any", "which", "such"})
_RANGE_JOINERS = frozenset({"to", "-", "–", "and"})


@dataclass
class NumberPhrase:
    start: int                 # first token (document index), modifiers included
    end: int                   # one past the last token
    num_start: int             # first token of the number itself
    num_end: int
    min: float | None
    max: float | None
    approximate: bool
    head: Token                # syntactic head of the whole phrase
    currency: str | None = None  # ISO 4217 when a currency word or symbol is attached

    def text(self, sent: Span) -> str:
        doc = sent.doc
        return doc[self.start:self.end].text

    @property
    def value(self) -> float:
        return self.min if self.min is not None else self.max  # type: ignore[return-value]


@dataclass
class _Reading:
    value: float
    vague: bool
    end: int                   # one past the last token read


def _digits_value(text: str, lex: QuantityLexicon) -> float | None:
    m = _DIGITS.match(text)
    if not m:
        return None
    suffix = m.group(2).lower()
    if suffix and suffix not in lex.suffixes:
        return None
    value = float(m.group(1).replace(",", ""))
    return value * lex.suffixes[suffix] if suffix else value


def _starts_number(tok: Token, lex: QuantityLexicon) -> bool:
    low = tok.lower_
    if low in lex.units or low in lex.vague or low in lex.scales:
        return True
    if low == "a" or low == "half":
        nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
        return nxt is not None and nxt.lower_ in ("dozen", "hundred", "thousand", "million",
                                                   "billion", "score", "a")
    return tok.text[:1].isdigit() and _digits_value(tok.text, lex) is not None


def _read_number(doc, i: int, limit: int, lex: QuantityLexicon) -> _Reading | None:
    """Read the number starting at token i (standard total/current accumulation)."""
    total = 0.0
    current = 0.0
    seen = False
    vague = False
    half = False
    j = i
    while j < limit:
        tok = doc[j]
        low = tok.lower_
        digits = _digits_value(tok.text, lex) if tok.text[:1].isdigit() else None
        if digits is not None and not seen:
            current = digits
        elif low in lex.units and (not seen or _unit_fits(total, current, lex.units[low])):
            current += lex.units[low]
        elif low in lex.suffixes and seen and _suffix_fits(doc[j - 1], low):
            current *= lex.suffixes[low]
        elif low in lex.scales:
            scale = lex.scales[low]
            base = current or 1.0
            if scale >= 1000:
                total += base * scale
                current = 0.0
            else:
                current = base * scale
        elif low in lex.vague:
            if seen:               # "hundreds of thousands": a plain multiplier
                base = (total + current) or 1.0
                total, current = 0.0, base * _scale_of(low, lex)
            else:
                current = lex.vague[low]
            vague = True
        elif low == "a" and not seen:
            pass                   # "a dozen", "a hundred"
        elif low == "half" and not seen:
            half = True
        elif low in ("-", "and", "of") and seen and j + 1 < limit:
            nxt = doc[j + 1].lower_
            joins = (low == "-" and nxt in lex.units and doc[j - 1].lower_ in lex.units) or \
                    (low == "-" and nxt in lex.scales and doc[j - 1].text[:1].isdigit()) or \
                    (low == "and" and doc[j - 1].lower_ == "hundred" and nxt in lex.units) or \
                    (low == "of" and doc[j - 1].lower_ in lex.vague and
                     (nxt in lex.vague or nxt in lex.scales))
            if not joins:
                break
        else:
            break
        seen = seen or low not in ("a", "half")
        j += 1
    if not seen:
        return None
    while j > i and doc[j - 1].lower_ in ("-", "and", "of", "a"):
        j -= 1
    value = total + current
    if half:
        value /= 2
    return _Reading(value, vague, j)


def _unit_fits(total: float, current: float, unit: float) -> bool:
    """May a number word extend what was read so far ("two hundred fifty", "twenty-five")?"""
    if current == 0:
        return total > 0
    if current % 100 == 0:
        return True
    return 20 <= current < 100 and current % 10 == 0 and unit < 10


def _suffix_fits(prev: Token, suffix: str) -> bool:
    """"5m" / "5 bn": one-letter suffixes only when glued to the digits ("5 m" may be metres)."""
    if not prev.text[:1].isdigit():
        return False
    return prev.whitespace_ == "" or len(suffix) > 1


def _scale_of(vague_word: str, lex: QuantityLexicon) -> float:
    """The plain multiplier behind a vague plural ("thousands" -> 1000)."""
    single = vague_word.removesuffix("s")
    if single in lex.scales:
        return lex.scales[single]
    return {"ten": 10.0, "dozen": 12.0, "score": 20.0}.get(single, 1.0)


def _modifier_before(doc, start: int, floor: int, lex: QuantityLexicon) -> tuple[str | None, int]:
    """The bounding phrase ending right before `start` ("at least", "up to"), longest first."""
    for n in range(min(lex.modifier_len, start - floor), 0, -1):
        key = tuple(t.lower_ for t in doc[start - n:start])
        bound = lex.modifiers.get(key)
        if bound:
            return bound, start - n
    return None, start


def _group_head(doc, start: int, end: int) -> Token:
    for tok in doc[start:end]:
        if not (start <= tok.head.i < end) or tok.head.i == tok.i:
            return tok
    return doc[end - 1]


def _is_date(sent: Span, tok: Token, lex: QuantityLexicon) -> bool:
    """A DATE entity that really is one: a year ("2020") or with date words ("12 March").

    The small model also tags plain counts as DATE ("arrested over 50")."""
    if len(tok.text) == 4 and tok.text.isdigit():
        return True
    ent = next((e for e in span_ents(sent) if e.start <= tok.i < e.end), None)
    if ent is None:
        return True
    return any(t.is_alpha and t.lower_ not in _COUNT_WORDS and not _number_word(t.lower_, lex)
               for t in ent)


def _number_word(word: str, lex: QuantityLexicon) -> bool:
    return word in lex.units or word in lex.scales or word in lex.vague


def _not_a_count(doc, sent: Span, phrase: NumberPhrase, lex: QuantityLexicon) -> bool:
    """Dates, times, percentages, ordinals, and "one" as a pronoun ("no one", "the one")."""
    if phrase.currency is None:
        for tok in doc[phrase.num_start:phrase.num_end]:
            if tok.ent_type_ in _NOT_COUNTS and (tok.ent_type_ != "DATE" or _is_date(sent, tok, lex)):
                return True
    if phrase.num_end < sent.end and doc[phrase.num_end].lower_ in ("%", "percent", "per"):
        return True
    if doc[phrase.num_start].lower_ == "one" and phrase.num_end - phrase.num_start == 1:
        if phrase.start == sent.start:
            return False
        prev = doc[phrase.start - 1]
        return prev.lower_ in _NOT_ONE and prev.dep_ != "mark"   # "said that one of them"
    return False


def find_numbers(sent: Span, lex: QuantityLexicon) -> list[NumberPhrase]:
    doc = sent.doc
    found: list[NumberPhrase] = []
    i, limit = sent.start, sent.end
    while i < limit:
        tok = doc[i]
        if not _starts_number(tok, lex):
            i += 1
            continue
        reading = _read_number(doc, i, limit, lex)
        if reading is None or reading.end <= i:
            i += 1
            continue
        phrase = _make_phrase(doc, sent, i, reading, lex)
        i = phrase.end
        if not _not_a_count(doc, sent, phrase, lex):
            found.append(phrase)
    return found


def _make_phrase(doc, sent: Span, i: int, reading: _Reading, lex: QuantityLexicon) -> NumberPhrase:
    lo: float | None = reading.value
    hi: float | None = None if reading.vague else reading.value
    approximate = reading.vague
    start, end = i, reading.end
    before = doc[i - 1].lower_ if i > sent.start else ""
    second = _range_end(doc, sent, reading.end, before, lex)
    if second is not None:
        hi, end = second.value, second.end
        approximate = approximate or second.vague
        if before in ("between", "from"):
            start = i - 1
    lead, currency = _currency_before(doc, sent, i, lex)
    if second is None:
        bound, mod_start = _modifier_before(doc, lead, sent.start, lex)
        if bound == "max" and _after_rise(doc, sent, mod_start, lex):
            bound, mod_start = None, lead     # "the toll has gone up to 231" is 231
        if bound == "min":
            hi = None
        elif bound == "max":
            lo, hi = None, reading.value
        elif bound == "approx":
            approximate = True
        start = mod_start
    else:
        start = min(start, lead)
    if currency is None:
        currency, end = _currency_after(doc, sent, end, lex)
    head = _group_head(doc, start, end)
    return NumberPhrase(start, end, i, reading.end, lo, hi, approximate, head, currency)


def _after_rise(doc, sent: Span, start: int, lex: QuantityLexicon) -> bool:
    return start > sent.start and doc[start - 1].lemma_.lower() in lex.kind("rise_verb")


def _currency_before(doc, sent: Span, i: int, lex: QuantityLexicon) -> tuple[int, str | None]:
    """A currency symbol or code right before the number ("$5", "US $5", "Rs 5")."""
    if i > sent.start:
        iso = lex.currency_before.get(doc[i - 1].lower_)
        if iso:
            if iso == "USD" and i - 1 > sent.start and doc[i - 2].lower_ in ("us", "u.s."):
                return i - 2, iso
            return i - 1, iso
    return i, None


def _currency_after(doc, sent: Span, j: int, lex: QuantityLexicon) -> tuple[str | None, int]:
    """A currency word right after the number ("5 euros", "1.5bn roubles", "5 Swiss francs")."""
    for n in range(min(lex.currency_after_len, sent.end - j), 0, -1):
        key = tuple(t.lower_ for t in doc[j:j + n])
        iso = lex.currency_after.get(key)
        if iso:
            return iso, j + n
    return None, j


def _range_end(doc, sent: Span, j: int, before: str, lex: QuantityLexicon) -> _Reading | None:
    """Second number of "between X and Y", "from X to Y", "X to Y", "X-Y"."""
    if j + 1 >= sent.end or doc[j].lower_ not in _RANGE_JOINERS:
        return None
    joiner = doc[j].lower_
    if joiner == "and" and before != "between":
        return None
    if not _starts_number(doc[j + 1], lex):
        return None
    second = _read_number(doc, j + 1, sent.end, lex)
    return second
