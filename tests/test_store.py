"""The event store: idempotent, transactional adds and filtered reads (SQLite; PostgreSQL opt-in)."""

from __future__ import annotations

import os
import sqlite3
import threading
from datetime import date

import pytest
from sqlalchemy import func, select, text

from tacitus.errors import TacitusError
from tacitus.records import AcledType, Actor, Count, Document, Event, Evidence, Location, Quantities
from tacitus.store import Store
from tacitus.store import store as store_module
from tacitus.store.schema import actors, mentions


def make_doc(text: str, published: str = "2020-09-01", **kw) -> Document:
    return Document.from_text(text, published=date.fromisoformat(published), **kw)


def make_event(doc: Document, n: int, event_type: str = "COERCE", *, src=("BLR", "COP"),
               tgt=("BLR", "CVL"), day: str | None = "2020-08-30", mode: str | None = "arrest",
               confidence: float = 0.8) -> Event:
    source = Actor(text="police", name="Belarusian police", country=src[0], sector=src[1],
                   code=f"{src[0]}{src[1]}") if src else None
    target = Actor(text="protesters", name="protesters", country=tgt[0], sector=tgt[1],
                   code=f"{tgt[0]}{tgt[1]}") if tgt else None
    return Event(
        event_id=f"{doc.doc_id}#{n}", doc_id=doc.doc_id, published=doc.published,
        date=date.fromisoformat(day) if day else None, date_precision="day" if day else "unknown",
        event_type=event_type, mode=mode, context=["protest"], cameo="173", goldstein=-5.0,
        quad_class=4, acled=AcledType(event_type="Protests", sub_event_type="Peaceful protest"),
        source=source, target=target,
        location=Location(name="Minsk", country="BLR", lat=53.9, lon=27.567, precision="city"),
        quantities=Quantities(arrests=Count(min=140)),
        evidence=Evidence(sentence=doc.text, start=0, end=len(doc.text), trigger="arrested"),
        confidence=confidence,
    )


@pytest.fixture
def store(tmp_path) -> Store:
    s = Store(f"sqlite:///{tmp_path / 'events.db'}")
    yield s
    s.close()


@pytest.fixture
def filled(store) -> Store:
    """Three documents: BLR police arrests, a RUS->UKR assault, an undated USA->CHN sanction."""
    d1 = make_doc("Police arrested 140 protesters in Minsk on Sunday.")
    d2 = make_doc("Russian forces shelled Kharkiv (100% destroyed).", "2022-03-02")
    d3 = make_doc("The United States imposed sanctions on China.", "2021-05-10")
    store.add(d1, [make_event(d1, 0)])
    store.add(d2, [make_event(d2, 0, "ASSAULT", src=("RUS", "MIL"), tgt=("UKR", "CVL"),
                              day="2022-03-01", mode=None, confidence=0.4)])
    store.add(d3, [make_event(d3, 0, "SANCTION", src=("USA", "GOV"), tgt=("CHN", "GOV"),
                              day=None, mode="economic")])
    return store


def test_add_stores_document_and_events_once(store):
    doc = make_doc("Police arrested 140 protesters in Minsk.")
    events = [make_event(doc, 0), make_event(doc, 1, "PROTEST", mode="demo")]
    assert store.add(doc, events) is True
    assert store.add(doc, events) is False
    assert store.has_document(doc.doc_id)
    assert store.count_events() == 2
    assert store.stats()["documents"] == 1


def test_same_text_under_another_id_is_not_stored_again(store):
    doc = make_doc("Police arrested 140 protesters in Minsk.", doc_id="a")
    copy = make_doc("Police arrested 140 protesters in Minsk.", doc_id="b")
    assert store.add(doc, [make_event(doc, 0)])
    assert store.add(copy, [make_event(copy, 0)]) is False
    assert not store.has_document("b")
    assert store.count_events() == 1


def test_events_read_back_equal_to_what_was_stored(store):
    doc = make_doc("Police arrested 140 protesters in Minsk.", url="https://x.test/1")
    event = make_event(doc, 0)
    store.add(doc, [event])
    assert store.events() == [event]


