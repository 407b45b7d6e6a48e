// The review controls of the event panel: confirm, correct, reject, add a missed event
// from words selected in the sentence, and the event's reviews. Keyboard first:
//   c confirm · x reject · t type (then letters to pick, Enter to save) · e correct
//   a add an event from the selected words · j / k next / previous event · Esc leave a field
// Writes need the API token (the server knows whose it is); every value shown is text.

import { post } from "./api.js";
import { clear, el, EVENT_TYPES } from "./dom.js";

const MODALITIES = ["asserted", "negated", "planned", "hypothetical"];
const COUNTS = ["participants", "arrests", "fatalities", "injuries"];
const CODES = ["source_country", "source_sector", "target_country", "target_sector", "place_country"];

/** The reviewable values of an event record, flat, as the server's review records hold them. */
export function valuesOf(e) {
  const q = e.quantities || {};
  const v = {
    event_type: e.event_type, mode: e.mode, modality: e.modality, date: e.date,
    source_country: e.source && e.source.country, source_sector: e.source && e.source.sector,
    target_country: e.target && e.target.country, target_sector: e.target && e.target.sector,
    place: e.location && e.location.name, place_country: e.location && e.location.country,
  };
  for (const name of COUNTS) v[name] = q[name] ? q[name].min : null;
  return v;
}

function field(name, label, value, kind) {
  let input;
  if (kind === "type" || kind === "modality") {
    const options = kind === "type" ? EVENT_TYPES : MODALITIES;
    input = el("select", { name }, options.map((o) => el("option", { value: o }, o)));
  } else if (kind === "date") {
    input = el("input", { name, type: "date" });
  } else if (kind === "count") {
    input = el("input", { name, type: "number", min: "0", step: "1", class: "count" });
  } else {
    input = el("input", { name, size: kind === "code" ? "4" : "12", maxlength: kind === "code" ? "3" : "200" });
  }
  input.value = value ?? "";
  input.dataset.initial = value ?? "";
  return el("label", {}, label, " ", input);
}

function correctionForm(values) {
  return el("form", { class: "review-form correct-form", autocomplete: "off" },
    field("event_type", "type", values.event_type, "type"),
    field("mode", "mode", values.mode),
    field("modality", "modality", values.modality, "modality"),
    field("date", "date", values.date, "date"),
    field("source_country", "source", values.source_country, "code"),
    field("source_sector", "", values.source_sector, "code"),
    field("target_country", "target", values.target_country, "code"),
    field("target_sector", "", values.target_sector, "code"),
    field("place", "place", values.place),
    field("place_country", "", values.place_country, "code"),
    COUNTS.map((n) => field(n, n, values[n], "count")),
    el("label", { class: "note" }, "note ", el("input", { name: "note", size: "30", maxlength: "2000" })),
    el("button", { type: "submit" }, "Save correction (Enter)"));
}

/** The fields the reviewer changed, as the API's `changes` (empty text means none). */
export function changesOf(form) {
  const changes = {};
  for (const input of form.querySelectorAll("[data-initial]")) {
    const now = input.value.trim();
    if (now === String(input.dataset.initial).trim()) continue;
    if (!now) changes[input.name] = null;
    else if (input.classList.contains("count")) changes[input.name] = Number(now);
    else if (CODES.includes(input.name)) changes[input.name] = now.toUpperCase();
    else changes[input.name] = now;
  }
  return changes;
}

function reviewItem(r) {
  const changed = (r.changed || []).map((name) =>
    `${name}: ${(r.before || {})[name] ?? "–"} → ${(r.after || {})[name] ?? "–"}`);
  return el("li", { class: `review review-${r.action}`, "data-review-id": r.review_id },
    el("strong", {}, r.reviewer), " ", r.action, " ",
    el("span", { class: "muted" }, (r.updated_at || "").slice(0, 16).replace("T", " ")),
    changed.length ? el("div", {}, changed.join("; ")) : null,
    r.note ? el("div", { class: "review-note" }, r.note) : null,
    r.conflict ? el("div", { class: "conflict" }, `re-coding disagrees: ${r.conflict}`) : null);
}

/** Where the selection sits in the sentence paragraph: [start, end) in sentence characters. */
export function selectionIn(paragraph) {
  const selection = window.getSelection();
  if (!selection || selection.isCollapsed || !selection.rangeCount) return null;
  const range = selection.getRangeAt(0);
  if (!paragraph.contains(range.startContainer) || !paragraph.contains(range.endContainer)) return null;
  const before = document.createRange();
  before.selectNodeContents(paragraph);
  before.setEnd(range.startContainer, range.startOffset);
  const start = before.toString().length;
  const text = range.toString();
  // trim spaces picked up at either end of a double-click selection
  const lead = text.length - text.trimStart().length;
  const words = text.trim();
  return words ? [start + lead, start + lead + words.length, words] : null;
}

