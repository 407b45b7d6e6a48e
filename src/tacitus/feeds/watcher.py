"""Poll feeds, code the new items, store them; remember what was seen.

One round = every feed once. Per item: fetch the article page (when allowed), fall
back to the feed's own text, code, `Store.add` (idempotent), then mark the item seen.
Marking comes after storing, so a crash in between only means the item is coded
again next round and `Store.add` drops it as a duplicate.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from tacitus.errors import TacitusError, message
from tacitus.feeds.http import (
    FetchError,
    HostPacer,
    Response,
    RobotsCache,
    check_public,
    fetch,
)
from tacitus.feeds.items import (
    FeedItem,
    extract_article,
    host_of,
    make_document,
    to_item,
    without_headline,
)
from tacitus.feeds.sources import FeedSpec, read_feed_list
from tacitus.feeds.state import FeedState, store_engine

Report = Callable[[str, bool], None]   # (message, fatal) → one line for the user


@dataclass
class RoundSummary:
    round: int = 1
    feeds_ok: int = 0
    feeds_failed: int = 0
    new_items: int = 0
    from_summary: int = 0   # items coded from the feed's own text instead of the page
    events: int = 0
    problems: int = 0
    interrupted: bool = False

    def line(self) -> str:
        text = (f"round {self.round}: {self.feeds_ok} feeds ok, {self.feeds_failed} failed; "
                f"{self.new_items} new items ({self.from_summary} from feed text), "
                f"{self.events} events")
        if self.problems:
            text += f"; {self.problems} problems"
        return text + (" (interrupted)" if self.interrupted else "")


def _print_report(text: str, fatal: bool) -> None:
    import sys

    print(text, file=sys.stderr)


class FeedWatcher:
    """Polls feeds into a `tacitus.store.Store`. Reuse one instance across rounds."""

    def __init__(self, store, pipeline=None, *, fetch_pages: bool = True,
                 max_items: int | None = None, timeout: float = 20.0,
                 report: Report | None = None, allow_private: bool = False,
                 pacer: HostPacer | None = None):
        self.store = store
        self._pipeline = pipeline
        self.fetch_pages = fetch_pages
        self.max_items = max_items
        self.timeout = timeout
        self.report = report or _print_report
        self.state = FeedState(store_engine(store))
        self.robots = RobotsCache(timeout)
        # article pages on loopback/private/link-local addresses only when the user says so
        self.allow_private = allow_private
        self.pacer = pacer or HostPacer()
        self._stop = threading.Event()

    # -- stopping ----------------------------------------------------------------------

    def stop(self) -> None:
        """Ask the watcher to stop after the item it is working on."""
        self._stop.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def wait(self, seconds: float) -> bool:
        """Sleep until the next round; True when a stop was requested meanwhile."""
        return self._stop.wait(seconds)

    # -- one round -----------------------------------------------------------------------

    @property
    def pipeline(self):
        # Loaded on the first new item: a round with nothing new never loads spaCy.
        if self._pipeline is None:
            from tacitus.pipeline import Pipeline

            self._pipeline = Pipeline()
        return self._pipeline

    def poll(self, feeds: Iterable[FeedSpec], round_number: int = 1) -> RoundSummary:
        summary = RoundSummary(round=round_number)
        for feed in feeds:
            if self.stopping:
                summary.interrupted = True
                break
            self._poll_guarded(feed, summary)
        return summary

    def _problem(self, summary: RoundSummary, text: str, fatal: bool = False) -> None:
        summary.problems += 1
        self.report(text, fatal)

    def _poll_guarded(self, feed: FeedSpec, summary: RoundSummary) -> None:
        # A bug tickled by one odd feed must not stop the others; database errors must.
        try:
            ok = self.poll_feed(feed, summary)
        except TacitusError:
            raise
        except Exception as exc:  # noqa: BLE001 - reported, and the round goes on
            reason = f"{type(exc).__name__}: {exc}"
            self._problem(summary, message("E070", feed=feed.label, reason=reason), True)
            ok = False
        if ok:
            summary.feeds_ok += 1
        else:
            summary.feeds_failed += 1

    def poll_feed(self, feed: FeedSpec, summary: RoundSummary) -> bool:
        """Poll one feed; False when it could not be read at all."""
        etag, modified = self.state.validators(feed.url)
        try:
            reply = fetch(feed.url, self.timeout, _conditional(etag, modified))
        except FetchError as exc:
            self._problem(summary, message("E070", feed=feed.label, reason=str(exc)), True)
            self.state.record_poll(feed.url, error=str(exc))
            return False
        if reply.not_modified:
            self.state.record_poll(feed.url, etag=reply.headers.get("etag", etag),
                                   last_modified=reply.headers.get("last-modified", modified))
            return True
        parsed = _parse(reply)
        if parsed.bozo and not (parsed.entries and _harmless(parsed)):
            reason = _bozo_reason(parsed)
            if not parsed.entries:
                self._problem(summary, message("E071", feed=feed.label, reason=reason), True)
                self.state.record_poll(feed.url, error=reason)
                return False
            self._problem(summary, message("E072", feed=feed.label, reason=reason,
                                           count=len(parsed.entries)))
        title = (parsed.feed.get("title") or "").strip() or None
        complete = self._new_items(feed, parsed.entries, feed.name or title or host_of(feed.url),
                                   summary)
        # Validators are kept only when every item was handled: otherwise a 304 next
        # round would hide the items left for later (--max-items, failures, Ctrl-C).
        self.state.record_poll(feed.url, title=title,
                               etag=reply.headers.get("etag") if complete else None,
                               last_modified=reply.headers.get("last-modified") if complete else None)
        return True

    def _new_items(self, feed: FeedSpec, entries: list, source: str,
                   summary: RoundSummary) -> bool:
        """Code and store unseen entries; True when none was left for a later round."""
        seen = self.state.seen(feed.url)
        fresh: dict[str, FeedItem] = {}
        for entry in entries:
            item = to_item(entry)
            if item is not None and item.key not in seen:
                fresh.setdefault(item.key, item)
        todo = list(fresh.values())
        complete = True
        if self.max_items is not None and len(todo) > self.max_items:
            todo, complete = todo[:self.max_items], False
        for item in todo:
            if self.stopping:
                summary.interrupted = True
                return False
            complete &= self._take(feed, item, source, summary)
        return complete

    # -- one item ------------------------------------------------------------------------

    def _take(self, feed: FeedSpec, item: FeedItem, source: str, summary: RoundSummary) -> bool:
        """Code and store one item; False when it has no text (it is retried next round)."""
        if self.store.has_document(item.doc_id):
            # already stored from another feed (or before the state was lost): no refetch
            self.state.mark_seen(feed.url, item.key, item.doc_id, item.link)
            return True
        text, reason = self._page_text(item) if self.fetch_pages else ("", None)
        from_feed = not text
        if from_feed:
            text = item.summary
            if not text:
                self._problem(summary, message("E074", feed=feed.label, item=item.label), True)
                return False
            if reason:
                self._problem(summary, message("E073", feed=feed.label, item=item.label,
                                               reason=reason))
        document = make_document(item, text, source, feed.url)
        events = self._code(document, summary)
        if events is None:
            return False   # as in `tacitus ingest`: not stored, so a later round retries it
        if self.store.add(document, events):
            summary.new_items += 1
            summary.from_summary += from_feed
            summary.events += len(events)
        self.state.mark_seen(feed.url, item.key, document.doc_id, item.link)
        return True

    def _page_text(self, item: FeedItem) -> tuple[str, str | None]:
        """(article text, None) or ('', why the page was not used)."""
        if not item.link:
            return "", None
        try:
            if not self.allow_private:
                check_public(item.link)  # before robots.txt: no request at all goes there
            if not self.robots.allowed(item.link):
                return "", "disallowed by robots.txt"
            self.pacer.wait(item.link, self.robots.crawl_delay(item.link))
            reply = fetch(item.link, self.timeout, public_only=not self.allow_private)
        except FetchError as exc:
            return "", str(exc)
        kind = reply.headers.get("content-type", "")
        if kind and "html" not in kind and "xml" not in kind:
            return "", f"not an HTML page ({kind.split(';')[0]})"
        try:
            text = extract_article(reply.body, reply.url)
        except Exception as exc:  # noqa: BLE001 - a page trafilatura chokes on is one item's problem
            return "", f"text extraction failed: {type(exc).__name__}"
        text = without_headline(text, item.title)
        return (text, None) if text else ("", "no article text found in the page")

    def _code(self, document, summary: RoundSummary) -> list | None:
        """The document's events, or None when the coder failed on it (E050, reported)."""
        outcome = next(self.pipeline.code([document]))
        if outcome.failure:
            self._problem(summary, outcome.failure, True)
            return None
        return outcome.events


