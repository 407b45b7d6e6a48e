"""The REST API: filters, paging, validation, token rules, coding, and hostile text.

One SQLite store per module holds hand-made events (so every filter has a known answer)
and one document coded by the real pipeline.
"""

from __future__ import annotations

import json
import re
import warnings
from datetime import date
from urllib.parse import quote

import pytest

with warnings.catch_warnings():  # starlette's notice about a future httpx package
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from tacitus.api import create_app
from tacitus.api.models import MAX_CODE_BYTES, MAX_DOCUMENT_BYTES
from tacitus.records import Actor, Document, Event, Evidence, Location
from tacitus.store import Store

TOKEN = "s3cret-token"
HOSTILE = "Riot police detained students <script>alert(1)</script> near <img src=x onerror=alert(1)>."
REAL_TEXT = ("Belarusian police arrested 140 protesters in Minsk on Sunday, the interior "
             "ministry said.")


def _actor(country: str | None, sector: str | None, text: str) -> Actor:
    return Actor(text=text, name=text, country=country, sector=sector,
                 code=f"{country or ''}{sector or ''}" or None)


def _event(doc: Document, n: int, event_type: str, src, tgt, day: str | None, *,
           quad: int = 4, goldstein: float = -5.0, modality: str = "asserted",
           place: tuple[str, float, float] | None = None) -> Event:
    return Event(
        event_id=f"{doc.doc_id}#{n}:{event_type}", doc_id=doc.doc_id, published=doc.published,
        date=date.fromisoformat(day) if day else None, date_precision="day" if day else "unknown",
        event_type=event_type, cameo="173", goldstein=goldstein, quad_class=quad,
        source=_actor(*src, "the source") if src else None,
        target=_actor(*tgt, "the target") if tgt else None,
        location=Location(name=place[0], lat=place[1], lon=place[2], precision="city")
        if place else None,
        modality=modality,
        evidence=Evidence(sentence=doc.text, start=0, end=len(doc.text), trigger="did"),
        confidence=0.8,
    )


def _fill(store: Store) -> None:
    docs = {
        "d-blr": Document(doc_id="d-blr", text="Police arrested protesters in Minsk.",
                          published=date(2020, 8, 31), title="Minsk arrests",
                          url="https://example.org/minsk", source="Wire A"),
        "d-rus": Document(doc_id="d-rus", text="Russian forces shelled Kharkiv.",
                          published=date(2022, 3, 2)),
        "d-usa": Document(doc_id="d-usa", text="The United States imposed sanctions on Russia.",
                          published=date(2022, 3, 5)),
        "d-neg": Document(doc_id="d-neg", text="Russia did not threaten the United States.",
                          published=date(2022, 3, 6)),
        "d-xss": Document(doc_id="d-xss", text=HOSTILE, published=date(2025, 3, 10),
                          title="<b>title</b>", source="<script>alert(2)</script>"),
    }
    store.add(docs["d-blr"], [_event(docs["d-blr"], 0, "COERCE", ("BLR", "COP"), ("BLR", "CVL"),
                                     "2020-08-30", place=("Minsk", 53.9, 27.56))])
    store.add(docs["d-rus"], [_event(docs["d-rus"], 0, "ASSAULT", ("RUS", "MIL"), ("UKR", "CVL"),
                                     "2022-03-01", place=("Kharkiv", 49.99, 36.23))])
    store.add(docs["d-usa"], [_event(docs["d-usa"], 0, "SANCTION", ("USA", "GOV"), ("RUS", "GOV"),
                                     "2022-03-04", quad=4, goldstein=-8.0)])
    store.add(docs["d-neg"], [_event(docs["d-neg"], 0, "THREATEN", ("RUS", "GOV"), ("USA", "GOV"),
                                     None, quad=3, modality="negated")])
    store.add(docs["d-xss"], [_event(docs["d-xss"], 0, "COERCE", ("BLR", "COP"), None,
                                     "2025-03-09")])


@pytest.fixture(scope="module")
def pipeline():
    from tacitus.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="module")
def db_url(tmp_path_factory, pipeline) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('api') / 'events.db'}"
    with Store(url) as store:
        _fill(store)
        real = Document(doc_id="d-real", text=REAL_TEXT, published=date(2020, 8, 31))
        store.add(real, next(pipeline.code([real])).events)
    return url


def _client(db_url, pipeline, token=TOKEN, read_token_required=False) -> TestClient:
    app = create_app(db_url, token, read_token_required, pipeline_factory=lambda: pipeline)
    return TestClient(app, base_url="http://localhost")


