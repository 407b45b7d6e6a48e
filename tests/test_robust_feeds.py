"""Feeds against hostile servers: a feed that drips bytes, item links into the local
network, and a site that asks for a crawl delay."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tacitus.feeds import FeedWatcher, watch
from tacitus.feeds.http import FetchError, HostPacer, RobotsCache, check_public, fetch
from tacitus.store import Store

ITEM_PAGE = ("<html><body><article><h1>Arrests</h1><p>Police arrested 40 protesters in "
             "Minsk on Sunday, the interior ministry said in a statement.</p></article>"
             "</body></html>")


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        if self.path == "/drip.xml":   # promises 10 kB, sends 4 bytes every 0.25 s
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", "10000")
            self.end_headers()
            try:
                for _ in range(400):
                    self.wfile.write(b"<rss")
                    self.wfile.flush()
                    time.sleep(0.25)
            except OSError:
                pass
            return
        if self.path == "/robots.txt":
            return self._send(b"User-agent: *\nCrawl-delay: 7\nDisallow: /private/\n", "text/plain")
        if self.path == "/feed.xml":
            base = self.server.base
            rss = (f"<rss version='2.0'><channel><title>t</title><item><title>Arrests</title>"
                   f"<link>{base}/news/1.html</link><guid>1</guid>"
                   f"<description>Police detained students in Minsk.</description></item>"
                   f"</channel></rss>").encode()
            return self._send(rss, "application/rss+xml")
        if self.path == "/news/1.html":
            return self._send(ITEM_PAGE.encode(), "text/html")
        self.send_response(404)
        self.end_headers()

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture()
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.requests = []
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def test_a_dripping_feed_is_cut_off_at_the_deadline(server):
    start = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        fetch(f"{server.base}/drip.xml", timeout=1.0)
    # the whole fetch, not each read: 4 bytes every 0.25 s would go on for 100 s
    assert time.monotonic() - start < 5


@pytest.mark.parametrize("url", ["http://127.0.0.1/", "http://localhost:8080/x",
                                 "http://10.1.2.3/", "http://192.168.0.1/", "http://169.254.169.254/latest",
                                 "http://[::1]/", "http://0.0.0.0/"])
def test_internal_addresses_are_refused(url):
    with pytest.raises(FetchError, match="non-public"):
        check_public(url)


def test_item_links_into_the_local_network_are_not_fetched_by_default(server, tmp_path, nlp):
    from tacitus.pipeline import Pipeline

    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"{server.base}/feed.xml\n")
    lines: list[str] = []
    store = Store(f"sqlite:///{tmp_path / 'w.db'}")
    watcher = FeedWatcher(store, Pipeline(), timeout=5, report=lambda t, f: lines.append(t))
    [summary] = watch(feeds, watcher, 60, once=True)
    assert "/news/1.html" not in server.requests and "/robots.txt" not in server.requests
    assert any("non-public" in line for line in lines)
    assert summary.new_items == 1          # coded from the feed's own summary instead
    doc = store.documents()[0]
    assert "interior ministry" not in store.document(doc["doc_id"])["text"]

    server.requests.clear()
    store2 = Store(f"sqlite:///{tmp_path / 'w2.db'}")
    watcher = FeedWatcher(store2, Pipeline(), timeout=5, report=lambda t, f: lines.append(t),
                          allow_private=True, pacer=HostPacer(0))
    watch(feeds, watcher, 60, once=True)
    assert "/news/1.html" in server.requests
    doc = store2.documents()[0]
    assert "interior ministry" in store2.document(doc["doc_id"])["text"]


def test_robots_crawl_delay_is_read(server):
    robots = RobotsCache(timeout=5)
    assert robots.crawl_delay(f"{server.base}/news/1.html") == 7.0
    assert not robots.allowed(f"{server.base}/private/x.html")


def test_requests_to_one_host_are_paced():
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds):
        slept.append(seconds)
        now[0] += seconds

    pacer = HostPacer(min_interval=1.0)
    clock = lambda: now[0]
    assert pacer.wait("https://a.example/1", 7.0, sleep, clock) == 0
    assert pacer.wait("https://b.example/1", None, sleep, clock) == 0   # another host
    assert pacer.wait("https://a.example/2", 7.0, sleep, clock) == 7.0  # robots' delay
    assert pacer.wait("https://b.example/2", None, sleep, clock) == 0   # 7 s went by
    assert pacer.wait("https://b.example/3", None, sleep, clock) == 1.0  # the default pace
    assert pacer.wait("https://a.example/3", 3600, sleep, clock) == 6.0  # 7 s after a/2
    assert pacer.wait("https://a.example/4", 3600, sleep, clock) == 30.0  # 3600 capped
    assert slept == [7.0, 1.0, 6.0, 30.0]