def _conditional(etag: str | None, modified: str | None) -> dict[str, str]:
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    return headers


def _parse(reply: Response):
    import feedparser  # imported on first poll: the rest of tacitus never needs it

    # content-location lets feedparser resolve relative links against the feed's URL
    headers = {"content-location": reply.url}
    if "content-type" in reply.headers:
        headers["content-type"] = reply.headers["content-type"]
    return feedparser.parse(reply.body, response_headers=headers)


def _harmless(parsed) -> bool:
    """Bozo flags that say nothing about the items: a wrong declared charset or MIME type."""
    import feedparser

    harmless = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
    return isinstance(parsed.get("bozo_exception"), harmless)


def _bozo_reason(parsed) -> str:
    exc = parsed.get("bozo_exception")
    if exc is None:
        return "not a feed"
    if hasattr(exc, "getLineNumber"):   # XML errors: say where, without '<unknown>:'
        return f"line {exc.getLineNumber()}, column {exc.getColumnNumber()}: {exc.getMessage()}"
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def watch(feeds_file: Path, watcher: FeedWatcher, every: float, *, once: bool = False,
          on_round: Callable[[RoundSummary], None] | None = None) -> list[RoundSummary]:
    """Poll every `every` seconds until stopped (or one round with `once`).

    feeds_file is re-read each round, so edits take effect without a restart.
    """
    rounds: list[RoundSummary] = []
    last_problems: list[str] = []
    while True:
        feeds, problems = read_feed_list(feeds_file)
        fresh = problems if problems != last_problems else []   # say it once, not every round
        last_problems = problems
        for text in fresh:
            watcher.report(text, not feeds)
        summary = watcher.poll(feeds, len(rounds) + 1)
        summary.problems += len(fresh)
        rounds.append(summary)
        if on_round:
            on_round(summary)
        if once or watcher.stopping or watcher.wait(every):
            return rounds
