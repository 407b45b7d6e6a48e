"""Merge duplicate mentions in the store into merged events (clusters).

Incremental: only events without a cluster are placed. Each is compared with the
representative of every candidate cluster found by a blocking key (event type + 7-day
date bucket; countries, place and counts are then checked by `rules.compare`) and
joins the best compatible one (a cluster holding a mention from the same document,
then the strongest agreement, then the most mentions, then the smallest id), or starts
its own.

Events are placed in a fixed order, so a run is deterministic: the most specific
mentions first (exact day, city, both actors' countries, bounded counts), then vaguer
ones, each group earliest published first, then by doc_id and event_id. Specific reports
thus define the merged events and a vague report ("police made arrests in Belarus")
joins the best-supported event it fits, whatever order the documents arrived in.
Everything happens in one transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlsplit

from sqlalchemy import and_, bindparam, delete, func, insert, or_, select, update
from sqlalchemy.engine import Connection

from tacitus.dedup.representative import mention_order, representative
from tacitus.dedup.rules import COARSE_PLACES, compare, compatible, date_span, vagueness
from tacitus.records import Event
from tacitus.store.schema import clusters, documents, events, queryable_columns

BUCKET_DAYS = 7
DEFAULT_WINDOW_DAYS = 1
FIRST_REASON = "first mention"
IN_CHUNK = 500  # ids per IN (...) list: well under every database's parameter limit


@dataclass(eq=False)
class Cluster:
    merged_id: str
    rep: Event
    members: list[Event] | None = None   # None: stored, not loaded yet
    size: int = 0                         # mentions so far
    span: tuple[date, date] | None = None # days the representative may have happened on
    doc_ids: set[str] = field(default_factory=set)
    changed: bool = False


@dataclass
class MergeSummary:
    events_placed: int = 0        # events given a cluster in this run
    joined: int = 0               # of those, how many joined a cluster with other mentions
    new_clusters: int = 0
    clusters: int = 0             # clusters in the store after the run
    largest: list[dict] = field(default_factory=list)


def merge(store, since: date | None = None, window_days: int = DEFAULT_WINDOW_DAYS,
          rebuild: bool = False) -> MergeSummary:
    """Place every event that has no cluster yet; returns what was done.

    `since`: only events of documents published on or after this date (the others are
    left for a later run). `rebuild`: forget all clusters first and merge everything
    again (use it after changing `window_days`).
    """
    summary = MergeSummary()
    with store.connect(write=True) as conn:
        if rebuild:
            conn.execute(update(events).values(cluster_id=None, merge_reason=None))
            conn.execute(delete(clusters))
        new = sorted(_unplaced(conn, since), key=placement_order)
        if new:
            merger = _Merger(conn, window_days)
            merger.load_clusters(new)
            placements = [merger.place(ev) for ev in new]
            summary.events_placed = len(placements)
            summary.joined = sum(1 for _, reason in placements if reason != FIRST_REASON)
            summary.new_clusters = summary.events_placed - summary.joined
            merger.write(new, placements)
        summary.clusters, summary.largest = _overview(conn)
    return summary


def placement_order(ev: Event) -> tuple:
    return (vagueness(ev), *mention_order(ev))


def _unplaced(conn: Connection, since: date | None) -> list[Event]:
    query = select(events.c.record).where(events.c.cluster_id.is_(None))
    if since is not None:
        query = query.join(documents, documents.c.doc_id == events.c.doc_id).where(
            documents.c.published >= since)
    return [Event.model_validate(rec) for rec in conn.execute(query).scalars()]


def _buckets(span: tuple[date, date], pad: int) -> range:
    first = (span[0] - timedelta(days=pad)).toordinal() // BUCKET_DAYS
    last = (span[1] + timedelta(days=pad)).toordinal() // BUCKET_DAYS
    return range(first, last + 1)


def _place_keys(ev: Event) -> tuple[list[tuple], bool]:
    """(keys naming the place, is it city-level?); a place is known by id and by name."""
    loc = ev.location
    if loc is None:
        return [], False
    fine = loc.precision not in COARSE_PLACES
    if fine:
        keys = [("place", f"name:{loc.name.casefold()}")]
        if loc.geonameid is not None:
            keys.append(("place", f"id:{loc.geonameid}"))
        return keys, True
    return [], False


def _country_key(ev: Event) -> tuple:
    loc = ev.location
    return ("country", loc.country or f"name:{loc.name.casefold()}")


def _actor_keys(ev: Event, prefix: str) -> list[tuple]:
    keys = []
    if ev.source is not None and ev.source.country:
        keys.append((f"{prefix}source", ev.source.country))
    if ev.target is not None and ev.target.country:
        keys.append((f"{prefix}target", ev.target.country))
    return keys


def cluster_keys(rep: Event, doc_ids: Iterable[str]) -> list[tuple]:
    """Blocking keys a cluster is filed under (beside its type and date buckets)."""
    keys = [("doc", d) for d in doc_ids] + _actor_keys(rep, "")
    if rep.location is None:
        return keys + _actor_keys(rep, "noplace-")
    place_keys, fine = _place_keys(rep)
    coarse = [] if fine else [("coarse", _country_key(rep)[1])]
    return keys + place_keys + coarse + [_country_key(rep)]


def lookup_keys(ev: Event) -> list[tuple]:
    """Keys under which every cluster `ev` could be compatible with is filed.

    Mirrors `rules.compatible`: the places must fit (same place; same country when one
    is coarse; or one unknown) and, across documents, an actor country or the place
    must agree. Within a document the document itself is the key.
    """
    keys = [("doc", ev.doc_id)]
    if ev.location is None:
        return keys + _actor_keys(ev, "")
    place_keys, fine = _place_keys(ev)
    if fine:
        keys += place_keys + [("coarse", _country_key(ev)[1])]
    else:
        keys.append(_country_key(ev))
    return keys + _actor_keys(ev, "noplace-")


class _Merger:
    """Clusters in memory for one run, indexed by (event type, date bucket, anchor)."""

    def __init__(self, conn: Connection, window_days: int):
        self.conn = conn
        self.window = window_days
        self.index: dict[tuple, dict[str, Cluster]] = defaultdict(dict)
        self.touched: dict[str, Cluster] = {}

    def _register(self, cluster: Cluster) -> None:
        cluster.span = date_span(cluster.rep)
        if cluster.span is None:
            return
        keys = cluster_keys(cluster.rep, cluster.doc_ids)
        for bucket in _buckets(cluster.span, 0):
            for key in keys:
                self.index[(cluster.rep.event_type, bucket, key)][cluster.merged_id] = cluster

    def load_clusters(self, new: Sequence[Event]) -> None:
        """Stored clusters that could meet one of the new events (a superset; rules decide)."""
        spans = [s for ev in new if (s := date_span(ev))]
        if not spans:
            return
        pad = self.window + 1
        first, last = min(s[0] for s in spans), max(s[1] for s in spans)
        near = first - timedelta(days=pad + 7)   # day and week dates
        far = first - timedelta(days=pad + 366)  # month and year dates start earlier
        high = last + timedelta(days=pad + 3)
        c = clusters.c
        query = select(c.merged_id, c.record, c.doc_id, c.num_mentions).where(
            c.event_type.in_(sorted({ev.event_type for ev in new})),
            or_(c.date.between(near, high),
                and_(c.date_precision.in_(["month", "year"]), c.date.between(far, high)),
                and_(c.date.is_(None), c.published.between(near, high))),
        ).order_by(c.merged_id)
        for merged_id, record, doc_id, size in self.conn.execute(query):
            self._register(Cluster(merged_id, Event.model_validate(record), size=size,
                                   doc_ids={doc_id} if doc_id else set()))

    def _candidates(self, ev: Event, span: tuple[date, date]) -> list[Cluster]:
        """Clusters sharing type, a date bucket and a blocking key (a superset: the index
        may still hold a cluster under keys its representative has since left)."""
        seen: dict[str, Cluster] = {}
        keys = lookup_keys(ev)
        for bucket in _buckets(span, self.window):
            for key in keys:
                for merged_id, cluster in self.index.get((ev.event_type, bucket, key),
                                                         {}).items():
                    seen[merged_id] = cluster
        return [seen[k] for k in sorted(seen)]

    def place(self, ev: Event) -> tuple[str, str]:
        """(merged_id, reason) for one event; updates the cluster it joins."""
        span = date_span(ev)
        best: tuple | None = None
        if span is not None:
            for cluster in self._candidates(ev, span):
                same_doc = ev.doc_id in cluster.doc_ids
                if not compatible(ev, cluster.rep, self.window, same_doc, span, cluster.span):
                    continue
                _, weight, reason = compare(ev, cluster.rep, self.window, same_doc)
                # a second mention in one article most likely refers back to its first
                rank = (same_doc, weight, cluster.size)
                if best is None or rank > best[0]:
                    best = (rank, cluster, reason)
        if best is None:
            cluster = Cluster(f"m-{ev.event_id}", ev, members=[], doc_ids=set())
            reason = FIRST_REASON
        else:
            _, cluster, reason = best
            reason = f"joined {cluster.merged_id}: {reason}"
            self._load_members(cluster)
        cluster.members.append(ev)
        cluster.size = len(cluster.members)
        cluster.doc_ids.add(ev.doc_id)
        if cluster.size == 1:  # the representative of one mention is that mention
            cluster.rep = ev.model_copy(update={"event_id": cluster.merged_id})
        else:
            cluster.rep = representative(cluster.members, cluster.merged_id)
        cluster.changed = True
        self.touched[cluster.merged_id] = cluster
        self._register(cluster)
        return cluster.merged_id, reason

    def _load_members(self, cluster: Cluster) -> None:
        if cluster.members is not None:
            return
        query = select(events.c.record).where(events.c.cluster_id == cluster.merged_id)
        cluster.members = [Event.model_validate(r) for r in self.conn.execute(query).scalars()]
        cluster.doc_ids = {m.doc_id for m in cluster.members}

    def write(self, new: Sequence[Event], placements: Sequence[tuple[str, str]]) -> None:
        outlets = _outlets(self.conn, {m.doc_id for c in self.touched.values()
                                       for m in c.members})
        ids = sorted(self.touched)
        for chunk in _chunks(ids):
            self.conn.execute(delete(clusters).where(clusters.c.merged_id.in_(chunk)))
        rows = [_cluster_row(self.touched[k], outlets) for k in ids]
        if rows:
            self.conn.execute(insert(clusters), rows)
        statement = (update(events).where(events.c.event_id == bindparam("eid"))
                     .values(cluster_id=bindparam("cid"), merge_reason=bindparam("why")))
        self.conn.execute(statement, [{"eid": ev.event_id, "cid": mid, "why": reason}
                                      for ev, (mid, reason) in zip(new, placements)])


def _chunks(items: Sequence, size: int = IN_CHUNK) -> Iterable[Sequence]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def outlet_key(doc_id: str, source: str | None, url: str | None) -> str:
    """Who published a document: its source field, else the URL host, else the doc_id."""
    if source and source.strip():
        return source.strip().casefold()
    if url:
        host = urlsplit(url).hostname or ""
        host = host.removeprefix("www.")
        if host:
            return host
    return f"doc:{doc_id}"


def _outlets(conn: Connection, doc_ids: set[str]) -> dict[str, tuple[str, date | None]]:
    """doc_id -> (outlet key, published)."""
    found: dict[str, tuple[str, date | None]] = {}
    d = documents.c
    for chunk in _chunks(sorted(doc_ids)):
        query = select(d.doc_id, d.source, d.url, d.published).where(d.doc_id.in_(chunk))
        for doc_id, source, url, published in conn.execute(query):
            found[doc_id] = (outlet_key(doc_id, source, url), published)
    return found


def _cluster_row(cluster: Cluster, outlets: dict) -> dict:
    rep, members = cluster.rep, cluster.members or []
    doc_ids = {m.doc_id for m in members}
    sources = {outlets.get(d, (f"doc:{d}", None))[0] for d in doc_ids}
    seen = [p for d in doc_ids if (p := outlets.get(d, (None, None))[1]) is not None]
    return {
        **queryable_columns(rep), "merged_id": cluster.merged_id,
        "date_precision": rep.date_precision,
        "num_mentions": len(members), "num_sources": len(sources),
        "num_articles": len(doc_ids), "first_seen": min(seen, default=None),
    }


def _overview(conn: Connection, top: int = 5) -> tuple[int, list[dict]]:
    c = clusters.c
    total = conn.execute(select(func.count()).select_from(clusters)).scalar_one()
    query = (select(c.merged_id, c.event_type, c.mode, c.date, c.location_name,
                    c.source_code, c.target_code, c.num_mentions, c.num_sources,
                    c.num_articles)
             .where(c.num_mentions > 1)
             .order_by(c.num_mentions.desc(), c.num_sources.desc(), c.merged_id).limit(top))
    return int(total), [row._asdict() for row in conn.execute(query)]
