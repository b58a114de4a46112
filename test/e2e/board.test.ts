/**
 * The board and the crew app in headless Chromium (launch-browser.ts: LIANXIN_CHROMIUM, else the npm package's
 * Chromium), against the whole server started in-process with the Zhengzhou 2021 scenario.
 */
import { expect } from "chai";
import { mkdir } from "node:fs/promises";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { reportPlannedSteps, startBoardServer, type BoardServer } from "./board-server.ts";
import { launchBrowser } from "./launch-browser.ts";

/** how long a wait may last before the test calls it hung: a guard against hanging, not a claim about speed */
const HANG_MS = 60_000;

describe("board and crew app in headless Chromium", function () {
  this.timeout(120_000);
  let s: BoardServer;
  let browser: Browser;
  let boardContext: BrowserContext;
  let crewContext: BrowserContext;
  let board: Page;
  let crew: Page;
  /** the dark compound the crew switches on */
  let compound: string;

  before(async function () {
    [s, browser] = await Promise.all([startBoardServer(), launchBrowser()]);
    // one context per person: each has its own storage (tokens, the crew's outbox), like two devices
    boardContext = await browser.newContext({ viewport: { width: 1680, height: 1000 }, deviceScaleFactor: 1 });
    crewContext = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    for (const ctx of [boardContext, crewContext]) await ctx.addInitScript(() => localStorage.setItem("lianxin.lang", localStorage.getItem("lianxin.lang") ?? "zh"));
  });

  after(async () => {
    await browser?.close();
    await s?.close();
  });

  it("loads the Zhengzhou scenario: one row per compound, each with its status", async () => {
    board = await boardContext.newPage();
    await board.goto(`${s.base}/incidents/${encodeURIComponent(s.incident)}?token=${s.commanderToken}`);
    await board.waitForSelector("[data-compound-id]");
    const rows = await board.$$eval("[data-compound-id]", (els) => els.map((e) => [e.getAttribute("data-compound-id"), e.getAttribute("data-status")]));
    expect(rows).to.have.length(s.scenario.compounds.length);
    expect(new Set(rows.map(([id]) => id))).to.deep.equal(new Set(s.scenario.compounds.map((c) => c.id)));
    for (const [, status] of rows) expect(["dark", "partial", "generator", "grid"]).to.include(status);
    // the token came from ?token= and is now remembered, not left in the address bar
    expect(board.url()).not.to.include("token=");
    compound = rows.find(([, status]) => status === "dark")![0]!;
  });

  it("renders Chinese in the web font the server ships, on a machine with no CJK font installed", async () => {
    const name = board.locator('[data-compound-id="jincheng-zhongyuan"] td.name > span').first();
    expect(await name.textContent()).to.match(/^金成中苑/);
    // the slices with these characters came from the server, and the browser holds them loaded (check() alone is
    // also true when no face of the family exists, hence the count of loaded faces and the fonts Chromium drew with:
    // with /fonts/ blocked it draws these four with DejaVu Sans, no web font)
    expect(await board.evaluate(async () => {
      await document.fonts.ready;
      return document.fonts.check('16px "Noto Sans SC"', "金成中苑");
    })).to.equal(true);
    const loaded = await board.evaluate(() => [...document.fonts].filter((f) => f.family.replace(/"/g, "") === "Noto Sans SC" && f.status === "loaded").length);
    expect(loaded).to.be.greaterThan(0);
    // and the glyphs on screen were drawn with it: Chromium names the fonts it used for a node's text
    const cdp = await boardContext.newCDPSession(board);
    await cdp.send("DOM.enable");
    const { root } = await cdp.send("DOM.getDocument");
    const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector: '[data-compound-id="jincheng-zhongyuan"] td.name > span' });
    await cdp.send("CSS.enable");
    const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
    await cdp.detach();
    // (a web font, by the name inside the slices: "Noto Sans SC Thin", the variable font's first instance)
    const web = fonts.filter((f) => f.isCustomFont && f.familyName.startsWith("Noto Sans SC"));
    expect(web.reduce((n, f) => n + f.glyphCount, 0)).to.be.at.least(4);
  });

  it("asks for a token once on the incident list, refuses a wrong one, and opens a board from the list", async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${s.base}/`);
    await page.fill("input[name=token]", "lx_not-a-token");
    await page.click("button[type=submit]");
    await page.waitForSelector(".sign-in .error");
    await page.fill("input[name=token]", s.crewToken);
    await page.click("button[type=submit]");
    await page.click(`[data-incident-id="${s.incident}"]`);
    await page.waitForSelector("[data-compound-id]");
    // remembered: a second visit goes straight to the list
    await page.goto(`${s.base}/`);
    await page.waitForSelector(`[data-incident-id="${s.incident}"]`);
    await ctx.close();
  });

  it("re-plans from the board and shows the plan's figures", async () => {
    await board.click("[data-action=replan]");
    await board.waitForSelector(".figures", { timeout: HANG_MS });
    await board.click("[data-action=approve]");
    await board.waitForSelector(".plan-approved");
  });

  it("shows a crew's switched-on report on the board as it arrives, with no reload", async () => {
    crew = await crewContext.newPage();
    await crew.goto(`${s.base}/crew?token=${s.crewToken}`);
    await crew.waitForSelector(`[data-truck="${s.crewTruck}"]`);
    await crew.selectOption("select.compound-select", compound);
    // the crew's steps as a real crew spaces them (the server refuses an arrival faster than 120 km/h and a switch-on
    // sooner than 10 min on site): the incident's clock skips ahead between them, like a replay, and the crew app
    // picks the new time up as it does on opening
    const gapsBefore: Record<string, number> = { "truck.dispatched": 0, "truck.arrived": 40 * 60_000, "cable.laid": 15 * 60_000 };
    for (const step of ["truck.dispatched", "truck.arrived", "cable.laid"]) {
      if (gapsBefore[step] > 0) await skipAhead(s, crew, compound, gapsBefore[step]);
      await crew.click(`[data-step="${step}"]`);
      await waitDelivered(crew);
    }
    // the board opened before the skips: a reload gives it the incident's new time, then it must follow live
    await board.reload();
    await board.waitForSelector(`[data-compound-id="${compound}"]`);
    expect(await statusOf(board, compound)).to.equal("dark");
    await crew.click('[data-step="switched.on"]');
    // click on the phone → row recoloured on the board, through HTTP, the store and socket.io (how fast: npm run
    // bench -- --section realtime)
    await board.waitForFunction(
      (id) => ["generator", "partial"].includes(document.querySelector(`[data-compound-id="${id}"]`)?.getAttribute("data-status") ?? ""),
      compound,
      { timeout: HANG_MS },
    );
    const events = await s.store.listEvents(s.incident);
    expect(events.map((e) => e.type)).to.deep.equal(["truck.dispatched", "truck.arrived", "cable.laid", "switched.on"]);
  });

  it("delivers a report made offline exactly once after the network returns", async () => {
    const answers: number[] = [];
    let id: string | null = null;
    crew.on("response", (r) => {
      if (id !== null && r.request().method() === "POST" && r.request().postData()?.includes(id)) answers.push(r.status());
    });
    await crewContext.setOffline(true);
    await crew.fill("input.note", "发电机油位低 fuel low");
    await crew.click('[data-step="truck.released"]');
    const pending = crew.locator('.outbox-item[data-state="pending"]');
    await pending.first().waitFor();
    id = await pending.first().getAttribute("data-report-id");
    await crew.waitForSelector(".banner");
    // retry ticks pass while offline (the outbox counts each try that got no answer): nothing reaches the server
    await crew.waitForFunction(outboxAttempts, { id, atLeast: 3 }, { timeout: HANG_MS });
    expect((await s.store.listEvents(s.incident)).filter((e) => e.id === id)).to.have.length(0);
    await crewContext.setOffline(false);
    await waitDelivered(crew);
    // answered once and out of the outbox: "online" events (each a flush, run after the one before) send nothing more
    await crew.evaluate(() => { for (let i = 0; i < 3; i++) window.dispatchEvent(new Event("online")); });
    expect(await crew.evaluate(outboxAttempts, { id, atLeast: 0 })).to.equal(false);
    const stored = (await s.store.listEvents(s.incident)).filter((e) => e.type === "truck.released");
    expect(stored.map((e) => e.id)).to.deep.equal([id]);
    expect(stored[0].note).to.equal("发电机油位低 fuel low");
    await board.waitForFunction((seq) => document.querySelector(`[data-seq="${seq}"]`) !== null, stored[0].seq, { timeout: HANG_MS });
    // the last flush has long finished once the board shows the report: one answer, 201, no repeat (200)
    expect(answers).to.deep.equal([201]);
  });

  it("opens the crew app with no network after a reload (kept by its service worker)", async () => {
    await crew.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: HANG_MS });
    await crewContext.setOffline(true);
    const response = await crew.reload();
    expect(response?.fromServiceWorker()).to.equal(true);
    await crew.waitForSelector('[data-step="truck.dispatched"]');
    await crew.waitForSelector(".banner");
    // #16: still this crew's own truck and name (its scope is kept on the phone), and the compound picked is the
    // assignment's, never the list's first entry by default
    expect(await crew.$$eval("[data-truck]", (els) => els.map((e) => e.getAttribute("data-truck")))).to.deep.equal([s.crewTruck]);
    expect(await crew.textContent(".brand")).to.equal(`抢修队 · ${s.crewTruck} crew`);
    expect(await crew.inputValue("select.compound-select")).to.equal(await crew.getAttribute("[data-assignment]", "data-assignment"));
    await crewContext.setOffline(false);
    await crew.reload();
    await crew.waitForSelector('[data-step="truck.dispatched"]');
  });

  it("shows a refused report with the server's reason, in the crew's language and with names (#16)", async () => {
    // the truck was released: switching on again without being dispatched is impossible (422)
    await crew.selectOption("select.compound-select", compound);
    await crew.click('[data-step="switched.on"]');
    const refused = crew.locator('.outbox-item[data-state="refused"] [role=alert]');
    await refused.waitFor();
    const name = s.scenario.compounds.find((c) => c.id === compound)!.name;
    const truck = s.scenario.trucks.find((x) => x.id === s.crewTruck)!.name;
    // the rule in words (not_dispatched), never the status, a seq or the server's English
    const text = (await refused.textContent()) ?? "";
    expect(text).to.include(`${truck}未派往${name}，不能上报“合闸送电”`);
    expect(text).to.not.match(/422|seq|truck|[a-z]+-\d+/);
  });

  it("replays any instant: before the storm every compound had grid power", async () => {
    const replay = await boardContext.newPage();
    // the token is remembered from the first visit; 10:00 on 20 Jul is before the first outage
    await replay.goto(`${s.base}/incidents/${encodeURIComponent(s.incident)}?at=${encodeURIComponent("2021-07-20T10:00:00+08:00")}`);
    await replay.waitForSelector("[data-compound-id]");
    const statuses = await replay.$$eval("[data-compound-id]", (els) => els.map((e) => e.getAttribute("data-status")));
    expect(new Set(statuses)).to.deep.equal(new Set(["grid"]));
    expect(await replay.isVisible(".replay-badge")).to.equal(true);
    await replay.click(".live-button");
    await replay.waitForFunction((id) => document.querySelector(`[data-compound-id="${id}"]`)?.getAttribute("data-status") !== "grid", compound);
    await replay.close();
  });

  it("switches between Chinese and English", async () => {
    expect(await board.textContent(".area-list h3")).to.equal("小区");
    await board.click("text=English");
    expect(await board.textContent(".area-list h3")).to.equal("Compounds");
    await board.click("text=中文");
    expect(await board.textContent(".area-list h3")).to.equal("小区");
  });

  it("saves a screenshot of the board, three hours into the afternoon's work", async () => {
    await mkdir("test-output", { recursive: true });
    await crew.screenshot({ path: "test-output/crew.png", fullPage: true });
    // skip ahead like a replay, let the other crews report along the approved plan, then look at the board
    s.clock.jump(3 * 3_600_000);
    const latest = await s.store.latestPlan(s.incident);
    expect(await reportPlannedSteps(s, latest!.plan, s.clock.now(), s.crewTruck)).to.be.greaterThan(0);
    await board.reload();
    await board.waitForSelector("[data-compound-id][data-status=generator]");
    // a re-plan from the new situation: the panel says which trucks now go elsewhere and what it is worth
    await board.click("[data-action=replan]");
    await board.waitForSelector(".plan-diff", { timeout: HANG_MS });
    expect(await board.textContent(".plan-diff")).to.match(/户·小时/);
    // the page at rest: web font slices in, and two frames drawn since the panel appeared
    await board.evaluate(async () => {
      await document.fonts.ready;
      for (let i = 0; i < 2; i++) await new Promise(requestAnimationFrame);
    });
    await board.screenshot({ path: "test-output/board.png" });
  });
});

async function statusOf(page: Page, compound: string): Promise<string | null> {
  return page.getAttribute(`[data-compound-id="${compound}"]`, "data-status");
}

/** The crew's outbox is empty: every report got an answer. */
async function waitDelivered(crew: Page): Promise<void> {
  await crew.waitForFunction(() => document.querySelectorAll('.outbox-item[data-state="pending"]').length === 0, undefined, { timeout: HANG_MS });
}

/** In the crew's page: whether the outbox holds report `id` after at least `atLeast` tries that got no answer. */
function outboxAttempts({ id, atLeast }: { id: string | null; atLeast: number }): boolean {
  const items = JSON.parse(localStorage.getItem("lianxin.outbox") ?? "[]") as { input: { id: string }; attempts: number }[];
  const item = items.find((x) => x.input.id === id);
  return item !== undefined && item.attempts >= atLeast;
}

/**
 * Moves the incident's clock on by `ms` and reopens the crew app, which takes the server's time when it syncs on
 * opening; resolves once it has (its cached state is at or after the new time), with the compound picked again.
 */
async function skipAhead(s: BoardServer, crew: Page, compound: string, ms: number): Promise<void> {
  s.clock.jump(ms);
  const at = s.clock.now();
  await crew.reload();
  await crew.waitForFunction(({ key, at }) => {
    const cached = JSON.parse(localStorage.getItem(key) ?? "null") as { state?: { at?: string } } | null;
    return Date.parse(cached?.state?.at ?? "") >= at;
  }, { key: `lianxin.crew.cache.${s.incident}`, at }, { timeout: HANG_MS });
  await crew.selectOption("select.compound-select", compound);
}
