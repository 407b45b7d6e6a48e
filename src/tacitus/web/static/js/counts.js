// Counts page: asserted events by type, source country and month from GET /api/stats,
// as bars. Each row opens the matching (asserted) events, a month as a date range.

import { get } from "./api.js";
import { clear, el, svg } from "./dom.js";
import { navigate } from "./state.js";

const BAR = 240;

function lastDay(month) {
  const [y, m] = month.split("-").map(Number);
  const d = new Date(Date.UTC(y, m, 0));   // day 0 of the next month
  return d.toISOString().slice(0, 10);
}

function table(title, counts, filterFor) {
  const entries = Object.entries(counts || {});
  const max = Math.max(1, ...entries.map(([, n]) => n));
  const body = el("tbody", {});
  for (const [key, n] of entries) {
    const chosen = filterFor(key);
    const filter = chosen && { ...chosen, modality: "asserted" };
    const tr = el("tr", { "data-key": key, tabindex: filter ? "0" : null, class: filter ? "link" : null },
      el("th", {}, key),
      el("td", { class: "num" }, String(n)),
      el("td", {}, svg("svg", { width: BAR, height: 12, class: "count-bar" },
        svg("rect", { x: 0, y: 1, height: 10, width: Math.max(1, (n / max) * BAR) }))));
    if (filter) {
      const open = () => navigate("events", filter);
      tr.addEventListener("click", open);
      tr.addEventListener("keydown", (ev) => { if (ev.key === "Enter") open(); });
    }
    body.appendChild(tr);
  }
  return el("section", { class: "count-table" }, el("h3", {}, title),
    el("table", { class: "counts" }, body));
}

let loaded = false;

export async function show() {
  if (loaded) return;
  const s = await get("stats");
  loaded = true;
  const box = clear(document.getElementById("counts"));
  box.appendChild(el("p", {}, `${s.events} ${s.modality === "all" ? "" : "asserted "}events `
    + `(${s.merged_events ?? 0} merged) in ${s.documents} documents.`));
  box.append(
    table("By type", s.by_type, (k) => (k === "unknown" ? null : { type: k })),
    table("By source country", s.by_country, (k) => (k === "unknown" ? null : { source_country: k })),
    table("By month", s.by_month, (k) => (/^\d{4}-\d{2}$/.test(k) ? { since: `${k}-01`, until: lastDay(k) } : null)));
}
