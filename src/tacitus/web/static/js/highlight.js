// The evidence sentence with its parts marked: built from text nodes and <mark>
// elements by slicing the sentence at the evidence offsets, never from markup.

import { el } from "./dom.js";

// Earlier kinds win where two spans overlap: the trigger is the heart of the event.
const KINDS = ["trigger", "source", "target", "place", "number", "date"];
const LABELS = {
  trigger: "trigger", source: "source actor", target: "target actor",
  place: "place", number: "number", date: "date",
};

/** Where `text` sits in the sentence: the document offsets if they agree, else a search. */
function locate(sentence, base, text, start, end) {
  if (Number.isInteger(start) && Number.isInteger(end)) {
    const s = start - base;
    const e = end - base;
    if (s >= 0 && e <= sentence.length && s < e &&
        (!text || sentence.slice(s, e) === text)) return [s, e];
  }
  if (typeof text === "string" && text) {
    const at = sentence.indexOf(text);
    if (at >= 0) return [at, at + text.length];
  }
  return null;
}

function actorSpans(actor, kind, sentence, base) {
  if (!actor) return [];
  const spans = [];
  const whole = locate(sentence, base, actor.text, actor.start, actor.end);
  if (whole) spans.push({ kind, range: whole });
  for (const member of actor.members || []) {
    const r = locate(sentence, base, member.text, member.start, member.end);
    if (r) spans.push({ kind, range: r });
  }
  return spans;
}

function quantitySpans(quantities, sentence) {
  const spans = [];
  for (const value of Object.values(quantities || {})) {
    const r = value && locate(sentence, 0, value.text);
    if (r) spans.push({ kind: "number", range: r });
  }
  return spans;
}

/** Every span worth marking in an event's sentence, as {kind, range:[start, end]}. */
export function evidenceSpans(event) {
  const ev = event.evidence || {};
  const sentence = ev.sentence || "";
  const base = Number.isInteger(ev.start) ? ev.start : 0;
  const spans = [];
  const trigger = locate(sentence, base, ev.trigger, ev.trigger_start, ev.trigger_end);
  if (trigger) spans.push({ kind: "trigger", range: trigger });
  spans.push(...actorSpans(event.source, "source", sentence, base));
  spans.push(...actorSpans(event.target, "target", sentence, base));
  const loc = event.location;
  if (loc) {
    const r = locate(sentence, base, loc.text || loc.name, loc.start, loc.end);
    if (r) spans.push({ kind: "place", range: r });
  }
  spans.push(...quantitySpans(event.quantities, sentence));
  const date = locate(sentence, 0, ev.date_text);
  if (date) spans.push({ kind: "date", range: date });
  return spans;
}

/** Keep the spans that do not overlap a more important one, in sentence order. */
export function resolveOverlaps(spans) {
  const ranked = [...spans].sort((a, b) => KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind));
  const kept = [];
  for (const span of ranked) {
    const [s, e] = span.range;
    if (kept.every((k) => e <= k.range[0] || s >= k.range[1])) kept.push(span);
  }
  return kept.sort((a, b) => a.range[0] - b.range[0]);
}

/** A <p> holding the sentence with marked spans. */
export function highlightedSentence(event) {
  const sentence = (event.evidence && event.evidence.sentence) || "";
  const p = el("p", { class: "sentence" });
  let at = 0;
  for (const { kind, range: [s, e] } of resolveOverlaps(evidenceSpans(event))) {
    if (s > at) p.appendChild(document.createTextNode(sentence.slice(at, s)));
    p.appendChild(el("mark", { class: `hl hl-${kind}`, title: LABELS[kind], "data-kind": kind },
      sentence.slice(s, e)));
    at = e;
  }
  if (at < sentence.length) p.appendChild(document.createTextNode(sentence.slice(at)));
  return p;
}

export function highlightLegend() {
  return el("div", { class: "legend" },
    KINDS.map((k) => el("mark", { class: `hl hl-${k}` }, LABELS[k])));
}
