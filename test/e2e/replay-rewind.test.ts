/**
 * Correct replays on the board and the crew app in headless Chromium (#16 item 1): a crew report sent while the
 * replay is paused shows at once; a jump back rewinds what the rules see, so a step valid at the new time is taken,
 * and the timeline entry it contradicts is shown in the feed as skipped, with the reason in words; a jump outside
 * the replay's span is refused in the page's language; every refusal the crew sees is in its language and names no
 * seq or id.
 */
import { expect } from "chai";
import { readFile } from "node:fs/promises";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { Scenario, TimelineEvent } from "../../shared/scenario.ts";
import type { IncidentSummary, PlanEvaluation, ReplayClock, StoredPlan } from "../../shared/wire.ts";
import { formatNumber } from "../../client/common/format.ts";
import { startBoardServer, type BoardServer } from "./board-server.ts";
import { launchBrowser } from "./launch-browser.ts";

/** how long a wait may last before the test calls it hung: a guard against hanging, not a claim about speed */
const HANG_MS = 60_000;

/** Tiny line town (times +08:00, 20 Jul 2021): T1 to C2 from 20:00, switched on at 21:15. */
const TIMELINE: TimelineEvent[] = [
  { type: "truck.dispatched", at: "2021-07-20T20:00:00+08:00", truck: "T1", compound: "C2", source: "e2e" },
  { type: "truck.arrived", at: "2021-07-20T20:30:00+08:00", truck: "T1", compound: "C2", source: "e2e" },
  { type: "cable.laid", at: "2021-07-20T21:00:00+08:00", truck: "T1", compound: "C2", source: "e2e" },
  { type: "switched.on", at: "2021-07-20T21:15:00+08:00", truck: "T1", compound: "C2", source: "e2e" },
];