def test_failed_add_leaves_nothing_behind(store):
    doc = make_doc("Police arrested 140 protesters in Minsk.")
    twice = [make_event(doc, 0), make_event(doc, 0)]  # same event_id: the insert fails
    with pytest.raises(TacitusError):
        store.add(doc, twice)
    assert not store.has_document(doc.doc_id)
    assert store.stats()["documents"] == 0
    assert store.count_events() == 0
    assert store.add(doc, [make_event(doc, 0)])  # and the document can still be added


def test_filters(filled):
    assert {e.event_type for e in filled.events(event_type="ASSAULT")} == {"ASSAULT"}
    assert filled.count_events(country="UKR") == 1  # target side counts too
    assert filled.count_events(country="CHN") == 1
    assert filled.count_events(source_country="RUS") == 1
    assert filled.count_events(target_country="RUS") == 0
    assert filled.count_events(dyad=("USA", "CHN")) == 1
    assert filled.count_events(dyad=("CHN", "USA")) == 0
    # the one date rule: an event without a date of its own is placed on its
    # publication day (the undated sanction, published 2021-05-10)
    assert filled.count_events(since=date(2021, 1, 1)) == 2
    assert filled.count_events(since="2021-05-10", until="2021-05-10") == 1
    assert filled.count_events(until="2021-05-09") == 1
    assert filled.count_events(since="2020-08-30", until="2020-08-30") == 1
    assert filled.count_events(mode="economic") == 1
    assert filled.count_events(min_confidence=0.5) == 2
    assert filled.count_events(text="ARRESTED 140") == 1
    assert filled.count_events(text="minsk") == 3      # the place name is searched too
    assert filled.count_events(text="100%") == 1  # % is literal, not a wildcard
    assert filled.count_events(text="0%") == 1
    assert filled.count_events(text="x%y") == 0
    assert filled.count_events(event_type="COERCE", country="RUS") == 0


def test_events_are_ordered_by_date_and_paged(filled):
    # newest first by default, the undated event on its publication day (2021-05-10)
    dates = [e.date for e in filled.events()]
    assert dates == [date(2022, 3, 1), None, date(2020, 8, 30)]
    oldest_first = [e.date for e in filled.events(order="date_asc")]
    assert oldest_first == [date(2020, 8, 30), None, date(2022, 3, 1)]
    assert [e.date for e in filled.events(limit=1, offset=2)] == [date(2020, 8, 30)]
    assert len(filled.events(limit=2)) == 2
    assert [e.confidence for e in filled.events(order="confidence_desc")] == [0.8, 0.8, 0.4]
    with pytest.raises(ValueError):
        filled.events(order="sideways")


def test_stats(filled):
    stats = filled.stats()
    assert stats["documents"] == 3 and stats["events"] == 3
    assert stats["by_type"] == {"ASSAULT": 1, "COERCE": 1, "SANCTION": 1}
    assert stats["by_country"] == {"BLR": 1, "RUS": 1, "USA": 1}
    assert stats["by_month"] == {"2020-08": 1, "2021-05": 1, "2022-03": 1}
    assert stats["by_modality"] == {"asserted": 3}
    assert filled.stats(modality="negated")["events"] == 0


def test_documents_listing(filled):
    docs = filled.documents()
    assert len(docs) == 3
    assert {d["events"] for d in docs} == {1}
    assert all("text" not in d for d in docs)
    assert len(filled.documents(limit=2)) == 2
    first = filled.document(docs[0]["doc_id"])
    assert first["text"].startswith("Police arrested")
    assert filled.document("nope") is None


def test_actors_are_distinct_and_each_event_has_a_mention(filled):
    doc = make_doc("Police detained more protesters in Minsk.")
    filled.add(doc, [make_event(doc, 0)])
    with filled._get_engine().connect() as conn:
        keys = conn.execute(select(actors.c.actor_key)).scalars().all()
        n_mentions = conn.execute(select(func.count()).select_from(mentions)).scalar_one()
    assert len(keys) == len(set(keys)) == 6  # BLR police/protesters, RUS, UKR, USA, CHN
    assert n_mentions == filled.count_events() == 4


