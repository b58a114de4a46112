/**
 * #17 on the board, in headless Chromium: a small synthetic city with fuel, one tanker, two cable crews and one MV
 * truck (generate-city's `operations`). The board shows each truck's fuel now with a low-fuel mark, the latest
 * plan's tanker and crew stops with zoned times, and the MV truck with the compounds it feeds, on its row and on the
 * map; the low-fuel truck is a board alert; a release reported over the API stops the truck's burn on the board.
 */
import { expect } from "chai";
import { randomUUID } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { generateCity } from "../../scenarios/synthetic/generate-city.ts";
import type { Scenario } from "../../shared/scenario.ts";
import type { StoredPlan } from "../../shared/wire.ts";
import { startBoardServer, type BoardServer } from "./board-server.ts";
import { launchBrowser } from "./launch-browser.ts";

/** how long a wait may last before the test calls it hung: a guard against hanging, not a claim about speed */
const HANG_MS = 60_000;
/** 22 Jul 2021 10:00 +08:00: 42 h after the city's first outage (generate-city's T0, 20 Jul 16:00 +08:00) */
const NOW_MS = Date.parse("2021-07-22T10:00:00+08:00");

/**
 * Seed 7, 24 compounds, 5 trucks: t-1 is the MV (10 kV) truck; t-5 has been switched on at c-3 (substation sub-2,
 * grid return unknown) since 00:00, 10 h before the board's now, with a 2,400 L tank burning 400 L/h at full
 * load; c-3's load is made 900 kW: 900 / 1,800 kW = 0.5 of its capacity → 200 L/h; 10 h → 2,000 L burnt,
 * 400 L (16.7 %, 2 h to dry) left: low.
 */
function city(): Scenario {
  const s = generateCity({ seed: 7, compounds: 24, trucks: 5, gridSide: 12, floods: false, mixedSizes: false, operations: { tankers: 1, crews: 2, mvTrucks: 1 } });
  const t5 = s.trucks.find((x) => x.id === "t-5")!;
  Object.assign(t5, { fuelLitres: 2400, fuelLitresPerHourAtFull: 400 });
  s.compounds.find((c) => c.id === "c-3")!.loadKw = 900;
  s.connections = [{ truck: "t-5", compound: "c-3", switchOn: "2021-07-22T00:00:00+08:00" }];
  return s;
}

