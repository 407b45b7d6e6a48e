"""Small HTTP client on urllib: timeouts, a size cap, conditional GETs, robots.txt.

urllib needs no extra dependency and is enough for polling a few feeds; every
failure becomes a `FetchError` whose text is one readable reason.
"""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

USER_AGENT = "tacitus/0.1 (+https://github.com/tacitus)"
MAX_BYTES = 10 * 1024 * 1024   # a feed or article larger than this is not news text


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


def _reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}".strip()
    if isinstance(exc, urllib.error.URLError):
        inner = exc.reason
        if isinstance(inner, (socket.timeout, TimeoutError)):
            return "timed out"
        return getattr(inner, "strerror", None) or str(inner)
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return "timed out"
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def fetch(url: str, timeout: float, headers: dict[str, str] | None = None) -> Response:
    """GET `url`. 304 comes back as a Response; other HTTP errors raise FetchError."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            body = reply.read(MAX_BYTES + 1)
            if len(body) > MAX_BYTES:
                raise FetchError(f"larger than {MAX_BYTES // (1024 * 1024)} MB")
            return Response(reply.geturl(), reply.status,
                            {k.lower(): v for k, v in reply.headers.items()}, body)
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Response(url, 304, {k.lower(): v for k, v in exc.headers.items()})
        raise FetchError(_reason(exc), status=exc.code) from None
    except FetchError:
        raise
    except (urllib.error.URLError, OSError, ValueError) as exc:
        # OSError covers refused connections, resets and socket timeouts while reading
        raise FetchError(_reason(exc)) from None


class RobotsCache:
    """robots.txt per site, fetched on first need and again after `max_age` seconds."""

    def __init__(self, timeout: float, user_agent: str = USER_AGENT, max_age: float = 86400):
        self.timeout = timeout
        self.user_agent = user_agent
        self.max_age = max_age
        self._sites: dict[str, tuple[float, RobotFileParser]] = {}

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        site = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
        loaded = self._sites.get(site)
        if loaded is None or time.monotonic() - loaded[0] > self.max_age:
            loaded = (time.monotonic(), self._load(site))
            self._sites[site] = loaded
        return loaded[1].can_fetch(self.user_agent, url)

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
