// One event shown in full: the highlighted sentence, every field, and its mentions.

import { el, link, QUAD_NAMES } from "./dom.js";
import { highlightedSentence, highlightLegend } from "./highlight.js";

export function actorLabel(actor) {
  if (!actor) return "";
  const name = actor.name || actor.text || "";
  return actor.code ? `${name} (${actor.code})` : name;
}

function countText(count) {
  if (!count) return null;
  let s;
  if (count.min != null && count.max != null && count.max !== count.min) s = `${count.min}–${count.max}`;
  else if (count.min != null) s = `${count.min}${count.max == null ? "+" : ""}`;
  else if (count.max != null) s = `up to ${count.max}`;
  else s = "?";
  if (count.approximate) s = `~${s}`;
  return count.text ? `${s} ("${count.text}")` : s;
}

function moneyText(money) {
  if (!money) return null;
  const s = `${money.amount} ${money.currency || ""}`.trim();
  return money.text ? `${s} ("${money.text}")` : s;
}

function placeText(loc) {
  if (!loc) return null;
  const where = [loc.name, loc.admin1, loc.country].filter(Boolean).join(", ");
  const coords = loc.lat != null && loc.lon != null ? ` @ ${loc.lat}, ${loc.lon}` : "";
  return `${where}${coords}${loc.precision ? ` [${loc.precision}]` : ""}`;
}

function actorText(actor) {
  if (!actor) return null;
  const parts = [actor.name || actor.text];
  if (actor.text && actor.name && actor.text !== actor.name) parts.push(`"${actor.text}"`);
  const tags = [actor.country, actor.sector].filter(Boolean).join(" / ");
  if (tags) parts.push(`[${tags}]`);
  if (actor.members && actor.members.length) {
    parts.push(`members: ${actor.members.map((m) => m.name || m.text).join("; ")}`);
  }
  return parts.join(" ");
}

/** Rows of [label, value] for every field a reader may want. */
function fieldRows(e) {
  const q = e.quantities || {};
  return [
    ["event type", e.event_type],
    ["mode", e.mode],
    ["date", e.date ? `${e.date} (${e.date_precision || "?"})` : "unknown"],
    ["published", e.published],
    ["source", actorText(e.source)],
    ["target", actorText(e.target)],
    ["place", placeText(e.location)],
    ["participants", countText(q.participants)],
    ["arrests", countText(q.arrests)],
    ["fatalities", countText(q.fatalities)],
    ["injuries", countText(q.injuries)],
    ["money", moneyText(q.money)],
    ["modality", e.modality],
    ["context", (e.context || []).join(", ")],
    ["CAMEO", e.cameo],
    ["Goldstein", e.goldstein],
    ["QuadClass", e.quad_class ? `${e.quad_class} ${QUAD_NAMES[e.quad_class] || ""}` : null],
    ["ACLED", e.acled ? [e.acled.event_type, e.acled.sub_event_type].filter(Boolean).join(" / ") : null],
    ["trigger", e.evidence && e.evidence.trigger],
    ["confidence", e.confidence],
    ["coder", e.coder],
    ["event id", e.event_id],
    ["document", e.doc_id],
  ].filter(([, v]) => v !== null && v !== undefined && v !== "");
}

export function fieldsTable(event) {
  return el("table", { class: "fields" },
    el("tbody", {}, fieldRows(event).map(([k, v]) => el("tr", {}, el("th", {}, k), el("td", {}, v)))));
}

export function eventCard(event) {
  return el("article", { class: "event-card", "data-event-id": event.event_id },
    el("h3", {},
      el("span", { class: `badge q${event.quad_class || 0}` }, event.event_type || "?"),
      " ", event.mode || "", " ",
      el("span", { class: "muted" }, event.date || "no date", " · ", event.modality || "")),
    highlightedSentence(event),
    fieldsTable(event));
}

function mentionItem(m) {
  const ev = m.evidence || {};
  return el("li", { class: "mention" },
    el("div", {}, link(m.url, m.title || m.doc_id), " ",
      el("span", { class: "muted" }, [m.source, m.published].filter(Boolean).join(" · "))),
    ev.sentence ? el("blockquote", {}, ev.sentence) : null);
}

function documentBlock(doc) {
  if (!doc) return null;
  return el("details", { class: "document" },
    el("summary", {}, "Document: ", doc.title || doc.doc_id || ""),
    el("p", { class: "muted" }, [doc.source, doc.published].filter(Boolean).join(" · "), " ",
      doc.url ? link(doc.url) : null),
    doc.text ? el("pre", { class: "doc-text" }, doc.text) : null);
}

/** The detail panel for GET /api/events/{id}. */
export function eventDetail({ event, mentions, document: doc }) {
  return el("div", { class: "event-detail" },
    el("button", { type: "button", class: "close", "aria-label": "close" }, "×"),
    eventCard(event),
    highlightLegend(),
    el("h4", {}, `Mentions (${(mentions || []).length})`),
    el("ul", { class: "mentions" }, (mentions || []).map(mentionItem)),
    documentBlock(doc));
}