def test_schema_init_is_idempotent_and_data_persists(tmp_path):
    path = tmp_path / "plain.db"
    first = Store(str(path))  # a plain path means SQLite
    doc = make_doc("Police arrested 140 protesters in Minsk.")
    first.add(doc, [make_event(doc, 0)])
    first.init()
    first.close()
    again = Store(str(path))
    again.init()
    assert again.count_events() == 1
    with again._get_engine().connect() as conn:
        assert conn.execute(text("select version_num from alembic_version")).scalar_one() == "0003"
        assert conn.execute(text("pragma journal_mode")).scalar_one() == "wal"


def test_upgrade_from_0001_keeps_events_and_they_can_be_merged(tmp_path):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import insert

    from tacitus.dedup import merge
    from tacitus.store.schema import documents, events

    url = f"sqlite:///{tmp_path / 'old.db'}"
    old = Store(url)
    config = Config()
    config.set_main_option("script_location", str(store_module.MIGRATIONS_DIR))
    doc = make_doc("Police arrested 140 protesters in Minsk.")
    with old._get_engine().begin() as conn:  # a database made before dedup existed
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.execute(insert(documents), [store_module._document_row(
            doc, store_module.content_hash(doc.text))])
        conn.execute(insert(events), [store_module._event_row(make_event(doc, 0))])
        conn.execute(insert(mentions), [store_module._mention_row(make_event(doc, 0))])
    old.close()
    upgraded = Store(url)
    assert upgraded.events() == [make_event(doc, 0)]
    assert merge(upgraded).events_placed == 1
    assert upgraded.merged_events()[0].num_mentions == 1
    upgraded.close()


def test_filters_for_the_api(filled):
    assert filled.count_events(source_sector="MIL") == 1
    assert filled.count_events(target_sector="CVL") == 2
    assert filled.count_events(place="mInSk") == 3  # every test event is placed in Minsk
    assert filled.count_events(place="Gomel") == 0
    assert filled.count_events(min_mentions=1) == 3
    event = filled.events(event_type="ASSAULT")[0]
    assert filled.event(event.event_id) == event
    assert filled.event("missing") is None
    (mention,) = filled.mentions(event.event_id)  # not merged yet: its own mention
    assert mention["doc_id"] == event.doc_id and mention["published"] == "2022-03-02"
    assert mention["sentence"] == event.evidence.sentence
    assert {a["code"] for a in filled.actors(q="rusm")} == {"RUSMIL"}
    assert filled.actors(q="%") == []  # a literal, not a wildcard


def test_default_url_comes_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("TACITUS_DB", f"sqlite:///{tmp_path / 'env.db'}")
    store = Store()
    assert store.count_events() == 0
    assert (tmp_path / "env.db").exists()


def test_unreachable_database_is_E040(tmp_path):
    missing = Store(f"sqlite:///{tmp_path / 'no' / 'such' / 'dir.db'}")
    with pytest.raises(TacitusError) as err:
        missing.count_events()
    assert err.value.code == "E040"


def test_E040_message_hides_the_password():
    store = Store("postgresql://tacitus:s3cret-pw@127.0.0.1:1/nodb")
    with pytest.raises(TacitusError) as err:
        store.has_document("x")
    assert err.value.code == "E040"
    assert "s3cret-pw" not in str(err.value)
    assert "127.0.0.1" in str(err.value)


def test_locked_database_is_E040(tmp_path, monkeypatch):
    path = tmp_path / "locked.db"
    Store(str(path)).init()
    monkeypatch.setattr(store_module, "SQLITE_BUSY_SECONDS", 0.2)
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        doc = make_doc("Police arrested 140 protesters in Minsk.")
        with pytest.raises(TacitusError) as err:
            Store(str(path)).add(doc, [make_event(doc, 0)])
        assert err.value.code == "E040"
        assert "locked" in str(err.value)
    finally:
        holder.rollback()
        holder.close()


def test_concurrent_writers_all_land(tmp_path):
    url = f"sqlite:///{tmp_path / 'busy.db'}"
    Store(url).init()
    failures: list[Exception] = []

    def writer(worker: int) -> None:
        store = Store(url)
        try:
            for i in range(10):
                doc = make_doc(f"Worker {worker} report {i}: police arrested protesters.")
                store.add(doc, [make_event(doc, 0)])
                # every worker also tries a document the others add: only one may win
                shared = make_doc(f"Shared report {i}.")
                store.add(shared, [make_event(shared, 0)])
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            failures.append(exc)
        finally:
            store.close()

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert Store(url).stats()["documents"] == 4 * 10 + 10


