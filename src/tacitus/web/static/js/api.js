// Talking to the tacitus REST API (same origin). The token, when the server asks for one,
// is kept for this tab only (sessionStorage) and sent as a bearer token.

const TOKEN_KEY = "tacitus-token";

export function getToken() {
  return sessionStorage.getItem(TOKEN_KEY) || "";
}

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

function headers(extra) {
  const h = { Accept: "application/json", ...extra };
  const token = getToken();
  if (token) h.Authorization = `Bearer ${token}`;
  return h;
}

/** Query string from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== "" && v !== null && v !== undefined) q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : "";
}

async function check(response) {
  if (response.ok) return response.json();
  let detail = response.statusText;
  try {
    const body = await response.json();
    detail = typeof body.detail === "string" ? body.detail
      : (body.error && (body.error.message || body.error)) || JSON.stringify(body);
  } catch { /* not JSON: keep the status text */ }
  const err = new Error(`${response.status}: ${detail}`);
  err.status = response.status;
  throw err;
}

export async function get(path, params) {
  return check(await fetch(`api/${path}${query(params)}`, { headers: headers() }));
}

export async function post(path, body) {
  return check(await fetch(`api/${path}`, {
    method: "POST",
    headers: headers({ "Content-Type": "application/json" }),
    body: JSON.stringify(body),
  }));
}

export async function put(path, body) {
  return check(await fetch(`api/${path}`, {
    method: "PUT",
    headers: headers({ "Content-Type": "application/json" }),
    body: JSON.stringify(body),
  }));
}

/** Fetch a file from the API (with the token) and hand it to the browser as a download. */
export async function download(path, params, filename) {
  const response = await fetch(`api/${path}${query(params)}`, { headers: headers({ Accept: "*/*" }) });
  if (!response.ok) await check(response);
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  return blob.size;
}
