"""Build the training corpus JSONL files from the hand-written compact sources.

The sources in `scripts/corpus_src/*.txt` are written by the tacitus developers in a terse
notation so that the items, not the JSON keys, get the attention; this script expands them
into schema-v1 gold (`src/tacitus/knowledge/data/corpus/<theme>.jsonl`) and refuses any item
whose evidence is not an exact substring of its text.

Notation, one item per text line, its labels on the lines that follow:
  TEXT                      a text line; " || " separates a headline from its lead
  +TYPE.mode@sub!m | evidence ;; evidence2 | SRC > TGT | quantities
                            one event; mode, @sub (ACLED sub-event key, see SUBS) and
                            !m (n negated, p planned, h hypothetical) are optional
  -substring                a negative: where an asserted event would be wrong
  = YYYY-MM-DD              publication date for the following items (else derived)
  # ...                     comment
Actors: `RUS.MIL`, `RUS,BLR.GOV`, `.UAF/REB` or `GOV` (sector only), `IGO.IGO`; either side may be
left empty. Quantities: f (fatalities) i (injuries) a (arrests) p (participants) as `f6`,
`f2-5` (between), `f<10` (up to); money as `m250000000:USD`.
"""

from __future__ import annotations

import hashlib
import json
import sys
from functools import lru_cache
from datetime import date, timedelta
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "scripts" / "corpus_src"
OUT = ROOT / "src" / "tacitus" / "knowledge" / "data" / "corpus"

SUBS = {
    "peace": ("Protests", "Peaceful protest"),
    "interv": ("Protests", "Protest with intervention"),
    "excess": ("Protests", "Excessive force against protesters"),
    "violent": ("Riots", "Violent demonstration"),
    "mob": ("Riots", "Mob violence"),
    "clash": ("Battles", "Armed clash"),
    "gov": ("Battles", "Government regains territory"),
    "nsa": ("Battles", "Non-state actor overtakes territory"),
    "air": ("Explosions/Remote violence", "Air/drone strike"),
    "shell": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "suicide": ("Explosions/Remote violence", "Suicide bomb"),
    "gren": ("Explosions/Remote violence", "Grenade"),
    "ied": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "chem": ("Explosions/Remote violence", "Chemical weapon"),
    "sex": ("Violence against civilians", "Sexual violence"),
    "attack": ("Violence against civilians", "Attack"),
    "abduct": ("Violence against civilians", "Abduction/forced disappearance"),
    "agree": ("Strategic developments", "Agreement"),
    "arrest": ("Strategic developments", "Arrests"),
    "change": ("Strategic developments", "Change to group/activity"),
    "disrupt": ("Strategic developments", "Disrupted weapons use"),
    "hq": ("Strategic developments", "Headquarters or base established"),
    "transfer": ("Strategic developments", "Non-violent transfer of territory"),
    "loot": ("Strategic developments", "Looting/property destruction"),
}
SECTORS = set("GOV MIL COP JUD LEG OPP REB PTY ELI CVL LAB EDU MED BUS NGO IGO REF HLH SPY CRM REL UAF".split())
MODALITY = {"": "asserted", "n": "negated", "p": "planned", "h": "hypothetical"}
QKEYS = {"f": "fatalities", "i": "injuries", "a": "arrests", "p": "participants"}


class CorpusError(ValueError):
    pass


def parse_actor(spec: str) -> dict | None:
    """`RUS.MIL`, `RUS,BLR.GOV` (two countries, one sector), `SDN.MIL,SDN.REB` (a compound
    actor), `.UAF/REB` (sector only)."""
    spec = spec.strip()
    if not spec:
        return None
    countries: list[str] = []
    sectors: list[str] = []
    for part in spec.split(","):
        country, _, sector = part.strip().partition(".")
        if country in SECTORS and country not in ("IGO", "NGO") and not sector:
            country, sector = "", country  # a bare sector code: `GOV`, `LAB`
        if country and country not in countries:
            countries.append(country)
        for sec in sector.split("/"):
            if sec and sec not in sectors:
                sectors.append(sec)
    for country in countries:
        if country not in ("IGO", "NGO", "IMG") and not pycountry.countries.get(alpha_3=country):
            raise CorpusError(f"unknown country code {country!r}")
    for sector in sectors:
        if sector not in SECTORS:
            raise CorpusError(f"unknown sector {sector!r}")
    actor: dict = {}
    if countries:
        actor["country"] = countries[0] if len(countries) == 1 else countries
    if sectors:
        actor["sector"] = sectors[0] if len(sectors) == 1 else sectors
    return actor


