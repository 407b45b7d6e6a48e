"""Text search over events: every word of the query must occur (case-insensitive).

A "word" is a whitespace-separated piece of the query, punctuation included; it
matches anywhere inside the text, as the LIKE scan it replaces did
("protest" finds "protesters"). The text searched is the evidence sentence (which holds
the actor mention texts) and the place name.

SQLite keeps an FTS5 table `events_fts` (trigram tokenizer: substring matching that an
index can answer) written by Store.add in the same transaction as the event. The user's
words never reach FTS5 query syntax unquoted: each becomes a quoted string, so operators
(OR, NEAR, *, ^, quotes) in the query are plain text. Words shorter than three
characters cannot use a trigram index; they are checked with LIKE on the indexed text.
Without the index (PostgreSQL, or an SQLite without FTS5) each word is an ILIKE test,
which PostgreSQL answers from trigram GIN indexes when pg_trgm is installed.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from functools import cache

from sqlalchemy import Column, MetaData, String, Table, Text, and_, literal_column, or_, select

FTS_TABLE = "events_fts"
TRIGRAM = 3

# Core description of the virtual table, for queries and inserts (the migration creates it)
fts_table = Table(FTS_TABLE, MetaData(), Column("event_id", String), Column("body", Text))


def query_words(text: str) -> list[str]:
    """The words every match must contain: the query split at whitespace, duplicates
    dropped. Punctuation is kept, as LIKE would ("100%" does not find "100 people").

    >>> query_words('  Minsk  police* OR Minsk ')
    ['Minsk', 'police*', 'OR']
    """
    return list(dict.fromkeys(text.split()))


def fts_match(words: Sequence[str]) -> str | None:
    """An FTS5 MATCH string requiring every word of >= 3 characters, each quoted; or None.

    Inside an FTS5 string a double quote is written twice; nothing else is special there.
    """
    quoted = ['"' + w.replace('"', '""') + '"' for w in words if len(w) >= TRIGRAM]
    return " ".join(quoted) if quoted else None


def fts_condition(key_column, words: Sequence[str]):
    """`key_column IN (event ids whose indexed text contains every word)`."""
    body = fts_table.c.body
    match = fts_match(words)
    # SQLite's LIKE ignores ASCII case already; lower() would only slow the row checks
    where = [body.like(f"%{_escape(w)}%", escape="/" if _escape(w) != w else None)
             for w in words if len(w) < TRIGRAM]
    if match is not None:
        # "events_fts MATCH ?": the table name on the left searches every indexed column
        where.insert(0, literal_column(FTS_TABLE).op("MATCH")(match))
    return key_column.in_(select(fts_table.c.event_id).where(*where))


def like_condition(columns: Sequence, words: Sequence[str]):
    """Every word in one of `columns` (case-insensitive LIKE; % and _ are literal)."""
    return and_(*(or_(*(contains(c, w) for c in columns)) for w in words))


def contains(column, word: str):
    """`column ILIKE '%word%'`, with % _ and / in `word` literal. ILIKE (not lower() LIKE)
    so that PostgreSQL can answer it from a pg_trgm index on the bare column."""
    return column.ilike(f"%{_escape(word)}%", escape="/")


def _escape(word: str) -> str:
    """`word` for a LIKE pattern with ESCAPE '/': its % and _ match only themselves."""
    return word.replace("/", "//").replace("%", "/%").replace("_", "/_")


def fts_body(record: dict) -> str:
    """What the index holds for one event (schema-v1 JSON): sentence and place name.

    Actor texts are words of the evidence sentence (records.Actor.text), so they are
    searched already; indexing nothing else keeps the index and the LIKE scan (no index,
    PostgreSQL) returning the same events.
    """
    return body_text((record.get("evidence") or {}).get("sentence"),
                     (record.get("location") or {}).get("name"))


def body_text(sentence: str | None, place: str | None) -> str:
    # a newline between them: no query word (never containing whitespace) spans the two
    return "\n".join(p for p in (sentence, place) if p)


def fts_rows(rows: Iterable) -> list[dict]:
    """Index rows from (event_id, record) pairs; the record as a dict or JSON text."""
    out = []
    for event_id, record in rows:
        if isinstance(record, str):
            record = json.loads(record)
        out.append({"event_id": event_id, "body": fts_body(record)})
    return out


@cache
def sqlite_has_fts5() -> bool:
    """Whether the SQLite library Python uses has FTS5 with the trigram tokenizer."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("CREATE VIRTUAL TABLE probe USING fts5(body, tokenize='trigram')")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        conn.close()
