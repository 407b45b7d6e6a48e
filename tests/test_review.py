"""The review desk: reviews kept apart from the coder's output, read everywhere, surviving
re-coding, exported as gold that `tacitus eval` scores, agreement figures, the queue, and
the API's token and ownership rules.

Hand-made events keep every expected answer known; one test codes a real report with the
pipeline for the gold round trip and the `tacitus recode` command.
"""

from __future__ import annotations

import json
import os
import warnings
from datetime import date
from urllib.parse import quote

import pytest
from typer.testing import CliRunner

from tacitus.cli.main import app
from tacitus.records import Actor, Count, Document, Event, Evidence, Location, Quantities
from tacitus.review import (
    Correction,
    NotYourReview,
    ReviewError,
    add_event,
    delete_review,
    list_reviews,
    review_event,
    update_review,
)
from tacitus.review.gold import gold_documents, write_gold
from tacitus.review.queue import queue
from tacitus.review.recode import recode
from tacitus.review.stats import agreement
from tacitus.store import Store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

runner = CliRunner()
TEXT = ("Police detained 40 students in Grodno on Monday. "
        "Dock workers walked out in Gdansk over pay.")


def _event(event_type="COERCE", mode="arrest", date_=date(2025, 3, 10), arrests=40,
           confidence=0.4, doc_id="r1") -> Event:
    i = TEXT.index("detained")
    sentence = TEXT[:TEXT.index(".") + 1]
    return Event(
        event_id=f"{doc_id}#{i}:{event_type}", doc_id=doc_id, published=date(2025, 3, 11),
        date=date_, date_precision="day", event_type=event_type, mode=mode, cameo="173",
        goldstein=-5.0, quad_class=4,
        source=Actor(text="Police", country="BLR", sector="COP", code="BLRCOP", start=0, end=6),
        target=Actor(text="40 students", country="BLR", sector="EDU", code="BLREDU"),
        location=Location(name="Grodno", country="BLR", lat=53.68, lon=23.83),
        quantities=Quantities(arrests=Count(min=arrests, max=arrests)),
        evidence=Evidence(sentence=sentence, start=0, end=len(sentence), trigger="detained",
                          trigger_start=i, trigger_end=i + 8),
        confidence=confidence)


def _other(doc_id="r1") -> Event:
    i = TEXT.index("walked")
    start = TEXT.index("Dock")
    return Event(
        event_id=f"{doc_id}#{i}:PROTEST", doc_id=doc_id, published=date(2025, 3, 11),
        event_type="PROTEST", mode="strike", cameo="143",
        source=Actor(text="Dock workers", country="POL", sector="LAB", code="POLLAB"),
        evidence=Evidence(sentence=TEXT[start:], start=start, end=len(TEXT), trigger="walked"),
        confidence=0.9)


@pytest.fixture
def store(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'r.db'}")
    s.add(Document(doc_id="r1", text=TEXT, published=date(2025, 3, 11)), [_event(), _other()])
    yield s
    s.close()


def test_a_correction_is_read_everywhere_and_never_overwrites_the_coder(store):
    coder_id = _event().event_id
    made = review_event(store, coder_id, "ana", "correct",
                        Correction(event_type="ASSAULT", arrests=41, target_sector="CVL"),
                        note="beaten, not detained")
    assert made["before"]["event_type"] == "COERCE" and made["after"]["event_type"] == "ASSAULT"
    assert set(made["changed"]) >= {"event_type", "arrests", "target_sector"}
    reviewed = store.event(coder_id)
    assert reviewed.reviewed and reviewed.event_type == "ASSAULT"
    assert reviewed.quantities.arrests.min == 41 and reviewed.target.code == "BLRCVL"
    assert reviewed.cameo != "173" and reviewed.quad_class == 4   # codes re-derived
    raw = store.event(coder_id, raw=True)
    assert not raw.reviewed and raw.event_type == "COERCE" and raw.quantities.arrests.min == 40
    # filters see the reviewed values; raw sees the coder's
    assert [e.event_id for e in store.events(event_type="ASSAULT")] == [coder_id]
    assert store.count_events(event_type="COERCE") == 0
    assert store.count_events(event_type="COERCE", raw=True) == 1
    assert store.count_events(reviewed=True) == 1 and store.count_events(reviewed=False) == 1


