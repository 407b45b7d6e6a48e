"""Scoring coded events against gold files (`tacitus eval`).

    gold = load_gold("plover-gsr-dev.jsonl")
    kind = detect_format(gold)          # "events", "india-police-events", "case2021-subtypes"
    report = score_events(gold, events) if kind == "events" else score_sentence_labels(gold, events, kind)
    print(format_report(report))
"""

from tacitus.eval.events import score_events
from tacitus.eval.gold import CASE2021, EVENTS, INDIA_POLICE, detect_format, load_gold
from tacitus.eval.labels import score_sentence_labels
from tacitus.eval.report import format_report

__all__ = [
    "CASE2021", "EVENTS", "INDIA_POLICE", "detect_format", "format_report", "load_gold",
    "score_events", "score_sentence_labels",
]