function addForm(words) {
  return el("form", { class: "review-form add-form", autocomplete: "off" },
    el("div", {}, "New event at ", el("mark", { class: "hl hl-trigger" }, words)),
    field("event_type", "type", "PROTEST", "type"),
    field("mode", "mode", ""),
    field("source_country", "source", "", "code"),
    field("source_sector", "", "", "code"),
    field("target_country", "target", "", "code"),
    field("target_sector", "", "", "code"),
    field("place", "place", ""),
    el("label", { class: "note" }, "note ", el("input", { name: "note", size: "30", maxlength: "2000" })),
    el("button", { type: "submit" }, "Add event (Enter)"));
}

function submitOnEnter(form) {
  form.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && ev.target.tagName !== "BUTTON") {
      ev.preventDefault();
      form.requestSubmit();
    }
    if (ev.key === "Escape") ev.target.blur();
  });
}

let active = null;   // {panel, data, hooks, actions} of the open event

/** Build the review section of an open event's panel. */
export function attachReview(panel, data, hooks) {
  const event = data.event;
  const status = el("p", { class: "review-status", role: "status" });
  const say = (text) => { status.textContent = text; };
  const send = async (body, verb) => {
    try {
      const made = await post("reviews", body);
      say(`${verb} by ${made.reviewer}`);
      await hooks.done();
    } catch (err) {
      say(err.status === 401 || err.status === 403
        ? `${err.message} — enter your reviewer token at the top right.` : err.message);
    }
  };
  const merged = event.event_id.startsWith("m-") && Array.isArray(event.mentions);
  const box = el("section", { class: "review-box" }, el("h4", {}, "Review"));
  const form = correctionForm(valuesOf(event));
  submitOnEnter(form);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const changes = changesOf(form);
    const note = form.elements.note.value.trim() || null;
    if (!Object.keys(changes).length) { say("Nothing changed: press c to confirm instead."); return; }
    send({ event_id: event.event_id, action: "correct", changes, note }, "Corrected");
  });
  const actions = {
    confirm: () => send({ event_id: event.event_id, action: "confirm", note: form.elements.note.value.trim() || null }, "Confirmed"),
    reject: () => send({ event_id: event.event_id, action: "reject", note: form.elements.note.value.trim() || null }, "Rejected"),
    type: () => form.elements.event_type.focus(),
    correct: () => form.elements.mode.focus(),
    add: () => startAdd(),
  };
  const buttons = el("div", { class: "review-actions" },
    [["confirm", "Confirm (c)"], ["reject", "Reject (x)"], ["correct", "Correct (e)"], ["add", "Add from selection (a)"]]
      .map(([name, label]) => {
        const b = el("button", { type: "button", "data-action": name }, label);
        b.addEventListener("click", () => actions[name]());
        return b;
      }));
  const addBox = el("div", { class: "add-box" });
  function startAdd() {
    const paragraph = panel.querySelector("p.sentence");
    const found = paragraph && selectionIn(paragraph);
    if (!found) { say("Select the words of the missed event in the sentence first."); return; }
    const [s, e, words] = found;
    const base = event.evidence && Number.isInteger(event.evidence.start) ? event.evidence.start : 0;
    const add = addForm(words);
    submitOnEnter(add);
    add.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const changes = { ...changesOf(add), event_type: add.elements.event_type.value };
      try {
        const made = await post("reviews/add", {
          doc_id: event.doc_id, start: base + s, end: base + e, changes,
          note: add.elements.note.value.trim() || null,
        });
        say(`Added ${made.event_id} by ${made.reviewer}`);
        await hooks.done(false);
      } catch (err) { say(err.message); }
    });
    clear(addBox).appendChild(add);
    add.elements.event_type.focus();
  }
  box.append(merged ? el("p", { class: "muted" }, "Merged event: review its mentions one by one.") : buttons,
    status, merged ? null : form, addBox,
    el("h4", {}, `Reviews (${(data.reviews || []).length})`),
    el("ul", { class: "reviews" }, (data.reviews || []).map(reviewItem)));
  panel.querySelector(".event-detail").appendChild(box);
  active = merged ? null : { panel, actions, hooks };
}

const KEYS = { c: "confirm", x: "reject", t: "type", e: "correct", a: "add" };

function typing(target) {
  return target && (["INPUT", "SELECT", "TEXTAREA"].includes(target.tagName) || target.isContentEditable);
}

document.addEventListener("keydown", (ev) => {
  if (ev.ctrlKey || ev.metaKey || ev.altKey || typing(ev.target)) return;
  if (document.body.dataset.page !== "events") return;
  const panel = document.getElementById("detail");
  if (ev.key === "j" || ev.key === "k") {
    ev.preventDefault();
    import("./events.js").then((m) => m.step(ev.key === "j" ? 1 : -1));
    return;
  }
  if (!active || panel.hidden || active.panel !== panel) return;
  const name = KEYS[ev.key];
  if (name) {
    ev.preventDefault();
    active.actions[name]();
  }
});
