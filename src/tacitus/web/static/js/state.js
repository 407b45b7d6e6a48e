// The dashboard's state lives in the URL: "#page?key=value&…". Every view can be
// bookmarked and shared, and the browser's back/forward buttons walk through filters.

/** {page, params} from the current location's hash. */
export function current() {
  const hash = window.location.hash.slice(1);
  const at = hash.indexOf("?");
  const page = (at < 0 ? hash : hash.slice(0, at)) || "events";
  const params = {};
  for (const [k, v] of new URLSearchParams(at < 0 ? "" : hash.slice(at + 1))) params[k] = v;
  return { page, params };
}

/** "#page?query" for a page and its parameters (empty values left out, keys sorted). */
export function href(page, params) {
  const q = new URLSearchParams();
  for (const k of Object.keys(params || {}).sort()) {
    const v = params[k];
    if (v !== "" && v !== null && v !== undefined && v !== false) q.set(k, String(v));
  }
  const s = q.toString();
  return `#${page}${s ? `?${s}` : ""}`;
}

/** Go to a page with parameters: a new history entry (the hashchange handler renders). */
export function navigate(page, params) {
  const target = href(page, params);
  if (window.location.hash === target) {
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  } else {
    window.location.hash = target;
  }
}

/** Fill a form's fields from parameters (missing ones are emptied). */
export function fillForm(form, params, names) {
  for (const name of names) {
    const field = form.elements[name];
    if (!field) continue;
    if (field.type === "checkbox") field.checked = params[name] === "true";
    else field.value = params[name] ?? field.dataset.default ?? "";
  }
}

/** Non-empty form values by name (checkboxes as "true"). */
export function readForm(form, names) {
  const out = {};
  for (const name of names) {
    const field = form.elements[name];
    if (!field) continue;
    const value = field.type === "checkbox" ? (field.checked ? "true" : "") : field.value.trim();
    if (value) out[name] = value;
  }
  return out;
}

/** The same parameters, ignoring some keys (to see whether a reload is needed). */
export function sameExcept(a, b, ignored) {
  const keys = new Set([...Object.keys(a || {}), ...Object.keys(b || {})]);
  for (const k of keys) {
    if (ignored.includes(k)) continue;
    if ((a || {})[k] !== (b || {})[k]) return false;
  }
  return true;
}
