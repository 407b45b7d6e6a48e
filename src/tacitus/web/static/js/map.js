// Map page: geolocated events over country outlines drawn in SVG from the bundled
// Natural Earth 110m TopoJSON (world-atlas). No tile server, works offline.
// Zoom with the wheel or the +/− buttons, drag to pan; nearby points are clustered (a
// circle with a count) at the current zoom: click a cluster to zoom in, a point to open
// its event, a country for the events in that country.

import { get } from "./api.js";
import { clear, el, svg, QUAD_COLORS, quadLegend } from "./dom.js";
import { openEvent } from "./events.js";
import { ISO3 } from "./iso3.js";
import { fillForm, navigate, readForm } from "./state.js";

const W = 960;
const H = 480;
const CELL = 18;      // cluster points closer than this many screen pixels
const MAX_ZOOM = 64;
const FIELDS = ["type", "country", "since", "until"];

// Plate carrée: simple, and good enough to see where events cluster.
const px = (lon) => ((lon + 180) / 360) * W;
const py = (lat) => ((90 - lat) / 180) * H;

function ringPath(ring) {
  let d = "";
  let prev = null;
  for (const [lon, lat] of ring) {
    // A jump across the antimeridian starts a new sub-path instead of a line across the map.
    const move = prev === null || Math.abs(lon - prev) > 180;
    d += `${move ? "M" : "L"}${px(lon).toFixed(1)},${py(lat).toFixed(1)}`;
    prev = lon;
  }
  return d;
}

function geometryPath(geometry) {
  if (!geometry) return "";
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates]
    : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
  return polygons.flatMap((poly) => poly.map(ringPath)).join("");
}

let outlines = null;

async function countryPaths() {
  if (outlines) return outlines;
  const topo = await (await fetch("vendor/world-atlas/countries-110m.json")).json();
  const features = window.topojson.feature(topo, topo.objects.countries).features;
  outlines = features.map((f) => ({
    name: (f.properties && f.properties.name) || "", iso3: ISO3[String(f.id).padStart(3, "0")] || null,
    d: geometryPath(f.geometry),
  }));
  return outlines;
}

/** Groups of points within CELL screen pixels of each other at zoom `k` (grid cells). */
export function cluster(points, k) {
  const cells = new Map();
  for (const p of points) {
    if (typeof p.lat !== "number" || typeof p.lon !== "number") continue;
    const x = px(p.lon);
    const y = py(p.lat);
    const key = `${Math.floor((x * k) / CELL)}:${Math.floor((y * k) / CELL)}`;
    if (!cells.has(key)) cells.set(key, []);
    cells.get(key).push({ ...p, x, y });
  }
  return [...cells.values()].map((members) => ({
    x: members.reduce((s, m) => s + m.x, 0) / members.length,
    y: members.reduce((s, m) => s + m.y, 0) / members.length,
    members,
  }));
}

