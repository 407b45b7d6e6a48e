"""`tacitus dedup --explain ID`: why a mention was merged (or not) with the others."""

from __future__ import annotations

from sqlalchemy import select

from tacitus.dedup.rules import actor_label, type_label
from tacitus.errors import TacitusError
from tacitus.records import Event
from tacitus.store.schema import clusters, events


def _describe(ev: Event) -> str:
    place = ev.location.name if ev.location else "place unknown"
    when = str(ev.date) if ev.date else "undated"
    return (f"{type_label(ev)} {actor_label(ev.source)}→{actor_label(ev.target)}, "
            f"{place}, {when}")


def explain(store, event_id: str) -> str:
    """Lines of text: the merged event, and each mention with the reason it is there.

    `event_id` may be a mention's event id or a merged id ("m-..."); an id that is
    neither raises TacitusError E042.
    """
    e, c = events.c, clusters.c
    with store.connect() as conn:
        row = conn.execute(select(e.cluster_id, e.merge_reason)
                           .where(e.event_id == event_id)).first()
        merged_id = row.cluster_id if row is not None else event_id
        if row is not None and merged_id is None:
            return f"{event_id}: not merged yet (run `tacitus dedup`)"
        cluster = conn.execute(select(c.record, c.num_mentions, c.num_sources,
                                      c.num_articles).where(c.merged_id == merged_id)).first()
        if cluster is None:
            raise TacitusError("E042", id=event_id)
        members = conn.execute(select(e.event_id, e.doc_id, e.merge_reason, e.record)
                               .where(e.cluster_id == merged_id)
                               .order_by(e.event_id)).all()
    rep = Event.model_validate(cluster.record)
    counts = (f"  {cluster.num_mentions} mentions, {cluster.num_sources} sources, "
              f"{cluster.num_articles} articles")
    lines = [f"merged event {merged_id}: {_describe(rep)}", counts]
    if row is not None:
        lines.append(f"{event_id}: {row.merge_reason}")
    lines.append("mentions:")
    for m in members:
        mention = Event.model_validate(m.record)
        marker = "*" if m.event_id == event_id else "-"
        lines.append(f"  {marker} {m.event_id} (doc {m.doc_id}): {_describe(mention)}")
        lines.append(f"      {m.merge_reason}")
    return "\n".join(lines)
