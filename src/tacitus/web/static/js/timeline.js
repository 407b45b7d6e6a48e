// Timeline page: events per day or week as bars stacked by QuadClass, with the mean
// Goldstein score as a line on its own axis (-10 … +10).

import { get } from "./api.js";
import { clear, el, svg, QUAD_COLORS, quadLegend } from "./dom.js";

const W = 960;
const H = 340;
const M = { top: 16, right: 48, bottom: 56, left: 48 };

function niceMax(n) {
  if (n <= 5) return 5;
  const p = 10 ** Math.floor(Math.log10(n));
  return Math.ceil(n / p) * p;
}

function axes(yMax, y, g) {
  const group = svg("g", { class: "axes" });
  for (let i = 0; i <= 4; i++) {
    const v = (yMax * i) / 4;
    group.appendChild(svg("line", { x1: M.left, x2: W - M.right, y1: y(v), y2: y(v), class: "grid" }));
    group.appendChild(svg("text", { x: M.left - 6, y: y(v) + 4, "text-anchor": "end" }, String(Math.round(v))));
  }
  for (const v of [-10, -5, 0, 5, 10]) {
    group.appendChild(svg("text", { x: W - M.right + 6, y: g(v) + 4, class: "g-axis" }, String(v)));
  }
  group.appendChild(svg("text", { x: 4, y: M.top - 4, class: "axis-title" }, "events"));
  group.appendChild(svg("text", { x: W - M.right, y: M.top - 4, class: "axis-title g-axis" }, "Goldstein"));
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
  const pts = rows.map((r, i) => r.goldstein_mean == null ? null
    : [M.left + i * step + step / 2, g(r.goldstein_mean), r]).filter(Boolean);
  if (pts.length) {
    chart.appendChild(svg("polyline", { class: "goldstein", points: pts.map(([x, yy]) => `${x},${yy}`).join(" ") }));
    for (const [x, yy, r] of pts) {
      chart.appendChild(svg("circle", { cx: x, cy: yy, r: 3, class: "goldstein-dot" },
        svg("title", {}, `${r.period}: ${r.events} events, mean Goldstein ${Number(r.goldstein_mean).toFixed(2)}`)));
    }
  }
  return chart;
}

function alertItem(alert) {
  // Alerts come from the server with fields we do not fix here: show them all as text.
  if (typeof alert !== "object" || alert === null) return el("li", {}, String(alert));
  const main = alert.message || alert.summary || alert.description || "";
  const rest = Object.entries(alert).filter(([k]) => !["message", "summary", "description"].includes(k))
    .map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : v}`).join(" · ");
  return el("li", {}, main ? el("strong", {}, main) : null, main ? " " : null, el("span", { class: "muted" }, rest));
}

async function loadAlerts() {
  const list = document.getElementById("alerts");
  try {
    const data = await get("alerts", { window: "7d" });
    clear(list);
    for (const a of data.alerts || []) list.appendChild(alertItem(a));
    if (!(data.alerts || []).length) list.appendChild(el("li", { class: "muted" }, "No alerts in the last 7 days."));
  } catch (err) {
    clear(list).appendChild(el("li", { class: "muted" }, `Alerts unavailable (${err.message})`));
  }
}

async function load(form) {
  const data = new FormData(form);
  const v = (k) => (data.get(k) || "").toString().trim();
  const rows = (await get("timeline", {
    by: v("by"), type: v("type"), source: v("source").toUpperCase(), target: v("target").toUpperCase(),
  })).rows || [];
  const box = clear(document.getElementById("timeline-chart"));
  box.appendChild(quadLegend());
  if (!rows.length) box.appendChild(el("p", { class: "muted" }, "No dated events match."));
  box.appendChild(drawTimeline(rows));
}

let ready = false;

export function show() {
  if (ready) return;
  ready = true;
  const form = document.getElementById("timeline-filters");
  form.addEventListener("submit", (ev) => { ev.preventDefault(); load(form).catch(window.tacitusShowError); });
  load(form).catch(window.tacitusShowError);
  loadAlerts();
}
