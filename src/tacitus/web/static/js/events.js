// Events page: filters, sort order, page and open event all live in the URL
// (#events?type=PROTEST&order=date_asc&event=…), so a view can be bookmarked and the
// back/forward buttons work. Filtering, sorting and paging happen on the server.

import { download, get } from "./api.js";
import { clear, el } from "./dom.js";
import { actorLabel, eventDetail } from "./eventview.js";
import { attachReview } from "./review.js";
import { current, navigate, sameExcept } from "./state.js";

const PAGE_SIZE = 50;
// The filters the page knows, as URL / API parameter names.
export const FILTERS = ["type", "mode", "country", "source_country", "target_country",
  "source_sector", "target_sector", "dyad", "since", "until", "q", "modality", "reviewed",
  "merged", "place"];
const FORM_FIELDS = ["type", "mode", "country", "since", "until", "q", "modality", "reviewed"];
// Sortable columns: the first click sorts one way, the next the other way where the
// server offers both.
const SORTS = { date: ["date_desc", "date_asc"], confidence: ["confidence_asc", "confidence_desc"], mentions: ["mentions_desc"] };

let shown = null;          // the parameters of the list on screen
let rows = [];             // its event ids, in order (for j/k)

function apiFilters(params) {
  const f = {};
  for (const k of FILTERS) if (params[k]) f[k] = params[k];
  return f;
}

function paramsFromForm(form) {
  const data = new FormData(form);
  const v = (k) => (data.get(k) || "").toString().trim();
  const p = {};
  for (const k of FORM_FIELDS) if (v(k)) p[k] = v(k);
  for (const k of ["country", "since", "until"]) if (p[k] && k === "country") p[k] = p[k].toUpperCase();
  const s = v("dyad_source").toUpperCase();
  const t = v("dyad_target").toUpperCase();
  if (s && t) p.dyad = `${s},${t}`;
  else if (s) p.source_country = s;
  else if (t) p.target_country = t;
  if (form.elements.merged.checked) p.merged = "true";
  return p;
}

function fillForm(form, params) {
  for (const k of FORM_FIELDS) form.elements[k].value = params[k] || "";
  const [s, t] = params.dyad ? params.dyad.split(",") : [params.source_country, params.target_country];
  form.elements.dyad_source.value = s || "";
  form.elements.dyad_target.value = t || "";
  form.elements.merged.checked = params.merged === "true";
}

