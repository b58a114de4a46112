/**
 * Finding and watching (#16 item 4) in headless Chromium: filters over compounds (name, district, priority, status)
 * and trucks hide rows in place, a
 * commander acknowledges a crew's report (the unacknowledged count goes down), and an alert the server raises
 * (socket `alert`, once its thresholds make a priority site's dark time count) shows on the board.
 */
import { randomUUID } from "node:crypto";
import { expect } from "chai";
import type { Browser, Page } from "playwright-core";
import { startBoardServer, type BoardServer } from "./board-server.ts";
import { launchBrowser } from "./launch-browser.ts";

const HANG_MS = 60_000;

describe("finding and watching on the board (filters, acknowledgements, alerts)", function () {
  this.timeout(180_000);
  let s: BoardServer;
  let browser: Browser;
  let board: Page;

  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    const res = await fetch(`${s.base}/api/incidents/${encodeURIComponent(s.incident)}${path}`, {
      method,
      headers: { authorization: `Bearer ${token ?? s.commanderToken}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };

  before(async () => {
    [s, browser] = await Promise.all([startBoardServer(), launchBrowser()]);
    // every alert off, so the one the test raises is the only one
    expect((await call("PUT", "/alert-thresholds", { prioritySiteDarkHours: null, truckSilentHours: null, stepLateMinutes: null })).status).to.equal(200);
    const ctx = await browser.newContext({ viewport: { width: 1680, height: 1000 }, deviceScaleFactor: 1 });
    await ctx.addInitScript(() => localStorage.setItem("lianxin.lang", "en"));
    board = await ctx.newPage();
    await board.goto(`${s.base}/incidents/${encodeURIComponent(s.incident)}?token=${s.commanderToken}`);
    await board.waitForSelector("tr[data-compound-id]", { timeout: HANG_MS });
    await board.waitForSelector("[data-truck-id]", { timeout: HANG_MS });
  });

  after(async () => {
    await browser?.close();
    await s?.close();
  });

  const shownCompounds = () => board.locator("tr[data-compound-id]:not([hidden])");
  const compoundFilters = () => board.locator('[data-filters="compounds"]');

  it("filters compounds by name, priority, district and status, and trucks by name, in place", async () => {
    const all = s.scenario.compounds.length;
    expect(await shownCompounds().count()).to.equal(all);
    const target = s.scenario.compounds[2];
    await compoundFilters().locator('[data-filter="search"]').fill(target.id);
    await board.waitForFunction((id) => {
      const rows = [...document.querySelectorAll("tr[data-compound-id]:not([hidden])")];
      return rows.length === 1 && rows[0].getAttribute("data-compound-id") === id;
    }, target.id, { timeout: HANG_MS });
    await compoundFilters().locator('[data-filter="search"]').fill("");
    // priority sites: the model has 2 (priority 10)
    await compoundFilters().locator('[data-filter="priority"]').selectOption("priority");
    const priority = s.scenario.compounds.filter((c) => (c.priority ?? 1) > 1).map((c) => c.id).sort();
    await board.waitForFunction((n) => document.querySelectorAll("tr[data-compound-id]:not([hidden])").length === n, priority.length, { timeout: HANG_MS });
    expect((await shownCompounds().evaluateAll((rows) => rows.map((r) => r.getAttribute("data-compound-id")))).sort()).to.deep.equal(priority);
    await compoundFilters().locator('[data-filter="priority"]').selectOption("");
    // the district named in the compound's substation's name: "110 kV 文化路变 (金水, assumed)" and "110 kV 金水东变
    // (金水, assumed)" are the model's two in 金水
    const jinshui = new Set(s.scenario.substations.filter((x) => x.name.includes("(金水")).map((x) => x.id));
    const inJinshui = s.scenario.compounds.filter((c) => jinshui.has(c.substation)).map((c) => c.id).sort();
    expect(jinshui.size).to.equal(2);
    await compoundFilters().locator('[data-filter="district"]').selectOption("金水");
    await board.waitForFunction((n) => document.querySelectorAll("tr[data-compound-id]:not([hidden])").length === n, inJinshui.length, { timeout: HANG_MS });
    expect((await shownCompounds().evaluateAll((rows) => rows.map((r) => r.getAttribute("data-compound-id")))).sort()).to.deep.equal(inJinshui);
    await compoundFilters().locator('[data-filter="district"]').selectOption("");
    await compoundFilters().locator('[data-filter="status"]').selectOption("dark");
    await board.waitForFunction((n) => document.querySelectorAll("tr[data-compound-id]:not([hidden])").length < n, all, { timeout: HANG_MS });
    expect(await shownCompounds().evaluateAll((rows) => rows.every((r) => r.getAttribute("data-status") === "dark"))).to.equal(true);
    await compoundFilters().locator('[data-filter="status"]').selectOption("");
    expect(await shownCompounds().count()).to.equal(all);

    const truck = s.scenario.trucks[5];
    await board.locator('[data-filters="trucks"] [data-filter="search"]').fill(truck.id);
    await board.waitForFunction((id) => {
      const rows = [...document.querySelectorAll(".truck-row[data-truck-id]:not([hidden])")];
      return rows.length === 1 && rows[0].getAttribute("data-truck-id") === id;
    }, truck.id, { timeout: HANG_MS });
    await board.locator('[data-filters="trucks"] [data-filter="search"]').fill("");
  });

  it("acknowledges a crew's report: the count of unacknowledged reports goes down by one", async () => {
    const compound = s.scenario.compounds.find((c) => (c.priority ?? 1) === 1)!;
    const sent = await call("POST", "/events", { id: randomUUID(), type: "truck.dispatched", at: new Date(Math.floor(s.clock.now() / 60_000) * 60_000 - 60_000).toISOString(), truck: s.crewTruck, compound: compound.id }, s.crewToken);
    expect(sent.status, JSON.stringify(sent.body)).to.equal(201);
    const entry = board.locator(`.feed-item[data-seq="${sent.body.seq}"]`);
    await entry.locator('[data-action="ack"]').waitFor({ timeout: HANG_MS });
    const count = () => board.locator("[data-unacked-count]").first().getAttribute("data-unacked-count").then(Number);
    const before = await count();
    expect(before).to.be.greaterThan(0);
    // the crew's truck row says when it last reported (the truck panel follows the feed within half a second)
    const truckRow = `.truck-row[data-truck-id="${s.crewTruck}"]`;
    await board.waitForFunction((sel) => document.querySelector(sel)?.getAttribute("data-last-report") != null, truckRow, { timeout: HANG_MS });
    expect(await board.locator(truckRow).getAttribute("data-last-report")).to.match(/^2021-07-22T\d\d:\d\d:\d\d\+08:00$/);
    await entry.locator('[data-action="ack"]').click();
    await board.waitForFunction((n) => Number(document.querySelector("[data-unacked-count]")?.getAttribute("data-unacked-count")) === n, before - 1, { timeout: HANG_MS });
    expect(await entry.getAttribute("data-acked")).to.equal("true");
    expect((await call("GET", "/acks")).body.map((a: { seq: number }) => a.seq)).to.include(sent.body.seq);
  });

  it("shows an alert the server raises when a threshold makes a priority site's dark time count", async () => {
    expect(await board.locator("[data-alert-id]").count()).to.equal(0);
    const dark = s.scenario.compounds.filter((c) => (c.priority ?? 1) > 1);
    // a priority site dark longer than 1 h: both of the model's priority sites have been dark since 20-21 Jul
    expect((await call("PUT", "/alert-thresholds", { prioritySiteDarkHours: 1, truckSilentHours: null, stepLateMinutes: null })).status).to.equal(200);
    const alert = board.locator('[data-alert-kind="priority-dark"]').first();
    await alert.waitFor({ timeout: HANG_MS });
    const text = await alert.textContent();
    expect(text).to.match(/^Priority site .+ dark for \d+(\.\d)? h · /);
    expect(dark.map((c) => c.id)).to.include((await alert.getAttribute("data-alert-id"))!.split(":")[1]);
    expect(Number(await board.locator(".alert-strip").getAttribute("data-alert-count"))).to.be.greaterThan(0);
  });
});
