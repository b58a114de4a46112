/**
 * What the board bench runs inside the page, as plain JavaScript source: tsx names functions with a helper that
 * does not exist in the browser, so a function handed to playwright would not survive its serialisation.
 *
 * The probe (an init script, so it runs before the board's own script) keeps in `window.__bench`:
 * - `seq`: feed entry seq → when it first appeared (epoch ms: performance.timeOrigin + performance.now(), the same
 *   scale as the bench's Node clock, so a POST's acknowledgement and the page's change compare directly);
 * - `status`: compound id → every change of its row's `data-status`, [epoch ms, status];
 * - `rowsAt` / `rowsPaintedAt`: ms from navigation start until every compound row is in the document, and until
 *   the frame that added them has been rendered (the rows painted);
 * - `longtasks`: every 'longtask' entry, [startTime from navigation start, duration].
 * A MutationObserver callback runs at the end of the task that changed the DOM, before the frame is painted.
 */

export interface PageFigures {
  timeOrigin: number;
  rowsAt: number | null;
  rowsPaintedAt: number | null;
  fcp: number | null;
  seq: Record<string, number>;
  status: Record<string, [number, string][]>;
  longtasks: [number, number][];
}

/** The init script for a board of `compounds` compound rows. */
export function probeScript(compounds: number): string {
  return `(() => {
  const now = () => performance.timeOrigin + performance.now();
  const b = (window.__bench = { seq: {}, status: {}, rowsAt: null, rowsPaintedAt: null, longtasks: [] });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) b.longtasks.push([e.startTime, e.duration]);
  }).observe({ type: "longtask", buffered: true });
  const seen = (li, t) => {
    const s = li.getAttribute("data-seq");
    if (!(s in b.seq)) b.seq[s] = t;
  };
  new MutationObserver((records) => {
    const t = now();
    for (const r of records) {
      if (r.type === "attributes") {
        const id = r.target.getAttribute("data-compound-id");
        if (id) (b.status[id] ??= []).push([t, r.target.getAttribute("data-status")]);
        continue;
      }
      for (const n of r.addedNodes) {
        if (n.nodeType !== 1) continue;
        if (n.matches("li[data-seq]")) seen(n, t);
        else for (const li of n.querySelectorAll("li[data-seq]")) seen(li, t);
      }
    }
    if (b.rowsAt === null && document.querySelectorAll("[data-compound-id]").length >= ${compounds}) {
      b.rowsAt = performance.now();
      // the board adds its rows in a requestAnimationFrame callback: a task queued from there runs once that
      // frame's rendering (style, layout, paint) is done
      setTimeout(() => { b.rowsPaintedAt = performance.now(); }, 0);
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-status"] });
})();`;
}

/** An expression that reads the probe's figures, with the page's first-contentful-paint. */
export const READ_FIGURES = `(() => {
  const fcp = performance.getEntriesByType("paint").find((e) => e.name === "first-contentful-paint");
  return { ...window.__bench, timeOrigin: performance.timeOrigin, fcp: fcp ? fcp.startTime : null };
})()`;