@pytest.mark.postgres
@pytest.mark.skipif(not os.environ.get("TACITUS_TEST_PG_URL"), reason="TACITUS_TEST_PG_URL not set")
def test_postgresql_round_trip():
    store = Store(os.environ["TACITUS_TEST_PG_URL"])
    store.init()
    with store._get_engine().begin() as conn:  # start from empty tables
        conn.execute(text("TRUNCATE mentions, events, actors, documents"))
    doc = make_doc("Police arrested 140 protesters in Minsk (100% sure).")
    event = make_event(doc, 0)
    assert store.add(doc, [event]) is True
    assert store.add(doc, [event]) is False
    assert store.events(country="BLR", text="100%", since="2020-08-01") == [event]
    assert store.events(text="minsk ARRESTED") == [event]      # every word, any order
    assert store.events(text="minsk Gomel") == []
    for query in HOSTILE_QUERIES:
        store.events(text=query)
    assert store.stats()["by_month"] == {"2020-08": 1}
    assert store.documents()[0]["events"] == 1
    store.init()  # idempotent on PostgreSQL too
    store.close()


# -- text search --------------------------------------------------------------------

SEARCH_TEXTS = [
    "Police arrested 140 protesters in Minsk on Sunday.",
    "Russian forces shelled Kharkiv; 100% of the block was destroyed.",
    "The United States imposed sanctions on China over Xinjiang.",
    "Protesters in Lagos said \"enough\" as police fired tear gas.",
    "Officials in São Paulo met union_leaders at 10:30 (a_b test).",
]
HOSTILE_QUERIES = ['"', "*", "NEAR(", "a OR", "'; DROP TABLE events; --", "^", "(", ")",
                   "-", "col:umn", 'x" OR "y', "\\", "%", "_", "   ", "AND", "NOT police"]


@pytest.fixture
def searchable(store) -> Store:
    for i, sentence in enumerate(SEARCH_TEXTS):
        doc = make_doc(sentence, doc_id=f"s{i}")
        store.add(doc, [make_event(doc, 0)])
    return store


def like_store(store: Store) -> Store:
    """The same database read without the text index: the LIKE fallback."""
    fallback = Store(store.url)
    fallback.init()
    fallback._fts = False
    return fallback


def ids(events) -> set[str]:
    return {e.doc_id for e in events}


def test_text_search_uses_the_index_and_matches_every_word(searchable):
    assert searchable._fts   # this SQLite has FTS5: the index is in use
    assert ids(searchable.events(text="POLICE")) == {"s0", "s3"}
    assert ids(searchable.events(text="sunday POLICE")) == {"s0"}     # every word, any order
    assert ids(searchable.events(text="kharkiv lagos")) == set()
    assert ids(searchable.events(text="minsk lagos")) == {"s3"}       # place name: Minsk
    assert ids(searchable.events(text="protest")) == {"s0", "s3"}     # inside a longer word
    assert ids(searchable.events(text="in")) == {"s0", "s1", "s2", "s3", "s4"}  # short word
    assert ids(searchable.events(text="100%")) == {"s1"}
    assert ids(searchable.events(text="0%")) == {"s1"}
    assert ids(searchable.events(text="x%y")) == set()               # % is literal
    assert ids(searchable.events(text="union_leaders")) == {"s4"}
    assert ids(searchable.events(text="a_b")) == {"s4"}
    assert ids(searchable.events(text="axb")) == set()               # _ is literal
    assert ids(searchable.events(text='"enough"')) == {"s3"}
    assert searchable.count_events(text="sunday police") == 1


