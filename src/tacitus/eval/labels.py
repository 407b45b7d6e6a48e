"""Score events against sentence-label gold (IndiaPoliceEvents, CASE 2021 subtypes).

A sentence is predicted to carry a label when an event whose evidence overlaps it
satisfies that label's rule (shared/eval/README.md). Only asserted events count by
default: a denied or planned arrest is not an arrest.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from tacitus.eval.gold import CASE2021, INDIA_POLICE
from tacitus.eval.metrics import PRF, overlaps, ratio
from tacitus.knowledge import read_tsv
from tacitus.records import Actor, Event

INDIA_POLICE_SCORED = ("KILL", "ARREST", "FORCE", "ANY_ACTION")
NO_EVENT = "NONE"
POLICE = "COP"


def score_sentence_labels(gold_docs: list[dict], predicted: list[Event], dataset: str,
                          asserted_only: bool = True, non_acled: str = "none") -> dict:
    """P/R/F1 of sentence labels. `dataset` is "india-police-events" or "case2021-subtypes".
    For CASE 2021, `non_acled` says what to do with gold labels that are not ACLED types:
    "none" scores them as "no political event", "exclude" leaves those snippets out."""
    events = events_by_doc(gold_docs, predicted, asserted_only)
    if dataset == INDIA_POLICE:
        report = score_india_police(gold_docs, events)
    elif dataset == CASE2021:
        report = score_case2021(gold_docs, events, non_acled)
    else:
        raise ValueError(f"unknown sentence-label dataset '{dataset}' "
                         f"(expected {INDIA_POLICE} or {CASE2021})")
    report["modality"] = "asserted events only" if asserted_only else "all events"
    return report


def events_by_doc(gold_docs: list[dict], predicted: list[Event],
                  asserted_only: bool) -> dict[str, list[Event]]:
    wanted = {str(doc["doc_id"]) for doc in gold_docs}
    by_doc: dict[str, list[Event]] = defaultdict(list)
    for event in predicted:
        if event.doc_id in wanted and (event.modality == "asserted" or not asserted_only):
            by_doc[event.doc_id].append(event)
    return by_doc


def in_sentence(event: Event, text: str, start: int, end: int) -> bool:
    ev = event.evidence
    if ev.start is not None and ev.end is not None and ev.end > ev.start:
        return overlaps(ev.start, ev.end, start, end)
    sentence, evidence = text[start:end].casefold(), ev.sentence.casefold()
    return bool(evidence.strip()) and (evidence in sentence or sentence in evidence)


# -- IndiaPoliceEvents ------------------------------------------------------------------

def is_police(actor: Actor | None) -> bool:
    if actor is None:
        return False
    return actor.sector == POLICE or any(m.sector == POLICE for m in actor.members)


def killed_someone(event: Event) -> bool:
    dead = event.quantities.fatalities
    return dead is not None and ((dead.min or 0) > 0 or (dead.max or 0) > 0)


def india_police_labels(event: Event) -> set[str]:
    """ARREST: COERCE/arrest by police; KILL: ASSAULT by police with deaths; FORCE: ASSAULT
    by police, or COERCE by police other than arrest; ANY_ACTION: any police event."""
    if not is_police(event.source):
        return set()
    labels = {"ANY_ACTION"}
    if event.event_type == "COERCE":
        # PLOVER's "detain" is the same act as "arrest" (the codebook treats it as an alias).
        labels.add("ARREST" if event.mode in ("arrest", "detain") else "FORCE")
    elif event.event_type == "ASSAULT":
        labels.add("FORCE")
        if killed_someone(event):
            labels.add("KILL")
    return labels


def score_india_police(gold_docs: list[dict], events: dict[str, list[Event]]) -> dict:
    by_sentence = {label: PRF() for label in INDIA_POLICE_SCORED}
    by_document = {label: PRF() for label in INDIA_POLICE_SCORED}
    n_sentences = 0
    for doc in gold_docs:
        doc_gold: set[str] = set()
        doc_pred: set[str] = set()
        for sentence in doc.get("sentences", []):
            n_sentences += 1
            gold = set(sentence.get("labels", []))
            pred = set()
            for event in events.get(str(doc["doc_id"]), []):
                if in_sentence(event, doc["text"], sentence["start"], sentence["end"]):
                    pred |= india_police_labels(event)
            count(by_sentence, gold, pred)
            doc_gold |= gold
            doc_pred |= pred
        count(by_document, doc_gold, doc_pred)
    return {
        "format": "sentence-labels",
        "dataset": INDIA_POLICE,
        "documents": len(gold_docs),
        "sentences": n_sentences,
        "not_scored": ["FAIL"],
        "sentence_level": level_report(by_sentence),
        "document_level": level_report(by_document),
    }


def count(tallies: dict[str, PRF], gold: set[str], pred: set[str]) -> None:
    for label, tally in tallies.items():
        tally.tp += int(label in gold and label in pred)
        tally.fp += int(label not in gold and label in pred)
        tally.fn += int(label in gold and label not in pred)


def level_report(tallies: dict[str, PRF]) -> dict:
    micro = PRF(sum(t.tp for t in tallies.values()), sum(t.fp for t in tallies.values()),
                sum(t.fn for t in tallies.values()))
    return {"labels": {label: t.as_dict() for label, t in tallies.items()},
            "micro": micro.as_dict(),
            "macro_f1": ratio(sum(t.as_dict()["f1"] for t in tallies.values()), len(tallies))}


# -- CASE 2021 subtypes -------------------------------------------------------------------

@lru_cache(maxsize=1)
def case2021_codes() -> dict[str, str | None]:
    """Label code -> ACLED sub-event type (None for labels that are not ACLED types)."""
    return {row["code"]: (None if row["sub_event_type"] == "-" else row["sub_event_type"])
            for row in read_tsv("eval_case2021_labels.tsv")}


@lru_cache(maxsize=1)
def code_for_sub_event() -> dict[str, str]:
    return {sub.casefold(): code for code, sub in case2021_codes().items() if sub}


def case2021_prediction(events: list[Event]) -> str:
    """The label of the most confident event that has a known ACLED sub-event type."""
    for event in sorted(events, key=lambda e: -e.confidence):
        sub = event.acled.sub_event_type if event.acled else None
        code = code_for_sub_event().get(sub.casefold()) if sub else None
        if code:
            return code
    return NO_EVENT


def case2021_gold(labels: list[str]) -> str:
    """The gold label, with labels that are not ACLED types folded into NONE."""
    codes = case2021_codes()
    label = labels[0] if labels else NO_EVENT
    return label if codes.get(label) else NO_EVENT


def score_case2021(gold_docs: list[dict], events: dict[str, list[Event]], non_acled: str) -> dict:
    if non_acled not in ("none", "exclude"):
        raise ValueError("non_acled must be 'none' or 'exclude'")
    pairs: list[tuple[str, str]] = []
    excluded = 0
    for doc in gold_docs:
        for sentence in doc.get("sentences", []):
            gold = case2021_gold(sentence.get("labels", []))
            if gold == NO_EVENT and non_acled == "exclude":
                excluded += 1
                continue
            inside = [e for e in events.get(str(doc["doc_id"]), [])
                      if in_sentence(e, doc["text"], sentence["start"], sentence["end"])]
            pairs.append((gold, case2021_prediction(inside)))
    tallies: dict[str, PRF] = defaultdict(PRF)
    for gold, pred in pairs:
        if gold == pred:
            tallies[gold].tp += 1
        else:
            tallies[gold].fn += 1
            tallies[pred].fp += 1
    labels = sorted(tallies)
    convention = ("labels that are not ACLED types (DIPLO, ORG_CRIME, NATURAL_DISASTER, "
                  "MAN_MADE_DISASTER, ATTRIB, OTHER) " +
                  ("scored as NONE, 'no political event'" if non_acled == "none" else "left out"))
    return {
        "format": "sentence-labels",
        "dataset": CASE2021,
        "documents": len(gold_docs),
        "sentences": len(pairs),
        "excluded": excluded,
        "convention": convention,
        "accuracy": ratio(sum(1 for g, p in pairs if g == p), len(pairs)),
        "macro_f1": ratio(sum(tallies[lb].as_dict()["f1"] for lb in labels), len(labels)),
        "labels": {lb: tallies[lb].as_dict() for lb in labels},
    }
