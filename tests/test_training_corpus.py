"""The shipped training corpus (knowledge/data/corpus/*.jsonl) is valid schema-v1 event
gold, uses only the codes the coder knows, covers every PLOVER type and ACLED sub-event
type, holds enough hard negatives, and shares no text with the dev/eval sets."""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path

import pycountry
import pytest

from tacitus.coding.codebook import CodeBook
from tacitus.knowledge import DATA_DIR

CORPUS = DATA_DIR / "corpus"
EVAL_DIR = Path(os.environ.get("TACITUS_EVAL_DIR", "/work/shared/eval"))

SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "OPP", "REB", "PTY", "ELI", "CVL", "LAB", "EDU",
           "MED", "BUS", "NGO", "IGO", "REF", "HLH", "SPY", "CRM", "REL", "UAF"}
TRANSNATIONAL = {"IGO", "NGO", "IMG"}
MODALITIES = {"asserted", "negated", "planned", "hypothetical"}
QUANTITY_KEYS = {"fatalities", "injuries", "arrests", "participants", "money"}
# ACLED (event type -> sub-event types), spelt as the codebook and ACLED's codebook spell them.
ACLED = {
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {"Air/drone strike", "Shelling/artillery/missile attack",
                                   "Suicide bomb", "Grenade", "Remote explosive/landmine/IED",
                                   "Chemical weapon"},
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Strategic developments": {"Agreement", "Arrests", "Change to group/activity",
                               "Disrupted weapons use", "Headquarters or base established",
                               "Non-violent transfer of territory", "Looting/property destruction"},
}
# Coverage floors: raise them as the corpus grows, never lower them to make a test pass.
MIN_ITEMS = 3000
MIN_PER_TYPE = 100
MIN_PER_SUBTYPE = 60
MIN_NEGATIVE_SHARE = 0.25
NGRAM = 8


def _items() -> list[tuple[str, dict]]:
    files = sorted(CORPUS.glob("*.jsonl"))
    assert files, f"no corpus files in {CORPUS}"
    out = []
    for path in files:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                out.append((f"{path.name}:{n}", json.loads(line)))
    return out


ITEMS = _items()


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def _check_actor(where: str, actor: dict) -> None:
    assert set(actor) <= {"country", "sector"}, where
    for country in _as_list(actor.get("country", [])):
        assert country in TRANSNATIONAL or pycountry.countries.get(alpha_3=country), \
            f"{where}: bad country {country!r}"
    for sector in _as_list(actor.get("sector", [])):
        assert sector in SECTORS, f"{where}: bad sector {sector!r}"


def test_every_item_is_valid_event_gold():
    book = CodeBook()
    for where, item in ITEMS:
        assert set(item) == {"doc_id", "published", "text", "events", "negatives"}, where
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", item["published"]), where
        assert item["text"].strip() == item["text"] and item["text"], where
        for neg in item["negatives"]:
            assert neg in item["text"], f"{where}: negative not in text"
        for event in item["events"]:
            etype = event["event_type"]
            assert etype in book.event_types, f"{where}: {etype}"
            if "mode" in event:
                assert event["mode"] in book.modes(etype), f"{where}: mode {event['mode']} of {etype}"
            assert event["modality"] in MODALITIES, where
            for mention in _as_list(event["evidence"]):
                assert mention and mention in item["text"], f"{where}: evidence {mention!r}"
            acled = event["acled"]
            if acled is not None:
                assert acled["sub_event_type"] in ACLED[acled["event_type"]], f"{where}: {acled}"
            for role in ("source", "target"):
                if role in event:
                    _check_actor(where, event[role])
            for key, value in event.get("quantities", {}).items():
                assert key in QUANTITY_KEYS, where
                if key == "money":
                    assert value["amount"] > 0 and pycountry.currencies.get(alpha_3=value["currency"])
                else:
                    assert set(value) <= {"min", "max"} and value, where
        # The scorer counts an asserted prediction anywhere in a negative's sentence as
        # wrong, so no asserted gold event may share a sentence with a negative.
        for sentence in _sentences(item["text"]):
            if any(neg in sentence for neg in item["negatives"]):
                asserted = [m for e in item["events"] if e["modality"] == "asserted"
                            for m in _as_list(e["evidence"]) if m in sentence]
                assert asserted == [], f"{where}: asserted event in a negative sentence"


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+|\n\n", text) if s]


def test_ids_and_texts_are_unique():
    ids = Counter(item["doc_id"] for _, item in ITEMS)
    texts = Counter(" ".join(item["text"].lower().split()) for _, item in ITEMS)
    assert [k for k, n in ids.items() if n > 1] == []
    assert [k for k, n in texts.items() if n > 1] == []


def test_coverage_of_types_subtypes_and_negatives():
    types, subs = Counter(), Counter()
    for _, item in ITEMS:
        for event in item["events"]:
            types[event["event_type"]] += 1
            if event["acled"]:
                subs[event["acled"]["sub_event_type"]] += 1
    assert len(ITEMS) >= MIN_ITEMS
    thin_types = {t: types[t] for t in CodeBook().event_types if types[t] < MIN_PER_TYPE}
    assert thin_types == {}
    every_sub = set().union(*ACLED.values())
    thin_subs = {s: subs[s] for s in every_sub if subs[s] < MIN_PER_SUBTYPE}
    assert thin_subs == {}
    negatives = sum(all(e["modality"] != "asserted" for e in item["events"]) for _, item in ITEMS)
    assert negatives / len(ITEMS) >= MIN_NEGATIVE_SHARE


def _ngrams(text: str, n: int = NGRAM) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def test_no_near_duplicate_items():
    """Variety: no two items share a 10-word sequence (a reworded copy is not a new example)."""
    seen: dict[tuple[str, ...], str] = {}
    shared = []
    for where, item in ITEMS:
        for gram in _ngrams(item["text"], 10):
            if gram in seen and seen[gram] != where:
                shared.append((seen[gram], where, " ".join(gram)))
            seen.setdefault(gram, where)
    assert shared == []


@pytest.mark.skipif(not EVAL_DIR.is_dir(), reason="dev/eval sets not present")
def test_no_text_is_taken_from_the_eval_sets():
    held = set()
    for path in EVAL_DIR.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                held |= _ngrams(json.loads(line).get("text") or "")
    shared = {where: " ".join(min(_ngrams(item["text"]) & held))
              for where, item in ITEMS if _ngrams(item["text"]) & held}
    assert shared == {}
