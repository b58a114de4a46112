/**
 * Tiny DOM helpers: no framework, just typed element construction.
 *
 * @example
 * const row = h("tr", { "data-compound-id": "C1" }, h("td", {}, "紫荆苑"));
 */
import { itemsToMove } from "../../shared/stay-in-place.ts";

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | ((e: Event) => void)>;

/** Creates an HTML element; `on*` function attributes become listeners, false/null attributes are omitted. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = "http://www.w3.org/2000/svg";

/** Creates an SVG element (attributes as given, numbers stringified). */
export function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el: Element, attrs: Attrs): void {
  for (const [key, value] of Object.entries(attrs)) {
    if (typeof value === "function") el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (value === true) el.setAttribute(key, "");
    else if (value !== false && value !== null && value !== undefined) el.setAttribute(key, String(value));
  }
}

/** The nodes of `children`: null, undefined and false left out, other values as text. */
function nodesOf(children: Child[]): Node[] {
  const nodes: Node[] = [];
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    nodes.push(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
  return nodes;
}

function append(el: Element, children: Child[]): void {
  el.append(...nodesOf(children));
}

/** Replaces an element's children. */
export function replaceChildren(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

/**
 * Makes `el`'s children `next`, keeping each child that equals (isEqualNode) the new one at its place: a panel drawn
 * again from scratch touches in the document only the parts that differ (#16 item 7: no whole-panel redraw on one
 * event). For content without listeners: a kept node keeps its own, not the new node's.
 */
export function patchChildren(el: Element, ...children: Child[]): void {
  const next = nodesOf(children);
  const old = Array.from(el.childNodes);
  for (const [i, node] of next.entries()) {
    const here = old[i];
    if (here === undefined) el.append(node);
    else if (!here.isEqualNode(node)) el.replaceChild(node, here);
  }
  for (let i = old.length - 1; i >= next.length; i--) old[i].remove();
}

/** Sets text only when it changed, so per-second refreshes do not thrash layout. */
export function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

/** Sets an attribute only when it changed. */
export function setAttr(el: Element, name: string, value: string): void {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

/** The element with this id, or an error naming it (a page template and its script disagree). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`page is missing #${id}`);
  return el as T;
}

/**
 * Makes `parent`'s children exactly `wanted`, in that order, moving as few as possible (shared/stay-in-place.ts) and
 * removing those not wanted: a sorted list of hundreds of rows where one changed place moves one row, not all after it.
 */
export function keepInOrder(parent: Element, wanted: readonly Element[]): void {
  const keep = new Set(wanted);
  for (const child of Array.from(parent.children)) if (!keep.has(child)) child.remove();
  const move = itemsToMove(Array.from(parent.children), wanted);
  // from the end, so that each row's successor already stands where it belongs
  for (let i = wanted.length - 1; i >= 0; i--) if (move.has(wanted[i])) parent.insertBefore(wanted[i], wanted[i + 1] ?? null);
}
