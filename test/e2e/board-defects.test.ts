/**
 * The board's smaller defects of #16's "Why", each checked in headless Chromium on a paused replay of the tiny
 * town, in English: the plan panel's instant is the incident's, not the wall date the server stored the plan;
 * dates in each language's order; the trucks figure says what it counts; a replay has one time control and its
 * connection is not called "Live"; no 404 for the counterfactual on loading a board.
 */
import { expect } from "chai";
import { readFile } from "node:fs/promises";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { Scenario, TimelineEvent } from "../../shared/scenario.ts";
import type { IncidentSummary, ReplayClock } from "../../shared/wire.ts";
import { startBoardServer, type BoardServer } from "./board-server.ts";
import { launchBrowser } from "./launch-browser.ts";

const HANG_MS = 60_000;

const TIMELINE: TimelineEvent[] = [
  { type: "truck.dispatched", at: "2021-07-20T20:00:00+08:00", truck: "T1", compound: "C2", source: "e2e" },
  { type: "truck.arrived", at: "2021-07-20T20:30:00+08:00", truck: "T1", compound: "C2", source: "e2e" },
  { type: "switched.on", at: "2021-07-20T21:15:00+08:00", truck: "T1", compound: "C2", source: "e2e" },
];

describe("the board's smaller defects (#16)", function () {
  this.timeout(180_000);
  let s: BoardServer;
  let browser: Browser;
  let context: BrowserContext;
  let board: Page;
  const notFound: string[] = [];

  before(async function () {
    [s, browser] = await Promise.all([startBoardServer(), launchBrowser()]);
    const tiny = JSON.parse(await readFile(new URL("../fixtures/tiny.json", import.meta.url), "utf8")) as Scenario;
    const res = await fetch(`${s.base}/api/replays`, {
      method: "POST",
      headers: { authorization: `Bearer ${s.commanderToken}`, "content-type": "application/json" },
      body: JSON.stringify({ scenario: { ...tiny, id: "tiny-defects", events: TIMELINE }, from: "2021-07-20T21:15:00+08:00", speed: 1, paused: true }),
    });
    const started = (await res.json()) as { incident: IncidentSummary; clock: ReplayClock };
    context = await browser.newContext({ viewport: { width: 1680, height: 1000 } });
    await context.addInitScript(() => localStorage.setItem("lianxin.lang", "en"));
    board = await context.newPage();
    board.on("response", (r) => {
      if (r.status() === 404 && r.url().includes("/counterfactual")) notFound.push(r.url());
    });
    await board.goto(`${s.base}/incidents/${encodeURIComponent(started.incident.id)}?token=${s.commanderToken}`);
    await board.waitForSelector("[data-replay-clock]");
    await board.waitForSelector("[data-counterfactual]");
  });
  after(async () => {
    await browser?.close();
    await s?.close();
  });

  it("asks for the counterfactual without a 404 before any report exists", async () => {
    expect(notFound).to.deep.equal([]);
    // and the panel still says none has been computed
    expect(await board.getAttribute("[data-counterfactual]", "data-counterfactual")).to.not.equal("failed");
  });

  it("loads a live incident's board and crew app without a 404 for its replay clock or counterfactual", async () => {
    const seen: string[] = [];
    const page = await context.newPage();
    page.on("response", (r) => {
      if (r.status() === 404 && /\/(replay|counterfactual)(\?|$)/.test(new URL(r.url()).pathname + new URL(r.url()).search.slice(0, 1))) seen.push(r.url());
    });
    await page.goto(`${s.base}/incidents/${encodeURIComponent(s.incident)}?token=${s.commanderToken}`);
    await page.waitForSelector("[data-compound-id]");
    await page.waitForSelector(".conn-on");
    await page.goto(`${s.base}/crew?token=${s.crewToken}`);
    await page.waitForSelector(`[data-truck="${s.crewTruck}"]`);
    // the crew app has synced once (incident, plan, state and replay clock asked for) when it caches them
    await page.waitForFunction((key) => localStorage.getItem(key) !== null, `lianxin.crew.cache.${s.incident}`, { timeout: HANG_MS });
    expect(seen).to.deep.equal([]);
    await page.close();
  });

  it("shows a replay with one time control, its connection not called Live", async () => {
    expect(await board.isVisible(".time-slider")).to.equal(false);
    expect(await board.isVisible("[data-action=replay-jump]")).to.equal(true);
    await board.waitForSelector(".conn-on");
    expect(await board.textContent(".conn")).to.equal("Connected (replay)");
  });

  it("says what the trucks figure counts", async () => {
    // at 21:15 T1 supplies C2 (switched on); T2 (available 22:00) is inbound: 1 of 2 trucks
    expect(await board.textContent("[data-kpi=trucks] .kpi-value")).to.equal("1 / 2 supplying");
    expect(await board.getAttribute("[data-kpi=trucks]", "title")).to.equal("Trucks supplying a compound / all trucks; those on the way or setting up counted apart");
  });

  it("writes dates day first in English and the jump field in ISO order, not the browser's US order", async () => {
    expect(await board.getAttribute("input[name=replay-at]", "type")).to.equal("text");
    expect(await board.inputValue("input[name=replay-at]")).to.equal("2021-07-20 21:15");
    await board.click("[data-action=replan]");
    await board.waitForSelector("[data-plan-for]", { timeout: HANG_MS });
    // the plan's instant is the replay's 21:15, not the wall date the server stored it at
    expect(await board.textContent("[data-plan-for]")).to.equal("by 指挥长 commander · planned for 20 Jul 21:15 UTC+8");
  });

  it("names a truck stranded by a road closed under it in the plan panel, with where it was going", async () => {
    // at 19:55 the water closed the only road between C2 and C3 (the square across lon 113.624-113.626), and at
    // 20:00 T1 was reported leaving the west depot for C3 all the same: no open road reaches C3 from where T1 set
    // out, so the plan gives it nothing and says so (plan.stranded) instead of a stop with no times
    const tiny = JSON.parse(await readFile(new URL("../fixtures/tiny.json", import.meta.url), "utf8")) as Scenario;
    const zone = { type: "Polygon" as const, coordinates: [[[113.624, 34.69], [113.626, 34.69], [113.626, 34.71], [113.624, 34.71], [113.624, 34.69]]] };
    const events: TimelineEvent[] = [
      { type: "road.closed", at: "2021-07-20T19:55:00+08:00", zone, source: "e2e" },
      { type: "truck.dispatched", at: "2021-07-20T20:00:00+08:00", truck: "T1", compound: "C3", source: "e2e" },
    ];
    const res = await fetch(`${s.base}/api/replays`, {
      method: "POST",
      headers: { authorization: `Bearer ${s.commanderToken}`, "content-type": "application/json" },
      body: JSON.stringify({ scenario: { ...tiny, id: "tiny-stranded", events }, from: "2021-07-20T20:10:00+08:00", speed: 1, paused: true }),
    });
    expect(res.status).to.equal(201);
    const started = (await res.json()) as { incident: IncidentSummary };
    const page = await context.newPage();
    await page.goto(`${s.base}/incidents/${encodeURIComponent(started.incident.id)}?token=${s.commanderToken}`);
    await page.waitForSelector("[data-replay-clock]");
    await page.click("[data-action=replan]");
    await page.waitForSelector("[data-stranded]", { timeout: HANG_MS });
    expect(await page.getAttribute("[data-stranded]", "data-stranded")).to.equal("1");
    expect(await page.textContent("[data-stranded]")).to.equal("Stranded trucks: 1 (no open road to their compound; awaiting a crew report of where they are)");
    expect(await page.getAttribute("[data-stranded]", "title")).to.equal("Henan 1 → D estate: no open road");
    await page.close();
  });
});
