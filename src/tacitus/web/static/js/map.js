// Map page: geolocated events as points over country outlines drawn in SVG from the
// bundled Natural Earth 110m TopoJSON (world-atlas). No tile server, works offline.

import { get } from "./api.js";
import { clear, el, svg, QUAD_COLORS, quadLegend } from "./dom.js";
import { openEvent } from "./events.js";

const W = 960;
const H = 480;

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
  outlines = features.map((f) => ({ name: (f.properties && f.properties.name) || "", d: geometryPath(f.geometry) }));
  return outlines;
}

export function drawMap(countries, points, onPick) {
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "map", role: "img" },
    svg("title", {}, "Geolocated events"),
    svg("rect", { x: 0, y: 0, width: W, height: H, class: "sea" }));
  const land = svg("g", { class: "countries" });
  for (const c of countries) land.appendChild(svg("path", { d: c.d, class: "country" }, svg("title", {}, c.name)));
  chart.appendChild(land);
  const dots = svg("g", { class: "points" });
  for (const p of points) {
    if (typeof p.lat !== "number" || typeof p.lon !== "number") continue;
    const q = p.quad_class || 1;
    const dot = svg("circle", {
      cx: px(p.lon), cy: py(p.lat), r: 4, fill: QUAD_COLORS[q], class: `point q${q}`,
      "data-event-id": p.event_id,
    }, svg("title", {}, `${p.type} · ${p.place || ""} · ${p.date || "no date"}`));
    dot.addEventListener("click", () => onPick(p.event_id));
    dots.appendChild(dot);
  }
  chart.appendChild(dots);
  return chart;
}

function pick(eventId) {
  window.location.hash = "#events";
  openEvent(eventId).catch(window.tacitusShowError);
}

async function load(form) {
  const data = new FormData(form);
  const v = (k) => (data.get(k) || "").toString().trim();
  const [countries, result] = await Promise.all([countryPaths(), get("map", {
    type: v("type"), country: v("country").toUpperCase(), since: v("since"), until: v("until"), limit: 5000,
  })]);
  const points = result.points || [];
  const box = clear(document.getElementById("map-chart"));
  box.appendChild(quadLegend());
  box.appendChild(el("p", { class: "muted" }, `${points.length} geolocated events. Click a point to open it.`));
  box.appendChild(drawMap(countries, points, pick));
}

let ready = false;

export function show() {
  if (ready) return;
  ready = true;
  const form = document.getElementById("map-filters");
  form.addEventListener("submit", (ev) => { ev.preventDefault(); load(form).catch(window.tacitusShowError); });
  load(form).catch(window.tacitusShowError);
}