def test_events_and_export_commands_show_reviewed_values_and_raw_on_request(store, tmp_path):
    review_event(store, _event().event_id, "ana", "correct", Correction(event_type="ASSAULT"))
    result = runner.invoke(app, ["events", "--db", store.url, "-f", "jsonl"])
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert {(r["event_type"], r["reviewed"]) for r in rows} == {("ASSAULT", True),
                                                                 ("PROTEST", False)}
    result = runner.invoke(app, ["events", "--db", store.url, "-f", "jsonl", "--raw"])
    assert {json.loads(x)["event_type"] for x in result.stdout.splitlines() if x.strip()} \
        == {"COERCE", "PROTEST"}
    out = tmp_path / "e.csv"
    runner.invoke(app, ["export", "--db", store.url, "-f", "csv", "-o", str(out)])
    import csv

    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {(r["event_type"], r["reviewed"]) for r in rows} == {("ASSAULT", "true"),
                                                                 ("PROTEST", "false")}


def test_reject_hides_an_event_and_add_creates_one_from_selected_words(store):
    review_event(store, _other().event_id, "ana", "reject", note="not a strike")
    assert store.count_events() == 1 and store.count_events(raw=True) == 2
    start = TEXT.index("walked out")
    made = add_event(store, "r1", start, start + len("walked out"), "ana",
                     Correction(event_type="PROTEST", mode="strike", source_country="POL",
                                source_sector="LAB", place="Gdansk"))
    assert made["event_id"] == f"r1#{start}:PROTEST" and made["action"] == "add"
    added = store.event(made["event_id"])
    assert added.reviewed and added.evidence.trigger == "walked out"
    assert added.evidence.sentence == "Dock workers walked out in Gdansk over pay."
    assert added.location.country == "POL" and added.location.lat is not None
    assert added.source.code == "POLLAB"
    with pytest.raises(ReviewError):
        add_event(store, "r1", 5, 5, "ana", Correction(event_type="PROTEST"))
    with pytest.raises(ReviewError):
        add_event(store, "r1", 0, 6, "ana", Correction(mode="strike"))


def test_a_reviewer_cannot_change_or_delete_another_reviewers_record(store):
    ana = review_event(store, _event().event_id, "ana", "confirm")
    bob = review_event(store, _event().event_id, "bob", "correct", Correction(arrests=12))
    assert ana["review_id"] != bob["review_id"]
    with pytest.raises(NotYourReview):
        update_review(store, ana["review_id"], "bob", "reject")
    with pytest.raises(NotYourReview):
        delete_review(store, ana["review_id"], "bob")
    mine = {r["reviewer"]: r for r in list_reviews(store, event_id=_event().event_id)}
    assert mine["ana"]["action"] == "confirm" and mine["bob"]["after"]["arrests"] == 12
    # a reviewer's second review updates their own record, and nobody else's
    again = update_review(store, bob["review_id"], "bob", "reject")
    assert again["review_id"] == bob["review_id"] and again["action"] == "reject"
    delete_review(store, bob["review_id"], "bob")
    assert [r["reviewer"] for r in list_reviews(store)] == ["ana"]


def test_reviews_survive_recoding_and_disagreements_are_flagged(store):
    confirmed = review_event(store, _event().event_id, "ana", "confirm")
    review_event(store, _other().event_id, "ana", "confirm")

    def new_coder(docs):   # a coder that now finds 38 arrests, and misses the strike
        for doc in docs:
            yield doc, [_event(arrests=38)]

    summary = recode(store, new_coder)
    assert summary.documents == 1 and summary.events_before == 2 and summary.events_after == 1
    flagged = {r["event_id"]: r["conflict"] for r in summary.conflicts}
    assert "arrests" in flagged[_event().event_id]
    assert "no longer finds" in flagged[_other().event_id]
    # still attached to the same id, and the review still reads: 40 as confirmed
    assert list_reviews(store, event_id=_event().event_id)[0]["review_id"] == \
        confirmed["review_id"]
    assert store.event(_event().event_id).quantities.arrests.min == 40
    assert store.event(_event().event_id, raw=True).quantities.arrests.min == 38

    def same_again(docs):  # a re-coding that agrees with the reviews flags nothing
        for doc in docs:
            yield doc, [_event(), _other()]

    assert recode(store, same_again).conflicts == []


def test_gold_export_holds_only_fully_reviewed_documents(store, tmp_path):
    review_event(store, _event().event_id, "ana", "correct", Correction(arrests=41))
    assert list(gold_documents(store)) == []            # the strike is not reviewed yet
    assert len(list(gold_documents(store, partial=True))) == 1
    review_event(store, _other().event_id, "bob", "reject")
    docs, n_events = write_gold(store, tmp_path / "gold.jsonl")
    assert (docs, n_events) == (1, 1)
    gold = json.loads((tmp_path / "gold.jsonl").read_text())
    event = gold["events"][0]
    assert gold["text"] == TEXT and event["event_type"] == "COERCE"
    assert event["quantities"] == {"arrests": {"min": 41}}
    assert event["source"] == {"country": "BLR", "sector": "COP"}
    assert event["evidence"] in TEXT