describe("board: fuel, tanker and crew routes, MV supplies (#17)", function () {
  this.timeout(180_000);
  let s: BoardServer;
  let browser: Browser;
  let board: Page;
  let plan: StoredPlan;

  const incidentPath = () => `/api/incidents/${encodeURIComponent(s.incident)}`;
  const post = async <T>(path: string, body: unknown): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${s.base}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${s.commanderToken}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T };
  };

  before(async () => {
    [s, browser] = await Promise.all([startBoardServer({ scenario: city(), nowMs: NOW_MS }), launchBrowser()]);
    const planned = await post<StoredPlan>(`${incidentPath()}/plans`, { seed: 1 });
    expect(planned.status).to.equal(201);
    plan = planned.body;
    // what the board is to show is in the plan: tanker stops, crew stops, an MV stop supplying compounds
    expect(plan.plan.tankers?.[0]?.stops.length ?? 0).to.be.greaterThan(0);
    expect(plan.plan.crews?.some((c) => c.stops.length > 0)).to.equal(true);
    expect(plan.plan.trucks.find((x) => x.id === "t-1")?.stops.some((x) => (x.supplies?.length ?? 0) > 0)).to.equal(true);
    const ctx = await browser.newContext({ viewport: { width: 1680, height: 1000 }, deviceScaleFactor: 1 });
    await ctx.addInitScript(() => localStorage.setItem("lianxin.lang", localStorage.getItem("lianxin.lang") ?? "en"));
    board = await ctx.newPage();
    await board.goto(`${s.base}/incidents/${encodeURIComponent(s.incident)}?token=${s.commanderToken}`);
    await board.waitForSelector("[data-resources-panel] [data-fuel-truck]", { timeout: HANG_MS });
  });

  after(async () => {
    await browser?.close();
    await s?.close();
  });

  it("shows each fuelled truck's litres and % of its tank, t-5 marked low, with the count in the panel's title", async () => {
    const row = board.locator('[data-fuel-truck="t-5"]');
    const litres = Number(await row.getAttribute("data-litres"));
    // 400 L at the board's now (see city()); the server's clock runs at 1×, 200 L/h: a minute of test is 3.3 L
    expect(litres).to.be.within(385, 400);
    expect(await row.getAttribute("data-low")).to.equal("true");
    const text = (await row.textContent()) ?? "";
    // 400 L (16.7 %) until the first litres burn show, then 3xx L (15–16 %)
    expect(text).to.match(/\b(3\d\d|400) \/ 2,400 L · 1[56]\.\d %/);
    expect(text).to.include("Low fuel");
    // under max(25 % × 2,400 = 600 L, 2 h × 200 L/h = 400 L) = 600 L after (2,400 − 600) / 200 = 9 h: 09:00
    expect(text).to.include("low since 22 Jul 09:00 UTC+8");
    // English mode is English: the synthetic city's names are English too, so the panel has no Chinese at all
    expect(await board.locator("[data-resources-panel]").textContent()).not.to.match(/[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/);
    // 200 L/h, about 2 h to dry
    expect(text).to.match(/burning 200\.0 L\/h · dry in 1 h 5\d min|burning 200\.0 L\/h · dry in 2 h 00 min/);
    expect(await board.locator('[data-fuel-truck="t-1"]').getAttribute("data-low")).to.equal("false");
    const badge = board.locator("[data-low-fuel-count]");
    expect(Number(await badge.getAttribute("data-low-fuel-count"))).to.be.greaterThanOrEqual(1);
    expect(await badge.textContent()).to.match(/^\d+ low on fuel$/);
    // and in the board's alert strip (shared/board-alerts.ts), named by when it began
    const alert = board.locator(`[data-alert-kind="low-fuel"][data-alert-id="low-fuel:t-5:${Date.parse("2021-07-22T09:00:00+08:00")}"]`);
    await alert.waitFor({ timeout: HANG_MS });
    expect(await alert.textContent()).to.match(/low on fuel: (3\d\d|400) L left \(1[56]\.\d %\) · 22 Jul 09:00$/);
    // and on the truck's row
    const chip = board.locator('[data-truck-id="t-5"] .fuel-chip');
    expect(await chip.getAttribute("data-fuel-low")).to.equal("true");
    expect(await chip.textContent()).to.match(/2,400 L · 1[56]\.\d %/);
  });

  it("lists the latest plan's tanker stops and crew stops with their times in the incident's zone", async () => {
    const tanker = plan.plan.tankers![0];
    const shown = await board.$$eval(`[data-tanker-id="${tanker.id}"] [data-tanker-stop]`, (els) => els.map((e) => ({
      truck: e.getAttribute("data-truck"), compound: e.getAttribute("data-compound"), litres: Number(e.getAttribute("data-litres")), text: e.textContent ?? "" })));
    expect(shown.map(({ truck, compound, litres }) => ({ truck, compound, litres })))
      .to.deep.equal([...tanker.stops].sort((a, b) => Date.parse(a.arrive) - Date.parse(b.arrive)).map((x) => ({ truck: x.truck, compound: x.compound, litres: Math.round(x.litres) })));
    for (const x of shown) expect(x.text).to.match(/^\d+ \w{3} \d\d:\d\d UTC\+8 fuel t-\d with [\d,]+ L · /);
    expect(await board.locator("[data-resources-panel]").textContent()).to.include("Times in Asia/Shanghai (UTC+8)");
    for (const crew of plan.plan.crews!) {
      const stops = await board.$$eval(`[data-crew-id="${crew.id}"] [data-crew-stop]`, (els) => els.map((e) => ({
        truck: e.getAttribute("data-truck"), compound: e.getAttribute("data-compound"), text: e.textContent ?? "" })));
      expect(stops.map(({ truck, compound }) => ({ truck, compound }))).to.deep.equal(crew.stops.map((x) => ({ truck: x.truck, compound: x.compound })));
      for (const x of stops) expect(x.text).to.match(/^\d+ \w{3} \d\d:\d\d UTC\+8–\d\d:\d\d UTC\+8 set up t-\d · /);
    }
  });

  it("shows the MV truck with the compounds it feeds, on its row, in the panel and as lines on the map", async () => {
    const nowMs = Date.parse((await (await fetch(`${s.base}${incidentPath()}/state`, { headers: { authorization: `Bearer ${s.commanderToken}` } })).json() as { at: string }).at);
    const stop = plan.plan.trucks.find((x) => x.id === "t-1")!.stops.find((x) => x.supplies && Date.parse(x.release) > nowMs)!;
    for (const where of ["[data-resources-panel]", '[data-truck-id="t-1"]']) {
      const line = board.locator(`${where} [data-mv-truck="t-1"]`);
      expect(await line.getAttribute("data-mv-supplies")).to.equal(stop.supplies!.join(","));
      expect(await line.textContent()).to.match(new RegExp(`^10 kV at [\\w ]+ \\d+ \\(RMU sub-\\d-f\\d\\), [\\d,]+ of 3,000 kW, feeds: ${stop.supplies!.map((c) => `[\\w ]+ ${c.slice(2)}`).join(", ")}$`));
    }
    // one line from the RMU to each supplied compound; the tanker's legs: depot → each stop and refill in time order
    await board.waitForFunction((n) => document.querySelector(".map")?.getAttribute("data-mv-lines") === String(n), stop.supplies!.length, { timeout: HANG_MS });
    const tanker = plan.plan.tankers![0];
    expect(await board.locator(".map").getAttribute("data-tanker-legs")).to.equal(String(tanker.stops.length + tanker.refills.length));
  });

  it("stops the burn when the log says the truck was released, and speaks Chinese with units", async () => {
    const released = await post(`${incidentPath()}/events`, { id: randomUUID(), type: "truck.released", at: new Date(NOW_MS).toISOString(), truck: "t-5", compound: "c-3" });
    expect(released.status).to.equal(201);
    const row = board.locator('[data-fuel-truck="t-5"]');
    await board.waitForFunction(() => document.querySelector('[data-fuel-truck="t-5"]')?.textContent?.includes("not running"), undefined, { timeout: HANG_MS });
    // released at 10:00 sharp: 400 L stay (still under 25 %: low)
    expect(await row.getAttribute("data-litres")).to.equal("400");
    expect(await row.getAttribute("data-low")).to.equal("true");
    await board.locator("button", { hasText: "中文" }).click();
    await board.waitForFunction(() => document.querySelector('[data-fuel-truck="t-5"]')?.textContent?.includes("升"), undefined, { timeout: HANG_MS });
    expect(await row.textContent()).to.match(/400 \/ 2,400 升 · 16\.7 %.*低油量.*未运行/);
    expect(await board.locator('[data-resources-panel] [data-mv-truck="t-1"]').textContent()).to.match(/^10 千伏 在 .*（环网柜 sub-\d-f\d）供电 [\d,]+ \/ 3,000 千瓦，所供小区：/);
    // no English UI words left: only ids, the synthetic city's (English) names, the zone and its offset
    const zh = ((await board.locator("[data-resources-panel]").textContent()) ?? "")
      .replace(/(?<![A-Za-z])(?:Compound|Hospital|Water works|Cable crew|Fuel depot) \d+|(?<![A-Za-z])(?:t|c|crew|tanker|fuel)-\d+|sub-\d+-f\d+|Asia\/Shanghai|UTC\+8/g, "");
    expect(zh.match(/[A-Za-z]{2,}/g) ?? []).to.deep.equal([]);
  });
});