@pytest.mark.parametrize("query", [
    "police", "POLICE minsk", "protest", "in", "on", "10:30", "100%", "0%", "x%y", "a_b",
    "sanctions China", "shelled destroyed block", "tear gas", '"enough"', "(a_b", "paulo",
    "Minsk Kharkiv", "s", "Sunday.", "police*", "union_",
])
def test_text_search_with_the_index_equals_the_like_scan(searchable, query):
    fallback = like_store(searchable)
    expected = {f"s{i}" for i, t in enumerate(SEARCH_TEXTS)
                if all(w.lower() in (t + " Minsk").lower() for w in query.split())}
    assert ids(searchable.events(text=query)) == expected
    assert ids(fallback.events(text=query)) == expected
    assert searchable.count_events(text=query) == fallback.count_events(text=query)
    fallback.close()


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_text_queries_never_raise(searchable, query):
    fallback = like_store(searchable)
    for one in (searchable, fallback):
        found = ids(one.events(text=query, limit=10))
        assert one.count_events(text=query) == len(found)
        assert one.count_events(text=query, merged=True) >= 0
    fallback.close()
    assert searchable.count_events() == len(SEARCH_TEXTS)   # nothing was dropped


def test_text_index_follows_each_add_in_the_same_transaction(searchable):
    with searchable.connect() as conn:
        indexed = conn.execute(text("select count(*) from events_fts")).scalar_one()
    assert indexed == searchable.count_events()
    doc = make_doc("Farmers blocked the highway near Gdansk.", doc_id="late")
    searchable.add(doc, [make_event(doc, 0)])
    assert ids(searchable.events(text="gdansk farmers")) == {"late"}
    bad = make_doc("Dockers walked out in Rotterdam.", doc_id="bad")
    with pytest.raises(TacitusError):       # duplicate event ids: the add rolls back ...
        searchable.add(bad, [make_event(bad, 0), make_event(bad, 0)])
    with searchable.connect() as conn:      # ... the index rows with it
        indexed = conn.execute(text("select count(*) from events_fts")).scalar_one()
    assert indexed == searchable.count_events() == len(SEARCH_TEXTS) + 1
    assert searchable.events(text="Rotterdam") == []


def test_upgrade_from_0002_indexes_the_events_already_stored(tmp_path):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import insert

    from tacitus.store.schema import documents, events

    url = f"sqlite:///{tmp_path / 'v2.db'}"
    old = Store(url)
    config = Config()
    config.set_main_option("script_location", str(store_module.MIGRATIONS_DIR))
    docs = [make_doc(t, doc_id=f"s{i}") for i, t in enumerate(SEARCH_TEXTS)]
    with old._get_engine().begin() as conn:  # a database made before the text index
        config.attributes["connection"] = conn
        command.upgrade(config, "0002")
        for doc in docs:
            conn.execute(insert(documents), [store_module._document_row(
                doc, store_module.content_hash(doc.text))])
            conn.execute(insert(events), [store_module._event_row(make_event(doc, 0))])
    old.close()
    upgraded = Store(url)
    assert ids(upgraded.events(text="police")) == {"s0", "s3"}
    assert upgraded._fts
    with upgraded.connect() as conn:
        assert conn.execute(text("select version_num from alembic_version")).scalar_one() == "0003"
        assert conn.execute(text("select count(*) from events_fts")).scalar_one() == len(docs)
    upgraded.close()


def test_has_document_by_text_finds_the_same_text_under_another_id(store):
    doc = make_doc("Police arrested 140 protesters in Minsk.", doc_id="a")
    store.add(doc, [make_event(doc, 0)])
    assert not store.has_document("b")
    assert store.has_document("b", text=doc.text)
    assert store.has_document("a", text="some other text")   # the id alone is enough
    assert not store.has_document("b", text="Police arrested 14 protesters in Minsk.")


def test_public_engine_and_connect(store, tmp_path):
    assert store.engine.dialect.name == "sqlite"
    with store.connect() as conn:   # the schema is there on first use
        assert conn.execute(select(func.count()).select_from(actors)).scalar_one() == 0
        assert conn.execute(text("pragma synchronous")).scalar_one() == 1   # NORMAL in WAL
    with store.connect(write=True) as conn:
        conn.execute(text("insert into actors (actor_key, name) values ('k', 'n')"))
    with store.connect() as conn:
        assert conn.execute(select(func.count()).select_from(actors)).scalar_one() == 1
    missing = Store(f"sqlite:///{tmp_path / 'no' / 'such' / 'dir.db'}")
    with pytest.raises(TacitusError) as err, missing.connect():
        pass
    assert err.value.code == "E040"