def test_gold_jsonl_escapes_unicode_line_separators(monkeypatch, tmp_path):
    import tacitus.review.gold as gold_module

    doc = {"doc_id": "d", "published": None, "text": "One\u2028two\u2029three", "events": []}
    monkeypatch.setattr(gold_module, "gold_documents", lambda store, partial: iter([doc]))
    write_gold(None, tmp_path / "gold.jsonl")
    text = (tmp_path / "gold.jsonl").read_text(encoding="utf-8")
    assert len(text.splitlines()) == 1 and json.loads(text) == doc   # one record, one line


def test_stats_count_agreement_per_field_type_and_between_reviewers(store):
    review_event(store, _event().event_id, "ana", "correct", Correction(event_type="ASSAULT"))
    review_event(store, _event().event_id, "bob", "confirm")
    review_event(store, _other().event_id, "ana", "reject")
    figures = agreement(store)
    fields = figures["coder_reviewer"]["fields"]
    assert fields["event_type"] == {"agree": 1, "n": 2, "rate": 0.5}
    assert fields["arrests"]["rate"] == 1.0
    types = figures["coder_reviewer"]["types"]
    assert types["COERCE"]["corrected"] == 1 and types["COERCE"]["confirmed"] == 1
    assert types["PROTEST"]["rejected"] == 1 and types["PROTEST"]["type_precision"] == 0.0
    between = figures["reviewer_reviewer"]
    assert between["pairs"] == 1 and between["keep_or_reject"]["rate"] == 1.0
    assert between["fields"]["event_type"]["rate"] == 0.0


def test_queue_puts_low_confidence_first_samples_reproducibly_and_filters(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'q.db'}")
    for n in range(12):
        doc = Document(doc_id=f"q{n}", text=f"{TEXT} ({n})")
        s.add(doc, [_event(doc_id=f"q{n}", confidence=n / 20), _other(doc_id=f"q{n}")])
    first = queue(s, limit=3)
    assert [e["confidence"] for e in first["events"]] == [0.0, 0.05, 0.1]
    assert first["total"] == 24
    review_event(s, first["events"][0]["event_id"], "ana", "confirm")
    assert queue(s, limit=3)["total"] == 23
    one = queue(s, sample=5, seed=7)["events"]
    assert [e["event_id"] for e in one] == [e["event_id"] for e in
                                            queue(s, sample=5, seed=7)["events"]]
    assert len({e["event_id"] for e in one}) == 5
    protests = queue(s, {"event_type": "PROTEST"}, limit=50)
    assert protests["total"] == 12 and {e["event_type"] for e in protests["events"]} == {"PROTEST"}
    # a second opinion: ana's reviewed event is still in bob's queue
    assert queue(s, reviewer="bob", limit=50)["total"] == 24
    s.close()


def test_cli_review_commands(store, tmp_path):
    db = ["--db", store.url]
    env = {"TACITUS_REVIEWER": "carla"}
    done = runner.invoke(app, ["review", "correct", _event().event_id, "--set",
                               "event_type=ASSAULT", "--set", "arrests=", *db], env=env)
    assert done.exit_code == 0, done.output
    assert store.event(_event().event_id).quantities.arrests is None
    bad = runner.invoke(app, ["review", "correct", _event().event_id, "--set",
                              "event_type=RIOT", *db], env=env)
    assert bad.exit_code != 0 and "unknown event type" in bad.output
    missing = runner.invoke(app, ["review", "confirm", "nope#1:PROTEST", *db], env=env)
    assert missing.exit_code == 1 and "no event with id" in missing.output
    added = runner.invoke(app, ["review", "add", "r1", "out", "--type", "PROTEST",
                                "--set", "mode=strike", *db], env=env)
    assert added.exit_code == 0, added.output
    runner.invoke(app, ["review", "reject", _other().event_id, *db], env=env)
    listed = runner.invoke(app, ["review", "list", "--json", *db])
    assert {json.loads(x)["action"] for x in listed.stdout.splitlines()} == \
        {"correct", "add", "reject"}
    stats = runner.invoke(app, ["review", "stats", "--json", *db])
    assert json.loads(stats.stdout)["reviewers"] == ["carla"]
    gold = tmp_path / "gold.jsonl"
    exported = runner.invoke(app, ["review", "export", "-o", str(gold), *db])
    assert exported.exit_code == 0 and len(gold.read_text().splitlines()) == 1
    queued = runner.invoke(app, ["review", "queue", "-f", "jsonl", *db])
    assert queued.exit_code == 0 and queued.stdout.strip() == ""   # all reviewed