def parse_quantities(spec: str) -> dict:
    out: dict = {}
    for tok in spec.split():
        key, rest = tok[0], tok[1:]
        if key == "m":
            amount, _, currency = rest.partition(":")
            out["money"] = {"amount": int(amount), "currency": currency}
            continue
        if key not in QKEYS:
            raise CorpusError(f"unknown quantity {tok!r}")
        if rest.startswith("<"):
            out[QKEYS[key]] = {"max": int(rest[1:])}
        elif "-" in rest:
            lo, hi = rest.split("-")
            out[QKEYS[key]] = {"min": int(lo), "max": int(hi)}
        else:
            out[QKEYS[key]] = {"min": int(rest)}
    return out


def parse_event(line: str, text: str) -> dict:
    fields = [f.strip() for f in line[1:].split("|")] + ["", "", ""]
    head, evidence, actors, qty = fields[:4]
    head, _, mod = head.partition("!")
    head, _, sub = head.partition("@")
    etype, _, mode = head.partition(".")
    event: dict = {"event_type": etype.strip()}
    if event["event_type"] not in _book().event_types:
        raise CorpusError(f"unknown PLOVER type {etype!r}")
    if mode and mode.strip() not in _book().modes(event["event_type"]):
        raise CorpusError(f"unknown mode {mode!r} of {etype}")
    if mode:
        event["mode"] = mode.strip()
    if sub.strip() and sub.strip() not in SUBS:
        raise CorpusError(f"unknown ACLED key {sub!r}")
    acled = SUBS.get(sub.strip())
    event["acled"] = {"event_type": acled[0], "sub_event_type": acled[1]} if acled else None
    event["modality"] = MODALITY[mod.strip()]
    mentions = [e.strip() for e in evidence.split(";;") if e.strip()]
    if not mentions:
        raise CorpusError("event without evidence")
    for m in mentions:
        if m not in text:
            raise CorpusError(f"evidence not in text: {m!r}")
    event["evidence"] = mentions[0] if len(mentions) == 1 else mentions
    src, _, tgt = actors.partition(">")
    for role, spec in (("source", src), ("target", tgt)):
        actor = parse_actor(spec)
        if actor:
            event[role] = actor
    if qty:
        event["quantities"] = parse_quantities(qty)
    return event


@lru_cache(maxsize=1)
def _book():
    from tacitus.coding.codebook import CodeBook
    return CodeBook()


def _derived_date(text: str) -> str:
    digest = int(hashlib.sha1(text.encode()).hexdigest()[:8], 16)
    return (date(2018, 1, 1) + timedelta(days=digest % 2900)).isoformat()


def build_theme(path: Path) -> list[dict]:
    items: list[dict] = []
    published: str | None = None
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            if line.startswith("="):
                published = line[1:].strip() or None
            elif line.startswith("+"):
                items[-1]["events"].append(parse_event(line, items[-1]["text"]))
            elif line.startswith("-"):
                neg = line[1:].strip()
                if neg not in items[-1]["text"]:
                    raise CorpusError(f"negative not in text: {neg!r}")
                items[-1]["negatives"].append(neg)
            else:
                text = line.replace(" || ", "\n\n")
                items.append({"doc_id": "", "published": published or _derived_date(text),
                              "text": text, "events": [], "negatives": []})
        except (CorpusError, IndexError, ValueError) as exc:
            raise CorpusError(f"{path.name}:{lineno}: {exc}") from None
    for n, item in enumerate(items, 1):
        item["doc_id"] = f"corpus-{path.stem}-{n:04d}"
    return items


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    total = 0
    for path in sorted(SRC.glob("*.txt")):
        items = build_theme(path)
        with (OUT / f"{path.stem}.jsonl").open("w", encoding="utf-8") as fh:
            for item in items:
                fh.write(json.dumps(item, ensure_ascii=False) + "\n")
        total += len(items)
        print(f"{path.stem}: {len(items)}")
    print(f"total: {total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
