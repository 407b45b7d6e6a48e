// Network page: actors as nodes, events between them as edges coloured by the
// QuadClass that dominates the pair, placed with a small force-directed layout.

import { get } from "./api.js";
import { clear, el, svg, QUAD_COLORS, quadLegend } from "./dom.js";

const W = 960;
const H = 620;
// Beyond this many, names overlap into noise; the others show theirs on hover.
const MAX_LABELS = 40;

/** Fruchterman–Reingold layout, started from a circle so it is deterministic. */
export function layout(nodes, edges, iterations = 300) {
  const n = nodes.length;
  const pos = nodes.map((_, i) => ({
    x: W / 2 + (W / 3) * Math.cos((2 * Math.PI * i) / Math.max(1, n)),
    y: H / 2 + (H / 3) * Math.sin((2 * Math.PI * i) / Math.max(1, n)),
  }));
  const index = new Map(nodes.map((node, i) => [node.id, i]));
  const links = edges.map((e) => [index.get(e.source), index.get(e.target)])
    .filter(([a, b]) => a !== undefined && b !== undefined && a !== b);
  const k = Math.sqrt((W * H) / Math.max(1, n)) * 0.6;
  let temp = W / 10;
  const gravity = 0.1 * Math.sqrt(n);
  for (let it = 0; it < iterations; it++) {
    const disp = pos.map(() => ({ x: 0, y: 0 }));
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const dx = pos[i].x - pos[j].x || 0.01;
        const dy = pos[i].y - pos[j].y || 0.01;
        const d2 = dx * dx + dy * dy;
        const f = (k * k) / d2;
        disp[i].x += dx * f; disp[i].y += dy * f;
        disp[j].x -= dx * f; disp[j].y -= dy * f;
      }
    }
    for (const [a, b] of links) {
      const dx = pos[a].x - pos[b].x;
      const dy = pos[a].y - pos[b].y;
      const d = Math.sqrt(dx * dx + dy * dy) || 0.01;
      const f = d / k;
      disp[a].x -= dx * f; disp[a].y -= dy * f;
      disp[b].x += dx * f; disp[b].y += dy * f;
    }
    for (let i = 0; i < n; i++) {
      // Gravity keeps separate components from drifting apart for ever.
      disp[i].x += (W / 2 - pos[i].x) * gravity;
      disp[i].y += (H / 2 - pos[i].y) * gravity;
      const d = Math.sqrt(disp[i].x ** 2 + disp[i].y ** 2) || 1;
      pos[i].x += (disp[i].x / d) * Math.min(d, temp);
      pos[i].y += (disp[i].y / d) * Math.min(d, temp);
    }
    temp = Math.max(0.5, temp * 0.98);
  }
  return fit(pos);
}

/** Scale the layout into the drawing area, leaving room for labels on the right. */
function fit(pos) {
  if (!pos.length) return pos;
  const xs = pos.map((p) => p.x);
  const ys = pos.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const sx = (W - 180) / Math.max(1, x1 - x0);
  const sy = (H - 60) / Math.max(1, y1 - y0);
  return pos.map((p) => ({ x: 40 + (p.x - x0) * sx, y: 30 + (p.y - y0) * sy }));
}

export function edgeTitle(e) {
  const q = e.quad || {};
  const mean = e.goldstein_mean == null ? "?" : Number(e.goldstein_mean).toFixed(2);
  return `${e.source} → ${e.target}: ${e.events} events (Q1 ${q[1] || 0}, Q2 ${q[2] || 0}, `
    + `Q3 ${q[3] || 0}, Q4 ${q[4] || 0}), mean Goldstein ${mean}`;
}

export function drawNetwork(nodes, edges) {
  const pos = layout(nodes, edges);
  const at = new Map(nodes.map((node, i) => [node.id, pos[i]]));
  const maxEvents = Math.max(1, ...edges.map((e) => e.events || 1));
  const maxNode = Math.max(1, ...nodes.map((d) => d.events || 1));
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "network", role: "img" },
    svg("title", {}, "Actor network"),
    svg("defs", {}, [1, 2, 3, 4].map((q) => svg("marker", {
      id: `arrow-q${q}`, viewBox: "0 0 10 10", refX: "10", refY: "5", markerUnits: "userSpaceOnUse",
      markerWidth: "9", markerHeight: "9", orient: "auto",
    }, svg("path", { d: "M0,0 L10,5 L0,10 z", fill: QUAD_COLORS[q] })))));
  const radius = new Map(nodes.map((d) => [d.id, 4 + 10 * Math.sqrt((d.events || 1) / maxNode)]));
  const edgeGroup = svg("g", { class: "edges" });
  for (const e of edges) {
    const a = at.get(e.source);
    const b = at.get(e.target);
    if (!a || !b || a === b) continue;
    const q = e.dominant_quad || 1;
    // A slight bend to one side keeps A → B and B → A apart; the arrow stops at the rim.
    const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
    const [ux, uy] = [(b.x - a.x) / len, (b.y - a.y) / len];
    const bend = Math.min(40, len * 0.12);
    const cx = (a.x + b.x) / 2 - uy * bend;
    const cy = (a.y + b.y) / 2 + ux * bend;
    const cut = Math.min(len / 2, radius.get(e.target) + 2);
    const [dx, dy] = [b.x - cx, b.y - cy];
    const dl = Math.hypot(dx, dy) || 1;
    const x2 = b.x - (dx / dl) * cut;
    const y2 = b.y - (dy / dl) * cut;
    edgeGroup.appendChild(svg("path", {
      d: `M${a.x},${a.y} Q${cx},${cy} ${x2},${y2}`, fill: "none", stroke: QUAD_COLORS[q], class: `edge q${q}`,
      "stroke-width": 1 + 5 * ((e.events || 1) / maxEvents), "marker-end": `url(#arrow-q${q})`,
    }, svg("title", {}, edgeTitle(e))));
  }
  const nodeGroup = svg("g", { class: "nodes" });
  const labelled = new Set([...nodes].sort((a, b) => (b.events || 0) - (a.events || 0))
    .slice(0, MAX_LABELS).map((d) => d.id));
  nodes.forEach((d, i) => {
    const r = radius.get(d.id);
    nodeGroup.appendChild(svg("g", { class: "node", transform: `translate(${pos[i].x},${pos[i].y})` },
      svg("circle", { r }),
      labelled.has(d.id) ? svg("text", { x: r + 3, y: 4 }, d.label || d.id) : null,
      svg("title", {}, `${d.label || d.id} (${[d.country, d.sector].filter(Boolean).join(" ")}): ${d.events} events`)));
  });
  chart.append(edgeGroup, nodeGroup);
  return chart;
}

async function load(form) {
  const data = new FormData(form);
  const v = (k) => (data.get(k) || "").toString().trim();
  const net = await get("network", {
    since: v("since"), until: v("until"), min_events: v("min_events"), limit: v("limit"),
    all_modalities: v("all_modalities"),
  });
  const box = clear(document.getElementById("network-chart"));
  box.appendChild(quadLegend());
  box.appendChild(el("p", { class: "muted" },
    `${(net.nodes || []).length} actors, ${(net.edges || []).length} links. Hover for names and counts.`));
  box.appendChild(drawNetwork(net.nodes || [], net.edges || []));
}

let ready = false;

export function show() {
  if (ready) return;
  ready = true;
  const form = document.getElementById("network-filters");
  form.addEventListener("submit", (ev) => { ev.preventDefault(); load(form).catch(window.tacitusShowError); });
  load(form).catch(window.tacitusShowError);
}
