/**
 * A replay on the board in headless Chromium (launch-browser.ts: LIANXIN_CHROMIUM, else the npm package's Chromium),
 * against the whole server started in-process: HQ replays a small scenario with a timeline, drives its scenario clock
 * from the board (pause, speed, jump to a time), watches the timeline's events arrive in the feed as if reported
 * live, and asks for the counterfactual report.
 */
import { expect } from "chai";
import { readFile } from "node:fs/promises";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { Scenario, TimelineEvent } from "../../shared/scenario.ts";
import type { CounterfactualReport, IncidentSummary, ReplayClock } from "../../shared/wire.ts";
import { formatNumber, formatPercent } from "../../client/common/format.ts";
import { startBoardServer, type BoardServer } from "./board-server.ts";
import { launchBrowser } from "./launch-browser.ts";

/** how long a wait may last before the test calls it hung: a guard against hanging, not a claim about speed */
const HANG_MS = 60_000;

/** What happened in Tiny line town (times +08:00, 20 Jul 2021): T1 powers C2 at 21:15, T2 powers C1 at 23:10. */
const TIMELINE: TimelineEvent[] = [
  { type: "truck.dispatched", at: "2021-07-20T20:00:00+08:00", truck: "T1", compound: "C2", source: "e2e" },
  { type: "truck.arrived", at: "2021-07-20T20:30:00+08:00", truck: "T1", compound: "C2", source: "e2e" },
  { type: "cable.laid", at: "2021-07-20T21:00:00+08:00", truck: "T1", compound: "C2", source: "e2e" },
  { type: "switched.on", at: "2021-07-20T21:15:00+08:00", truck: "T1", compound: "C2", source: "e2e" },
  { type: "truck.dispatched", at: "2021-07-20T22:00:00+08:00", truck: "T2", compound: "C1", source: "e2e" },
  { type: "truck.arrived", at: "2021-07-20T22:20:00+08:00", truck: "T2", compound: "C1", source: "e2e" },
  { type: "switched.on", at: "2021-07-20T23:10:00+08:00", truck: "T2", compound: "C1", note: "assumed", assumed: true, source: "e2e" },
];

