// Dashboard entry point: page switching by URL hash, shared error line, header stats.

import { get, getToken, setToken } from "./api.js";
import { el, EVENT_TYPES } from "./dom.js";
import * as code from "./code.js";
import * as events from "./events.js";
import * as map from "./map.js";
import * as network from "./network.js";
import * as timeline from "./timeline.js";

const PAGES = { events, timeline, network, map, code };

function showError(err) {
  const box = document.getElementById("error");
  const msg = err && err.message ? err.message : String(err);
  box.textContent = err && err.status === 401
    ? `${msg} — enter the API token at the top right.` : msg;
  box.hidden = false;
}
window.tacitusShowError = showError;

function route() {
  const name = (window.location.hash || "#events").slice(1);
  const page = PAGES[name] ? name : "events";
  document.getElementById("error").hidden = true;
  for (const key of Object.keys(PAGES)) {
    document.getElementById(`page-${key}`).hidden = key !== page;
  }
  for (const a of document.querySelectorAll("#nav a")) {
    a.classList.toggle("active", a.dataset.page === page);
  }
  document.body.dataset.page = page;
  PAGES[page].show();
}

function fillTypeSelects() {
  for (const select of document.querySelectorAll('select[name="type"]')) {
    for (const t of EVENT_TYPES) select.appendChild(el("option", { value: t }, t));
  }
}

async function showStats() {
  try {
    const s = await get("stats");
    const parts = [];
    // counts are of asserted events (what happened), as in the timeline and alerts
    if (s.events != null) parts.push(`${s.events} asserted events`);
    if (s.documents != null) parts.push(`${s.documents} documents`);
    document.getElementById("stats").textContent = parts.join(" · ");
  } catch { /* the header line is optional */ }
}

function setupToken() {
  const input = document.getElementById("token");
  input.value = getToken();
  input.addEventListener("change", () => {
    setToken(input.value.trim());
    window.location.reload();
  });
}

fillTypeSelects();
setupToken();
window.addEventListener("hashchange", route);
route();
showStats();
