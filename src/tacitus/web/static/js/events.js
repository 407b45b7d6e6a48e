// Events page: server-side filtered, paged table and a detail panel.

import { get } from "./api.js";
import { clear, el } from "./dom.js";
import { actorLabel, eventDetail } from "./eventview.js";

const PAGE_SIZE = 50;
const state = { offset: 0, total: 0, filters: {} };

function filtersFrom(form) {
  const data = new FormData(form);
  const v = (k) => (data.get(k) || "").toString().trim();
  const f = {
    type: v("type"), country: v("country").toUpperCase(), since: v("since"), until: v("until"),
    q: v("q"), modality: v("modality"),
  };
  const s = v("dyad_source").toUpperCase();
  const t = v("dyad_target").toUpperCase();
  if (s && t) f.dyad = `${s},${t}`;
  else if (s) f.source_country = s;
  else if (t) f.target_country = t;
  return f;
}

function truncate(text, n) {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

function row(e, onOpen) {
  const tr = el("tr", { tabindex: "0", "data-event-id": e.event_id },
    el("td", {}, e.date || ""),
    el("td", {}, el("span", { class: `badge q${e.quad_class || 0}` }, e.event_type), e.mode ? ` ${e.mode}` : ""),
    el("td", {}, actorLabel(e.source)),
    el("td", {}, actorLabel(e.target)),
    el("td", {}, e.location ? e.location.name : ""),
    el("td", {}, e.modality || ""),
    el("td", { class: "num" }, e.goldstein ?? ""),
    el("td", { class: "sentence-cell" }, truncate((e.evidence && e.evidence.sentence) || "", 110)));
  tr.addEventListener("click", () => onOpen(e.event_id, tr));
  tr.addEventListener("keydown", (ev) => { if (ev.key === "Enter") onOpen(e.event_id, tr); });
  return tr;
}

export async function openEvent(eventId) {
  const panel = document.getElementById("detail");
  const data = await get(`events/${encodeURIComponent(eventId)}`);
  clear(panel).appendChild(eventDetail(data));
  panel.hidden = false;
  panel.querySelector(".close").addEventListener("click", () => { panel.hidden = true; });
}

async function load() {
  const body = document.querySelector("#events-table tbody");
  const data = await get("events", { ...state.filters, limit: PAGE_SIZE, offset: state.offset });
  state.total = data.total;
  const open = (id, tr) => {
    body.querySelectorAll("tr.selected").forEach((r) => r.classList.remove("selected"));
    tr.classList.add("selected");
    return openEvent(id).catch(window.tacitusShowError);
  };
  clear(body);
  for (const e of data.events) body.appendChild(row(e, open));
  if (!data.events.length) body.appendChild(el("tr", {}, el("td", { colspan: "8", class: "muted" }, "No events match.")));
  const first = data.total ? state.offset + 1 : 0;
  const last = state.offset + data.events.length;
  document.getElementById("range").textContent = `${first}–${last} of ${data.total}`;
  document.getElementById("prev").disabled = state.offset === 0;
  document.getElementById("next").disabled = last >= data.total;
}

let ready = false;

export function show() {
  if (ready) return;
  ready = true;
  const form = document.getElementById("event-filters");
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    state.filters = filtersFrom(form);
    state.offset = 0;
    load().catch(window.tacitusShowError);
  });
  form.addEventListener("reset", () => setTimeout(() => form.requestSubmit(), 0));
  document.getElementById("prev").addEventListener("click", () => {
    state.offset = Math.max(0, state.offset - PAGE_SIZE);
    load().catch(window.tacitusShowError);
  });
  document.getElementById("next").addEventListener("click", () => {
    state.offset += PAGE_SIZE;
    load().catch(window.tacitusShowError);
  });
  load().catch(window.tacitusShowError);
}
