"""HTML markup inside text fields, masked out without moving a single character.

Feed items and JSONL exports often carry markup in their `text` (`<p>`, `<BR>`,
`<FONT face=...>`, `<A HREF=...>MSFT.O</A>`, `&amp;`). The parser must not see it (tag
attributes read as words, "not English" verdicts, sentences glued across `<p>`), yet
evidence offsets must keep indexing the text the user gave. So `mask_markup` returns a
string of the SAME LENGTH in which every tag (and the content of `<script>`/`<style>`
and comments) is blanked: block-level tags become a paragraph break padded with spaces,
inline tags spaces; a character reference becomes its character preceded by spaces.

Tags are found by the standard library's HTML tokenizer (`html.parser`, which tracks
source positions), and only names that lxml knows as HTML tags count, so "a <b> c" is
masked but "<Reuters>" or "x < y > z" in plain text are left alone.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser

_MAYBE_MARKUP = re.compile(r"</?[A-Za-z][A-Za-z0-9]*[\s/>]|<!--|&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z]+\d*);")
_SKIP_CONTENT = frozenset({"script", "style"})
PARAGRAPH_BREAK = "\n\n"


@lru_cache(maxsize=1)
def _tag_sets() -> tuple[frozenset[str], frozenset[str]]:
    from lxml.html import defs

    blocks = set(defs.block_tags) | {"br", "li", "tr", "td", "th", "dd", "dt", "hr",
                                     "table", "section", "article", "header", "footer"}
    return frozenset(defs.tags), frozenset(blocks)


def has_markup(text: str) -> bool:
    """Cheap test: could `text` hold HTML tags, comments or character references?"""
    return _MAYBE_MARKUP.search(text) is not None


def mask_markup(text: str) -> str:
    """`text` with markup blanked; same length, so offsets into it index `text` too."""
    if not has_markup(text):
        return text
    masker = _Masker(text)
    masker.feed(text)
    masker.close()
    return masker.result()


def strip_markup(text: str) -> str:
    """Plain text without markup, whitespace tidied (for titles and display)."""
    masked = mask_markup(text)
    paragraphs = (" ".join(p.split()) for p in re.split(r"\n\s*\n", masked))
    return PARAGRAPH_BREAK.join(p for p in paragraphs if p)


class _Masker(HTMLParser):
    """Records what to blank, by source position, while the tokenizer walks the text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self._text = text
        self._chars = list(text)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self._skipping: str | None = None
        self._skip_from = 0
        self._tags, self._blocks = _tag_sets()

    def result(self) -> str:
        return "".join(self._chars)

    # --- positions -----------------------------------------------------------------
    def _here(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def _blank(self, start: int, end: int, fill: str = "", right: bool = False) -> None:
        """Blank text[start:end]; `fill` is written at its start (at its end when
        `right`), never lengthening the text."""
        end = min(end, len(self._chars))
        fill = fill[: end - start]
        for i in range(start, end):
            ch = self._chars[i]
            # keep line breaks where they were so paragraphs survive
            self._chars[i] = ch if ch in "\r\n" else " "
        at = end - len(fill) if right else start
        for i, ch in enumerate(fill):
            self._chars[at + i] = ch

    def _tag_end(self, start: int) -> int:
        raw = self.get_starttag_text()
        if raw and self._text.startswith(raw, start):
            return start + len(raw)
        close = self._text.find(">", start)
        return close + 1 if close >= 0 else len(self._text)

    # --- tokenizer callbacks -----------------------------------------------------------
    def handle_starttag(self, tag, attrs) -> None:
        self._tag(tag, self._here(), opening=True)

    def handle_startendtag(self, tag, attrs) -> None:
        self._tag(tag, self._here(), opening=False)

    def handle_endtag(self, tag) -> None:
        start = self._here()
        close = self._text.find(">", start)
        end = close + 1 if close >= 0 else len(self._text)
        if self._skipping == tag:
            self._blank(self._skip_from, end)
            self._skipping = None
            return
        if tag in self._tags and self._skipping is None:
            self._blank(start, end, PARAGRAPH_BREAK if tag in self._blocks else "")

    def _tag(self, tag: str, start: int, opening: bool) -> None:
        if tag not in self._tags or self._skipping is not None:
            return
        end = self._tag_end(start)
        if opening and tag in _SKIP_CONTENT:
            self._skipping, self._skip_from = tag, start
            return
        self._blank(start, end, PARAGRAPH_BREAK if tag in self._blocks else "")

    def handle_comment(self, data) -> None:
        start = self._here()
        end = self._text.find("-->", start)
        self._blank(start, end + 3 if end >= 0 else len(self._text))

    def handle_entityref(self, name) -> None:
        self._reference(f"&{name}")

    def handle_charref(self, name) -> None:
        self._reference(f"&#{name}")

    def _reference(self, raw: str) -> None:
        import html

        start = self._here()
        end = start + len(raw)
        if self._text[end:end + 1] == ";":
            raw, end = raw + ";", end + 1
        char = html.unescape(raw)
        if char != raw and self._skipping is None:
            # right-aligned: "Lagos&#39;s" reads "Lagos    's", a possessive to the parser
            self._blank(start, end, char, right=True)
