// Code an article: send pasted or uploaded text to POST /api/code and show the events
// it yields with their evidence highlighted. Nothing is stored.

import { post } from "./api.js";
import { clear, el } from "./dom.js";
import { eventCard } from "./eventview.js";
import { highlightLegend } from "./highlight.js";

function readFile(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(file);
  });
}

async function submit(form) {
  const text = form.elements.text.value;
  const summary = document.getElementById("code-summary");
  const results = clear(document.getElementById("code-results"));
  if (!text.trim()) {
    summary.textContent = "Paste some text first.";
    return;
  }
  summary.textContent = "Coding…";
  const published = form.elements.published.value || null;
  const data = await post("code", { text, published });
  const events = data.events || [];
  summary.textContent = `${events.length} event${events.length === 1 ? "" : "s"} found.`;
  if (events.length) results.appendChild(highlightLegend());
  for (const e of events) results.appendChild(eventCard(e));
}

let ready = false;

export function show() {
  if (ready) return;
  ready = true;
  const form = document.getElementById("code-form");
  form.elements.file.addEventListener("change", async () => {
    const file = form.elements.file.files[0];
    if (file) form.elements.text.value = await readFile(file);
  });
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    submit(form).catch((err) => {
      document.getElementById("code-summary").textContent = "";
      window.tacitusShowError(err);
    });
  });
}
