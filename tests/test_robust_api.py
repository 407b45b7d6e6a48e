"""The server under hostile requests: Host header, NUL, extreme dates, chunked bodies,
error bodies that match the published schema, and the same answers on both backends."""

from __future__ import annotations

import os
import re
import warnings

import pytest
from sqlalchemy import text

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from test_api import _fill

from tacitus.api import create_app
from tacitus.api.models import MAX_DOCUMENT_BYTES
from tacitus.store import Store

PG_URL = os.environ.get("TACITUS_TEST_PG_URL")
BACKENDS = ["sqlite", pytest.param("postgresql", marks=[
    pytest.mark.postgres, pytest.mark.skipif(not PG_URL, reason="TACITUS_TEST_PG_URL not set")])]


def _no_pipeline():
    raise AssertionError("these tests code nothing")


@pytest.fixture(scope="module", params=BACKENDS)
def db_url(request, tmp_path_factory) -> str:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('robust') / 'events.db'}"
    else:
        url = PG_URL
        with Store(url) as store, store.connect(write=True) as conn:
            conn.execute(text("TRUNCATE mentions, events, actors, documents"))
    with Store(url) as store:
        _fill(store)
    return url


@pytest.fixture(scope="module")
def client(db_url):
    app = create_app(db_url, "tok", pipeline_factory=_no_pipeline)
    with TestClient(app, base_url="http://localhost") as c:
        yield c


@pytest.mark.parametrize("path", [
    "/api/events?q=%00", "/api/events?q=a%00b", "/api/actors?q=%00", "/api/map?q=%00",
    "/api/events/%00", "/api/documents/x%00", "/api/events?mode=%00",
])
def test_nul_in_any_parameter_is_a_bad_request_not_a_database_outage(client, path):
    response = client.get(path)
    assert response.status_code == 422
    assert "NUL" in response.json()["detail"]
    assert client.get("/api/stats").status_code == 200  # the database is fine


