"""The nlp stage: spaCy parsing of documents.

The model is a setting (`TACITUS_MODEL`, `--model`), so users can plug in
`en_core_web_md` or `en_core_web_trf` where they have them installed.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import compile_infix_regex

from tacitus.config import DEFAULT_MODEL
from tacitus.errors import TacitusError
from tacitus.nlp.attribute_ruler import index_attribute_ruler

__all__ = ["DEFAULT_MODEL", "doc_text", "load_model", "mark_paragraph_starts", "once_per_doc",
           "parse", "prepare_text"]

# A newline that is not part of a paragraph break: news text scraped from PDFs or
# e-mail often wraps mid-sentence, which would otherwise split the sentence.
_STRAY_BREAK = re.compile(r"(?<![\n\r])[ \t]*\r?\n(?![ \t]*\r?\n)")


# UTF-8 punctuation that was read as Windows-1252 somewhere upstream ("â€™" for "’",
# "â€œ" for "“"): scraped news is full of it, and glued to a word it hides the word from
# the parser ("bjpâ€™s", "â€œtwo"). Each sequence becomes its character, padded with
# spaces to the same length (offsets stay valid). A garbled no-break space ("Â\xa0", or
# "Â " once the no-break space was flattened) is what scraped pages put between the
# items of a list of headlines ("related storiesÂ govt clamps down ...Â temporary jails
# ..."): a paragraph break between them.
_MOJIBAKE = {"â€™": "'", "â€˜": "'", "â€œ": '"', "â€\x9d": '"', "â€\ufffd": '"',
             "â€”": "-", "â€“": "-", "â€¢": "•", "â€š": ",", "â€¦": "...",
             "â€ \ufffd": '"', "â€ ": '" ', "Â\xa0": "\n\n", "Â ": "\n\n"}
_MOJIBAKE_RE = re.compile("|".join(re.escape(k) for k in sorted(_MOJIBAKE, key=len, reverse=True)))


def _unmangled(match: re.Match) -> str:
    found, fixed = match.group(0), _MOJIBAKE[match.group(0)]
    if fixed == "-" or fixed == "\n\n":
        return fixed.center(len(found))         # a dash between words: " - "
    return fixed.rjust(len(found))              # quotes cling to the word after them


def prepare_text(text: str) -> str:
    """Text for the parser, same length as the input so offsets stay valid.

    Single line breaks become spaces; paragraph breaks (blank lines) stay; punctuation
    garbled by a wrong encoding ("â€™") is repaired.
    """
    if "â€" in text or "Â" in text:
        text = _MOJIBAKE_RE.sub(_unmangled, text)
    return _STRAY_BREAK.sub(lambda m: " " * len(m.group(0)), text)


# A run of text with no sentence end (a scraped table, a page of words with no full stop)
# is cut into pieces of at most this many tokens. The coder's work per event grows with
# the length of its sentence, so an unbounded sentence makes coding quadratic; real news
# sentences are far shorter, so ordinary text is never cut.
MAX_SENTENCE_TOKENS = 250
_SENTENCE_ENDS = frozenset({".", "!", "?"})


@Language.component("tacitus_paragraphs")
def mark_paragraph_starts(doc: Doc) -> Doc:
    """A paragraph break always starts a sentence: headlines and datelines have no final
    full stop, and the parser would otherwise glue them to the next sentence. A stretch
    of MAX_SENTENCE_TOKENS tokens with no sentence end is cut (after its last comma,
    semicolon or colon when it has one)."""
    since_end, last_pause, in_paragraph = 0, None, 0
    for token in doc[:-1]:
        since_end += 1
        in_paragraph += 1
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
            since_end, last_pause, in_paragraph = 0, None, 0
        elif _colon_dateline(token, in_paragraph):
            doc[token.i + 1].is_sent_start = True
            since_end, last_pause = 0, None
        elif token.text in _SENTENCE_ENDS:
            since_end, last_pause = 0, None
        elif token.text in (",", ";", ":"):
            last_pause = token.i
        if since_end >= MAX_SENTENCE_TOKENS:
            cut = last_pause + 1 if last_pause is not None else token.i + 1
            doc[cut].is_sent_start = True
            since_end, last_pause = token.i + 1 - cut, None
    return doc


# "NEW DELHI: Police arrested ...", "kolkata : one person died ...": South Asian and
# many other papers open a story with the place and a colon instead of a dash. The
# parser glues that dateline (and a web page's banner before it) to the first sentence;
# the sentence starts after the colon. Only near the start of a paragraph, after a
# word that is no verb, adjective or pronoun (never "he said:", "the aim was clear:").
_DATELINE_REACH = 16


def _colon_dateline(token, in_paragraph: int) -> bool:
    if token.text != ":" or in_paragraph > _DATELINE_REACH or token.i == 0:
        return False
    before, after = token.nbor(-1), token.nbor(1)
    # Fine tags only (the coarse ones come after the parser); lower-case place names are
    # often tagged as adverbs, so a verb, adjective or pronoun is what rules one out.
    if not (before.is_alpha and not before.is_stop and (after.is_alpha or after.is_digit
                                                          or after.is_quote)) \
            or before.tag_.startswith(("VB", "JJ", "PRP", "MD", "WP", "WRB")):
        return False
    # What precedes the place: nothing, punctuation, a year ("... 2002 mumbai :"), or
    # another word of the name ("new delhi:"); not an article or a count ("three towns:").
    if in_paragraph <= 2 or before.i == 0:
        return True
    word = before.nbor(-1)
    if word.is_punct or word.is_space or (word.is_digit and len(word.text) == 4):
        return True
    return word.is_alpha and not word.is_stop and word.tag_ not in ("DT", "IN", "CD")


_ENTS_KEY = "tacitus.ents"


def span_ents(span: Span) -> list[Span]:
    """The named entities inside `span`, like `span.ents`, in time proportional to the
    answer. spaCy's `Span.ents` rebuilds every entity of the whole Doc on each call, so
    asking once per sentence made coding quadratic in the chunk length (a 100k-character
    line spent most of its time there). The Doc's entities are listed once and kept in
    `doc.user_data` as plain numbers (no Span objects there: they would point back at the
    Doc and keep it alive in a reference cycle); the coder never changes entities after
    parsing."""
    doc = span.doc
    starts, bounds = once_per_doc(doc, _ENTS_KEY, lambda: _entity_bounds(doc))
    found = []
    for start, end, label, kb_id in bounds[bisect_left(starts, span.start):]:
        if end > span.end:
            break
        found.append(Span(doc, start, end, label=label, kb_id=kb_id))
    return found


def _entity_bounds(doc: Doc) -> tuple[list[int], list[tuple]]:
    bounds = [(e.start, e.end, e.label, e.kb_id) for e in doc.ents]
    return [b[0] for b in bounds], bounds


def once_per_doc(doc: Doc, key, make):
    """`make()`, computed once per Doc and kept in `doc.user_data` under `key`. What is
    kept must be plain data (numbers, strings): a Span or Token would point back at the
    Doc and keep it alive in a reference cycle."""
    value = doc.user_data.get(key)
    if value is None:
        value = doc.user_data[key] = make()
    return value


_TEXT_KEY = "tacitus.text"


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once per Doc: spaCy joins every token's text on each call, and
    the coder asks for it several times per document (the builder, the actor stage,
    the hybrid's whole-text reading)."""
    return once_per_doc(doc, _TEXT_KEY, lambda: doc.text)


