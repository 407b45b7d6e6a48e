"""REST API latency and throughput on a large store, over real HTTP on 127.0.0.1.

    .venv/bin/python bench/bench_api.py [--events 100000] [--requests 200] [--concurrency 4]
                                        [--db PATH] [--json out.json]

1. fills a fresh SQLite store with synthetic events (bulk insert, ~1 s per 10k events),
   or reuses --db if it already holds events;
2. starts `uvicorn` with `tacitus.api.create_app` in a subprocess on a free 127.0.0.1 port;
3. for each scenario sends --requests GETs from --concurrency threads (one httpx client
   each) and prints requests/s and p50/p95 latency.

Only 127.0.0.1 is ever contacted; the load is bounded by --requests.
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

import httpx
from sqlalchemy import insert

from tacitus.records import EVENT_TYPES, Actor, Document, Event, Evidence, Location
from tacitus.store import Store
from tacitus.store import store as store_module
from tacitus.store.schema import documents, events, mentions

COUNTRIES = ["RUS", "UKR", "USA", "CHN", "BLR", "IRN", "ISR", "TUR", "IND", "PAK",
             "NGA", "GBR", "FRA", "DEU", "SYR", "IRQ", "AFG", "VEN", "MEX", "BRA"]
SECTORS = ["GOV", "MIL", "COP", "CVL", "OPP", "MED", "BUS", None]
PLACES = [("Kyiv", 50.45, 30.52), ("Moscow", 55.75, 37.62), ("Minsk", 53.9, 27.57),
          ("Tehran", 35.69, 51.39), ("Lagos", 6.45, 3.39), ("Delhi", 28.61, 77.21)]
QUADS = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 2, "COOPERATE": 2, "AID": 2,
         "RETREAT": 2, "REQUEST": 1, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "PROTEST": 3,
         "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4}
EVENTS_PER_DOC = 50

SCENARIOS = [
    ("events, no filter", "/api/events", {"limit": 50}),
    ("events, type+country+dates", "/api/events",
     {"type": "ASSAULT", "country": "UKR", "since": "2024-01-01", "until": "2024-06-30"}),
    ("events, dyad", "/api/events", {"dyad": "RUS,UKR", "limit": 50}),
    ("events, text search", "/api/events", {"q": "shelled"}),
    ("events, deep page", "/api/events", {"limit": 50, "offset": 50_000}),
    ("event detail", None, {}),
    ("series RUS->UKR by week", "/api/series", {"source": "RUS", "target": "UKR", "by": "week"}),
    ("timeline by week (all)", "/api/timeline", {"by": "week"}),
    ("map, one type", "/api/map", {"type": "PROTEST", "limit": 2000}),
    ("stats", "/api/stats", {}),
]


def _actor(rng: random.Random) -> Actor:
    country, sector = rng.choice(COUNTRIES), rng.choice(SECTORS)
    return Actor(text="actor", name=f"{country} {sector or ''}".strip(), country=country,
                 sector=sector, code=country + (sector or ""))


def synthetic(n_events: int, seed: int = 7):
    """(document, events) pairs: EVENTS_PER_DOC events per document over two years."""
    rng = random.Random(seed)
    start = date(2023, 1, 1)
    for d in range(0, n_events, EVENTS_PER_DOC):
        published = start + timedelta(days=rng.randrange(730))
        text = f"Synthetic report {d}. Forces shelled the town; officials met and agreed."
        doc = Document(doc_id=f"bench-{d}", text=text, published=published)
        batch = []
        for i in range(min(EVENTS_PER_DOC, n_events - d)):
            event_type = rng.choice(EVENT_TYPES)
            place = rng.choice(PLACES) if rng.random() < 0.4 else None
            sentence = rng.choice(["Forces shelled the town.", "Officials met and agreed.",
                                   "Police detained protesters.", "The ministry accused them."])
            batch.append(Event(
                event_id=f"{doc.doc_id}#{i}:{event_type}", doc_id=doc.doc_id,
                published=published, date=published - timedelta(days=rng.randrange(3)),
                date_precision="day", event_type=event_type, cameo="010",
                goldstein=round(rng.uniform(-10, 10), 1), quad_class=QUADS[event_type],
                source=_actor(rng), target=_actor(rng),
                location=Location(name=place[0], lat=place[1], lon=place[2], precision="city")
                if place else None,
                evidence=Evidence(sentence=sentence, start=0, end=len(sentence), trigger="x"),
                confidence=round(rng.uniform(0.3, 0.95), 2)))
        yield doc, batch


def fill(store: Store, n_events: int) -> float:
    """Bulk insert (one transaction per 10k events): Store.add is per document."""
    t0 = time.perf_counter()
    store.init()
    engine = store._get_engine()
    docs, evs = [], []

    def flush():
        with engine.begin() as conn:
            conn.execute(insert(documents), [store_module._document_row(d, f"h-{d.doc_id}")
                                             for d in docs])
            conn.execute(insert(events), [store_module._event_row(e) for e in evs])
            conn.execute(insert(mentions), [store_module._mention_row(e) for e in evs])
        docs.clear()
        evs.clear()

    for doc, batch in synthetic(n_events):
        docs.append(doc)
        evs.extend(batch)
        if len(evs) >= 10_000:
            flush()
    if docs:
        flush()
    return time.perf_counter() - t0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(url: str, port: int) -> subprocess.Popen:
    code = ("import uvicorn; from tacitus.api import create_app; "
            f"uvicorn.run(create_app({url!r}, None), host='127.0.0.1', port={port}, "
            "log_level='warning', access_log=False)")
    proc = subprocess.Popen([sys.executable, "-c", code])
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=5).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.3)
    proc.terminate()
    raise SystemExit("the server did not start within 60 s")


def run_scenario(base: str, path: str, params: dict, requests: int, concurrency: int) -> dict:
    per_thread = [requests // concurrency + (i < requests % concurrency)
                  for i in range(concurrency)]

    def worker(n: int) -> list[float]:
        times = []
        with httpx.Client(base_url=base, timeout=60) as client:
            for _ in range(n):
                t0 = time.perf_counter()
                response = client.get(path, params=params)
                times.append(time.perf_counter() - t0)
                if response.status_code != 200:
                    raise RuntimeError(f"{path}: HTTP {response.status_code}: {response.text[:200]}")
        return times

    t0 = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        latencies = [t for chunk in pool.map(worker, per_thread) for t in chunk]
    wall = time.perf_counter() - t0
    latencies.sort()
    return {"requests": len(latencies), "rps": round(len(latencies) / wall, 1),
            "p50_ms": round(1000 * statistics.median(latencies), 1),
            "p95_ms": round(1000 * latencies[int(0.95 * (len(latencies) - 1))], 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--db", type=Path, help="SQLite file to fill (or reuse if filled)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    folder = tempfile.TemporaryDirectory()
    path = args.db or Path(folder.name) / "bench.db"
    url = f"sqlite:///{path}"
    with Store(url) as store:
        if path.exists() and store.count_events() > 0:
            print(f"reusing {path}: {store.count_events()} events")
        else:
            seconds = fill(store, args.events)
            print(f"filled {args.events} events in {seconds:.1f} s")
        stored = store.count_events()

    port = free_port()
    server = start_server(url, port)
    base = f"http://127.0.0.1:{port}"
    results = {}
    try:
        detail_id = httpx.get(f"{base}/api/events", params={"limit": 1}).json()["events"][0]["event_id"]
        print(f"{'scenario':32} {'req':>5} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8}")
        for name, route, params in SCENARIOS:
            route = route or f"/api/events/{quote(detail_id, safe='')}"
            run_scenario(base, route, params, args.concurrency, args.concurrency)  # warm up
            r = run_scenario(base, route, params, args.requests, args.concurrency)
            results[name] = r
            print(f"{name:32} {r['requests']:>5} {r['rps']:>7} {r['p50_ms']:>8} {r['p95_ms']:>8}")
    finally:
        server.terminate()
        server.wait(10)
        folder.cleanup()
    if args.json:
        args.json.write_text(json.dumps({"events": stored, "concurrency": args.concurrency,
                                         "results": results}, indent=2))


if __name__ == "__main__":
    main()
