/**
 * Provenance marks on the board (#14) in headless Chromium (launch-browser.ts), against the whole server started
 * in-process: a small scenario with one assumed and one synthetic compound, an assumed truck and substation, and a
 * replay whose timeline has a synthetic entry.
 */
import { expect } from "chai";
import { readFile } from "node:fs/promises";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { Scenario, TimelineEvent } from "../../shared/scenario.ts";
import type { IncidentSummary } from "../../shared/wire.ts";
import { startBoardServer, type BoardServer } from "./board-server.ts";
import { launchBrowser } from "./launch-browser.ts";

/** Tiny line town with its provenance stated: C1 assumed, C2 synthetic, C3 sourced; T1 and S1 assumed. */
async function markedTown(): Promise<Scenario> {
  const tiny = JSON.parse(await readFile(new URL("../fixtures/tiny.json", import.meta.url), "utf8")) as Scenario;
  const [c1, c2, c3] = tiny.compounds;
  const [t1, t2] = tiny.trucks;
  return {
    ...tiny,
    id: "tiny-marked",
    substations: tiny.substations.map((s) => ({ ...s, provenance: "assumed", source: "voltage from the district's usual 110 kV" })),
    compounds: [
      { ...c1, provenance: "assumed", source: "households from the estate's building count" },
      { ...c2, name: "C estate (synthetic)", provenance: "synthetic", source: "stands in for the district's unnamed estates" },
      { ...c3, provenance: "sourced", source: "[S] e2e press report" },
    ],
    trucks: [
      { ...t1, provenance: "assumed", source: "capacity from the model's spec sheet" },
      { ...t2, provenance: "sourced", source: "[S] e2e press report", availableAtProvenance: "assumed" },
    ],
  };
}

describe("provenance marks on the board in headless Chromium", function () {
  this.timeout(120_000);
  let s: BoardServer;
  let browser: Browser;
  let context: BrowserContext;
  let board: Page;

  before(async function () {
    [s, browser] = await Promise.all([startBoardServer(), launchBrowser()]);
    context = await browser.newContext({ viewport: { width: 1680, height: 1000 } });
    await context.addInitScript(() => localStorage.setItem("lianxin.lang", localStorage.getItem("lianxin.lang") ?? "en"));
  });

  after(async () => {
    await browser?.close();
    await s?.close();
  });

  it("marks the assumed and the synthetic compound in the list, and says what the marks mean", async () => {
    const incident = await post<IncidentSummary>(s, "/api/incidents", await markedTown(), 201);
    board = await context.newPage();
    await board.goto(`${s.base}/incidents/${encodeURIComponent(incident.id)}?token=${s.commanderToken}`);
    await board.waitForSelector("[data-compound-id]");
    const rows = Object.fromEntries(await board.$$eval("tr[data-compound-id]", (els) =>
      els.map((e) => [e.getAttribute("data-compound-id"), [e.getAttribute("data-provenance"), e.querySelector("[data-prov-mark]")?.textContent ?? null]])));
    // the sourced compound has its attribute and no badge
    expect(rows).to.deep.equal({ C1: ["assumed", "A"], C2: ["synthetic", "S"], C3: ["sourced", null] });
    expect(await board.getAttribute('tr[data-compound-id="C1"] [data-prov-mark]', "title")).to.equal("assumed · basis: households from the estate's building count");
    expect(await board.textContent(".area-list [data-prov-legend]")).to.equal(
      "Aassumed: real, but a value is assumed (e.g. households, arrival time)Ssynthetic: a synthetic stand-in that did not exist as such");
  });

  it("marks the assumed truck and the assumed arrival time in the truck panel", async () => {
    await board.waitForSelector("[data-truck-id]");
    const rows = Object.fromEntries(await board.$$eval(".truck-row[data-truck-id]", (els) =>
      els.map((e) => [e.getAttribute("data-truck-id"), [e.getAttribute("data-provenance"), [...e.querySelectorAll("[data-prov-mark]")].map((m) => m.getAttribute("title"))]])));
    expect(rows).to.deep.equal({
      T1: ["assumed", ["assumed · basis: capacity from the model's spec sheet"]],
      T2: ["sourced", ["arrival time assumed"]],
    });
    expect(await board.locator(".area-trucks [data-prov-legend]").count()).to.equal(1);
  });

  it("marks the assumed substation on the map and lists the marks in the map's legend", async () => {
    expect(await board.locator(".map-substation.prov-site-assumed").count()).to.equal(1);
    expect(await board.$$eval(".map-legend .lg-prov", (els) => els.map((e) => e.parentElement?.textContent))).to.deep.equal(["assumed", "synthetic"]);
  });

  it("says the same in Chinese", async () => {
    await board.click("text=中文");
    expect(await board.textContent('tr[data-compound-id="C2"] [data-prov-mark]')).to.equal("合");
    expect(await board.textContent(".area-list [data-prov-legend]")).to.equal("估估计：真实存在，部分数值为估计（如户数、到达时间）合合成：合成的替代对象，并非真实存在");
    expect(await board.$$eval(".map-legend .lg-prov", (els) => els.map((e) => e.parentElement?.textContent))).to.deep.equal(["估计", "合成"]);
    await board.click("text=English");
  });

  it("marks a replayed event that came from a synthetic timeline entry in the feed", async () => {
    const timeline: TimelineEvent[] = [
      { type: "truck.dispatched", at: "2021-07-20T20:00:00+08:00", truck: "T1", compound: "C2", provenance: "synthetic", source: "a generated trip" },
      { type: "truck.arrived", at: "2021-07-20T20:30:00+08:00", truck: "T1", compound: "C2", provenance: "sourced", source: "[S] e2e press report" },
    ];
    const started = await post<{ incident: IncidentSummary }>(s, "/api/replays",
      { scenario: { ...(await markedTown()), id: "tiny-marked-replay", events: timeline }, from: "2021-07-20T21:00:00+08:00", speed: 1, paused: true }, 201);
    const page = await context.newPage();
    await page.goto(`${s.base}/incidents/${encodeURIComponent(started.incident.id)}?token=${s.commanderToken}`);
    await page.waitForFunction(() => document.querySelectorAll(".feed-item").length === 2, undefined, { timeout: 60_000 });
    const feed = await page.$$eval(".feed-item", (els) => els.map((e) => [e.querySelector(".feed-type")?.textContent, e.querySelector("[data-prov-mark]")?.getAttribute("data-prov-mark") ?? null]));
    // newest first: the sourced arrival unmarked, the synthetic dispatch marked
    expect(feed).to.deep.equal([["arrived", null], ["dispatched", "synthetic"]]);
    await page.close();
  });
});

async function post<T>(s: BoardServer, path: string, body: unknown, status: number): Promise<T> {
  const res = await fetch(s.base + path, {
    method: "POST",
    headers: { authorization: `Bearer ${s.commanderToken}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (res.status !== status) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
