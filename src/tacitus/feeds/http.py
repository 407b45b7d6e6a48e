"""HTTP for feeds on httpx: one deadline per fetch, a size cap, conditional GETs,
robots.txt with its crawl-delay, a per-host pace, and no private addresses for pages.

Every failure becomes a `FetchError` whose text is one readable reason.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

import httpx

USER_AGENT = "tacitus/0.1 (+https://github.com/tacitus)"
MAX_BYTES = 10 * 1024 * 1024   # a feed or article larger than this is not news text
MAX_REDIRECTS = 5
MIN_INTERVAL = 1.0             # seconds between two requests to one host, at least
MAX_CRAWL_DELAY = 30.0         # a longer robots.txt Crawl-delay is honoured as this


class FetchError(Exception):
    """A request that produced no usable body; str() is the reason for the message."""

    def __init__(self, reason: str, status: int | None = None):
        super().__init__(reason)
        self.status = status


@dataclass
class Response:
    url: str                     # final URL after redirects
    status: int
    headers: dict[str, str] = field(default_factory=dict)   # lower-case names
    body: bytes = b""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def _private(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def check_public(url: str) -> None:
    """Raise FetchError when the URL's host resolves to a loopback, private, link-local
    or otherwise non-public address: a feed item must not make us read an internal page
    (its text would become readable through the API)."""
    host = urlsplit(url).hostname
    if not host:
        raise FetchError("no host in the URL")
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve {host} ({exc})") from None
    for info in infos:
        address = str(info[4][0])
        if _private(address):
            raise FetchError(f"{host} resolves to the non-public address {address} "
                             "(allow with --allow-private)")


def fetch(url: str, timeout: float, headers: dict[str, str] | None = None, *,
          public_only: bool = False) -> Response:
    """GET `url`, following up to MAX_REDIRECTS redirects, all within `timeout` seconds in
    total (a server that drips bytes cannot hold us longer). 304 comes back as a
    Response; other HTTP errors raise FetchError. `public_only`: every hop must resolve
    to a public address, checked again on the connection actually made."""
    deadline = time.monotonic() + timeout
    send = {"User-Agent": USER_AGENT, **(headers or {})}
    try:
        with httpx.Client(timeout=timeout, follow_redirects=False) as client:
            for _ in range(MAX_REDIRECTS + 1):
                if public_only:
                    check_public(url)
                reply = _get(client, url, send, deadline, public_only)
                if reply.status in (301, 302, 303, 307, 308) and "location" in reply.headers:
                    url = str(httpx.URL(url).join(reply.headers["location"]))
                    continue
                return reply
    except httpx.TimeoutException:
        raise FetchError("timed out") from None
    except httpx.HTTPError as exc:
        raise FetchError(_reason(exc)) from None
    except (OSError, ValueError) as exc:
        raise FetchError(getattr(exc, "strerror", None) or str(exc) or type(exc).__name__) from None
    raise FetchError(f"more than {MAX_REDIRECTS} redirects")


def _get(client: httpx.Client, url: str, headers: dict, deadline: float,
         public_only: bool) -> Response:
    with client.stream("GET", url, headers=headers) as reply:
        if public_only:
            _check_peer(reply)
        found = {k.lower(): v for k, v in reply.headers.items()}
        if reply.status_code == 304 or 300 <= reply.status_code < 400:
            return Response(str(reply.url), reply.status_code, found)
        if reply.status_code >= 400:
            raise FetchError(f"HTTP {reply.status_code} {reply.reason_phrase}".strip(),
                             status=reply.status_code)
        parts, size = [], 0
        for chunk in reply.iter_bytes():  # decoded: the cap also stops a gzip bomb
            size += len(chunk)
            if size > MAX_BYTES:
                raise FetchError(f"larger than {MAX_BYTES // (1024 * 1024)} MB")
            if time.monotonic() > deadline:
                raise FetchError("timed out (the whole download took too long)")
            parts.append(chunk)
        return Response(str(reply.url), reply.status_code, found, b"".join(parts))


def _check_peer(reply: httpx.Response) -> None:
    """The address really connected to (a name can resolve differently a moment later)."""
    stream = reply.extensions.get("network_stream")
    peer = stream.get_extra_info("server_addr") if stream is not None else None
    if peer and _private(str(peer[0])):
        raise FetchError(f"connected to the non-public address {peer[0]} "
                         "(allow with --allow-private)")


def _reason(exc: httpx.HTTPError) -> str:
    inner = exc.__context__ or exc.__cause__
    text = str(exc) or (str(inner) if inner else "") or type(exc).__name__
    return text.splitlines()[0]


class HostPacer:
    """At most one request per host every MIN_INTERVAL seconds, or the site's robots.txt
    Crawl-delay when that is longer (up to MAX_CRAWL_DELAY)."""

    def __init__(self, min_interval: float = MIN_INTERVAL):
        self.min_interval = min_interval
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, url: str, delay: float | None = None,
             sleep=time.sleep, clock=time.monotonic) -> float:
        """Sleep until this host may be asked again; returns the seconds slept."""
        host = (urlsplit(url).hostname or "").lower()
        interval = max(self.min_interval, min(delay or 0.0, MAX_CRAWL_DELAY))
        with self._lock:
            now = clock()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + interval
        if start > now:
            sleep(start - now)
        return max(0.0, start - now)


class RobotsCache:
    """robots.txt per site, fetched on first need and again after `max_age` seconds."""

    def __init__(self, timeout: float, user_agent: str = USER_AGENT, max_age: float = 86400):
        self.timeout = timeout
        self.user_agent = user_agent
        self.max_age = max_age
        self._sites: dict[str, tuple[float, RobotFileParser]] = {}

    def _rules(self, url: str) -> RobotFileParser:
        parts = urlsplit(url)
        site = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
        loaded = self._sites.get(site)
        if loaded is None or time.monotonic() - loaded[0] > self.max_age:
            loaded = (time.monotonic(), self._load(site))
            self._sites[site] = loaded
        return loaded[1]

    def allowed(self, url: str) -> bool:
        return self._rules(url).can_fetch(self.user_agent, url)

    def crawl_delay(self, url: str) -> float | None:
        """The site's Crawl-delay for us (or for *), in seconds, if it sets one."""
        rules = self._rules(url)
        delay = rules.crawl_delay(self.user_agent)
        try:
            return float(delay) if delay is not None else None
        except (TypeError, ValueError):
            return None

    def _load(self, site: str) -> RobotFileParser:
        rules = RobotFileParser(site + "/robots.txt")
        try:
            reply = fetch(site + "/robots.txt", self.timeout)
            rules.parse(reply.body.decode("utf-8", "replace").splitlines())
        except FetchError as exc:
            # The usual convention: no robots.txt (4xx) allows everything, while an
            # unreachable or failing one (5xx, network) means we must not crawl.
            if exc.status is not None and 400 <= exc.status < 500 and exc.status not in (401, 403):
                rules.allow_all = True
            else:
                rules.disallow_all = True
        return rules