describe("a replay on the board in headless Chromium", function () {
  this.timeout(120_000);
  let s: BoardServer;
  let browser: Browser;
  let context: BrowserContext;
  let board: Page;
  let replay: string;

  before(async function () {
    [s, browser] = await Promise.all([startBoardServer(), launchBrowser()]);
    context = await browser.newContext({ viewport: { width: 1680, height: 1000 } });
    await context.addInitScript(() => localStorage.setItem("lianxin.lang", localStorage.getItem("lianxin.lang") ?? "en"));
  });

  after(async () => {
    await browser?.close();
    await s?.close();
  });

  it("starts a paused replay of a scenario and shows its scenario clock in the scenario's zone", async () => {
    const tiny = JSON.parse(await readFile(new URL("../fixtures/tiny.json", import.meta.url), "utf8")) as Scenario;
    const started = await post<{ incident: IncidentSummary; clock: ReplayClock }>(s, "/api/replays",
      { scenario: { ...tiny, id: "tiny-replay", events: TIMELINE }, from: "2021-07-20T19:00:00+08:00", speed: 1, paused: true }, 201);
    replay = started.incident.id;
    expect(started.clock).to.include({ paused: true, speed: 1, total: TIMELINE.length });
    board = await context.newPage();
    await board.goto(`${s.base}/incidents/${encodeURIComponent(replay)}?token=${s.commanderToken}`);
    await board.waitForSelector("[data-replay-clock]");
    expect(await replayAttrs(board)).to.deep.equal({ clock: "2021-07-20T19:00:00+08:00", paused: "true", speed: "1" });
    expect(await board.textContent(".replay-time")).to.equal("20 Jul 19:00 CST (UTC+8)");
    // the board's now is the scenario clock: 19:00, before any truck reached a compound (C3's outage starts at 20:00)
    expect(await statuses(board)).to.deep.equal({ C1: "dark", C2: "dark", C3: "grid" });
    // paused, the clock stands still: 5 s pass on a board (its once-a-second refresh runs five times), nothing moves
    expect(await shownAfter(browser, s, replay, 5_000)).to.deep.equal({ before: "2021-07-20T19:00:00+08:00", after: "2021-07-20T19:00:00+08:00" });
  });

  it("changes the speed and resumes: the timeline's events arrive in the feed as the clock passes them", async () => {
    await board.selectOption("[data-action=replay-speed]", "3600");
    await board.waitForSelector(".replay-bar[data-replay-speed='3600']");
    expect((await get<ReplayClock>(s, `/api/incidents/${encodeURIComponent(replay)}/replay`)).speed).to.equal(3600);
    await board.click("[data-action=replay-pause]");
    await board.waitForSelector(".replay-bar[data-replay-paused=false]");
    // ×3600: a scenario hour per second; T1 switches C2 on at 21:15, 2 h 15 min after 19:00
    await board.waitForSelector('[data-compound-id="C2"][data-status=generator]', { timeout: HANG_MS });
    const feed = await board.$$eval(".feed-item", (els) => els.map((e) => e.textContent ?? ""));
    expect(feed.length).to.be.at.least(4);
    expect(feed.some((text) => /T1/.test(text) && /switched on/.test(text))).to.equal(true);
    await board.waitForFunction(() => Number(document.querySelector(".replay-bar")?.getAttribute("data-replay-delivered")) >= 4);
  });

  it("pauses: the scenario clock stops where it was", async () => {
    await board.click("[data-action=replay-pause]");
    await board.waitForSelector(".replay-bar[data-replay-paused=true]");
    const stopped = (await replayAttrs(board)).clock;
    // at ×3600 these 5 s on a board would be 5 scenario hours
    expect(await shownAfter(browser, s, replay, 5_000)).to.deep.equal({ before: stopped, after: stopped });
    const server = await get<ReplayClock>(s, `/api/incidents/${encodeURIComponent(replay)}/replay`);
    expect(server.paused).to.equal(true);
  });

  it("jumps to a scenario time: back before the switch-on C2 is dark again, forward to the end everything is powered", async () => {
    await jumpTo(board, "2021-07-20T19:30");
    await board.waitForSelector(".replay-bar[data-replay-clock='2021-07-20T19:30:00+08:00']");
    await board.waitForSelector('[data-compound-id="C2"][data-status=dark]');
    // the feed shows what was known at 19:30: nothing yet
    expect(await board.$$(".feed-item")).to.have.length(0);
    // the timeline ends with T2's switch-on at 23:10: a jump there delivers everything
    await jumpTo(board, "2021-07-20T23:10");
    await board.waitForSelector(".replay-bar[data-replay-clock='2021-07-20T23:10:00+08:00']");
    await board.waitForFunction((n) => document.querySelectorAll(".feed-item").length === n, TIMELINE.length, { timeout: HANG_MS });
    expect(await statuses(board)).to.deep.include({ C1: "generator", C2: "generator" });
    await board.waitForSelector(`.replay-bar[data-replay-delivered="${TIMELINE.length}"]`);
  });

  it("computes the counterfactual report and shows it per compound", async () => {
    await board.click("[data-action=counterfactual]");
    await board.waitForSelector("[data-counterfactual=ready]", { timeout: HANG_MS });
    const rows = await board.$$eval("[data-counterfactual] tr[data-compound-id]", (els) => els.map((e) => e.getAttribute("data-compound-id")));
    expect(new Set(rows)).to.deep.equal(new Set(["C1", "C2", "C3"]));
    expect(await board.textContent("[data-figure=historical]")).to.match(/customer-h$/);
  });

  it("headlines the saving without foresight, the with-foresight saving beside it as the upper bound", async () => {
    // a slower history of the same town: T1 powers C2 at 22:30, T2 powers C1 at 23:59 (the trucks' plans are faster)
    const slow: TimelineEvent[] = [
      { type: "truck.dispatched", at: "2021-07-20T20:00:00+08:00", truck: "T1", compound: "C2", source: "e2e" },
      { type: "truck.arrived", at: "2021-07-20T21:00:00+08:00", truck: "T1", compound: "C2", source: "e2e" },
      { type: "cable.laid", at: "2021-07-20T22:00:00+08:00", truck: "T1", compound: "C2", source: "e2e" },
      { type: "switched.on", at: "2021-07-20T22:30:00+08:00", truck: "T1", compound: "C2", source: "e2e" },
      { type: "truck.dispatched", at: "2021-07-20T22:00:00+08:00", truck: "T2", compound: "C1", source: "e2e" },
      { type: "truck.arrived", at: "2021-07-20T22:40:00+08:00", truck: "T2", compound: "C1", source: "e2e" },
      { type: "switched.on", at: "2021-07-20T23:59:00+08:00", truck: "T2", compound: "C1", source: "e2e" },
    ];
    const tiny = JSON.parse(await readFile(new URL("../fixtures/tiny.json", import.meta.url), "utf8")) as Scenario;
    const started = await post<{ incident: IncidentSummary }>(s, "/api/replays",
      { scenario: { ...tiny, id: "tiny-slow", events: slow }, from: "2021-07-20T19:00:00+08:00", speed: 1, paused: true }, 201);
    const page = await context.newPage();
    await page.goto(`${s.base}/incidents/${encodeURIComponent(started.incident.id)}?token=${s.commanderToken}`);
    await page.click("[data-action=counterfactual]");
    await page.waitForSelector("[data-counterfactual=ready]", { timeout: HANG_MS });
    const report = await get<CounterfactualReport>(s, `/api/incidents/${encodeURIComponent(started.incident.id)}/counterfactual`);
    // the board's job computes both modes: the headline's and the bound's
    expect(report.foresight).to.equal(false);
    const without = report.withoutForesight!;
    const upper = report.withForesight!;
    expect(without).to.be.an("object");
    expect(upper).to.be.an("object");
    // what happened, by hand (customer outage hours = priority × households × hours dark):
    // C1 18:00 → 23:59 = 5.983 h × 100 = 598.3; C2 18:00 → 22:30 = 4.5 h × 300 × 2 = 2,700; C3 20:00 → grid 02:00
    // = 6 h × 50 = 300; in all 3,598.3
    expect(report.historical.customerOutageHours).to.be.closeTo(3_598.33, 0.01);
    expect(without.savedCustomerOutageHours).to.be.greaterThan(0);
    const ch = (x: number) => `${formatNumber(x, "en")} customer-h`;
    const share = (x: number) => formatPercent(x / report.historical.customerOutageHours, "en");
    expect(await page.textContent("[data-cf-headline]")).to.equal(`${ch(without.savedCustomerOutageHours)} (${share(without.savedCustomerOutageHours)})`);
    expect(await page.textContent("[data-cf-foresight]")).to.equal(`≤ ${ch(upper.savedCustomerOutageHours)} (${share(upper.savedCustomerOutageHours)})`);
    const labels = await page.$$eval(".cf-headline .cf-label", (els) => els.map((e) => e.textContent));
    expect(labels).to.deep.equal(["Saved with what was known then (no foresight)", "Upper bound, with foresight of grid returns no commander had"]);
    expect(await page.textContent("[data-figure=household-hours]")).to.equal(`${formatNumber(without.savedHouseholdHours, "en")} household-h`);
    expect(await page.textContent("[data-cf-top5]")).to.equal(`${formatPercent(without.top5Share, "en")} of the saving from five compounds`);
    // and in Chinese, every figure still with its unit
    await page.click("text=中文");
    expect(await page.textContent("[data-cf-headline]")).to.match(/^[\d,.-]+ 户·小时 \([\d.-]+ %\)$/);
    expect(await page.textContent("[data-cf-top5]")).to.match(/^其中 [\d.]+ % 来自五个小区$/);
    // the choice is remembered on the device: back to English for the pages after this one
    await page.click("text=English");
    await page.close();
  });

  it("says so when the report cannot be loaded, instead of showing none computed", async () => {
    const page = await context.newPage();
    await page.route("**/api/incidents/*/counterfactual*", (route) => route.request().method() === "GET"
      ? route.fulfill({ status: 503, contentType: "application/json", body: JSON.stringify({ error: { code: "unavailable", message: "the store is not answering" } }) })
      : route.continue());
    await page.goto(`${s.base}/incidents/${encodeURIComponent(replay)}?token=${s.commanderToken}`);
    await page.waitForSelector("[data-counterfactual=failed]");
    // #16: in the page's language from the error code (503 unavailable), not the server's English words
    expect(await page.textContent("[data-counterfactual] [role=alert]")).to.equal("Could not load the counterfactual report: The server cannot answer right now; try again shortly");
    await page.close();
  });

  it("replays the scenario again as a new incident from the board", async () => {
    await board.click("[data-action=start-replay]");
    await board.waitForURL((url) => url.pathname.startsWith("/incidents/") && !url.pathname.endsWith(encodeURIComponent(replay)));
    await board.waitForSelector("[data-replay-clock]");
    expect(await board.getAttribute(".replay-bar", "data-replay-total")).to.equal(String(TIMELINE.length));
  });
});