@lru_cache(maxsize=4)
def load_model(name: str = DEFAULT_MODEL) -> Language:
    """Load a spaCy pipeline by package name or path (cached per process)."""
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise TacitusError("E001", model=name) from exc
    if "parser" in nlp.pipe_names and "tacitus_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("tacitus_paragraphs", before="parser")
    split_glued_sentences(nlp)
    index_attribute_ruler(nlp)
    return nlp


# Scraped news often loses the space after a full stop ("reached ayodhya.according to
# the police"). spaCy splits such a join only before a capital letter, and reads a
# lower-case "word.word" as a web address, so in lower-cased or carelessly scraped text
# two sentences become one token and one sentence. A lower-case join whose second half is
# no web domain ending is split at the full stop; abbreviations ("e.g.", "u.s.") have
# one-letter parts and stay whole.
_GLUED = re.compile(r"[a-z]{2,}\.(?P<tail>[a-z]{2,})")
_GLUED_INFIX = r"(?<=[a-z]{2})\.(?=[a-z]{2,}\b)"
_WEB_ENDINGS = frozenset({
    "com", "org", "net", "gov", "edu", "int", "mil", "info", "biz", "name", "co", "ac",
    "uk", "in", "de", "fr", "ru", "cn", "jp", "au", "ca", "io", "us", "eu", "pk", "bd",
    "lk", "np", "za", "ng", "ke", "br", "mx", "es", "it", "nl", "ch", "se", "no", "tv",
    "htm", "html", "php", "asp", "aspx", "jsp", "cgi", "pdf", "jpg", "png", "gif", "xml"})


class _NotGluedUrl:
    """spaCy's web-address matcher, minus lower-case "word.word" joins (picklable, for
    multi-process parsing)."""

    def __init__(self, url_match):
        self.url_match = url_match

    def __call__(self, text: str):
        glued = _GLUED.fullmatch(text)
        if glued is not None and glued.group("tail") not in _WEB_ENDINGS:
            return None
        return self.url_match(text) if self.url_match is not None else None


def split_glued_sentences(nlp: Language) -> None:
    """Teach the tokenizer to split "word.word" joins (see _GLUED); idempotent."""
    tokenizer = nlp.tokenizer
    if isinstance(tokenizer.url_match, _NotGluedUrl):
        return
    infixes = list(nlp.Defaults.infixes or ()) + [_GLUED_INFIX]
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    tokenizer.url_match = _NotGluedUrl(tokenizer.url_match)
