"""Merging mentions of one real-world event across documents and outlets (tacitus.dedup)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from typer.testing import CliRunner

from tacitus.dedup import MergedEvent, compare, explain, merge, outlet_key
from tacitus.errors import TacitusError
from tacitus.records import Actor, Count, Document, Event, Evidence, Location, Quantities
from tacitus.store import Store

MINSK = {"name": "Minsk", "country": "BLR", "lat": 53.9, "lon": 27.57, "geonameid": 625144,
         "precision": "city"}
GOMEL = {"name": "Gomel", "country": "BLR", "lat": 52.43, "lon": 30.98, "geonameid": 627907,
         "precision": "city"}
BELARUS = {"name": "Belarus", "country": "BLR", "geonameid": 630336, "precision": "country"}


def actor(code: str | None) -> Actor | None:
    if code is None:
        return None
    country, sector = (code[:3], code[3:] or None) if code[0] != "?" else (None, code[1:])
    return Actor(text=code, country=country, sector=sector, code=code if country else None)


def doc(text: str, published: str, **kw) -> Document:
    return Document.from_text(text, published=date.fromisoformat(published), **kw)


def event(d: Document, n: int = 0, event_type: str = "COERCE", mode: str | None = "arrest", *,
          day: str | None = "2020-08-30", precision: str = "day", src: str | None = "BLRCOP",
          tgt: str | None = "BLRCVL", place: dict | None = MINSK, arrests: Count | None = None,
          modality: str = "asserted", confidence: float = 0.7) -> Event:
    return Event(
        event_id=f"{d.doc_id}#{n}", doc_id=d.doc_id, published=d.published,
        date=date.fromisoformat(day) if day else None,
        date_precision=precision if day else "unknown",
        event_type=event_type, mode=mode, source=actor(src), target=actor(tgt),
        location=Location(**place) if place else None,
        quantities=Quantities(arrests=arrests), modality=modality,
        evidence=Evidence(sentence=d.text, start=0, end=len(d.text), trigger="arrested"),
        confidence=confidence,
    )


def exactly(n: int) -> Count:
    return Count(min=n, max=n)


# -- one arrest event in Minsk, reported by four outlets, plus four distractors -----------

REUTERS = doc("Police arrested 140 protesters in Minsk on Sunday.", "2020-08-31",
              source="Reuters", url="https://www.reuters.com/a", title="Arrests in Minsk")
BBC = doc("Belarusian police detained at least 100 people in Minsk on Sunday. "
          "The arrests followed a march.", "2020-08-31", url="https://www.bbc.co.uk/news/1")
MEDUZA = doc("Riot police detained 150 people in Minsk.", "2020-09-01", source="Meduza")
TUTBY = doc("Police made arrests in Belarus.", "2020-08-31", source="TUT.by")
GOMEL_DOC = doc("Police arrested 120 protesters in Gomel on Sunday.", "2020-08-31",
                source="Reuters", url="https://www.reuters.com/b")
LATER_DOC = doc("Police arrested 130 protesters in Minsk on Sunday.", "2020-09-07",
                source="Reuters", url="https://www.reuters.com/c")
HUGE_DOC = doc("Police detained about 5,000 people in Minsk.", "2020-08-31", source="Nasha Niva")
MARCH_DOC = doc("Protesters marched in Minsk on Sunday.", "2020-08-31", source="Euroradio")


def minsk_reports() -> list[tuple[Document, list[Event]]]:
    return [
        (REUTERS, [event(REUTERS, arrests=exactly(140))]),
        (BBC, [event(BBC, 0, mode="detain", arrests=Count(min=100)),
               event(BBC, 1, src=None)]),  # the same arrests again, later in the article
        (MEDUZA, [event(MEDUZA, mode="detain", day="2020-08-31", arrests=exactly(150),
                        confidence=0.6)]),
        (TUTBY, [event(TUTBY, day=None, place=BELARUS, tgt=None)]),
    ]


def distractors() -> list[tuple[Document, list[Event]]]:
    return [
        (GOMEL_DOC, [event(GOMEL_DOC, arrests=exactly(120), place=GOMEL)]),
        (LATER_DOC, [event(LATER_DOC, arrests=exactly(130), day="2020-09-06")]),
        (HUGE_DOC, [event(HUGE_DOC, mode="detain", arrests=Count(min=5000, max=5000,
                                                               approximate=True))]),
        (MARCH_DOC, [event(MARCH_DOC, event_type="PROTEST", mode="demonstrate",
                           src="BLRCVL", tgt=None)]),
    ]


@pytest.fixture
def store(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'dedup.db'}")
    yield s
    s.close()


@pytest.fixture
def merged(store) -> Store:
    for d, evs in minsk_reports() + distractors():
        store.add(d, evs)
    merge(store)
    return store


def test_four_outlets_become_one_event_with_gdelt_counts(merged):
    multi = merged.merged_events(min_mentions=2)
    assert len(multi) == 1
    ev = multi[0]
    assert isinstance(ev, MergedEvent)
    assert (ev.num_mentions, ev.num_articles, ev.num_sources) == (5, 4, 4)
    assert {m["doc_id"] for m in ev.mentions} == {REUTERS.doc_id, BBC.doc_id, MEDUZA.doc_id,
                                                  TUTBY.doc_id}
    assert all(m["evidence"]["sentence"] for m in ev.mentions)
    assert ev.first_seen == date(2020, 8, 31)


def test_distractors_stay_apart(merged):
    # the Minsk event, Gomel, a week later, 5,000 detained, and a march: five events
    assert merged.count_events(merged=True) == 5
    singles = merged.merged_events(order="date_asc")
    assert sorted(e.num_mentions for e in singles) == [1, 1, 1, 1, 5]
    assert merged.count_events(merged=True, place="gomel") == 1


def test_representative_takes_the_most_specific_and_frequent_values(merged):
    ev = merged.merged_events(min_mentions=2)[0]
    assert ev.date == date(2020, 8, 30)          # 3 mentions say the 30th, one the 31st
    assert ev.date_precision == "day"
    assert ev.location.name == "Minsk"            # city beats the country-level report
    assert (ev.source.code, ev.target.code) == ("BLRCOP", "BLRCVL")
    assert ev.quantities.arrests.min == 150       # the largest reported lower bound
    assert ev.published == date(2020, 8, 31)
    assert ev.event_id.startswith("m-")


def test_merge_is_idempotent_and_rebuild_gives_the_same_clusters(merged):
    before = [(e.event_id, e.num_mentions, e.num_sources) for e in merged.merged_events()]
    again = merge(merged)
    assert again.events_placed == 0
    assert again.clusters == 5
    rebuilt = merge(merged, rebuild=True)
    assert rebuilt.events_placed == 9
    after = [(e.event_id, e.num_mentions, e.num_sources) for e in merged.merged_events()]
    assert after == before


def test_the_order_documents_were_stored_in_does_not_matter(tmp_path):
    def groups(reports) -> set:
        with Store(f"sqlite:///{tmp_path / f'{len(list(tmp_path.iterdir()))}.db'}") as s:
            for d, evs in reports:
                s.add(d, evs)
            merge(s)
            return {(e.event_id, frozenset(m["event_id"] for m in e.mentions))
                    for e in s.merged_events()}

    reports = minsk_reports() + distractors()
    assert groups(reports) == groups(list(reversed(reports)))


def test_later_reports_join_stored_events(store):
    first, *rest = minsk_reports()
    store.add(*first)
    assert merge(store).new_clusters == 1
    for d, evs in rest:
        store.add(d, evs)
    summary = merge(store)
    assert (summary.events_placed, summary.joined, summary.new_clusters) == (4, 4, 0)
    ev = store.merged_events()[0]
    assert (ev.num_mentions, ev.num_articles, ev.num_sources) == (5, 4, 4)
    assert ev.event_id == f"m-{REUTERS.doc_id}#0"


def test_since_leaves_older_reports_for_later(store):
    for d, evs in minsk_reports():
        store.add(d, evs)
    assert merge(store, since=date(2020, 9, 1)).events_placed == 1  # only Meduza
    assert merge(store).events_placed == 4


def test_explanation_names_every_rule_that_matched(merged):
    meduza_id = f"{MEDUZA.doc_id}#0"
    text = explain(merged, meduza_id)
    line = next(x for x in text.splitlines() if x.startswith(meduza_id))
    assert "joined m-" in line
    assert "same type COERCE/" in line
    assert "dyad BLRCOP→BLRCVL" in line
    assert "place Minsk" in line
    assert "2020-08-31" in line and "2020-08-30" in line and "within 1 day" in line
    assert "arrests 150~" in line
    assert "5 mentions, 4 sources, 4 articles" in text
    with pytest.raises(TacitusError, match="E042"):
        explain(merged, "no-such-id")


def test_unmerged_event_says_so(store):
    store.add(*minsk_reports()[0])
    assert "not merged yet" in explain(store, f"{REUTERS.doc_id}#0")


# -- the rules one by one ------------------------------------------------------------------


def test_rules_compare_pairs():
    base = event(REUTERS, arrests=exactly(140))
    ok, _, reason = compare(event(MEDUZA, day="2020-08-31", arrests=exactly(150)), base)
    assert ok and "arrests 150~140" in reason
    assert compare(event(BBC, arrests=Count(min=100)), base)[0]           # at least 100 ~ 140
    assert not compare(event(BBC, arrests=exactly(5000)), base)[0]
    assert "incompatible arrests" in compare(event(BBC, arrests=exactly(5000)), base)[2]
    assert not compare(event(BBC, place=GOMEL), base)[0]
    assert not compare(event(BBC, day="2020-09-02"), base)[0]              # 3 days apart
    assert compare(event(BBC, day="2020-09-02"), base, window_days=3)[0]
    assert compare(event(BBC, day="2020-08-01", precision="month"), base)[0]
    assert not compare(event(BBC, src="BLRCVL", tgt="BLRCOP"), base)[0]    # order matters
    assert not compare(event(BBC, src="RUSCOP"), base)[0]
    assert compare(event(BBC, src=None), base)[0]                          # unknown fits
    assert compare(event(BBC, src="BLRMIL", tgt="BLROPP"), base)[0]        # same families
    assert not compare(event(BBC, tgt="BLRREB"), base)[0]                  # rebels != civilians
    assert not compare(event(BBC, event_type="ASSAULT"), base)[0]
    assert not compare(event(BBC, modality="negated"), base)[0]


def test_nothing_known_in_common_is_not_enough_across_documents():
    a = event(REUTERS, src=None, tgt=None, place=None)
    b = event(BBC, src=None, tgt=None, place=None)
    assert not compare(a, b)[0]
    assert compare(a, b, same_document=True)[0]


def test_outlet_is_source_then_host_then_document():
    assert outlet_key("d1", "Reuters ", "https://x.test") == "reuters"
    assert outlet_key("d1", None, "https://www.bbc.co.uk/news") == "bbc.co.uk"
    assert outlet_key("d1", None, None) == "doc:d1"


# -- the store around merged events ------------------------------------------------------


def test_store_filters_on_merged_and_single_events(merged):
    assert merged.count_events(merged=True, min_mentions=2) == 1
    assert merged.count_events(min_mentions=2) == 5   # single mentions of a merged event
    assert merged.count_events(merged=True, place="MINSK") == 4
    assert merged.count_events(place="minsk") == 7
    assert merged.count_events(merged=True, source_sector="COP") == 4
    assert merged.count_events(target_sector="CVL", event_type="COERCE") == 7
    assert merged.count_events(merged=True, doc_id=MEDUZA.doc_id) == 1
    top = merged.events(merged=True, order="mentions_desc", limit=1)[0]
    assert top.num_mentions == 5
    assert merged.stats()["merged_events"] == 5


def test_store_mentions_list_documents_and_evidence(merged):
    ev = merged.merged_events(min_mentions=2)[0]
    found = merged.mentions(ev.event_id)
    assert len(found) == 5
    assert found[0]["published"] == "2020-08-31"
    reuters = next(m for m in found if m["doc_id"] == REUTERS.doc_id)
    assert reuters["title"] == "Arrests in Minsk" and reuters["url"].endswith("/a")
    assert reuters["sentence"] == REUTERS.text and reuters["trigger"] == "arrested"
    assert merged.mentions(f"{MEDUZA.doc_id}#0") == found   # a mention finds its siblings
    assert len(merged.mentions(f"{GOMEL_DOC.doc_id}#0")) == 1


def test_store_event_by_id(merged):
    single = merged.event(f"{REUTERS.doc_id}#0")
    assert single is not None and not isinstance(single, MergedEvent)
    assert single.quantities.arrests.min == 140
    ev = merged.merged_events(min_mentions=2)[0]
    assert merged.event(ev.event_id) == ev
    assert merged.event("nope") is None


def test_store_actors(merged):
    listed = merged.actors()
    assert listed[0]["code"] in ("BLRCOP", "BLRCVL")
    cop = next(a for a in listed if a["code"] == "BLRCOP")
    assert cop["events"] == 7 and cop["country"] == "BLR" and cop["sector"] == "COP"
    assert [a["code"] for a in merged.actors(q="blrcvl")] == ["BLRCVL"]
    assert len(merged.actors(limit=1)) == 1


def test_gdelt_export_carries_the_counts(merged):
    from tacitus.export import GDELT_COLUMNS, write_events

    buf = io.StringIO()
    write_events(merged.merged_events(min_mentions=2), "gdelt", buf)
    row = buf.getvalue().splitlines()[0]
    values = dict(zip(GDELT_COLUMNS, row.split("\t"), strict=True))
    assert (values["NumMentions"], values["NumSources"], values["NumArticles"]) == ("5", "4", "4")


def test_cli_exports_merged_events_and_the_gdelt_mentions_table(merged, tmp_path):
    from tacitus.cli.main import app
    from tacitus.export import GDELT_COLUMNS, MENTION_COLUMNS, numeric_id

    out, table = tmp_path / "events.tsv", tmp_path / "mentions.tsv"
    result = CliRunner().invoke(app, ["export", "--db", merged.url, "-f", "gdelt", "-o",
                                      str(out), "--merged", "--mentions", str(table)])
    assert result.exit_code == 0, result.output
    rows = [dict(zip(GDELT_COLUMNS, line.split("\t"), strict=True))
            for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 5   # five real-world events, not nine mentions
    minsk = next(r for r in rows if r["NumMentions"] == "5")
    assert (minsk["NumSources"], minsk["NumArticles"]) == ("4", "4")
    mentions = [dict(zip(MENTION_COLUMNS, line.split("\t"), strict=True))
                for line in table.read_text(encoding="utf-8").splitlines()]
    assert len(mentions) == 9
    of_minsk = [m for m in mentions if m["GLOBALEVENTID"] == minsk["GLOBALEVENTID"]]
    assert len(of_minsk) == 5
    first_id = merged.merged_events(min_mentions=2)[0].event_id
    assert int(minsk["GLOBALEVENTID"]) == numeric_id(first_id)
    reuters = next(m for m in of_minsk if m["MentionIdentifier"] == REUTERS.url)
    assert reuters["MentionSourceName"] == "Reuters" and reuters["MentionType"] == "1"
    assert reuters["SentenceID"] == "1" and reuters["Confidence"] == "70"
    assert reuters["MentionDocLen"] == str(len(REUTERS.text))
    assert reuters["Actor1CharOffset"] == "-1"   # the test actors carry no offsets
    bbc = [m for m in of_minsk if m["MentionIdentifier"] == BBC.url]
    assert len(bbc) == 2 and all(m["MentionSourceName"] == "www.bbc.co.uk" for m in bbc)


def test_cli_merges_and_explains(merged, tmp_path):
    from tacitus.cli.main import app

    runner = CliRunner()
    result = runner.invoke(app, ["dedup", "--db", merged.url, "--rebuild"])
    assert result.exit_code == 0, result.output
    assert "5 merged events in all" in result.output
    assert "5/4/4  COERCE/arrest BLRCOP→BLRCVL, Minsk, 2020-08-30" in result.output
    shown = runner.invoke(app, ["dedup", "--db", merged.url, "--explain",
                                f"{MEDUZA.doc_id}#0"])
    assert shown.exit_code == 0 and "place Minsk" in shown.output
    unknown = runner.invoke(app, ["dedup", "--db", merged.url, "--explain", "no-such-id"])
    assert unknown.exit_code == 1 and "E042" in unknown.output


# -- end to end: three short reports through the real coder ------------------------------

REPORTS = [
    ("Police arrested 140 protesters in Minsk on Sunday.", "2020-08-31",
     {"source": "Outlet A"}),
    ("Belarusian police detained 150 demonstrators in Minsk on Sunday.", "2020-08-31",
     {"url": "https://news-b.example/story"}),
    ("Riot police arrested about 130 opposition supporters in Minsk on Sunday, witnesses "
     + "said.", "2020-09-01", {"source": "Outlet C"}),
]


def test_pipeline_reports_of_one_event_merge(store, nlp):
    from tacitus.pipeline import Pipeline

    pipeline = Pipeline()
    docs = [doc(text, published, **kw) for text, published, kw in REPORTS]
    for d, evs in ((o.document, o.events) for o in pipeline.code(docs)):
        store.add(d, evs)
    assert store.count_events(event_type="COERCE") == 3
    merge(store)
    merged_coerce = store.merged_events(event_type="COERCE")
    assert len(merged_coerce) == 1
    assert (merged_coerce[0].num_articles, merged_coerce[0].num_sources) == (3, 3)
    assert merged_coerce[0].location.name == "Minsk"


def test_fast_check_agrees_with_the_explained_rules():
    from tacitus.dedup.rules import compatible

    base = event(REUTERS, arrests=exactly(140))
    others = [event(BBC, arrests=Count(min=100)), event(BBC, arrests=exactly(5000)),
              event(BBC, place=GOMEL), event(BBC, day="2020-09-02"), event(BBC, src=None),
              event(BBC, src="BLRMIL", tgt="BLROPP"), event(BBC, tgt="BLRREB"),
              event(BBC, event_type="ASSAULT"), event(BBC, modality="negated"),
              event(BBC, src=None, tgt=None, place=None), event(BBC, place=BELARUS),
              event(BBC, day=None)]
    for other in others:
        for same_doc in (False, True):
            assert compatible(other, base, 1, same_doc) == compare(other, base, 1, same_doc)[0]
