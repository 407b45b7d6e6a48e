"""Plain-text tables of a score report, for the terminal (`tacitus eval` without --json)."""

from __future__ import annotations

PRF_HEADER = f"{'':<30}{'P':>7}{'R':>7}{'F1':>7}{'tp':>7}{'fp':>7}{'fn':>7}"


def format_report(report: dict) -> str:
    lines = [f"Gold file: {report['gold_file']}"] if report.get("gold_file") else []
    if report.get("format") == "events":
        lines += event_lines(report)
    elif report.get("dataset") == "case2021-subtypes":
        lines += case2021_lines(report)
    else:
        lines += india_police_lines(report)
    return "\n".join(lines)


def prf_line(name: str, s: dict) -> str:
    return (f"{name:<30}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}"
            f"{s['tp']:>7}{s['fp']:>7}{s['fn']:>7}")


def event_lines(r: dict) -> list[str]:
    lines = [
        (f"Documents {r['documents']}, gold events {r['gold_events']}, predicted events "
         f"{r['predicted_events']} (ignored, not in gold: {r['ignored_predictions']})"),
        "",
        PRF_HEADER,
        prf_line("events", r["events"]),
        prf_line("full (type+countries+date)", r["full"]),
        "",
        "By type",
        PRF_HEADER,
    ]
    lines += [prf_line(t, s) for t, s in r["by_type"].items()]
    lines += ["", "Field accuracy on matched events", f"{'':<30}{'acc':>7}{'n':>7}"]
    for name, acc in sorted(r["fields"].items()):
        value = "-" if acc["accuracy"] is None else f"{acc['accuracy']:.3f}"
        lines.append(f"{name:<30}{value:>7}{acc['n']:>7}")
    lines += ["", "Confusion (rows: gold type, columns: predicted type)"]
    lines += confusion_lines(r["confusion"])
    if r.get("negatives"):
        lines += ["", (f"Negatives: {r['negatives_violated']} asserted events on "
                       f"{r['negatives']} gold non-event sentences")]
    return lines


def confusion_lines(confusion: dict[str, dict[str, int]]) -> list[str]:
    rows = sorted(confusion, key=lambda t: (t == "none", t))
    cols = sorted({p for row in confusion.values() for p in row}, key=lambda t: (t == "none", t))
    if not cols:
        return ["(empty)"]
    lines = [f"{'':<11}" + "".join(f"{c[:4]:>6}" for c in cols)]
    for g in rows:
        cells = "".join(f"{confusion[g].get(c, 0) or '.':>6}" for c in cols)
        lines.append(f"{g:<11}{cells}")
    return lines


def india_police_lines(r: dict) -> list[str]:
    lines = [(f"IndiaPoliceEvents: {r['documents']} documents, {r['sentences']} sentences "
              f"({r.get('modality', '')}; not scored: {', '.join(r['not_scored'])})")]
    for level in ("sentence_level", "document_level"):
        block = r[level]
        lines += ["", level.replace("_", " ").capitalize(), PRF_HEADER]
        lines += [prf_line(label, s) for label, s in block["labels"].items()]
        lines.append(prf_line("micro", block["micro"]))
        lines.append(f"{'macro F1':<30}{'':>14}{block['macro_f1']:>7.3f}")
    return lines


def case2021_lines(r: dict) -> list[str]:
    lines = [
        f"CASE 2021 subtypes: {r['sentences']} snippets ({r.get('modality', '')})",
        f"Convention: {r['convention']}",
        f"Accuracy {r['accuracy']:.3f}   macro F1 {r['macro_f1']:.3f}",
        "",
        PRF_HEADER,
    ]
    lines += [prf_line(label, s) for label, s in r["labels"].items()]
    return lines
