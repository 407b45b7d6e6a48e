"""Agreement figures: the coder against reviewers, and reviewers against each other.

Coder–reviewer: over reviews of events the coder produced (not added ones), the share of
confirm/correct reviews in which the reviewer kept the coder's value, per field; per
coded event type, how many were confirmed, corrected, rejected, and the share kept as an
event of that type ("type precision"). Added events are the coder's misses.
Reviewer–reviewer: over events two reviewers judged, the share of pairs agreeing on
keeping or rejecting the event, and for pairs that both kept it, per field.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

from sqlalchemy import select

from tacitus.review.fields import FIELDS
from tacitus.store.schema import reviews


def _share(agree: int, n: int) -> dict:
    return {"agree": agree, "n": n, "rate": round(agree / n, 4) if n else None}


def agreement(store) -> dict:
    r = reviews.c
    with store.connect() as conn:
        rows = conn.execute(select(r.event_id, r.reviewer, r.action, r.before, r.after)
                            .order_by(r.event_id, r.reviewer)).all()
    actions = Counter(row.action for row in rows)
    field_agree: Counter = Counter()
    field_n: Counter = Counter()
    by_type: dict[str, Counter] = defaultdict(Counter)
    by_event: dict[str, list] = defaultdict(list)
    for row in rows:
        by_event[row.event_id].append(row)
        if row.action == "add":
            by_type[(row.after or {}).get("event_type") or "?"]["added"] += 1
            continue
        if not row.before:
            continue  # a review of an added event: no coder value to compare
        coded = by_type[row.before.get("event_type") or "?"]
        coded["reviews"] += 1
        coded[{"confirm": "confirmed", "correct": "corrected", "reject": "rejected"}
              [row.action]] += 1
        if row.action == "reject":
            continue
        if row.after.get("event_type") == row.before.get("event_type"):
            coded["type_kept"] += 1
        for name in FIELDS:
            field_n[name] += 1
            field_agree[name] += row.before.get(name) == row.after.get(name)
    types = {}
    for name, c in sorted(by_type.items()):
        types[name] = {**{k: c.get(k, 0) for k in ("reviews", "confirmed", "corrected",
                                                     "rejected", "added")},
                       "type_precision": round(c["type_kept"] / c["reviews"], 4)
                       if c["reviews"] else None}
    return {
        "reviews": len(rows), "events": len(by_event),
        "reviewers": sorted({row.reviewer for row in rows}),
        "actions": {a: actions.get(a, 0) for a in ("confirm", "correct", "reject", "add")},
        "coder_reviewer": {"fields": {n: _share(field_agree[n], field_n[n]) for n in FIELDS},
                           "types": types},
        "reviewer_reviewer": _between_reviewers(by_event),
    }


def _between_reviewers(by_event: dict[str, list]) -> dict:
    pairs = kept_same = 0
    field_agree: Counter = Counter()
    field_n: Counter = Counter()
    for rows in by_event.values():
        for a, b in combinations(rows, 2):
            pairs += 1
            keep_a, keep_b = a.action != "reject", b.action != "reject"
            kept_same += keep_a == keep_b
            if keep_a and keep_b:
                for name in FIELDS:
                    field_n[name] += 1
                    field_agree[name] += (a.after or {}).get(name) == (b.after or {}).get(name)
    return {"pairs": pairs, "events": sum(len(v) > 1 for v in by_event.values()),
            "keep_or_reject": _share(kept_same, pairs),
            "fields": {n: _share(field_agree[n], field_n[n]) for n in FIELDS}}
