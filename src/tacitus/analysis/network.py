"""The actor network: actors as nodes, directed source → target edges weighted by events."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from tacitus.analysis.periods import as_date
from tacitus.analysis.rows import edge_groups
from tacitus.export.countries import country_name
from tacitus.knowledge import read_tsv


@dataclass
class _Edge:
    events: int = 0
    quads: Counter = field(default_factory=Counter)
    goldstein_sum: float = 0.0
    scored: int = 0


def network(store, since=None, until=None, min_events: int = 1, limit: int = 200,
            include_all_modalities: bool = False) -> dict:
    """Nodes (actors by code) and edges (source → target) of the events in [since, until].

    An actor is identified by its full code ("BLRCOP"), or its country when it has no
    code; events with an unknown actor on either side are left out. The `limit` edges
    with the most events are kept, and the nodes they connect. Without since/until,
    undated events count too (they still say who acted on whom).
    """
    groups = edge_groups(store, as_date(since), as_date(until), include_all_modalities)
    edges: dict[tuple[str, str], _Edge] = defaultdict(_Edge)
    nodes: dict[str, dict] = {}
    node_events: Counter = Counter()
    for s_code, s_country, s_sector, t_code, t_country, t_sector, quad, n, g_sum, g_n in groups:
        source = _node(s_code, s_country, s_sector)
        target = _node(t_code, t_country, t_sector)
        if source is None or target is None:
            continue
        nodes.setdefault(source[0], source[1])
        nodes.setdefault(target[0], target[1])
        for node_id in {source[0], target[0]}:  # an actor acting on itself counts once
            node_events[node_id] += n
        edge = edges[(source[0], target[0])]
        edge.events += n
        if quad in (1, 2, 3, 4):
            edge.quads[quad] += n
        edge.goldstein_sum += g_sum or 0.0
        edge.scored += g_n
    kept = sorted(((pair, e) for pair, e in edges.items() if e.events >= min_events),
                  key=lambda item: (-item[1].events, item[0]))[:limit]
    used = sorted({name for pair, _ in kept for name in pair})
    return {
        "nodes": [{"id": n, **nodes[n], "events": node_events[n]} for n in used],
        "edges": [_edge_dict(pair, e) for pair, e in kept],
    }


def _node(code: str | None, country: str | None, sector: str | None) -> tuple[str, dict] | None:
    node_id = code or country
    if not node_id:
        return None
    return node_id, {"label": node_label(node_id, country, sector),
                     "country": country, "sector": sector}


def node_label(node_id: str, country: str | None, sector: str | None) -> str:
    """Readable name: "Belarus police", "Russia", or the code when neither part is known."""
    parts = [country_name(country) or country or "", sector_label(sector) if sector else ""]
    label = " ".join(p for p in parts if p)
    return label or node_id


def sector_label(sector: str) -> str:
    return _sector_labels().get(sector, sector)


@lru_cache(maxsize=1)
def _sector_labels() -> dict[str, str]:
    return {row["code"]: row["label"] for row in read_tsv("analysis_sectors.tsv")}


def _edge_dict(pair: tuple[str, str], edge: _Edge) -> dict:
    quads = {q: edge.quads.get(q, 0) for q in (1, 2, 3, 4)}
    # ties go to the more conflictual class: an edge half cooperation, half fighting is
    # better flagged as conflict
    dominant = max(quads, key=lambda q: (quads[q], q)) if edge.quads else None
    mean = edge.goldstein_sum / edge.scored if edge.scored else None
    return {
        "source": pair[0], "target": pair[1], "events": edge.events, "quad": quads,
        "dominant_quad": dominant,
        "goldstein_mean": round(mean, 3) if mean is not None else None,
    }

