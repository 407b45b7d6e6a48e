// Safe DOM construction. Every piece of text goes in through createTextNode, so a
// report containing markup is shown as the characters it contains and never parsed.

const SVG_NS = "http://www.w3.org/2000/svg";

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function setAttrs(node, attrs) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    // Event handlers are never set from here: behaviour is attached with addEventListener.
    if (/^on/i.test(name)) throw new Error(`refusing to set ${name}`);
    node.setAttribute(name, value === true ? "" : String(value));
  }
  return node;
}

/** An HTML element: el("td", {class: "x"}, "text", otherNode). */
export function el(tag, attrs, ...children) {
  return append(setAttrs(document.createElement(tag), attrs), children);
}

/** An SVG element, built the same way. */
export function svg(tag, attrs, ...children) {
  return append(setAttrs(document.createElementNS(SVG_NS, tag), attrs), children);
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/** Only web links may become clickable; anything else (javascript:, data:) stays text. */
export function safeHref(url) {
  if (typeof url !== "string") return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

export function link(url, text) {
  const href = safeHref(url);
  if (!href) return el("span", {}, text || url || "");
  return el("a", { href, target: "_blank", rel: "noopener noreferrer nofollow" }, text || href);
}

export const QUAD_COLORS = { 1: "#a6d96a", 2: "#1a9641", 3: "#f39c34", 4: "#d7191c" };
export const QUAD_NAMES = {
  1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict",
};

export const EVENT_TYPES = [
  "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
];

export function quadLegend() {
  return el("div", { class: "legend" }, [1, 2, 3, 4].map((q) =>
    el("span", { class: `swatch q${q}` }, `${q} ${QUAD_NAMES[q]}`)));
}
