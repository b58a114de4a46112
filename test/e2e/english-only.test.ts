/**
 * Both languages, whole (#16 item 6): in English mode the board and the crew app show no Chinese outside the names
 * of places, compounds, trucks and the incident (which stay as they are); in Chinese mode no English UI words.
 * The scan reads every text node and every title, placeholder and aria-label of the rendered page.
 */
import { expect } from "chai";
import type { Browser, Page } from "playwright-core";
import { startBoardServer, type BoardServer } from "./board-server.ts";
import { launchBrowser } from "./launch-browser.ts";
import { namedDistrictOf } from "../../shared/compound-district.ts";

const HANG_MS = 60_000;
const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

describe("English mode is English throughout (#16 item 6)", function () {
  this.timeout(180_000);
  let s: BoardServer;
  let browser: Browser;

  before(async function () {
    [s, browser] = await Promise.all([startBoardServer(), launchBrowser()]);
  });
  after(async () => {
    await browser?.close();
    await s?.close();
  });

  /** the names a page may show as they are: the scenario's places, compounds, trucks, substations, depots */
  function names(): string[] {
    const sc = s.scenario;
    const all = [sc.name, ...sc.compounds.flatMap((c) => [c.name, c.address ?? ""]), ...sc.trucks.flatMap((t) => [t.name, t.origin ?? ""]),
      ...sc.substations.map((x) => x.name), ...(sc.depots ?? []).map((d) => d.name), "连心", "中文",
      // districts are place names too (the filter's, from the substations' names)
      ...sc.compounds.map((c) => namedDistrictOf(c, new Map(sc.substations.map((x) => [x.id, x]))) ?? "")];
    // a bilingual name ("橡树玫瑰城 Xiangshu Meiguicheng (Oak Rose City)") is shown in parts: each part is a name too
    const parts = all.flatMap((n) => {
      const m = /^(.*?[\u3400-\u9fff][^A-Za-z]*?)\s+([A-Za-z].*)$/.exec(n);
      return m ? [n, m[1].trim(), m[2].trim()] : [n];
    });
    // the people signed in are named as their tokens name them
    parts.push("指挥长 commander");
    // longest first, so a name is cut whole before any name inside it
    return [...new Set(parts.filter((n) => n.length > 0))].sort((a, b) => b.length - a.length);
  }

  /** every piece of text the page shows or says (tooltips, placeholders, labels) with Chinese left after the names */
  async function chineseOutsideNames(page: Page): Promise<string[]> {
    const texts = await shownTexts(page);
    const cut = names();
    return [...new Set(texts.map((x) => cut.reduce((rest, name) => rest.split(name).join(""), x)).filter((x) => CJK.test(x)))];
  }

  function shownTexts(page: Page): Promise<string[]> {
    return page.evaluate(() => {
      const out: string[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const parent = n.parentElement;
        if (!parent || parent.closest("script,style,[hidden]") || !n.textContent?.trim()) continue;
        out.push(n.textContent.trim());
      }
      for (const el of document.querySelectorAll("[title],[placeholder],[aria-label]")) {
        for (const a of ["title", "placeholder", "aria-label"]) {
          const v = el.getAttribute(a);
          if (v) out.push(v);
        }
      }
      return out;
    });
  }

  it("shows the board in English with no Chinese outside names", async () => {
    const context = await browser.newContext({ viewport: { width: 1680, height: 1000 } });
    await context.addInitScript(() => localStorage.setItem("lianxin.lang", "en"));
    const page = await context.newPage();
    await page.goto(`${s.base}/incidents/${encodeURIComponent(s.incident)}?token=${s.commanderToken}`);
    await page.waitForSelector("[data-compound-id]");
    await page.click("[data-action=replan]");
    await page.waitForSelector(".plan-status", { timeout: HANG_MS });
    // a compound's card, opened from its row, and every panel's tooltips
    await page.click("[data-compound-id] >> nth=0");
    expect(await chineseOutsideNames(page)).to.deep.equal([]);
    await context.close();
  });

  it("shows a replay's board in English with no Chinese outside names: replay bar, job strip, counterfactual panel", async () => {
    const res = await fetch(`${s.base}/api/replays`, {
      method: "POST",
      headers: { authorization: `Bearer ${s.commanderToken}`, "content-type": "application/json" },
      body: JSON.stringify({ incident: s.incident, paused: true, from: "2021-07-21T12:00:00+08:00" }),
    });
    expect(res.status).to.equal(201);
    const { incident } = (await res.json()) as { incident: { id: string } };
    const context = await browser.newContext({ viewport: { width: 1680, height: 1000 } });
    await context.addInitScript(() => localStorage.setItem("lianxin.lang", "en"));
    const page = await context.newPage();
    await page.goto(`${s.base}/incidents/${encodeURIComponent(incident.id)}?token=${s.commanderToken}`);
    await page.waitForSelector("[data-replay-clock]");
    await page.click("[data-action=replan]");
    await page.waitForSelector(".plan-status", { timeout: HANG_MS });
    await page.click("[data-action=counterfactual]");
    await page.waitForSelector("[data-counterfactual=ready]", { timeout: 120_000 });
    expect(await chineseOutsideNames(page)).to.deep.equal([]);
    await context.close();
  });

  it("shows the board in Chinese with no English words outside names and units", async () => {
    const context = await browser.newContext({ viewport: { width: 1680, height: 1000 } });
    await context.addInitScript(() => localStorage.setItem("lianxin.lang", "zh"));
    const page = await context.newPage();
    await page.goto(`${s.base}/incidents/${encodeURIComponent(s.incident)}?token=${s.commanderToken}`);
    await page.waitForSelector("[data-compound-id]");
    await page.click("[data-action=replan]");
    await page.waitForSelector(".plan-status", { timeout: HANG_MS });
    await page.click("[data-compound-id] >> nth=0");
    const texts = await shownTexts(page);
    // truck ids are the trucks' call signs on the board; the map library's and the tiles' names stay as they are
    const cut = [...names(), ...s.scenario.trucks.map((x) => x.id).sort((a, b) => b.length - a.length), "Lianxin", "English", "UTC", "kW", "km",
      "OpenStreetMap", "Leaflet", "CartoDB", "CARTO"];
    const english = [...new Set(texts.map((x) => cut.reduce((rest, name) => rest.split(name).join(""), x)).filter((x) => /[A-Za-z]{3,}/.test(x)))];
    expect(english).to.deep.equal([]);
    await context.close();
  });

  it("shows the crew app in English with no Chinese outside names", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await context.addInitScript(() => localStorage.setItem("lianxin.lang", "en"));
    const page = await context.newPage();
    await page.goto(`${s.base}/crew?token=${s.crewToken}`);
    await page.waitForSelector(`[data-truck="${s.crewTruck}"]`);
    expect(await chineseOutsideNames(page)).to.deep.equal([]);
    await context.close();
  });
});
