"""The feed list file and the polling interval."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from tacitus.errors import TacitusError, message

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)
_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class FeedSpec:
    """One line of feeds.txt: a feed URL and an optional display name."""

    url: str
    name: str | None = None

    @property
    def label(self) -> str:
        """How messages name the feed."""
        return f"{self.name} <{self.url}>" if self.name else self.url


def parse_interval(text: str) -> float:
    """Seconds in '30s', '15m', '1h', '1d' (a bare number means seconds)."""
    match = _INTERVAL.match(text or "")
    if not match or float(match.group(1)) <= 0:
        raise TacitusError("E077", value=text)
    return float(match.group(1)) * _SECONDS[match.group(2).lower()]


def is_feed_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def parse_feed_line(line: str) -> FeedSpec | None | str:
    """A FeedSpec, None for blank/comment lines, or the offending text when it is no URL."""
    line = line.strip()
    if not line or line.startswith("#"):
        return None
    name, _, url = line.rpartition("\t")
    url = url.strip()
    if not is_feed_url(url):
        return line
    return FeedSpec(url=url, name=name.strip() or None)


def read_feed_list(path: Path) -> tuple[list[FeedSpec], list[str]]:
    """Feeds in file order (duplicates dropped) and one message per unusable line."""
    origin = str(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        return [], [message("E019", origin=origin, reason=exc.strerror or str(exc))]
    feeds: dict[str, FeedSpec] = {}
    problems = []
    for number, line in enumerate(lines, start=1):
        parsed = parse_feed_line(line)
        if isinstance(parsed, str):
            problems.append(message("E075", origin=origin, line=number, value=parsed))
        elif parsed is not None:
            feeds.setdefault(parsed.url, parsed)
    if not feeds:
        problems.append(message("E076", origin=origin))
    return list(feeds.values()), problems
