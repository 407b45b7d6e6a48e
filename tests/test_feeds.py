"""`tacitus watch`: feeds polled from a local HTTP server, coded once, failures reported."""

from __future__ import annotations

import socket
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tacitus.cli.main import app
from tacitus.errors import TacitusError
from tacitus.feeds import FeedSpec, FeedWatcher, parse_interval, read_feed_list, watch
from tacitus.feeds.http import HostPacer
from tacitus.feeds.items import entry_key, html_to_text
from tacitus.store import Store

FIXTURES = Path(__file__).parent / "data" / "feeds"
RSS_ETAG = '"world-v1"'
ATOM_MODIFIED = formatdate(1772784000, usegmt=True)   # 2026-03-06 08:00 GMT

runner = CliRunner()


class FixtureHandler(BaseHTTPRequestHandler):
    """Serves tests/data/feeds with {{BASE}} filled in; honours ETag / Last-Modified."""

    def log_message(self, *args) -> None:   # keep test output quiet
        pass

    def do_GET(self) -> None:
        server = self.server
        server.requests.append((self.path, dict(self.headers)))
        if self.path == "/slow.xml":
            time.sleep(2)
            return self._send(200, b"<rss/>", "application/rss+xml")
        if self.path == "/error500.xml":
            return self._send(500, b"internal error", "text/plain")
        if self.path.split("?")[0] == "/world.rss":
            if self.headers.get("If-None-Match") == RSS_ETAG:
                return self._send(304, b"", None)
            kind = "text/html" if "as=html" in self.path else "application/rss+xml"
            return self._file("world.rss", kind, {"ETag": RSS_ETAG})
        if self.path == "/region.atom":
            if self.headers.get("If-Modified-Since") == ATOM_MODIFIED:
                return self._send(304, b"", None)
            return self._file("region.atom", "application/atom+xml",
                              {"Last-Modified": ATOM_MODIFIED})
        path = FIXTURES / self.path.lstrip("/")
        if ".." in self.path or not path.is_file():
            return self._send(404, b"not found", "text/plain")
        kind = "text/html; charset=utf-8" if path.suffix == ".html" else "text/plain"
        if path.suffix == ".xml":
            kind = "application/xml"
        return self._file(self.path.lstrip("/"), kind, {})

    def _file(self, name: str, kind: str, headers: dict) -> None:
        body = (FIXTURES / name).read_bytes().replace(b"{{BASE}}", self.server.base.encode())
        self._send(200, body, kind, headers)

    def _send(self, status: int, body: bytes, kind: str | None, headers: dict | None = None) -> None:
        self.send_response(status)
        if kind:
            self.send_header("Content-Type", kind)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture()
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FixtureHandler)
    httpd.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.requests = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]   # nothing listens once the socket is closed