export function drawMap(countries, points, { onPoint, onCountry }) {
  const view = { x: 0, y: 0, k: 1 };
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "map", role: "img" },
    svg("title", {}, "Geolocated events"));
  const world = svg("g", { class: "world" });
  world.appendChild(svg("rect", { x: 0, y: 0, width: W, height: H, class: "sea" }));
  const land = svg("g", { class: "countries" });
  for (const c of countries) {
    const path = svg("path", { d: c.d, class: "country", "data-iso3": c.iso3 || "" }, svg("title", {}, c.name));
    if (c.iso3 && onCountry) path.addEventListener("click", () => { if (!dragged) onCountry(c.iso3); });
    land.appendChild(path);
  }
  world.appendChild(land);
  // Points are drawn in screen units (positions scaled, sizes not), over the world.
  const dots = svg("g", { class: "points" });
  chart.append(world, dots);

  function drawPoints() {
    clear(dots);
    const k = view.k;
    for (const group of cluster(points, view.k)) {
      if (group.members.length === 1) {
        const p = group.members[0];
        const q = p.quad_class || 1;
        const dot = svg("circle", {
          cx: p.x * k, cy: p.y * k, r: 4, fill: QUAD_COLORS[q], class: `point q${q}`,
          "data-event-id": p.event_id,
        }, svg("title", {}, `${p.type} · ${p.place || ""} · ${p.date || "no date"}`));
        dot.addEventListener("click", () => { if (!dragged) onPoint(p.event_id); });
        dots.appendChild(dot);
        continue;
      }
      const n = group.members.length;
      const r = 7 + 3 * Math.log2(n);
      const places = [...new Set(group.members.map((m) => m.place).filter(Boolean))].slice(0, 5).join(", ");
      const g = svg("g", { class: "cluster-group", "data-count": n },
        svg("circle", { cx: group.x * k, cy: group.y * k, r, class: "cluster" },
          svg("title", {}, `${n} events: ${places}`)),
        svg("text", { x: group.x * k, y: group.y * k + 4, "text-anchor": "middle", class: "cluster-count" },
          String(n)));
      g.addEventListener("click", () => { if (!dragged) zoomAt(group.x, group.y, 4); });
      dots.appendChild(g);
    }
  }

  function place() {
    world.setAttribute("transform", `translate(${view.x},${view.y}) scale(${view.k})`);
    dots.setAttribute("transform", `translate(${view.x},${view.y})`);
  }

  function apply() {
    place();
    chart.dataset.zoom = String(view.k);
    drawPoints();
  }

  /** Zoom by `factor` keeping the map point (mx, my) where it is on screen. */
  function zoomAt(mx, my, factor) {
    const k = Math.min(MAX_ZOOM, Math.max(1, view.k * factor));
    const sx = mx * view.k + view.x;
    const sy = my * view.k + view.y;
    view.x = Math.min(0, Math.max(W - W * k, sx - mx * k));
    view.y = Math.min(0, Math.max(H - H * k, sy - my * k));
    view.k = k;
    apply();
  }

  const toSvg = (ev) => {
    const box = chart.getBoundingClientRect();
    return [((ev.clientX - box.left) / box.width) * W, ((ev.clientY - box.top) / box.height) * H];
  };
  chart.addEventListener("wheel", (ev) => {
    ev.preventDefault();
    const [sx, sy] = toSvg(ev);
    zoomAt((sx - view.x) / view.k, (sy - view.y) / view.k, ev.deltaY < 0 ? 1.5 : 1 / 1.5);
  }, { passive: false });
  let drag = null;
  let dragged = false;
  chart.addEventListener("mousedown", (ev) => { drag = [...toSvg(ev), view.x, view.y]; dragged = false; });
  window.addEventListener("mousemove", (ev) => {
    if (!drag) return;
    const [sx, sy] = toSvg(ev);
    if (Math.abs(sx - drag[0]) + Math.abs(sy - drag[1]) > 3) dragged = true;
    view.x = Math.min(0, Math.max(W - W * view.k, drag[2] + sx - drag[0]));
    view.y = Math.min(0, Math.max(H - H * view.k, drag[3] + sy - drag[1]));
    place();
  });
  window.addEventListener("mouseup", () => { drag = null; });
  chart.zoomBy = (factor) => zoomAt((W / 2 - view.x) / view.k, (H / 2 - view.y) / view.k, factor);
  chart.zoomReset = () => { Object.assign(view, { x: 0, y: 0, k: 1 }); apply(); };
  apply();
  return chart;
}

function tools(chart) {
  const b = (label, title, fn) => {
    const button = el("button", { type: "button", title, "data-zoom": label }, label);
    button.addEventListener("click", fn);
    return button;
  };
  return el("div", { class: "map-tools" },
    b("+", "zoom in", () => chart.zoomBy(2)), b("−", "zoom out", () => chart.zoomBy(0.5)),
    b("reset", "whole world", () => chart.zoomReset()),
    el("span", { class: "muted" }, "Wheel to zoom, drag to pan. Click a cluster to zoom in, a point for its event, a country for its events."));
}

async function load(form, params) {
  fillForm(form, params, FIELDS);
  const [countries, result] = await Promise.all([countryPaths(), get("map", {
    type: params.type, country: (params.country || "").toUpperCase(), since: params.since,
    until: params.until, limit: 5000,
  })]);
  const points = result.points || [];
  const box = clear(document.getElementById("map-chart"));
  box.appendChild(quadLegend());
  box.appendChild(el("p", { class: "muted" }, `${points.length} geolocated events.`));
  const chart = drawMap(countries, points, {
    onPoint: (id) => openEvent(id),
    onCountry: (iso3) => navigate("events", { country: iso3, type: params.type, since: params.since, until: params.until }),
  });
  box.append(tools(chart), chart);
}

let ready = false;

export function show(params) {
  const form = document.getElementById("map-filters");
  if (!ready) {
    ready = true;
    form.addEventListener("submit", (ev) => { ev.preventDefault(); navigate("map", readForm(form, FIELDS)); });
  }
  return load(form, params || {}).catch(window.tacitusShowError);
}