@pytest.fixture(scope="module")
def client(db_url, pipeline):
    with _client(db_url, pipeline) as c:
        yield c


AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _ids(response) -> set[str]:
    assert response.status_code == 200, response.text
    return {e["event_id"] for e in response.json()["events"]}


# -- listing and filtering ---------------------------------------------------------------


def test_events_list_counts_everything_newest_first(client):
    body = client.get("/api/events").json()
    assert body["limit"] == 50 and body["offset"] == 0
    assert body["total"] == len(body["events"]) >= 6
    dates = [e["date"] for e in body["events"] if e["date"]]
    assert dates == sorted(dates, reverse=True)
    assert all("evidence" in e and "event_type" in e for e in body["events"])


def test_events_paging_walks_through_all_without_overlap(client):
    total = client.get("/api/events").json()["total"]
    seen: list[str] = []
    for offset in range(0, total, 2):
        page = client.get("/api/events", params={"limit": 2, "offset": offset}).json()
        assert page["total"] == total
        seen += [e["event_id"] for e in page["events"]]
    assert len(seen) == len(set(seen)) == total


@pytest.mark.parametrize("params, expected", [
    ({"type": "ASSAULT"}, {"d-rus#0:ASSAULT"}),
    ({"type": "ASSAULT,SANCTION"}, {"d-rus#0:ASSAULT", "d-usa#0:SANCTION"}),
    ({"dyad": "USA,RUS"}, {"d-usa#0:SANCTION"}),
    ({"source_country": "RUS", "target_country": "UKR"}, {"d-rus#0:ASSAULT"}),
    ({"country": "UKR"}, {"d-rus#0:ASSAULT"}),
    # d-neg has no date of its own: the date rule places it on its publication day (03-06)
    ({"since": "2022-03-02", "until": "2022-03-31"}, {"d-usa#0:SANCTION", "d-neg#0:THREATEN"}),
    ({"since": "2022-03-02", "until": "2022-03-05"}, {"d-usa#0:SANCTION"}),
    ({"q": "SHELLED"}, {"d-rus#0:ASSAULT"}),
    ({"modality": "negated"}, {"d-neg#0:THREATEN"}),
    ({"source_sector": "MIL"}, {"d-rus#0:ASSAULT"}),
    ({"target_sector": "GOV", "country": "USA"}, {"d-usa#0:SANCTION", "d-neg#0:THREATEN"}),
    ({"place": "kharkiv"}, {"d-rus#0:ASSAULT"}),
    ({"type": "AID"}, set()),
])
def test_events_filters(client, params, expected):
    assert _ids(client.get("/api/events", params=params)) == expected


def test_min_mentions_and_merged_filters_are_accepted(client):
    # every hand-made event is its own single mention: min_mentions=1 keeps them all
    assert client.get("/api/events", params={"min_mentions": 1}).json()["total"] >= 6
    merged = client.get("/api/events", params={"merged": "true"})
    assert merged.status_code == 200 and "events" in merged.json()


@pytest.mark.parametrize("params, names", [
    ({"since": "2022-13-01"}, "since"),
    ({"until": "yesterday"}, "until"),
    ({"country": "XYZ"}, "country"),
    ({"country": "Belarus"}, "BLR"),          # the error suggests the code
    ({"mode": "rioting"}, "riot"),            # ... and lists the valid modes
    ({"source_country": "RUSSIA"}, "source_country"),
    ({"dyad": "RUS"}, "dyad"),
    ({"type": "FIGHT"}, "type"),
    ({"limit": 10000}, "limit"),
    ({"limit": 0}, "limit"),
    ({"offset": -1}, "offset"),
    ({"modality": "maybe"}, "modality"),
    ({"countryy": "RUS"}, "countryy"),
    ({"since": "2022-03-05", "until": "2022-03-01"}, "after"),
])
def test_invalid_filters_get_422_with_reason(client, params, names):
    response = client.get("/api/events", params=params)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert isinstance(detail, str) and names in detail


# -- one event, documents, actors, stats -----------------------------------------------------


def test_event_detail_has_mentions_and_document(client):
    body = client.get("/api/events/" + quote("d-blr#0:COERCE", safe="")).json()
    assert body["event"]["event_id"] == "d-blr#0:COERCE"
    [mention] = body["mentions"]
    assert mention["doc_id"] == "d-blr" and mention["title"] == "Minsk arrests"
    assert mention["url"] == "https://example.org/minsk" and mention["published"] == "2020-08-31"
    assert mention["evidence"]["sentence"] == "Police arrested protesters in Minsk."
    assert body["document"]["doc_id"] == "d-blr" and body["document"]["source"] == "Wire A"


