"""Gold files: reading them, and telling which kind of gold a file holds."""

from __future__ import annotations

import json
from pathlib import Path

from tacitus.errors import TacitusError
from tacitus.ingest.decode import json_error_reason

EVENTS = "events"
INDIA_POLICE = "india-police-events"
CASE2021 = "case2021-subtypes"
INDIA_POLICE_LABELS = frozenset({"KILL", "ARREST", "FAIL", "FORCE", "ANY_ACTION"})


def load_gold(path: str | Path) -> list[dict]:
    """Gold documents, one JSON object a line; a malformed line raises E030 with its number,
    an unreadable file E031."""
    docs = []
    try:
        with Path(path).open(encoding="utf-8-sig") as fh:
            for number, line in enumerate(fh, start=1):
                if line.strip():
                    docs.append(_parse_gold_line(line, path, number))
    except (OSError, UnicodeDecodeError) as err:
        reason = getattr(err, "strerror", None) or str(err)
        raise TacitusError("E031", path=path, reason=reason) from None
    return docs


def _parse_gold_line(line: str, path: str | Path, number: int) -> dict:
    try:
        doc = json.loads(line)
    except json.JSONDecodeError as err:
        raise TacitusError("E030", path=path, line=number, reason=f"malformed JSON: {json_error_reason(err)}") from None
    if not isinstance(doc, dict):
        raise TacitusError("E030", path=path, line=number, reason="not a JSON object")
    for key in ("doc_id", "text"):
        if key not in doc:
            raise TacitusError("E030", path=path, line=number, reason=f"no '{key}' field")
    if not isinstance(doc.get("events", []), list) or not isinstance(doc.get("sentences", []), list):
        raise TacitusError("E030", path=path, line=number, reason="'events'/'sentences' must be lists")
    return doc


def detect_format(gold_docs: list[dict]) -> str:
    """"events" for event gold, else the sentence-label dataset name (by its label names)."""
    labels: set[str] = set()
    has_sentences = False
    for doc in gold_docs:
        if doc.get("events"):
            return EVENTS
        if "sentences" in doc:
            has_sentences = True
            labels.update(doc.get("label_set", []))
            for sentence in doc["sentences"]:
                labels.update(sentence.get("labels", []))
    if not has_sentences:
        return EVENTS
    # ARREST is in both label sets; the others tell them apart.
    if labels & (INDIA_POLICE_LABELS - {"ARREST"}) or not labels - INDIA_POLICE_LABELS:
        return INDIA_POLICE
    return CASE2021