# -- the API ------------------------------------------------------------------------------

TOKEN_ANA = "ana-token-123"
TOKEN_BOB = "bob-token-456"


@pytest.fixture
def client(store):
    from tacitus.api import create_app

    api = create_app(store.url, "editor-token-0", reviewers={TOKEN_ANA: "ana",
                                                              TOKEN_BOB: "bob"})
    with TestClient(api) as c:
        yield c


def _auth(token):
    return {"Authorization": f"Bearer {token}"}


def test_api_review_writes_need_a_token_and_record_the_tokens_reviewer(client):
    body = {"event_id": _event().event_id, "action": "correct",
            "changes": {"event_type": "ASSAULT"}}
    assert client.post("/api/reviews", json=body).status_code == 401
    assert client.post("/api/reviews", json=body, headers=_auth("wrong")).status_code == 403
    made = client.post("/api/reviews", json=body, headers=_auth(TOKEN_ANA))
    assert made.status_code == 201 and made.json()["reviewer"] == "ana"
    # the body cannot name another reviewer
    assert client.post("/api/reviews", json={**body, "reviewer": "bob"},
                       headers=_auth(TOKEN_ANA)).status_code == 422
    review_id = made.json()["review_id"]
    assert client.put(f"/api/reviews/{review_id}", json={"action": "reject"},
                      headers=_auth(TOKEN_BOB)).status_code == 403
    assert client.delete(f"/api/reviews/{review_id}",
                         headers=_auth(TOKEN_BOB)).status_code == 403
    assert client.put(f"/api/reviews/{review_id}", json={"action": "confirm"},
                      headers=_auth(TOKEN_ANA)).status_code == 200
    assert client.get("/api/whoami", headers=_auth(TOKEN_BOB)).json() == {"reviewer": "bob"}


def test_api_events_show_reviews_and_raw_and_the_reviewed_filter(client):
    client.post("/api/reviews", headers=_auth(TOKEN_ANA), json={
        "event_id": _event().event_id, "action": "correct",
        "changes": {"event_type": "ASSAULT", "date": "2025-03-09"}})
    events = client.get("/api/events").json()["events"]
    assert {(e["event_type"], e["reviewed"]) for e in events} == {("ASSAULT", True),
                                                                   ("PROTEST", False)}
    raw = client.get("/api/events", params={"raw": "true"}).json()["events"]
    assert {e["event_type"] for e in raw} == {"COERCE", "PROTEST"}
    assert client.get("/api/events", params={"reviewed": "false"}).json()["total"] == 1
    one = client.get(f"/api/events/{quote(_event().event_id, safe='')}").json()
    assert one["event"]["date"] == "2025-03-09" and one["reviews"][0]["reviewer"] == "ana"
    assert client.get(f"/api/events/{quote(_event().event_id, safe='')}",
                      params={"raw": "true"}).json()["event"]["event_type"] == "COERCE"
    added = client.post("/api/reviews/add", headers=_auth(TOKEN_BOB), json={
        "doc_id": "r1", "start": TEXT.index("walked"), "end": TEXT.index("walked") + 6,
        "changes": {"event_type": "PROTEST", "mode": "strike"}})
    assert added.status_code == 201 and added.json()["reviewer"] == "bob"


def test_api_queue_stats_gold_and_downloads(client):
    queued = client.get("/api/review/queue", params={"limit": 1}).json()
    assert queued["total"] == 2 and queued["events"][0]["confidence"] == 0.4
    assert client.get("/api/review/queue", params={"type": "NOPE"}).status_code == 422
    for event_id in (_event().event_id, _other().event_id):
        client.post("/api/reviews", headers=_auth(TOKEN_ANA),
                    json={"event_id": event_id, "action": "confirm"})
    assert client.get("/api/review/stats").json()["actions"]["confirm"] == 2
    gold = client.get("/api/review/gold")
    assert gold.status_code == 200 and json.loads(gold.text)["doc_id"] == "r1"
    csv = client.get("/api/export", params={"format": "csv", "type": "PROTEST"})
    assert csv.status_code == 200 and "attachment" in csv.headers["content-disposition"]
    lines = csv.text.strip().splitlines()
    assert len(lines) == 2 and "PROTEST" in lines[1]
    jsonl = client.get("/api/export", params={"format": "jsonl"}).text.strip().splitlines()
    assert len(jsonl) == 2 and all(json.loads(x)["reviewed"] for x in jsonl)
    for fmt in ("gdelt", "acled"):
        assert client.get("/api/export", params={"format": fmt}).status_code == 200
    assert client.get("/api/export", params={"format": "xml"}).status_code == 422


