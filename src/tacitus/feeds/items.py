"""Feed entries → Documents: stable ids, dates, and the text to code."""

from __future__ import annotations

import calendar
import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit

from tacitus.records import Document

# Block-level tags end a paragraph when a summary is flattened to text.
_BLOCKS = frozenset({"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
                     "blockquote", "tr", "table", "section", "article", "pre"})
_SKIP = frozenset({"script", "style"})


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag in _SKIP:
            self._skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag) -> None:
        if tag in _SKIP and self._skipping:
            self._skipping -= 1
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """Plain text of a feed summary (HTML or not): paragraphs kept, spaces tidied."""
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    paragraphs = (" ".join(p.split()) for p in "".join(collector.parts).split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


@dataclass(frozen=True)
class FeedItem:
    """What the watcher needs from one feed entry."""

    key: str                 # stable: hash of guid/id, else link, else title+date
    link: str | None
    title: str | None
    published: date | None
    summary: str             # plain text of the entry's content or summary ("" if none)

    @property
    def doc_id(self) -> str:
        return "feed-" + self.key[:16]

    @property
    def label(self) -> str:
        return self.link or self.title or self.key[:16]


def _hash(value: str) -> str:
    return hashlib.sha1(value.encode("utf-8", "surrogatepass")).hexdigest()


def entry_date(entry) -> date | None:
    """Publication date (UTC) from published, else updated, else created."""
    for field in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(field)
        if parsed:
            try:
                return datetime.fromtimestamp(calendar.timegm(parsed), UTC).date()
            except (OverflowError, ValueError, TypeError):
                continue
    return None


def entry_text(entry) -> str:
    """The fullest text the feed itself carries: content:encoded / atom content, else summary."""
    candidates = [c.get("value", "") for c in entry.get("content") or []]
    candidates.append(entry.get("summary") or "")
    texts = [html_to_text(c) for c in candidates if c]
    return max(texts, key=len, default="")


def entry_key(entry) -> str | None:
    """Identity of an entry across polls: guid/id is meant for this; the link is next best."""
    ident = (entry.get("id") or entry.get("guid") or "").strip()
    if ident:
        return _hash("id:" + ident)
    link = (entry.get("link") or "").strip()
    if link:
        return _hash("link:" + link)
    title = (entry.get("title") or "").strip()
    if title:
        return _hash(f"title:{title}|{entry.get('published') or entry.get('updated') or ''}")
    return None


def to_item(entry) -> FeedItem | None:
    key = entry_key(entry)
    if key is None:
        return None
    link = (entry.get("link") or "").strip()
    return FeedItem(
        key=key,
        # feedparser offers a non-URL guid (urn:uuid:...) as the link when there is none
        link=link if link.startswith(("http://", "https://")) else None,
        title=html_to_text(entry.get("title") or "") or None,
        published=entry_date(entry),
        summary=entry_text(entry),
    )


def host_of(url: str) -> str:
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def make_document(item: FeedItem, text: str, source: str, feed_url: str) -> Document:
    return Document(
        doc_id=item.doc_id,
        text=text,
        published=item.published,
        url=item.link,
        title=item.title,
        source=source,
        origin=f"{feed_url} {item.label}",
    )


def extract_article(html: bytes, url: str) -> str:
    """Main text of an article page with trafilatura ('' when it finds none)."""
    import trafilatura  # slow import; only needed when pages are fetched

    text = trafilatura.extract(html, url=url, include_comments=False, include_tables=False,
                               favor_precision=True)
    return (text or "").strip()


def without_headline(text: str, title: str | None) -> str:
    """Drop a first line that repeats the item title: the headline would be coded twice."""
    first, _, rest = text.partition("\n")
    if title and rest.strip() and " ".join(first.split()).casefold() == " ".join(title.split()).casefold():
        return rest.lstrip()
    return text