@pytest.fixture()
def feeds_file(server, tmp_path) -> Path:
    base = server.base
    path = tmp_path / "feeds.txt"
    path.write_text(
        "# test feeds\n"
        f"{base}/world.rss\n"
        f"Harbour Line\t{base}/region.atom\n"
        f"{base}/partial.xml\n"
        f"{base}/broken.xml\n"
        f"{base}/error500.xml\n"
        f"http://127.0.0.1:{closed_port()}/feed.xml\n"
        "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def pipeline(nlp):
    from tacitus.pipeline import Pipeline

    return Pipeline()


def run_once(feeds_file: Path, db: str, pipeline, **options):
    store = Store(db)
    lines: list[str] = []
    options = {"allow_private": True, "pacer": HostPacer(0), **options}  # the fixture server is local
    watcher = FeedWatcher(store, pipeline, timeout=5, report=lambda text, fatal: lines.append(text),
                          **options)
    [summary] = watch(feeds_file, watcher, 60, once=True)
    return store, summary, lines


def stored_documents(store: Store) -> dict[str, dict]:
    return {d["doc_id"]: store.document(d["doc_id"]) for d in store.documents(limit=1000)}


def by_title(docs: dict[str, dict], title: str) -> dict:
    [doc] = [d for d in docs.values() if d.get("title") == title]
    return doc


def test_first_round_codes_every_readable_item_and_reports_each_failure(feeds_file, tmp_path, pipeline):
    store, summary, lines = run_once(feeds_file, f"sqlite:///{tmp_path}/w.db", pipeline)

    # world.rss 4 + region.atom 2 + partial.xml 2; broken, 500 and refused feeds fail
    assert (summary.feeds_ok, summary.feeds_failed, summary.new_items) == (3, 3, 8), lines
    docs = stored_documents(store)
    assert len(docs) == 8
    assert summary.events == store.stats()["events"] > 0
    text = "\n".join(lines)
    assert "E070" in text and "error500.xml" in text and "HTTP 500" in text
    assert "E070" in text and "/feed.xml" in text                # connection refused
    assert "E071" in text and "broken.xml" in text                # not a feed at all
    assert "E072" in text and "partial.xml" in text               # malformed but readable
    assert sum("E073" in line for line in lines) == 2, lines      # robots + 404, nothing else


def test_fetched_page_text_is_coded_with_feed_metadata(feeds_file, tmp_path, pipeline):
    store, _, _ = run_once(feeds_file, f"sqlite:///{tmp_path}/w.db", pipeline)
    doc = by_title(stored_documents(store), "Police arrest dozens at Nairobi fuel price march")

    assert "arrested 42 protesters" in doc["text"]                 # from the page, not the feed
    assert "Subscribe" not in doc["text"] and "Sport" not in doc["text"]   # boilerplate dropped
    assert str(doc["published"]).startswith("2026-03-03")
    assert doc["source"] == "Tidewater World Desk"
    assert doc["url"].endswith("/news/nairobi-march.html")
    events = store.events(doc_id=doc["doc_id"])
    assert any(e.event_type in ("COERCE", "ASSAULT") for e in events)
    assert all(doc["text"][e.evidence.start:e.evidence.end] == e.evidence.sentence for e in events)


def test_robots_disallowed_page_is_never_fetched_and_the_summary_is_used(
        feeds_file, tmp_path, server, pipeline):
    store, _, lines = run_once(feeds_file, f"sqlite:///{tmp_path}/w.db", pipeline)
    doc = by_title(stored_documents(store), "Chile and Peru sign copper trade deal")

    assert doc["text"] == ("Chile and Peru signed a trade agreement on Monday that lowers "
                           "tariffs on copper and fresh fruit.")
    assert not any(path.startswith("/private/") for path, _ in server.requests)
    assert any("robots.txt" in line and "andes-trade" in line for line in lines)
    robots_requests = [h for path, h in server.requests if path == "/robots.txt"]
    assert len(robots_requests) == 1 and robots_requests[0]["User-Agent"].startswith("tacitus/0.1")


def test_page_that_fails_falls_back_to_the_feed_text(feeds_file, tmp_path, pipeline):
    store, _, lines = run_once(feeds_file, f"sqlite:///{tmp_path}/w.db", pipeline)
    docs = stored_documents(store)

    quito = by_title(docs, "Highway blockade in Quito")
    assert quito["text"].startswith("Hundreds of truck drivers protested in Quito")
    assert any("quito-blockade" in line and "HTTP 404" in line for line in lines)
    # no link at all: the Atom content is the text, and that is no problem worth a line
    ghana = by_title(docs, "Japan pledges aid to Ghana")
    assert ghana["text"].startswith("Japan pledged $30 million in aid to Ghana")
    assert ghana["source"] == "Harbour Line"                      # the name from feeds.txt
    assert not any("Ghana" in line for line in lines)


def test_relative_atom_links_resolve_against_the_feed(feeds_file, tmp_path, pipeline):
    store, _, _ = run_once(feeds_file, f"sqlite:///{tmp_path}/w.db", pipeline)
    doc = by_title(stored_documents(store), "Vietnam and the Philippines hold maritime talks")

    assert doc["url"].startswith("http://127.0.0.1:") and "hotline" in doc["text"]


def test_second_round_adds_nothing_and_uses_conditional_requests(feeds_file, tmp_path, server, pipeline):
    db = f"sqlite:///{tmp_path}/w.db"
    first_store, _, _ = run_once(feeds_file, db, pipeline)
    before = first_store.stats()
    server.requests.clear()

    store, summary, _ = run_once(feeds_file, db, pipeline)

    assert (summary.new_items, summary.events) == (0, 0)
    after = store.stats()
    assert (after["documents"], after["events"]) == (before["documents"], before["events"])
    sent = dict(server.requests)
    assert sent["/world.rss"].get("If-None-Match") == RSS_ETAG
    assert sent["/region.atom"].get("If-Modified-Since") == ATOM_MODIFIED
    assert not any(path.startswith("/news/") for path, _ in server.requests)   # no page refetched


def test_cli_once_twice_stores_items_once(feeds_file, tmp_path):
    db = f"sqlite:///{tmp_path}/cli.db"
    first = runner.invoke(app, ["watch", str(feeds_file), "--once", "--db", db, "--timeout", "5",
                                "--allow-private"])
    second = runner.invoke(app, ["watch", str(feeds_file), "--once", "--db", db, "--allow-private"])

    assert first.exit_code == 0, first.output
    assert "round 1: 3 feeds ok, 3 failed; 8 new items" in first.stderr
    assert "E070" in first.stderr and "E071" in first.stderr and "Traceback" not in first.output
    assert second.exit_code == 0 and "0 new items" in second.stderr
    assert Store(db).stats()["documents"] == 8


def test_no_fetch_codes_feed_text_without_touching_pages(feeds_file, tmp_path, server, pipeline):
    store, summary, lines = run_once(feeds_file, f"sqlite:///{tmp_path}/w.db", pipeline,
                                     fetch_pages=False)

    assert summary.new_items == summary.from_summary == 8
    assert not any(p.startswith(("/news/", "/private/", "/robots")) for p, _ in server.requests)
    assert not any("E073" in line for line in lines)
    doc = by_title(stored_documents(store), "EU adds Belarusian officials to sanctions list")
    assert doc["text"] == "The European Union imposed sanctions on Belarus on Thursday."  # content:encoded


def test_max_items_leaves_the_rest_for_the_next_round(server, tmp_path, pipeline):
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"{server.base}/world.rss\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path}/w.db"

    _, first, _ = run_once(feeds, db, pipeline, fetch_pages=False, max_items=3)
    _, second, _ = run_once(feeds, db, pipeline, fetch_pages=False, max_items=3)
    _, third, _ = run_once(feeds, db, pipeline, fetch_pages=False, max_items=3)

    assert (first.new_items, second.new_items, third.new_items) == (3, 1, 0)


def test_all_feeds_down_exits_nonzero_for_cron(tmp_path):
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"http://127.0.0.1:{closed_port()}/a.xml\n", encoding="utf-8")
    result = runner.invoke(app, ["watch", str(feeds), "--once", "--db", f"sqlite:///{tmp_path}/x.db"])

    assert result.exit_code == 1 and "E070" in result.stderr and "0 feeds ok, 1 failed" in result.stderr