/**
 * The scenario time a board of the replay shows on opening and after `ms` have passed on it: a page of its own whose
 * timers and Date the test moves (Playwright's clock), so "time passes" is an exact amount with the board's refresh
 * run on it, not a sleep. (Its own context: a board whose clock the test moved stops drawing what the socket brings.)
 */
async function shownAfter(browser: Browser, s: BoardServer, replay: string, ms: number): Promise<{ before: string | null; after: string | null }> {
  const context = await browser.newContext({ viewport: { width: 1680, height: 1000 } });
  try {
    await context.clock.install();
    const page = await context.newPage();
    await page.goto(`${s.base}/incidents/${encodeURIComponent(replay)}?token=${s.commanderToken}`);
    await page.waitForSelector("[data-replay-clock]");
    const before = (await replayAttrs(page)).clock;
    await page.clock.runFor(ms);
    return { before, after: (await replayAttrs(page)).clock };
  } finally {
    await context.close();
  }
}

async function replayAttrs(page: Page): Promise<{ clock: string | null; paused: string | null; speed: string | null }> {
  return page.$eval(".replay-bar", (el) => ({
    clock: el.getAttribute("data-replay-clock"),
    paused: el.getAttribute("data-replay-paused"),
    speed: el.getAttribute("data-replay-speed"),
  }));
}

async function statuses(page: Page): Promise<Record<string, string | null>> {
  return Object.fromEntries(await page.$$eval("[data-compound-id][data-status]", (els) => els.map((e) => [e.getAttribute("data-compound-id"), e.getAttribute("data-status")])));
}

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