function truncate(text, n) {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

function row(e) {
  return el("tr", { tabindex: "0", "data-event-id": e.event_id, class: e.reviewed ? "reviewed" : null },
    el("td", {}, e.date || ""),
    el("td", {}, el("span", { class: `badge q${e.quad_class || 0}` }, e.event_type), e.mode ? ` ${e.mode}` : ""),
    el("td", {}, actorLabel(e.source)),
    el("td", {}, actorLabel(e.target)),
    el("td", {}, e.location ? e.location.name : ""),
    el("td", {}, e.modality || ""),
    el("td", { class: "num" }, e.goldstein ?? ""),
    el("td", { class: "num" }, typeof e.confidence === "number" ? e.confidence.toFixed(2) : ""),
    el("td", { class: "num" }, e.num_mentions ?? (e.mentions ? e.mentions.length : "")),
    el("td", { class: "reviewed-cell", title: e.reviewed ? "reviewed" : "not reviewed" }, e.reviewed ? "✓" : ""),
    el("td", { class: "sentence-cell" }, truncate((e.evidence && e.evidence.sentence) || "", 110)));
}

/** Open an event in the detail panel (from any page: switches to the events page). */
export function openEvent(eventId) {
  const { page, params } = current();
  navigate("events", { ...(page === "events" ? params : {}), event: eventId });
  return Promise.resolve();
}

async function showDetail(eventId) {
  const panel = document.getElementById("detail");
  const data = await get(`events/${encodeURIComponent(eventId)}`);
  clear(panel).appendChild(eventDetail(data));
  panel.hidden = false;
  panel.dataset.eventId = eventId;
  panel.querySelector(".close").addEventListener("click", () => {
    const { params } = current();
    const rest = { ...params };
    delete rest.event;
    navigate("events", rest);
  });
  attachReview(panel, data, { done: (advance = true) => afterReview(eventId, advance) });
  for (const tr of document.querySelectorAll("#events-table tbody tr")) {
    tr.classList.toggle("selected", tr.dataset.eventId === eventId);
  }
}

/** Open the next (+1) or previous (-1) event of the list. */
export function step(direction) {
  if (!rows.length) return;
  const { params } = current();
  const at = rows.indexOf(params.event);
  const next = rows[Math.min(rows.length - 1, Math.max(0, at < 0 ? 0 : at + direction))];
  if (next && next !== params.event) navigate("events", { ...params, event: next });
}

/** After a review: the list shows reviewed values, so fetch it again; move on to the
next event (the fastest way through a queue), or stay on this one. */
async function afterReview(eventId, advance) {
  shown = null;
  const at = rows.indexOf(eventId);
  const next = advance && at >= 0 && at + 1 < rows.length ? rows[at + 1] : null;
  if (next) navigate("events", { ...current().params, event: next });
  else await render(current().params);
}

async function loadList(params) {
  const body = document.querySelector("#events-table tbody");
  const offset = Number(params.offset || 0);
  const data = await get("events", {
    ...apiFilters(params), order: params.order || "", limit: PAGE_SIZE, offset,
  });
  clear(body);
  rows = data.events.map((e) => e.event_id);
  for (const e of data.events) body.appendChild(row(e));
  if (!data.events.length) body.appendChild(el("tr", {}, el("td", { colspan: "11", class: "muted" }, "No events match.")));
  const first = data.total ? offset + 1 : 0;
  const last = offset + data.events.length;
  document.getElementById("range").textContent = `${first}–${last} of ${data.total}`;
  document.getElementById("prev").disabled = offset === 0;
  document.getElementById("next").disabled = last >= data.total;
  for (const b of document.querySelectorAll("#events-table th .sort")) {
    const orders = SORTS[b.dataset.sort];
    const on = orders.includes(params.order || "date_desc");
    b.classList.toggle("active", on);
    b.dataset.dir = on ? (params.order || "date_desc").endsWith("asc") ? "asc" : "desc" : "";
  }
}

async function render(params) {
  fillForm(document.getElementById("event-filters"), params);
  if (!shown || !sameExcept(shown, params, ["event"])) {
    shown = { ...params };
    await loadList(params);
  }
  const panel = document.getElementById("detail");
  if (params.event) await showDetail(params.event);
  else panel.hidden = true;
}

function setup() {
  const form = document.getElementById("event-filters");
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const { params } = current();
    navigate("events", { ...paramsFromForm(form), order: params.order });
  });
  form.addEventListener("reset", (ev) => { ev.preventDefault(); navigate("events", {}); });
  const move = (delta) => {
    const { params } = current();
    const offset = Math.max(0, Number(params.offset || 0) + delta);
    const rest = { ...params, offset: offset || "" };
    delete rest.event;
    navigate("events", rest);
  };
  document.getElementById("prev").addEventListener("click", () => move(-PAGE_SIZE));
  document.getElementById("next").addEventListener("click", () => move(PAGE_SIZE));
  document.querySelector("#events-table tbody").addEventListener("click", (ev) => {
    const tr = ev.target.closest("tr[data-event-id]");
    if (tr) openEvent(tr.dataset.eventId);
  });
  document.querySelector("#events-table tbody").addEventListener("keydown", (ev) => {
    const tr = ev.target.closest("tr[data-event-id]");
    if (tr && ev.key === "Enter") openEvent(tr.dataset.eventId);
  });
  for (const b of document.querySelectorAll("#events-table th .sort")) {
    b.addEventListener("click", () => {
      const { params } = current();
      const orders = SORTS[b.dataset.sort];
      const now = orders.indexOf(params.order || "date_desc");
      const order = orders[(now + 1) % orders.length];
      const rest = { ...params, order: order === "date_desc" ? "" : order, offset: "" };
      navigate("events", rest);
    });
  }
  for (const b of document.querySelectorAll(".downloads button")) {
    b.addEventListener("click", () => {
      const fmt = b.dataset.format;
      const filters = apiFilters(current().params);
      const ext = fmt === "gdelt" ? "tsv" : fmt === "jsonl" ? "jsonl" : "csv";
      download("export", { ...filters, format: fmt }, `tacitus-events-${fmt}.${ext}`)
        .catch(window.tacitusShowError);
    });
  }
}

let ready = false;

export function show(params) {
  if (!ready) {
    ready = true;
    setup();
  }
  return render(params || {}).catch(window.tacitusShowError);
}