describe("correct replays on the board and the crew app in headless Chromium (#16)", function () {
  this.timeout(180_000);
  let s: BoardServer;
  let browser: Browser;
  let tiny: Scenario;

  before(async function () {
    [s, browser] = await Promise.all([startBoardServer(), launchBrowser()]);
    tiny = JSON.parse(await readFile(new URL("../fixtures/tiny.json", import.meta.url), "utf8")) as Scenario;
  });
  after(async () => {
    await browser?.close();
    await s?.close();
  });

  /** a paused replay of the tiny town at `from`, a board on it in `lang`, and a crew token for T1 */
  async function replayAt(from: string, lang: "zh" | "en"): Promise<{ id: string; board: Page; boardContext: BrowserContext; crewSecret: string }> {
    const started = await post<{ incident: IncidentSummary; clock: ReplayClock }>(s, "/api/replays",
      { scenario: { ...tiny, id: `tiny-${lang}`, events: TIMELINE }, from, speed: 1, paused: true }, 201);
    const id = started.incident.id;
    const boardContext = await browser.newContext({ viewport: { width: 1680, height: 1000 } });
    await boardContext.addInitScript((l) => localStorage.setItem("lianxin.lang", l), lang);
    const board = await boardContext.newPage();
    await board.goto(`${s.base}/incidents/${encodeURIComponent(id)}?token=${s.commanderToken}`);
    await board.waitForSelector("[data-replay-clock]");
    const crew = await s.store.createToken({ name: "Henan crew", role: "crew", incident: id, trucks: ["T1"] });
    return { id, board, boardContext, crewSecret: crew.secret };
  }

  async function crewPage(secret: string, lang: "zh" | "en", clockAheadMs = 0): Promise<{ page: Page; context: BrowserContext }> {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await context.addInitScript((l) => localStorage.setItem("lianxin.lang", l), lang);
    if (clockAheadMs > 0) await context.clock.install();
    const page = await context.newPage();
    await page.goto(`${s.base}/crew?token=${secret}`);
    await page.waitForSelector('[data-truck="T1"]');
    // the phone's clock runs on while the replay stands still
    if (clockAheadMs > 0) await page.clock.fastForward(clockAheadMs);
    return { page, context };
  }

  it("shows a crew report sent while the replay is paused at once, stamped at the paused time", async () => {
    const { id, board, boardContext, crewSecret } = await replayAt("2021-07-20T20:10:00+08:00", "en");
    await board.waitForFunction(() => document.querySelectorAll(".feed-item").length === 1, undefined, { timeout: HANG_MS });
    // 40 minutes on the phone: stamped by its own clock the report would lie 30 min past the allowance, in the future
    const { page, context } = await crewPage(crewSecret, "en", 40 * 60_000);
    await page.selectOption("select.compound-select", "C2");
    await page.click('[data-step="truck.arrived"]');
    await board.waitForFunction(() => document.querySelectorAll(".feed-item").length === 2, undefined, { timeout: HANG_MS });
    const events = await get<{ type: string; at: string; by: string }[]>(s, `/api/incidents/${encodeURIComponent(id)}/events`);
    expect(events.map((e) => [e.type, e.at])).to.deep.equal([
      ["truck.dispatched", "2021-07-20T20:00:00+08:00"], ["truck.arrived", "2021-07-20T20:10:00+08:00"],
    ]);
    await context.close();
    await boardContext.close();
  });

  it("rewinds on a jump back: a step valid then is taken, the entry it contradicts shows as skipped with its reason", async () => {
    const { id, board, boardContext, crewSecret } = await replayAt("2021-07-20T19:00:00+08:00", "zh");
    await jumpTo(board, "2021-07-20T21:15");
    await board.waitForFunction(() => document.querySelectorAll(".feed-item").length === 4, undefined, { timeout: HANG_MS });
    await jumpTo(board, "2021-07-20T20:10");
    await board.waitForSelector(".replay-bar[data-replay-clock='2021-07-20T20:10:00+08:00']");
    // the board sees what happened up to 20:10 only: T1's dispatch
    await board.waitForFunction(() => document.querySelectorAll(".feed-item").length === 1, undefined, { timeout: HANG_MS });
    // the crew reports T1's arrival at 20:10: before the rewind the stored arrival at 20:30 made it a raw 422
    const { page, context } = await crewPage(crewSecret, "zh");
    await page.selectOption("select.compound-select", "C2");
    await page.click('[data-step="truck.arrived"]');
    await page.waitForSelector(".delivered li", { timeout: HANG_MS });
    expect(await page.$$(".outbox-item[data-state=refused]")).to.have.length(0);
    await board.waitForFunction(() => document.querySelectorAll(".feed-item").length === 2, undefined, { timeout: HANG_MS });
    // on to 20:40: history's arrival at 20:30 contradicts the crew's, so it is skipped, with the reason in Chinese
    await jumpTo(board, "2021-07-20T20:40");
    await board.waitForSelector(".feed-skipped-item[data-skipped='truck.arrived']", { timeout: HANG_MS });
    const skipped = await board.textContent(".feed-skipped-item");
    expect(skipped).to.include("已跳过");
    expect(skipped).to.include("Henan 1已到达C estate");
    expect(skipped).to.not.match(/seq|T1|C2|[a-z]{4,} [a-z]{4,}/);
    const events = await get<{ type: string; by: string }[]>(s, `/api/incidents/${encodeURIComponent(id)}/events`);
    expect(events.map((e) => e.type)).to.deep.equal(["truck.dispatched", "truck.arrived"]);
    // a report the rules refuse is worded in the crew's language, with names, never seqs or ids
    await page.click('[data-step="truck.arrived"]');
    await page.waitForSelector(".outbox-item[data-state=refused] [role=alert]", { timeout: HANG_MS });
    const refusal = await page.textContent(".outbox-item[data-state=refused] [role=alert]");
    expect(refusal).to.include("Henan 1已到达C estate");
    expect(refusal).to.not.match(/seq|\bT1\b|\bC2\b|422|truck /);
    await context.close();
    await boardContext.close();
  });

  it("gives a re-plan's delta against the previous plan evaluated on the same current state, and says so", async () => {
    const { id, board, boardContext } = await replayAt("2021-07-20T19:00:00+08:00", "en");
    await board.click("[data-action=replan]");
    await board.waitForSelector(".plan-status", { timeout: HANG_MS });
    const first = (await get<{ id: string }[]>(s, `/api/incidents/${encodeURIComponent(id)}/plans`))[0].id;
    // the end of the replay: hours of outage have accrued since the first plan, whatever any plan does
    await jumpTo(board, "2021-07-20T21:15");
    await board.waitForSelector(".replay-bar[data-replay-clock='2021-07-20T21:15:00+08:00']");
    await board.click("[data-action=replan]");
    await board.waitForSelector("[data-plan-delta=same-state]", { timeout: HANG_MS });
    const [second, earlier] = await Promise.all([
      get<StoredPlan>(s, `/api/incidents/${encodeURIComponent(id)}/plans/latest`),
      get<StoredPlan>(s, `/api/incidents/${encodeURIComponent(id)}/plans/${first}`),
    ]);
    expect(second.id).to.not.equal(earlier.id);
    // the first plan's stops still ahead at 21:15, evaluated on the state at 21:15 beside the second plan
    const fromMs = Date.parse(second.plan.at!);
    const e = await post<PlanEvaluation>(s, `/api/incidents/${encodeURIComponent(id)}/plans/evaluate`, {
      trucks: earlier.plan.trucks.map((x) => ({ id: x.id, stops: x.stops.filter((st) => Date.parse(st.switchOn) > fromMs).map((st) => ({ compound: st.compound })) })),
    }, 200);
    const delta = e.latestPlan!.sameStateCustomerOutageHours - e.customerOutageHours;
    const shown = `${delta > 0 ? "+" : ""}${formatNumber(delta, "en")} customer-h`;
    expect(await board.textContent("[data-plan-delta]")).to.equal(`vs the previous plan's assignments evaluated on the same current state (20 Jul 21:15 UTC+8): ${shown}`);
    // the two plans' own figures differ by the hours that passed in between, which no re-plan could save
    const raw = second.plan.customerOutageHours - earlier.plan.customerOutageHours;
    expect(Math.abs(raw - delta)).to.be.greaterThan(1);
    expect(await board.textContent("[data-plan-delta]")).to.not.include(formatNumber(raw, "en"));
    await boardContext.close();
  });

  it("refuses a jump outside the replay's span in the page's language", async () => {
    for (const lang of ["zh", "en"] as const) {
      const { board, boardContext } = await replayAt("2021-07-20T19:00:00+08:00", lang);
      await jumpTo(board, "2021-07-19T10:00");
      await board.waitForSelector(".replay-error:not([hidden])", { timeout: HANG_MS });
      const text = await board.textContent(".replay-error");
      expect(text).to.equal(lang === "zh"
        ? "回放范围为 7月20日 18:00 (UTC+8) 至 7月20日 21:15 (UTC+8)，不能跳到范围之外"
        : "The replay runs from 20 Jul 18:00 (UTC+8) to 20 Jul 21:15 (UTC+8): it cannot jump outside that");
      // the clock stayed where it was
      expect(await board.getAttribute(".replay-bar", "data-replay-clock")).to.equal("2021-07-20T19:00:00+08:00");
      await boardContext.close();
    }
  });
});

async function jumpTo(page: Page, local: string): Promise<void> {
  await page.fill("input[name=replay-at]", local);
  await page.click("[data-action=replay-jump]");
}

async function get<T>(s: BoardServer, path: string): Promise<T> {
  const res = await fetch(s.base + path, { headers: { authorization: `Bearer ${s.commanderToken}` } });
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function post<T>(s: BoardServer, path: string, body: unknown, status: number): Promise<T> {
  const res = await fetch(s.base + path, {
    method: "POST",
    headers: { authorization: `Bearer ${s.commanderToken}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (res.status !== status) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