def test_stop_request_ends_the_round_between_items(feeds_file, tmp_path, pipeline):
    store = Store(f"sqlite:///{tmp_path}/w.db")
    watcher = FeedWatcher(store, pipeline, fetch_pages=False, report=lambda *a: None)
    original = watcher._take

    def take_then_stop(*args):
        done = original(*args)
        watcher.stop()            # as the Ctrl-C handler does
        return done

    watcher._take = take_then_stop
    [summary] = watch(feeds_file, watcher, 60)   # not --once: the stop ends the loop

    assert summary.interrupted and summary.new_items == 1
    assert store.stats()["documents"] == 1


# -- small parts ---------------------------------------------------------------------

@pytest.mark.parametrize("text, seconds", [("30s", 30), ("15m", 900), ("1h", 3600),
                                           ("2d", 172800), ("45", 45), ("1.5h", 5400)])
def test_interval_units(text, seconds):
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "15x", "m", "0s", "-5m", "1h30"])
def test_bad_interval_is_rejected(text):
    with pytest.raises(TacitusError) as info:
        parse_interval(text)
    assert info.value.code == "E077"


def test_cli_rejects_bad_interval(tmp_path):
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("https://example.org/feed\n", encoding="utf-8")
    result = runner.invoke(app, ["watch", str(feeds), "--every", "soon", "--once"])
    assert result.exit_code == 2 and "E077" in result.output + result.stderr