# -- PostgreSQL ----------------------------------------------------------------------------

@pytest.mark.skipif(not os.environ.get("TACITUS_TEST_PG_URL"), reason="TACITUS_TEST_PG_URL unset")
def test_reviewed_view_on_postgresql():
    from tacitus.store.schema import metadata

    url = os.environ["TACITUS_TEST_PG_URL"]
    s = Store(url)
    with s.connect(write=True) as conn:
        for table in reversed(metadata.sorted_tables):
            conn.execute(table.delete())
    s.add(Document(doc_id="r1", text=TEXT), [_event(), _other()])
    review_event(s, _event().event_id, "ana", "correct", Correction(event_type="ASSAULT"))
    review_event(s, _other().event_id, "ana", "reject")
    assert [e.event_type for e in s.events()] == ["ASSAULT"]
    assert s.count_events(raw=True) == 2 and s.count_events(text="detained") == 1
    assert agreement(s)["actions"]["reject"] == 1
    s.close()


# -- with the real coder: gold round trip and `tacitus recode` ------------------------------

REPORT = ("Riot police arrested 25 farmers in Lyon on Tuesday, officials said. "
          "Hundreds of nurses marched through Marseille to demand higher wages.")


def test_reviewed_gold_round_trips_through_tacitus_eval_and_recode(tmp_path):
    db = f"sqlite:///{tmp_path / 'real.db'}"
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    ingested = runner.invoke(app, ["ingest", str(report), "--db", db, "--published",
                                   "2025-05-07", "-q"])
    assert ingested.exit_code == 0, ingested.output
    with Store(db) as store:
        coded = store.events(raw=True)
    assert len(coded) >= 2
    env = {"TACITUS_REVIEWER": "dana"}
    for event in coded:
        done = runner.invoke(app, ["review", "confirm", event.event_id, "--db", db], env=env)
        assert done.exit_code == 0, done.output
    gold = tmp_path / "gold.jsonl"
    assert runner.invoke(app, ["review", "export", "-o", str(gold), "--db", db]).exit_code == 0
    scored = runner.invoke(app, ["eval", str(gold), "--json"])
    assert scored.exit_code == 0, scored.output
    report_json = json.loads(scored.stdout)
    # the coder agrees with a gold that confirms all it found
    assert report_json["gold_events"] == len(coded)
    assert report_json["events"]["precision"] == report_json["events"]["recall"] == 1.0

    # a corrected type is a disagreement `tacitus eval` now measures
    first = coded[0]
    other = "SUPPORT" if first.event_type != "SUPPORT" else "AGREE"
    runner.invoke(app, ["review", "correct", first.event_id, "--set", f"event_type={other}",
                        "--db", db], env=env)
    runner.invoke(app, ["review", "export", "-o", str(gold), "--db", db])
    rescored = json.loads(runner.invoke(app, ["eval", str(gold), "--json"]).stdout)
    assert rescored["events"]["recall"] < 1.0

    # re-coding with the same coder keeps every review attached and flags nothing new
    recoded = runner.invoke(app, ["recode", "--db", db])
    assert recoded.exit_code == 0, recoded.output
    assert "0 reviews now disagree" in recoded.output
    with Store(db) as store:
        assert store.event(first.event_id).event_type == other
        assert len(list_reviews(store)) == len(coded)


def test_the_reviewed_view_pages_and_sorts_like_the_plain_one(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'p.db'}")
    for n in range(15):
        doc = Document(doc_id=f"p{n:02d}", text=f"{TEXT} ({n})")
        s.add(doc, [_event(doc_id=doc.doc_id, date_=date(2025, 1, 1 + n),
                           confidence=(n * 7 % 15) / 15)])
    for n in (2, 5, 11):   # move three events in time, reject one
        review_event(s, f"p{n:02d}#7:COERCE", "ana", "correct",
                     Correction(date=date(2025, 2, n)))
    review_event(s, "p08#7:COERCE", "ana", "reject")
    for order in ("date_desc", "date_asc", "confidence_asc", "confidence_desc",
                  "mentions_desc"):
        whole = s.events(order=order)
        assert len(whole) == s.count_events() == 14
        pages = [e for off in range(0, 14, 4) for e in s.events(order=order, limit=4, offset=off)]
        assert [e.event_id for e in pages] == [e.event_id for e in whole], order
    dates = [e.date for e in s.events(order="date_asc")]
    assert dates == sorted(dates) and dates[-1] == date(2025, 2, 11)
    assert s.count_events(since="2025-02-01") == 3
    s.close()
