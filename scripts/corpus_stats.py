"""Count the training corpus: items, events per PLOVER type and mode, per ACLED sub-event
type, and the share of hard negatives. Prints the Markdown tables pasted into
`src/tacitus/knowledge/data/corpus/README.md` (`python scripts/corpus_stats.py --readme`)."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "src" / "tacitus" / "knowledge" / "data" / "corpus"


def load(folder: Path = CORPUS) -> list[tuple[str, dict]]:
    """(theme, item) for every item of every `*.jsonl` file in the corpus folder."""
    items = []
    for path in sorted(folder.glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            items.extend((path.stem, json.loads(line)) for line in fh if line.strip())
    return items


def is_negative(item: dict) -> bool:
    """A hard negative: no asserted event (no event at all, or only denied, planned or
    hypothetical ones)."""
    return all(e.get("modality", "asserted") != "asserted" for e in item["events"])


def stats(items: list[tuple[str, dict]]) -> dict[str, Counter]:
    out = {"theme": Counter(), "type": Counter(), "mode": Counter(), "acled": Counter(),
           "modality": Counter(), "negative": Counter()}
    for theme, item in items:
        out["theme"][theme] += 1
        if is_negative(item):
            kind = theme.removeprefix("negatives_") if theme.startswith("negatives_") else "in-theme"
            out["negative"][kind] += 1
        for event in item["events"]:
            types = event["event_type"] if isinstance(event["event_type"], list) else [event["event_type"]]
            for etype in types:
                out["type"][etype] += 1
                out["mode"][f"{etype}.{event.get('mode') or '-'}"] += 1
            out["modality"][event.get("modality", "asserted")] += 1
            if event.get("acled"):
                out["acled"][f"{event['acled']['event_type']} / {event['acled']['sub_event_type']}"] += 1
    return out


def _table(title: str, counter: Counter) -> str:
    rows = [f"| {title} | n |", "|---|---:|"]
    rows += [f"| {key} | {n} |" for key, n in sorted(counter.items())]
    return "\n".join(rows)


def markdown(items: list[tuple[str, dict]]) -> str:
    s = stats(items)
    negatives = sum(s["negative"].values())
    head = (f"{len(items)} items, {sum(s['type'].values())} events; "
            f"{negatives} hard negatives ({negatives / max(len(items), 1):.0%}) "
            "with no asserted event.")
    parts = [head, _table("PLOVER type", s["type"]), _table("PLOVER type.mode", s["mode"]),
             _table("ACLED event type / sub-event type", s["acled"]),
             _table("modality", s["modality"]), _table("hard negatives by kind", s["negative"]),
             _table("file", s["theme"])]
    return "\n\n".join(parts) + "\n"


def write_readme(readme: Path = CORPUS / "README.md") -> None:
    """Replace the block between the stats markers of the corpus README."""
    text = readme.read_text(encoding="utf-8")
    head, _, rest = text.partition("<!-- stats -->")
    _, _, tail = rest.partition("<!-- /stats -->")
    readme.write_text(f"{head}<!-- stats -->\n{markdown(load())}<!-- /stats -->{tail}", encoding="utf-8")


if __name__ == "__main__":
    if "--readme" in sys.argv:
        write_readme()
    else:
        sys.stdout.write(markdown(load()))
