/**
 * The board at true scale (#16 item 7): the whole server in this process (embedded store: test/e2e/board-server.ts's,
 * on the true-scale scenario with its clock at NOW_MS) with the true-scale Zhengzhou incident (495 compounds, 358 trucks), the board
 * opened in the headless Chromium of the browser tests (test/e2e/launch-browser.ts).
 *
 * - first paint: navigation start → every compound row in the document and the next frame run (bench/board-probe.ts),
 *   each load in a fresh browser context (empty cache); one untimed load first builds the client bundle. With the
 *   browser's own first-contentful-paint.
 * - a burst of reports: crews (one crew token per truck) each report their truck's steps (dispatched → arrived →
 *   cable laid → switched on), spaced as stormSchedule spaces a storm of 100 reports/s; a crew sends its next step
 *   once the last is acknowledged. Latency of a report = its POST's acknowledgement → its feed entry (`data-seq`)
 *   appearing (or a later report's: feedShownAt); for switch-ons also → its compound row's `data-status` leaving "dark". Long tasks: the page's
 *   'longtask' entries from the burst's start until every report has shown.
 *
 *   npx tsx bench/board-bench.ts [--json]
 */
import { readFile, writeFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import { haversineKm } from "../shared/haversine-km.ts";
import type { EventInput, StoredEvent } from "../shared/events.ts";
import type { Scenario } from "../shared/scenario.ts";
import { startBoardServer, type BoardServer } from "../test/e2e/board-server.ts";
import { launchBrowser } from "../test/e2e/launch-browser.ts";
import { probeScript, READ_FIGURES, type PageFigures } from "./board-probe.ts";
import { stormSchedule } from "./storm-crews.ts";

export interface Spread { n: number; p50: number; p95: number; max: number }

export interface BoardBenchResult {
  compounds: number;
  trucks: number;
  /** per timed load, ms from navigation start */
  loads: { rowsMs: number; paintedMs: number; fcpMs: number | null }[];
  /** the first, untimed load (the server builds the client bundle) */
  coldPaintedMs: number;
  burst: {
    crews: number;
    reports: number;
    offeredPerSecond: number;
    achievedPerSecond: number;
    errors: number;
    firstError?: string;
    /** POST → 201 */
    ackMs: Spread;
    /** acknowledgement → feed entry */
    feedMs: Spread;
    /** switch-ons: acknowledgement → row status */
    rowMs: Spread;
    /** reports whose own feed entry never appeared (a later one's did: see feedShownAt) */
    unseen: number;
    longTasks: { count: number; maxMs: number; totalMs: number };
  };
  targets: { firstPaint: boolean; showsWithin200: boolean; noLongTask: boolean };
}

const SCENARIO = new URL("../scenarios/zhengzhou-2021/scenario.json", import.meta.url);
/** 23 Jul 2021 08:00 in Zhengzhou: 157 trucks in town three hours before, 344 compounds dark until after the bench */
const NOW_MS = Date.parse("2021-07-23T08:00:00+08:00");
const RATE = 100;
const CREWS = 125;
const STEPS = ["truck.dispatched", "truck.arrived", "cable.laid", "switched.on"] as const;
/** field minutes before the burst's start: a 2 h drive (≤ 240 km at 120 km/h), 30 min on site before switch-on */
const STEP_OFFSET_MIN = [180, 60, 45, 30];
const LOADS = 3;
const HANG_MS = 60_000;
const epochNow = (): number => performance.timeOrigin + performance.now();

/**
 * @example
 * console.log(formatBoardBench(await runBoardBench()));
 */
export async function runBoardBench(): Promise<BoardBenchResult> {
  const scenario = JSON.parse(await readFile(SCENARIO, "utf8")) as Scenario;
  const s = await startBoardServer({ scenario, nowMs: NOW_MS });
  const browser = await launchBrowser();
  try {
    const url = `${s.base}/incidents/${encodeURIComponent(s.incident)}?token=${s.commanderToken}`;
    const open = async () => {
      const context = await browser.newContext({ viewport: { width: 1680, height: 1000 }, deviceScaleFactor: 1 });
      await context.addInitScript(`localStorage.setItem("lianxin.lang", "zh")`);
      await context.addInitScript(probeScript(scenario.compounds.length));
      const page = await context.newPage();
      await page.goto(url);
      await page.waitForFunction("window.__bench && window.__bench.rowsPaintedAt !== null", undefined, { timeout: HANG_MS });
      return { context, page, figures: (await page.evaluate(READ_FIGURES)) as PageFigures };
    };
    const cold = await open();
    await cold.context.close();
    const loads: BoardBenchResult["loads"] = [];
    let last: Awaited<ReturnType<typeof open>> | undefined;
    for (let i = 0; i < LOADS; i++) {
      await last?.context.close();
      last = await open();
      loads.push({ rowsMs: last.figures.rowsAt!, paintedMs: last.figures.rowsPaintedAt!, fcpMs: last.figures.fcp });
    }
    await sleep(2_000); // the board settles (socket joined, first slow panels drawn)
    // LIANXIN_BOARD_PROFILE=file.cpuprofile: the page's CPU profile over the burst (open it in Chrome's DevTools)
    const profileTo = process.env.LIANXIN_BOARD_PROFILE;
    const cdp = profileTo ? await last!.context.newCDPSession(last!.page) : null;
    if (cdp) {
      await cdp.send("Profiler.enable");
      await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
      await cdp.send("Profiler.start");
    }
    // LIANXIN_BOARD_TRACE=file.json: a DevTools timeline trace of the burst (style, layout, paint as well as scripts)
    const traceTo = process.env.LIANXIN_BOARD_TRACE;
    if (traceTo) await browser.startTracing(last!.page, { path: traceTo, categories: ["devtools.timeline", "disabled-by-default-devtools.timeline"] });
    const burst = await runBurst(s, scenario, last!.page);
    if (traceTo) await browser.stopTracing();
    if (cdp && profileTo) await writeFile(profileTo, JSON.stringify((await cdp.send("Profiler.stop")).profile));
    await last!.context.close();
    const painted = median(loads.map((l) => l.paintedMs));
    return {
      compounds: scenario.compounds.length, trucks: scenario.trucks.length, loads, coldPaintedMs: cold.figures.rowsPaintedAt!, burst,
      targets: {
        firstPaint: painted < 3_000,
        showsWithin200: burst.feedMs.n === burst.reports && burst.feedMs.p95 <= 200 && burst.rowMs.p95 <= 200,
        noLongTask: burst.longTasks.maxMs <= 200,
      },
    };
  } finally {
    await browser.close();
    await s.close();
  }
}

type BenchServer = BoardServer;

async function runBurst(s: BenchServer, scenario: Scenario, page: Page): Promise<BoardBenchResult["burst"]> {
  const crews = pickCrews(scenario, s.clock.now(), CREWS);
  const tokens = await Promise.all(crews.map(({ truck }) => s.store.createToken({ name: `${truck} crew`, role: "crew", incident: s.incident, trucks: [truck] })));
  const fieldNow = s.clock.now();
  const acks: { seq: number; type: string; compound: string; sentAt: number; ackAt: number }[] = [];
  const errors: string[] = [];
  const start = epochNow() + 200;
  const crewRun = async (i: number) => {
    const due = stormSchedule(i, crews.length, RATE, "even", 1);
    for (const [k, type] of STEPS.entries()) {
      const wait = start + due() - epochNow();
      if (wait > 0) await sleep(wait);
      const body: EventInput = {
        id: randomUUID(), type, at: new Date(fieldNow - STEP_OFFSET_MIN[k] * 60_000).toISOString(),
        truck: crews[i].truck, compound: crews[i].compound, note: "bench",
      };
      const sentAt = epochNow();
      const res = await fetch(`${s.base}/api/incidents/${encodeURIComponent(s.incident)}/events`, {
        method: "POST", headers: { authorization: `Bearer ${tokens[i].secret}`, "content-type": "application/json" }, body: JSON.stringify(body),
      });
      const text = await res.text();
      const ackAt = epochNow();
      if (res.status !== 201) {
        errors.push(`${type} ${crews[i].truck}: ${res.status} ${text.slice(0, 200)}`);
        return; // the crew's later steps would be refused too
      }
      acks.push({ seq: (JSON.parse(text) as StoredEvent).seq, type, compound: crews[i].compound, sentAt, ackAt });
    }
  };
  await Promise.all(crews.map((_, i) => crewRun(i)));
  const end = epochNow();
  // every acknowledged report on the board, or 10 s more
  const wanted = JSON.stringify(acks.map((a) => String(a.seq)));
  await page.waitForFunction(`${wanted}.every((s) => s in window.__bench.seq)`, undefined, { timeout: 10_000, polling: 100 }).catch(() => {});
  const f = (await page.evaluate(READ_FIGURES)) as PageFigures;
  const feed: number[] = [];
  const rows: number[] = [];
  let unseen = 0;
  const shownAt = feedShownAt(f.seq);
  for (const a of acks) {
    const shown = shownAt(a.seq);
    if (!(String(a.seq) in f.seq)) unseen++;
    if (shown !== undefined) feed.push(shown - a.ackAt);
    if (a.type === "switched.on") {
      const change = f.status[a.compound]?.find(([, status]) => status !== "dark");
      if (change) rows.push(change[0] - a.ackAt);
    }
  }
  const lastShown = Math.max(end, ...Object.values(f.seq));
  const tasks = f.longtasks.filter(([t]) => f.timeOrigin + t >= start && f.timeOrigin + t <= lastShown).map(([, d]) => d);
  return {
    crews: crews.length, reports: acks.length, offeredPerSecond: RATE, achievedPerSecond: acks.length / ((end - start) / 1000),
    errors: errors.length, ...(errors.length ? { firstError: errors[0] } : {}),
    ackMs: spread(acks.map((a) => a.ackAt - a.sentAt)), feedMs: spread(feed), rowMs: spread(rows), unseen,
    longTasks: { count: tasks.length, maxMs: Math.max(0, ...tasks), totalMs: tasks.reduce((x, y) => x + y, 0) },
  };
}

/**
 * When report `seq` was on the board: its feed entry appeared, or an entry of a later report did (the feed shows the
 * newest 150: when a redraw comes after more than 150 reports, the oldest of them are in the log and the rows but
 * never in the feed; the board's log holds every seq up to the newest it shows).
 */
function feedShownAt(seen: Record<string, number>): (seq: number) => number | undefined {
  const entries = Object.entries(seen).map(([s, t]) => [Number(s), t] as const).sort((a, b) => b[0] - a[0]);
  // earliest[i]: the earliest appearance among entries[0..i], i.e. among the seqs ≥ entries[i]'s
  const earliest: number[] = [];
  for (const [i, [, t]] of entries.entries()) earliest.push(Math.min(t, earliest[i - 1] ?? Infinity));
  return (seq) => {
    let at: number | undefined;
    for (const [i, [s]] of entries.entries()) {
      if (s < seq) break;
      at = earliest[i];
    }
    return at;
  };
}

/**
 * `n` trucks in town three hours before `nowMs`, each with a compound of its own that is dark then and stays dark
 * (no grid return) for two hours after, within 200 km of the truck's depot (the 2 h drive at 120 km/h).
 */
function pickCrews(scenario: Scenario, nowMs: number, n: number): { truck: string; compound: string }[] {
  const subs = new Map(scenario.substations.map((x) => [x.id, x.restoredAt ? Date.parse(x.restoredAt) : Infinity]));
  const depots = new Map(scenario.depots.map((d) => [d.id, d.location]));
  const fromMs = nowMs - 3 * 3_600_000;
  const dark = scenario.compounds.filter((c) => {
    const back = c.gridRestoredAt ? Date.parse(c.gridRestoredAt) : subs.get(c.substation) ?? Infinity;
    return Date.parse(c.outageStart) <= fromMs && back > nowMs + 2 * 3_600_000;
  });
  const trucks = scenario.trucks.filter((t) => Date.parse(t.availableAt) <= fromMs);
  const crews: { truck: string; compound: string }[] = [];
  const taken = new Set<string>();
  for (const t of trucks) {
    const start = t.location ?? (t.depot === undefined ? undefined : depots.get(t.depot));
    const c = dark.find((x) => !taken.has(x.id) && start !== undefined && haversineKm(start, x.location) < 200);
    if (!c) continue;
    taken.add(c.id);
    crews.push({ truck: t.id, compound: c.id });
    if (crews.length === n) return crews;
  }
  throw new Error(`only ${crews.length} trucks with a dark compound at ${new Date(nowMs).toISOString()}, ${n} wanted`);
}

function spread(ms: number[]): Spread {
  const v = [...ms].sort((a, b) => a - b);
  const at = (q: number): number => v[Math.min(v.length - 1, Math.floor(q * v.length))] ?? NaN;
  return { n: v.length, p50: at(0.5), p95: at(0.95), max: v.at(-1) ?? NaN };
}

function median(xs: number[]): number {
  const v = [...xs].sort((a, b) => a - b);
  return v[Math.floor(v.length / 2)];
}

export function formatBoardBench(r: BoardBenchResult): string {
  const b = r.burst;
  const ms = (x: number | null): string => (x === null || Number.isNaN(x) ? "-" : `${x.toFixed(0)} ms`);
  const sp = (x: Spread): string => `p50 ${ms(x.p50)}, p95 ${ms(x.p95)}, max ${ms(x.max)} (${x.n})`;
  const verdict = (ok: boolean): string => (ok ? "met" : "MISSED");
  const rows: [string, string, string, string][] = [
    ["first paint: rows painted (median)", `${ms(median(r.loads.map((l) => l.paintedMs)))} [${r.loads.map((l) => ms(l.paintedMs)).join(", ")}]`, "< 3 s", verdict(r.targets.firstPaint)],
    ["  all rows in the document", r.loads.map((l) => ms(l.rowsMs)).join(", "), "", ""],
    ["  first-contentful-paint", r.loads.map((l) => ms(l.fcpMs)).join(", "), "", ""],
    ["  first load (bundle built)", ms(r.coldPaintedMs), "", ""],
    ["burst: reports acknowledged", `${b.reports} of ${b.crews * STEPS.length} by ${b.crews} crews, ${b.achievedPerSecond.toFixed(1)}/s (offered ${b.offeredPerSecond}/s), ${b.errors} refused`, "", ""],
    ["  POST → 201", sp(b.ackMs), "", ""],
    ["  201 → feed entry", `${sp(b.feedMs)}, ${b.unseen} not in the feed`, "p95 ≤ 200 ms", verdict(r.targets.showsWithin200)],
    ["  201 → row status (switch-ons)", sp(b.rowMs), "p95 ≤ 200 ms", ""],
    ["  long tasks", `${b.longTasks.count}, max ${ms(b.longTasks.maxMs)}, total ${ms(b.longTasks.totalMs)}`, "none > 200 ms", verdict(r.targets.noLongTask)],
  ];
  const w = [0, 1, 2].map((i) => Math.max(...rows.map((x) => x[i].length)));
  return [
    `Board, true-scale Zhengzhou (${r.compounds} compounds, ${r.trucks} trucks), headless Chromium 1680×1000, embedded store`,
    ...rows.map((x) => `  ${x[0].padEnd(w[0])}  ${x[1].padEnd(w[1])}  ${x[2].padEnd(w[2])}  ${x[3]}`.trimEnd()),
    ...(b.firstError ? [`  first refusal: ${b.firstError}`] : []),
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runBoardBench();
  console.log(process.argv.includes("--json") ? JSON.stringify(result, null, 2) : formatBoardBench(result));
}
