// Timeline page: events per day or week as bars stacked by QuadClass, with the mean
// Goldstein score as a line on its own axis (-10 … +10).

import { get } from "./api.js";
import { clear, el, svg, QUAD_COLORS, quadLegend } from "./dom.js";
import { openEvent } from "./events.js";

const W = 960;
const H = 340;
const M = { top: 22, right: 56, bottom: 64, left: 64 };
const TICKS = 4;

/** A top for the count axis whose TICKS steps are round numbers (1, 2, 3, 5 × 10^k). */
function niceMax(n) {
  const raw = Math.max(1, n) / TICKS;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 3, 5, 10].map((m) => m * p).find((s) => s >= raw);
  return Math.max(1, step) * TICKS;
}

function axes(yMax, y, g) {
  const group = svg("g", { class: "axes" });
  for (let i = 0; i <= TICKS; i++) {
    const v = (yMax * i) / TICKS;
    group.appendChild(svg("line", { x1: M.left, x2: W - M.right, y1: y(v), y2: y(v), class: "grid" }));
    group.appendChild(svg("text", { x: M.left - 6, y: y(v) + 4, "text-anchor": "end" }, String(Math.round(v))));
  }
  for (const v of [-10, -5, 0, 5, 10]) {
    group.appendChild(svg("text", { x: W - M.right + 6, y: g(v) + 4, class: "g-axis" }, String(v)));
  }
  group.appendChild(svg("text", { x: M.left - 6, y: M.top - 8, "text-anchor": "end", class: "axis-title" }, "events"));
  group.appendChild(svg("text", { x: W - 4, y: M.top - 8, "text-anchor": "end", class: "axis-title g-axis" },
    "mean Goldstein"));
  return group;
}

export function drawTimeline(rows) {
  const iw = W - M.left - M.right;
  const ih = H - M.top - M.bottom;
  const yMax = niceMax(Math.max(1, ...rows.map((r) => r.events || 0)));
  const y = (v) => M.top + ih - (v / yMax) * ih;
  const g = (v) => M.top + ih / 2 - (v / 10) * (ih / 2);
  const step = iw / Math.max(1, rows.length);
  const bw = Math.max(1, step * 0.8);
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "timeline", role: "img" },
    svg("title", {}, "Events per period by QuadClass, with mean Goldstein score"));
  chart.appendChild(axes(yMax, y, g));
  const bars = svg("g", { class: "bars" });
  const labelEvery = Math.ceil(rows.length / 16);
  rows.forEach((r, i) => {
    const x = M.left + i * step + (step - bw) / 2;
    let base = 0;
    for (const q of [1, 2, 3, 4]) {
      const n = r[`quad${q}`] || 0;
      if (!n) continue;
      bars.appendChild(svg("rect", {
        x, width: bw, y: y(base + n), height: Math.max(0.5, y(base) - y(base + n)),
        fill: QUAD_COLORS[q], class: `bar q${q}`,
      }, svg("title", {}, `${r.period}: ${n} QuadClass ${q}`)));
      base += n;
    }
    if (i % labelEvery === 0) {
      bars.appendChild(svg("text", {
        x: x + bw / 2, y: H - M.bottom + 14, "text-anchor": "end",
        transform: `rotate(-40 ${x + bw / 2} ${H - M.bottom + 14})`, class: "tick",
      }, String(r.period)));
    }
  });
  chart.appendChild(bars);
  // Periods without events have no mean: the line breaks there instead of bridging the gap.
  const runs = [[]];
  rows.forEach((r, i) => {
    if (r.goldstein_mean == null || !r.events) {
      if (runs[runs.length - 1].length) runs.push([]);
      return;
    }
    runs[runs.length - 1].push([M.left + i * step + step / 2, g(r.goldstein_mean), r]);
  });
  for (const run of runs.filter((r) => r.length)) {
    chart.appendChild(svg("polyline", { class: "goldstein", points: run.map(([x, yy]) => `${x},${yy}`).join(" ") }));
    for (const [x, yy, r] of run) {
      chart.appendChild(svg("circle", { cx: x, cy: yy, r: 3, class: "goldstein-dot" },
        svg("title", {}, `${r.period}: ${r.events} events, mean Goldstein ${Number(r.goldstein_mean).toFixed(2)}`)));
    }
  }
  return chart;
}

const fixed = (x) => (typeof x === "number" ? x.toFixed(1) : "?");

function alertSummary(a) {
  const ratio = a.ratio == null ? "new" : `×${fixed(a.ratio)}`;
  return `${a.kind || "alert"} ${a.key || ""}: ${a.events} conflict events `
    + `${a.window_start || ""}–${a.window_end || ""} (z ${fixed(a.score)}, ${ratio}, `
    + `Goldstein change ${fixed(a.goldstein_change)})`;
}

function alertItem(alert) {
  if (typeof alert !== "object" || alert === null) return el("li", {}, String(alert));
  const ids = Array.isArray(alert.event_ids) ? alert.event_ids.slice(0, 20) : [];
  const links = ids.map((id) => {
    const button = el("button", { type: "button", class: "linkish" }, id);
    button.addEventListener("click", () => {
      window.location.hash = "#events";
      openEvent(id).catch(window.tacitusShowError);
    });
    return button;
  });
  return el("li", {}, el("strong", {}, alertSummary(alert)),
    alert.method ? el("div", { class: "muted" }, alert.method) : null,
    links.length ? el("div", { class: "alert-events" }, "events: ", links) : null);
}

async function loadAlerts(form) {
  const list = document.getElementById("alerts");
  const choice = form.elements.window.selectedOptions[0];
  try {
    const data = await get("alerts", {
      window: choice.value, baseline: choice.dataset.baseline, min_events: form.elements.min_events.value,
      all_modalities: form.elements.all_modalities.checked ? "true" : "",
    });
    clear(list);
    for (const a of data.alerts || []) list.appendChild(alertItem(a));
    if (!(data.alerts || []).length) {
      list.appendChild(el("li", { class: "muted" }, `No alerts for the latest ${choice.textContent}.`));
    }
  } catch (err) {
    clear(list).appendChild(el("li", { class: "muted" }, `Alerts unavailable (${err.message})`));
  }
}

async function load(form) {
  const data = new FormData(form);
  const v = (k) => (data.get(k) || "").toString().trim();
  const rows = (await get("timeline", {
    by: v("by"), type: v("type"), source: v("source").toUpperCase(), target: v("target").toUpperCase(),
    since: v("since"), until: v("until"), all_modalities: v("all_modalities"),
  })).rows || [];
  const box = clear(document.getElementById("timeline-chart"));
  box.appendChild(quadLegend());
  if (!rows.length) box.appendChild(el("p", { class: "muted" }, v("all_modalities") ? "No dated events match." : "No dated asserted events match (tick “all modalities” for the others)."));
  box.appendChild(drawTimeline(rows));
}

let ready = false;

export function show() {
  if (ready) return;
  ready = true;
  const form = document.getElementById("timeline-filters");
  form.addEventListener("submit", (ev) => { ev.preventDefault(); load(form).catch(window.tacitusShowError); });
  load(form).catch(window.tacitusShowError);
  const alertForm = document.getElementById("alert-filters");
  alertForm.addEventListener("submit", (ev) => { ev.preventDefault(); loadAlerts(alertForm); });
  loadAlerts(alertForm);
}
