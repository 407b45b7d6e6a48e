// Network page: actors as nodes, events between them as edges coloured by the
// QuadClass that dominates the pair, placed with a small force-directed layout.

import { get } from "./api.js";
import { clear, el, svg, QUAD_COLORS, quadLegend } from "./dom.js";
import { fillForm, navigate, readForm } from "./state.js";

const FIELDS = ["since", "until", "min_events", "limit", "all_modalities"];

const W = 960;
const H = 620;
// Labels are placed busiest actor first and only where they overlap nothing already
// drawn (no label over another or over a node); the others show their name on hover.
const MAX_LABELS = 60;
const CHAR_W = 6.2;   // width of one character at 11px, for the overlap test

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

function overlaps(a, b) {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

/** id -> {text, dx, dy, anchor} for the labels that fit: one per distinct name (the
 * busiest actor of that name gets it), busiest first, each at the first of four spots
 * around its node that overlaps no other label and no node. */
export function placeLabels(nodes, pos, radius) {
  const taken = nodes.map((d, i) => {
    const r = radius.get(d.id);
    return { x0: pos[i].x - r, x1: pos[i].x + r, y0: pos[i].y - r, y1: pos[i].y + r, node: d.id };
  });
  const placed = new Map();
  const names = new Set();
  const order = nodes.map((d, i) => [d, i]).sort((a, b) => (b[0].events || 0) - (a[0].events || 0));
  for (const [d, i] of order) {
    if (placed.size >= MAX_LABELS) break;
    const text = d.label || d.id;
    if (names.has(text)) continue;
    const r = radius.get(d.id);
    const w = text.length * CHAR_W;
    const { x, y } = pos[i];
    // a label with its baseline at b covers b - 10 … b + 3 (11px text, descenders included)
    const spots = [[r + 3, 4, "start"], [-r - 3, 4, "end"], [0, -r - 4, "middle"], [0, r + 12, "middle"]]
      .map(([dx, dy, anchor]) => {
        const x0 = anchor === "start" ? x + dx : anchor === "end" ? x + dx - w : x - w / 2;
        return { dx, dy, anchor, box: { x0, x1: x0 + w, y0: y + dy - 10, y1: y + dy + 3 } };
      });
    const spot = spots.find((s) => s.box.x0 >= 0 && s.box.x1 <= W && s.box.y0 >= 0 && s.box.y1 <= H
      && taken.every((t) => t.node === d.id || !overlaps(s.box, t)));
    if (!spot) continue;
    taken.push(spot.box);
    names.add(text);
    placed.set(d.id, { text, dx: spot.dx, dy: spot.dy, anchor: spot.anchor });
  }
  return placed;
}

export function drawNetwork(nodes, edges, onNode, onEdge) {
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
    const d = `M${a.x},${a.y} Q${cx},${cy} ${x2},${y2}`;
    const line = svg("path", {
      d, fill: "none", stroke: QUAD_COLORS[q], class: `edge q${q}`, "data-source": e.source, "data-target": e.target,
      "stroke-width": 1 + 5 * ((e.events || 1) / maxEvents), "marker-end": `url(#arrow-q${q})`,
    }, svg("title", {}, edgeTitle(e)));
    edgeGroup.appendChild(line);
    if (onEdge) {
      // a wide invisible twin makes a thin arrow easy to click
      const hit = svg("path", { d, class: "edge-hit" }, svg("title", {}, edgeTitle(e)));
      for (const target of [line, hit]) target.addEventListener("click", () => onEdge(e));
      edgeGroup.appendChild(hit);
    }
  }
  const nodeGroup = svg("g", { class: "nodes" });
  const labels = placeLabels(nodes, pos, radius);
  nodes.forEach((d, i) => {
    const r = radius.get(d.id);
    const label = labels.get(d.id);
    const g = svg("g", { class: "node", transform: `translate(${pos[i].x},${pos[i].y})`, "data-id": d.id, tabindex: "0" },
      svg("circle", { r }),
      label ? svg("text", { x: label.dx, y: label.dy, "text-anchor": label.anchor, class: "label" }, label.text) : null,
      svg("title", {}, `${d.label || d.id} (${[d.country, d.sector].filter(Boolean).join(" ")}): ${d.events} events`));
    if (onNode) {
      g.addEventListener("click", () => onNode(d));
      g.addEventListener("keydown", (ev) => { if (ev.key === "Enter") onNode(d); });
    }
    nodeGroup.appendChild(g);
  });
  chart.append(edgeGroup, nodeGroup);
  return chart;
}

/** Events of an actor: its country on either side (an actor without a country: its
 * name in the text). A link opens exactly its dyad, countries and sectors. */
function nodeFilter(node, params) {
  const f = { since: params.since, until: params.until, modality: params.all_modalities ? "" : "asserted" };
  if (node.country) f.country = node.country;
  else f.q = node.label || node.id;
  return f;
}

function edgeFilter(edge, byId, params) {
  const s = byId.get(edge.source) || {};
  const t = byId.get(edge.target) || {};
  return {
    since: params.since, until: params.until, modality: params.all_modalities ? "" : "asserted",
    source_country: s.country, source_sector: s.sector, target_country: t.country, target_sector: t.sector,
  };
}

async function load(form, params) {
  fillForm(form, params, FIELDS);
  const net = await get("network", {
    since: params.since, until: params.until, min_events: params.min_events, limit: params.limit,
    all_modalities: params.all_modalities,
  });
  const nodes = net.nodes || [];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const box = clear(document.getElementById("network-chart"));
  box.appendChild(quadLegend());
  box.appendChild(el("p", { class: "muted" },
    `${nodes.length} actors, ${(net.edges || []).length} links. Hover for names and counts; click an actor or a link for its events.`));
  box.appendChild(drawNetwork(nodes, net.edges || [],
    (node) => navigate("events", nodeFilter(node, params)),
    (edge) => navigate("events", edgeFilter(edge, byId, params))));
}

let ready = false;

export function show(params) {
  const form = document.getElementById("network-filters");
  if (!ready) {
    ready = true;
    form.addEventListener("submit", (ev) => { ev.preventDefault(); navigate("network", readForm(form, FIELDS)); });
  }
  return load(form, params || {}).catch(window.tacitusShowError);
}