@pytest.mark.parametrize("path", [
    "/api/series?source=RUS&target=UKR&since=9999-12-01&until=9999-12-31",
    "/api/series?source=RUS&target=UKR&by=week&since=9999-12-01&until=9999-12-31",
    "/api/series?source=RUS&target=UKR&by=month&since=9999-12-01&until=9999-12-31",
    "/api/series?source=RUS&target=UKR&by=year&since=9990-01-01&until=9999-12-31",
])
def test_series_reaching_the_last_representable_day(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert response.json()["rows"][-1]["period"].startswith("9999")


@pytest.mark.parametrize("path", [
    "/api/timeline?by=day&since=0001-01-01&until=9999-12-31",
    "/api/timeline?by=day&until=9999-12-31",
    "/api/series?source=RUS&target=UKR&by=day&since=0001-01-01&until=9999-12-31",
    "/api/series?source=RUS&target=UKR&by=week&since=0001-01-01&until=9999-12-31",
])
def test_huge_day_ranges_are_refused_by_their_length(client, path):
    response = client.get(path)
    assert response.status_code == 422
    assert "too many" in response.json()["detail"]


def test_unknown_host_is_refused(db_url):
    # DNS rebinding: a page on evil.example points its name at 127.0.0.1
    app = create_app(db_url, None, pipeline_factory=_no_pipeline)
    with TestClient(app, base_url="http://evil.example:8000") as c:
        response = c.get("/api/events")
        assert response.status_code == 400 and "evil.example" in response.json()["detail"]
    for host in ("localhost:8000", "127.0.0.1", "[::1]:8000"):
        with TestClient(app, base_url=f"http://{host}") as c:
            assert c.get("/api/stats").status_code == 200, host
    open_app = create_app(db_url, None, pipeline_factory=_no_pipeline, allowed_hosts=["*"])
    with TestClient(open_app, base_url="http://any.example") as c:
        assert c.get("/api/stats").status_code == 200


def test_responses_carry_a_content_security_policy(client):
    for path in ("/", "/api/events", "/api/nowhere"):
        policy = client.get(path).headers["content-security-policy"]
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy


def test_oversized_chunked_body_is_413(client):
    def chunks():
        for _ in range(10):
            yield b"a" * MAX_DOCUMENT_BYTES
    response = client.post("/api/code", content=chunks(),
                           headers={"Content-Type": "application/json"})
    assert response.status_code == 413


def test_small_chunked_body_still_reaches_the_route(client):
    def chunks():
        yield b'{"text": '
        yield b'""}'
    response = client.post("/api/code", content=chunks(),
                           headers={"Content-Type": "application/json"})
    assert response.status_code == 422 and "text" in response.json()["detail"]


def test_422_bodies_match_the_openapi_schema(client):
    schema = client.get("/api/openapi.json").json()
    declared = schema["paths"]["/api/events"]["get"]["responses"]["422"]["content"]
    ref = declared["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    model = schema["components"]["schemas"][ref]
    body = client.get("/api/events?limit=-1").json()
    assert set(body) <= set(model["properties"]) and set(model["required"]) <= set(body)
    assert isinstance(body["detail"], str) and all(isinstance(e, str) for e in body["errors"])


def test_serve_answers_to_local_names_and_the_ones_given():
    from tacitus.cli.serve import allowed_hosts

    local = allowed_hosts("127.0.0.1", [])
    assert "localhost" in local and "testserver" not in local and "*" not in local
    assert "news.example.org" in allowed_hosts("127.0.0.1", ["news.example.org"])
    assert "10.0.0.5" in allowed_hosts("10.0.0.5", [])
    assert allowed_hosts("0.0.0.0", []) == ["*"]


def test_a_known_path_with_an_undeclared_method_is_405_naming_the_allowed(client):
    response = client.put("/api/actors", headers={"Authorization": "Bearer tok"})
    assert response.status_code == 405 and response.headers["allow"] == "GET"
    assert client.put("/api/nothing-here").status_code == 404


@pytest.mark.parametrize("method, path, allow", [
    ("options", "/api/code", "POST"), ("options", "/api/events", "GET"),
    ("options", "/api/reviews/3", "DELETE, PUT"), ("put", "/api/reviews/add", "POST"),
])
def test_allow_names_the_methods_of_that_path(client, method, path, allow):
    # OPTIONS fell through to the dashboard's files ("Allow: GET, HEAD" on a POST-only
    # path) and PUT /api/reviews/add reached PUT /api/reviews/{review_id} with id "add"
    response = client.request(method.upper(), path, headers={"Authorization": "Bearer tok"},
                              json={"action": "reject"} if method == "put" else None)
    assert response.status_code == 405 and response.headers["allow"] == allow


@pytest.mark.parametrize("path", [
    "/api/network?until=0", "/api/events?since=2020", "/api/timeline?since=20200101",
    "/api/series?source=RUS&target=UKR&until=1700000000", "/api/map?since=2020-02-30",
])
def test_a_date_is_yyyy_mm_dd_not_a_timestamp(client, path):
    # pydantic's lax dates read 2020 as a Unix timestamp (1970-01-01): a silently wider answer
    response = client.get(path)
    assert response.status_code == 422 and "YYYY-MM-DD" in response.json()["detail"]


def test_an_empty_date_is_no_date_and_the_schema_says_so(client):
    assert client.get("/api/events?since=&until=").json()["total"] == client.get(
        "/api/events").json()["total"]
    schema = client.get("/api/openapi.json").json()
    since = next(p for p in schema["paths"]["/api/events"]["get"]["parameters"]
                 if p["name"] == "since")["schema"]
    assert {"type": "string", "maxLength": 0} in since["anyOf"]


def test_a_body_date_is_yyyy_mm_dd(client):
    response = client.post("/api/documents", headers={"Authorization": "Bearer tok"},
                           json={"text": "x", "published": 0})
    assert response.status_code == 422 and "published" in response.json()["detail"]


def test_a_dyad_is_two_countries_in_the_schema_too(client):
    schema = client.get("/api/openapi.json").json()
    dyad = next(p for p in schema["paths"]["/api/events"]["get"]["parameters"]
                if p["name"] == "dyad")["schema"]["pattern"]
    assert re.fullmatch(dyad, "RUS,UKR") and re.fullmatch(dyad, "")
    assert not re.fullmatch(dyad, "Y") and not re.fullmatch(dyad, "RUS")
    assert client.get("/api/events?dyad=Y").status_code == 422


@pytest.mark.parametrize("request_args", [
    ("put", "/api/reviews/99999999999999999999999", {"json": {"action": "reject"}}),
    ("delete", "/api/reviews/99999999999999999999999", {}),
    ("get", "/api/review/queue?merged=true", {}),
    ("get", "/api/review/queue?merged=maybe", {}),
])
def test_values_past_what_the_server_handles_are_422_not_500(client, request_args):
    method, path, kwargs = request_args
    response = getattr(client, method)(path, headers={"Authorization": "Bearer tok"}, **kwargs)
    assert response.status_code == 422, response.text


def test_the_schema_describes_what_the_server_does(client):
    schema = client.get("/api/openapi.json").json()
    events = schema["paths"]["/api/events"]["get"]
    assert {} in events["security"]                        # reads are open by default
    post = schema["paths"]["/api/documents"]["post"]
    assert {} not in post["security"] and {"201", "401", "413"} <= set(post["responses"])
    mode = next(p for p in events["parameters"] if p["name"] == "mode")["schema"]["anyOf"][0]
    assert "riot" in mode["enum"]
    assert client.get("/api/events", params={"mode": mode["enum"][0]}).status_code == 200
    export = schema["paths"]["/api/export"]["get"]["responses"]["200"]["content"]
    assert "text/csv" in export


def test_the_review_queue_takes_merged_false(client):
    assert client.get("/api/review/queue?merged=false").status_code == 200


def test_a_review_of_an_unknown_event_or_document_is_404(client):
    auth = {"Authorization": "Bearer tok"}
    response = client.post("/api/reviews", headers=auth,
                           json={"event_id": "no-such-event", "action": "reject"})
    assert response.status_code == 404 and "no event" in response.json()["detail"]
    response = client.post("/api/reviews/add", headers=auth, json={
        "doc_id": "no-such-doc", "start": 0, "end": 3, "changes": {"event_type": "PROTEST"}})
    assert response.status_code == 404 and "no document" in response.json()["detail"]


def test_an_added_event_needs_its_type_in_the_schema_too(client):
    response = client.post("/api/reviews/add", headers={"Authorization": "Bearer tok"},
                           json={"doc_id": "d-blr", "start": 0, "end": 6, "changes": {}})
    assert response.status_code == 422 and "event_type" in response.json()["detail"]
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]
    assert "event_type" in schema["AddedEvent"]["required"]
    assert "PROTEST" in schema["AddedEvent"]["properties"]["event_type"]["enum"]


@pytest.mark.parametrize("path, body", [
    ("/api/reviews", {"event_id": "d-blr\x00", "action": "confirm"}),
    ("/api/reviews/add", {"doc_id": "d-\x00", "start": 0, "end": 6,
                          "changes": {"event_type": "PROTEST"}}),
])
def test_nul_in_a_review_body_is_not_a_database_outage(client, path, body):
    # PostgreSQL answered 503 (it cannot look up NUL); as in documents, NUL becomes U+FFFD
    response = client.post(path, headers={"Authorization": "Bearer tok"}, json=body)
    assert response.status_code == 404, response.text
    assert client.get("/api/stats").status_code == 200