def test_feed_list_names_comments_duplicates_and_bad_lines(tmp_path):
    path = tmp_path / "feeds.txt"
    path.write_text("# comment\n\nhttps://a.example/rss\nNews A\thttps://b.example/atom\n"
                    "https://a.example/rss\nftp://c.example/feed\nnot a url\n", encoding="utf-8")
    feeds, problems = read_feed_list(path)

    assert feeds == [FeedSpec("https://a.example/rss"), FeedSpec("https://b.example/atom", "News A")]
    assert len(problems) == 2 and all("E075" in p for p in problems)
    assert "line 6" in problems[0] and "line 7" in problems[1]


def test_empty_feed_list_is_reported(tmp_path):
    path = tmp_path / "feeds.txt"
    path.write_text("# nothing yet\n", encoding="utf-8")
    assert read_feed_list(path) == ([], [f"E076: {path}: no feed URLs found"])


def test_summary_html_becomes_plain_paragraphs():
    html = "<p>First &amp; <b>bold</b>  point.</p><script>x()</script><p>Second<br/>line</p>"
    assert html_to_text(html) == "First & bold point.\n\nSecond\n\nline"


def test_item_identity_prefers_guid_over_a_changed_link():
    first = {"id": "abc-1", "link": "https://x.example/a?utm=1"}
    again = {"id": "abc-1", "link": "https://x.example/a"}
    other = {"link": "https://x.example/a"}
    assert entry_key(first) == entry_key(again) != entry_key(other)


def test_slow_feed_times_out_and_the_others_still_land(server, tmp_path, pipeline):
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"{server.base}/slow.xml\n{server.base}/partial.xml\n", encoding="utf-8")
    store = Store(f"sqlite:///{tmp_path}/w.db")
    lines: list[str] = []
    watcher = FeedWatcher(store, pipeline, timeout=0.5, report=lambda text, fatal: lines.append(text),
                          allow_private=True)

    [summary] = watch(feeds, watcher, 60, once=True)

    assert (summary.feeds_ok, summary.feeds_failed, summary.new_items) == (1, 1, 2)
    assert any("slow.xml" in line and "timed out" in line for line in lines)


def test_ctrl_c_while_waiting_for_the_next_round_exits_cleanly(tmp_path):
    import os
    import signal
    import subprocess
    import sys

    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"http://127.0.0.1:{closed_port()}/a.xml\n", encoding="utf-8")
    command = [sys.executable, "-m", "tacitus.cli.main", "watch", str(feeds), "--every", "1h",
               "--db", f"sqlite:///{tmp_path}/x.db"]
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "COLUMNS": "200"})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if "round 1:" in line or not line:
            break
    proc.send_signal(signal.SIGINT)
    _, rest = proc.communicate(timeout=20)

    assert proc.returncode == 130
    assert "stopping" in rest and "Traceback" not in rest


def test_item_the_coder_fails_on_is_reported_and_retried(server, tmp_path, pipeline, monkeypatch):
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"{server.base}/partial.xml\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path}/w.db"

    def broken(document, doc, offset=0):
        raise RuntimeError("boom")

    with monkeypatch.context() as patch:
        patch.setattr(pipeline.coder, "code", broken)
        store, failed, lines = run_once(feeds, db, pipeline)
    assert failed.new_items == 0 and store.stats()["documents"] == 0
    assert sum("E050" in line and "boom" in line for line in lines) == 2

    _, retried, _ = run_once(feeds, db, pipeline)
    assert retried.new_items == 2


def test_same_item_in_two_feeds_is_fetched_and_stored_once(server, tmp_path, pipeline):
    feeds = tmp_path / "feeds.txt"
    # the same feed under a second URL (a query string) shares every guid
    feeds.write_text(f"{server.base}/world.rss\n{server.base}/world.rss?copy=1\n", encoding="utf-8")
    server.requests.clear()
    store, summary, _ = run_once(feeds, f"sqlite:///{tmp_path}/w.db", pipeline)

    assert summary.new_items == 4 and store.stats()["documents"] == 4
    pages = [p for p, _ in server.requests if p.startswith("/news/")]
    assert sorted(pages) == sorted(set(pages))          # each page fetched once


def test_feed_served_with_a_wrong_content_type_is_read_without_complaint(server, tmp_path, pipeline):
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"{server.base}/world.rss?as=html\n", encoding="utf-8")
    _, summary, lines = run_once(feeds, f"sqlite:///{tmp_path}/w.db", pipeline, fetch_pages=False)

    assert summary.new_items == 4 and lines == []
