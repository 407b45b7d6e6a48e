"""Build expectations.jsonl: hand-coded gold events for the bundled examples.

The events below are written by hand for examples/ (our own invented reports), in the
gold format of docs/schema.md. A list value means any of its values is right; a date
may be shorter than a day ("2024" for "last year"). Every document listed here is coded completely, so a
coder's extra events in it count as false positives. Run from the repository root:

    python tests/data/coder/build_expectations.py

It checks that each evidence/negative string occurs in the document text.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"
OUT = Path(__file__).with_name("expectations.jsonl")


def week_of(day: str) -> list[str]:
    """All days of the Monday-Sunday week holding `day` ("last week" has week precision)."""
    d = date.fromisoformat(day)
    monday = d - timedelta(days=d.weekday())
    return [(monday + timedelta(days=i)).isoformat() for i in range(7)]


def actor(country=None, sector=None) -> dict:
    out = {}
    if country is not None:
        out["country"] = country
    if sector is not None:
        out["sector"] = sector
    return out


def ev(event_type: str, evidence: str, **fields) -> dict:
    out = {"event_type": event_type}
    out.update({k: v for k, v in fields.items() if v is not None})
    out.setdefault("modality", "asserted")
    out["evidence"] = evidence
    return out


GOLD: dict[str, dict] = {
    "minsk-rally.txt": {
        "events": [
            ev("PROTEST", "Tens of thousands rally in Minsk", mode="demo",
               location={"name": "Minsk", "country": "BLR"}),
            ev("COERCE", "police detain scores", mode="arrest",
               source=actor("BLR", "COP")),
            ev("PROTEST", "Between 100,000 and 200,000 people marched through central Minsk on Sunday",
               mode="demo", source=actor("BLR", "CVL"), date="2025-03-09",
               location={"name": "Minsk", "country": "BLR"},
               quantities={"participants": {"min": 100000, "max": 200000}}),
            ev("COERCE", "at least 140 people were detained", mode="arrest",
               source=actor("BLR", ["COP", "GOV"]), quantities={"arrests": {"min": 140}}),
            ev("ASSAULT", "Riot police used stun grenades and water cannon to disperse\nprotesters",
               mode="crowd-control", source=actor("BLR", "COP"), target=actor("BLR", "CVL"),
               location={"country": "BLR"}),
            ev("COERCE", "Mobile internet was cut across Minsk",
               mode=["restrict", "censor", "withhold"],
               location={"name": "Minsk", "country": "BLR"}),
            ev("PROTEST", "Workers at two state-owned tractor plants in Hrodna said they would go on strike",
               mode="strike", source=actor("BLR", "LAB"), date="2025-03-12",
               location={"name": ["Hrodna", "Grodno"], "country": "BLR"}, modality="planned"),
            ev("ACCUSE", 'dismissed the protesters as "puppets of the West"', mode="disapprove",
               source=actor("BLR", "GOV"), target=actor("BLR", "CVL")),
        ],
    },
    "eu-belarus-sanctions.txt": {
        "events": [
            ev("SANCTION", "EU sanctions Belarusian officials", source=actor("IGO"),
               target=actor("BLR", ["GOV", "JUD"])),
            ev("SANCTION", "The European Union on Monday imposed sanctions on 25 Belarusian officials",
               source=actor("IGO"), target=actor("BLR", ["GOV", "JUD"]), date="2025-03-24"),
            ev("ACCUSE", "accused Vilnius of orchestrating the measures",
               source=actor("BLR", "GOV"), target=actor("LTU", "GOV")),
            ev("REJECT", "Lithuania's foreign minister rejected the accusation",
               source=actor("LTU", "GOV"), target=actor("BLR", "GOV")),
            ev("AID", "it had given 150,000 euros to independent Belarusian media outlets",
               source=actor("LTU", "GOV"), target=actor("BLR", "MED"),
               quantities={"money": {"amount": 150000, "currency": "EUR"}}),
            ev("ACCUSE", 'The Kremlin called the sanctions "illegitimate"', mode="disapprove",
               source=actor("RUS", "GOV")),
            ev("AID", "Russia lent Belarus $1 billion last year", source=actor("RUS"),
               target=actor("BLR"), date="2024",
               quantities={"money": {"amount": 1000000000, "currency": "USD"}}),
            ev("CONSULT", "EU foreign ministers will discuss further steps when they meet in Brussels next month",
               mode="multilateral", source=actor("IGO"),
               location={"name": "Brussels", "country": "BEL"}, modality="planned"),
        ],
    },
    "kremlin-call.txt": {
        "events": [
            ev("CONSULT", "Putin and Erdogan discuss gas hub by phone", mode="phone",
               source=actor(["RUS", "TUR"], "GOV")),
            ev("CONSULT",
               "Russian President Vladimir Putin spoke by telephone with Turkish President Recep Tayyip Erdogan on August 9",
               mode="phone", source=actor(["RUS", "TUR"], "GOV"),
               target=actor(["TUR", "RUS"], "GOV"), date="2023-08-09"),
            ev("AGREE", "Putin has agreed to visit Ankara before the end of the year",
               source=actor("RUS", "GOV"), target=actor("TUR")),
            ev("CONSULT", "Turkey's foreign minister met his Ukrainian counterpart in Istanbul last week",
               source=actor("TUR", "GOV"), target=actor("UKR", "GOV"),
               date=week_of("2023-08-03"), location={"name": "Istanbul", "country": "TUR"}),
            ev("AGREE", "Ankara has offered to host new talks between Moscow and Kyiv",
               source=actor("TUR", "GOV")),
        ],
    },
    "moldova-gas.txt": {
        "events": [
            ev("THREATEN", "Gazprom threatens to cut gas supplies to Moldova",
               source=actor("RUS", ["BUS", "GOV"]), target=actor("MDA")),
            ev("THREATEN", "Gazprom threatened on Thursday to cut gas supplies to Moldova",
               source=actor("RUS", ["BUS", "GOV"]), target=actor("MDA"), date="2022-10-20"),
            ev("ACCUSE", "accused Moscow of using energy as a political weapon",
               source=actor("MDA", "GOV"), target=actor("RUS")),
            ev("AID", "The European Union approved €5m in emergency energy assistance for Moldova on Wednesday",
               source=actor("IGO"), target=actor("MDA"), date="2022-10-19",
               quantities={"money": {"amount": 5000000, "currency": "EUR"}}),
        ],
        "negatives": ["Romania said it was ready to supply electricity if Russian gas stopped flowing"],
    },
    "caucasus-mobilisation.txt": {
        "events": [
            ev("MOBILIZE", "Azerbaijan calls up reservists", mode="troops",
               source=actor("AZE", ["MIL", "GOV"])),
            ev("MOBILIZE", "Azerbaijan has called up several thousand reservists", mode="troops",
               source=actor("AZE", ["MIL", "GOV"])),
            ev("ASSAULT", "Two Azerbaijani soldiers were wounded by sniper fire on Monday",
               mode="firearms", target=actor("AZE", "MIL"), date="2024-05-06",
               quantities={"injuries": {"min": 2}}),
            ev("CONSULT",
               "Armenian Prime Minister Nikol Pashinyan spoke by phone with the president of the European Council on Tuesday evening",
               mode="phone", source=actor("ARM", "GOV"), target=actor("IGO"), date="2024-05-07"),
            ev("REQUEST", "Pashinyan urged the European Union to send more observers to the border",
               source=actor("ARM", "GOV"), target=actor("IGO")),
            ev("REQUEST", "called on both sides to show restraint", source=actor("RUS")),
        ],
        "negatives": ["Armenia's defence ministry denied that its forces had shelled Azerbaijani positions"],
    },
    "lagos-port-strike.txt": {
        "events": [
            ev("PROTEST", "Dock workers strike at Lagos ports", mode="strike",
               source=actor("NGA", "LAB"), location={"name": "Lagos", "country": "NGA"}),
            ev("PROTEST", "Some 6,000 dock workers walked off the job at the two main ports in Lagos on Monday",
               mode="strike", source=actor("NGA", "LAB"), date="2023-11-06",
               location={"name": "Lagos", "country": "NGA"},
               quantities={"participants": {"min": 6000}}),
            ev("CONSULT", "The labour minister met union leaders in Abuja late on Monday",
               source=actor("NGA", "GOV"), target=actor("NGA", "LAB"), date="2023-11-06",
               location={"name": "Abuja", "country": "NGA"}),
            ev("REQUEST", "She appealed to the workers to return to their posts",
               source=actor("NGA", "GOV"), target=actor("NGA", "LAB")),
        ],
        "negatives": ["If the talks fail, the union would extend the strike to oil terminals in the Niger Delta"],
    },
    "djibo-attack.txt": {
        "events": [
            ev("ASSAULT", "Gunmen kill 12 in attack on market in northern Burkina Faso",
               quantities={"fatalities": {"min": 12}}, location={"country": "BFA"}),
            ev("ASSAULT", "Gunmen on motorcycles killed 12 civilians and wounded at least 30 others",
               target=actor("BFA", "CVL"), date="2024-02-13",
               location={"name": "Djibo", "country": "BFA"},
               quantities={"fatalities": {"min": 12}, "injuries": {"min": 30}}),
            ev("ACCUSE", "the army blamed jihadist fighters linked to al-Qaeda",
               source=actor("BFA", "MIL"), target=actor(["IMG", "BFA"])),
            ev("COERCE", "Soldiers arrested nine suspects in a sweep of nearby villages on Wednesday",
               mode="arrest", source=actor("BFA", "MIL"), date="2024-02-14",
               quantities={"arrests": {"min": 9}}),
            ev("ACCUSE", "The United Nations condemned the killings", mode="disapprove",
               source=actor("IGO")),
            ev("REQUEST", "called for an independent investigation", source=actor("IGO")),
        ],
    },
    "commentary-sanctions.txt": {"events": []},
    "wire-002": {
        "events": [
            ev("AID", "Germany has released an additional 11 million euro in humanitarian aid",
               source=actor("DEU", "GOV"), target=actor("SDN"),
               quantities={"money": {"amount": 11000000, "currency": "EUR"}}),
            ev("ACCUSE", "Aid groups accused both warring parties of looting warehouses",
               source=actor(sector="NGO"), target=actor("SDN")),
            ev("ACCUSE", "have each blamed the other for the attacks on relief supplies",
               source=actor("SDN", ["MIL", "REB"]), target=actor("SDN", ["MIL", "REB"])),
        ],
    },
    "wire-003": {
        "events": [
            ev("COERCE", "Police in Karachi arrested more than 200 supporters of an opposition party on Friday",
               mode="arrest", source=actor("PAK", "COP"), target=actor("PAK", ["OPP", "PTY"]),
               date="2024-02-09", location={"name": "Karachi", "country": "PAK"},
               quantities={"arrests": {"min": 200}}),
            ev("PROTEST", "they tried to march to the offices of the provincial election commission",
               mode="demo", source=actor("PAK", ["OPP", "PTY", "CVL"]), date="2024-02-09",
               location={"name": "Karachi", "country": "PAK"}),
            ev("ACCUSE", "The protesters accuse the authorities of rigging the count",
               source=actor("PAK", ["CVL", "OPP"]), target=actor("PAK", "GOV")),
            ev("ASSAULT", "Officers fired tear gas to stop the march", mode="crowd-control",
               source=actor("PAK", "COP"), quantities={"injuries": {"min": 15}}),
            ev("COERCE", "The provincial government banned public gatherings in the city for three days",
               mode=["ban", "restrict"], source=actor("PAK", "GOV")),
        ],
    },
}


def published_dates() -> dict[str, str]:
    rows = (EXAMPLES / "published.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return dict(line.split("\t") for line in rows if line.strip())


def wire_items() -> dict[str, dict]:
    lines = (EXAMPLES / "wire.jsonl").read_text(encoding="utf-8").splitlines()
    return {d["id"]: d for d in map(json.loads, lines)}


def build() -> list[dict]:
    dates, wire = published_dates(), wire_items()
    docs = []
    for doc_id, gold in GOLD.items():
        if doc_id in wire:
            text, published = wire[doc_id]["text"], wire[doc_id]["published"]
        else:
            text, published = (EXAMPLES / doc_id).read_text(encoding="utf-8"), dates[doc_id]
        for s in [e["evidence"] for e in gold["events"]] + gold.get("negatives", []):
            if s not in text:
                raise SystemExit(f"{doc_id}: not in text: {s!r}")
        docs.append({"doc_id": doc_id, "published": published, "text": text, **gold})
    return docs


if __name__ == "__main__":
    docs = build()
    with OUT.open("w", encoding="utf-8") as fh:
        for d in docs:
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    n = sum(len(d["events"]) for d in docs)
    print(f"wrote {OUT} ({len(docs)} documents, {n} events)")