def test_unknown_ids_are_404_json(client):
    for path in ("/api/events/no-such-event", "/api/documents/no-such-doc", "/api/no-such-thing"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("application/json")
        assert response.json()["detail"]


def test_documents_list_and_detail(client):
    page = client.get("/api/documents", params={"limit": 2}).json()
    assert page["total"] == 6 and len(page["documents"]) == 2
    assert "text" not in page["documents"][0]
    one = client.get("/api/documents/d-real").json()
    assert one["document"]["text"] == REAL_TEXT
    assert one["events"] and all(e["doc_id"] == "d-real" for e in one["events"])


def test_actors_search(client):
    actors = client.get("/api/actors", params={"q": "BLRCOP"}).json()["actors"]
    assert actors and all("BLRCOP" in (a["code"] or "") for a in actors)


def test_stats_counts(client):
    stats = client.get("/api/stats").json()
    assert stats["documents"] == 6
    assert stats["by_type"]["ASSAULT"] == 1
    assert stats["events"] == sum(stats["by_type"].values())


def test_real_coded_document_is_served(client):
    events = client.get("/api/events", params={"country": "BLR", "q": "140"}).json()["events"]
    assert any(e["event_type"] == "COERCE" and e["doc_id"] == "d-real" for e in events)


# -- analysis endpoints ---------------------------------------------------------------------


def test_series_counts_dyad_per_period(client):
    rows = client.get("/api/series", params={"source": "USA", "target": "RUS",
                                             "by": "month"}).json()["rows"]
    assert [r["period"] for r in rows] == ["2022-03-01"]
    assert rows[0]["events"] == 1 and rows[0]["quad4"] == 1 and rows[0]["goldstein_mean"] == -8.0


def test_series_rejects_bad_period_and_actor(client):
    assert client.get("/api/series", params={"source": "USA", "target": "RUS",
                                             "by": "hour"}).status_code == 422
    assert client.get("/api/series", params={"source": "usa", "target": "RUS"}).status_code == 422
    assert client.get("/api/series", params={"target": "RUS"}).status_code == 422


def test_timeline_filters_by_type_and_fills_gaps(client):
    rows = client.get("/api/timeline", params={"by": "day", "type": "ASSAULT,SANCTION"}).json()["rows"]
    assert rows[0]["period"] == "2022-03-01" and rows[-1]["period"] == "2022-03-04"
    assert len(rows) == 4 and sum(r["events"] for r in rows) == 2
    assert rows[1]["events"] == 0 and rows[1]["goldstein_mean"] is None
    one = client.get("/api/timeline", params={"source": "RUS", "target": "UKR"}).json()["rows"]
    assert sum(r["events"] for r in one) == 1 and one[0]["quad4"] == 1


def test_timeline_of_a_dyad_matches_the_dyad_series(client):
    for source, target in (("USA", "RUS"), ("BLRCOP", "BLRCVL")):
        params = {"source": source, "target": target, "by": "week"}
        timeline = client.get("/api/timeline", params=params).json()["rows"]
        series = client.get("/api/series", params=params).json()["rows"]
        assert timeline == series and timeline


def test_alerts_network_and_map(client):
    alerts = client.get("/api/alerts", params={"window": "7d"}).json()
    assert alerts["window_days"] == 7 and isinstance(alerts["alerts"], list)
    assert client.get("/api/alerts", params={"window": "soon"}).status_code == 422
    net = client.get("/api/network", params={"limit": 50}).json()
    edges = {(e["source"], e["target"]): e for e in net["edges"]}
    assert edges[("USAGOV", "RUSGOV")]["events"] == 1
    assert {"USAGOV", "RUSGOV"} <= {n["id"] for n in net["nodes"]}
    points = client.get("/api/map", params={"type": "ASSAULT"}).json()["points"]
    assert points == [{"event_id": "d-rus#0:ASSAULT", "lat": 49.99, "lon": 36.23,
                       "type": "ASSAULT", "quad_class": 4, "place": "Kharkiv",
                       "date": "2022-03-01"}]
    assert client.get("/api/map", params={"limit": 5000}).status_code == 200


# -- writing and coding ---------------------------------------------------------------------


def test_writes_refused_without_server_token(db_url, pipeline):
    with _client(db_url, pipeline, token=None) as c:
        response = c.post("/api/documents", json={"text": "x"}, headers=AUTH)
    assert response.status_code == 403 and "--token" in response.json()["detail"]


def test_write_token_rules(client):
    body = {"text": "Police detained a journalist in Minsk."}
    missing = client.post("/api/documents", json=body)
    assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
    wrong = client.post("/api/documents", json=body, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403 and wrong.json()["detail"] == "wrong token"


def test_post_document_codes_stores_and_is_idempotent(client):
    text = "Ukrainian police arrested 30 protesters in Kyiv on Monday."
    body = {"text": text, "published": "2023-05-02", "title": "Kyiv", "id": "posted-1"}
    first = client.post("/api/documents", json=body, headers=AUTH)
    assert first.status_code == 201, first.text
    assert first.json()["doc_id"] == "posted-1" and first.json()["stored"] is True
    assert first.json()["events"], "the pipeline should find the arrest"
    again = client.post("/api/documents", json=body, headers=AUTH)
    assert again.status_code == 200 and again.json()["stored"] is False
    assert [e["event_id"] for e in again.json()["events"]] == \
        [e["event_id"] for e in first.json()["events"]]
    stored = client.get("/api/documents/posted-1").json()
    assert stored["document"]["title"] == "Kyiv" and len(stored["events"]) == len(first.json()["events"])


def test_post_code_returns_events_and_stores_nothing(client):
    before = client.get("/api/stats").json()["documents"]
    response = client.post("/api/code", json={"text": REAL_TEXT + " Again.", "published": "2020-08-31"})
    assert response.status_code == 200
    events = response.json()["events"]
    assert any(e["event_type"] == "COERCE" and e["source"]["country"] == "BLR" for e in events)
    assert client.get("/api/stats").json()["documents"] == before


@pytest.mark.parametrize("path, limit", [("/api/code", MAX_CODE_BYTES),
                                          ("/api/documents", MAX_DOCUMENT_BYTES)])
def test_too_long_texts_are_413(client, path, limit):
    response = client.post(path, json={"text": "a" * (limit + 1)}, headers=AUTH)
    assert response.status_code == 413 and str(limit) in response.json()["detail"]


def test_huge_request_body_is_refused_before_parsing(client):
    body = b'{"text": "' + b"a" * (9 * MAX_DOCUMENT_BYTES) + b'"}'
    response = client.post("/api/code", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 413


def test_bad_bodies_are_422(client):
    assert client.post("/api/code", json={"text": ""}).status_code == 422
    response = client.post("/api/code", json={"text": "x", "published": "31/08/2020"})
    assert response.status_code == 422 and "published" in response.json()["detail"]


def test_read_token_required(db_url, pipeline):
    with _client(db_url, pipeline, read_token_required=True) as c:
        assert c.get("/api/events").status_code == 401
        assert c.get("/api/events", headers={"Authorization": "Bearer x"}).status_code == 403
        assert c.get("/api/events", headers=AUTH).status_code == 200
        assert c.post("/api/code", json={"text": "x"}).status_code == 401
        # the page itself loads, so that the user can type the token in
        assert c.get("/").status_code == 200


# -- hostile text, docs, dashboard ------------------------------------------------------------


def test_script_in_a_report_round_trips_as_literal_text(client):
    response = client.get("/api/events/" + quote("d-xss#0:COERCE", safe=""))
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-content-type-options"] == "nosniff"
    body = response.json()
    assert body["event"]["evidence"]["sentence"] == HOSTILE
    assert body["document"]["text"] == HOSTILE
    assert body["mentions"][0]["source"] == "<script>alert(2)</script>"
    assert "<script>alert(1)</script>" in json.loads(response.text)["document"]["text"]
    listed = client.get("/api/events", params={"q": "<script>"}).json()["events"]
    assert [e["evidence"]["sentence"] for e in listed] == [HOSTILE]


def test_docs_work_offline(client):
    page = client.get("/docs")
    assert page.status_code == 200
    urls = re.findall(r"""(?:src|href|url)\s*[:=]\s*['"]([^'"]+)""", page.text)
    assert urls and all(u.startswith("/") for u in urls), urls
    for url in urls:
        assert client.get(url).status_code == 200, url
    schema = client.get("/api/openapi.json").json()
    assert "/api/events" in schema["paths"] and "/api/documents" in schema["paths"]


def test_dashboard_is_served_at_root(client):
    page = client.get("/")
    assert page.status_code == 200 and "tacitus" in page.text
