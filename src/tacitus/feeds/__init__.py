"""Watch RSS/Atom feeds: code each new item into the event store (`tacitus watch`)."""

from tacitus.feeds.http import USER_AGENT
from tacitus.feeds.sources import FeedSpec, parse_interval, read_feed_list
from tacitus.feeds.watcher import FeedWatcher, RoundSummary, watch

__all__ = ["USER_AGENT", "FeedSpec", "FeedWatcher", "RoundSummary", "parse_interval",
           "read_feed_list", "watch"]
