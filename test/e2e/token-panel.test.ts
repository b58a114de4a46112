/**
 * The crew-token panel (#13 item 3) in headless Chromium (launch-browser.ts), against the whole server started
 * in-process with the Zhengzhou 2021 model: a commander makes a crew token for two trucks, hands it over as a link
 * and QR code, the link's token reports for its trucks, and a revoke cuts it off; a crew's board has no such panel.
 */
import { expect } from "chai";
import { randomUUID } from "node:crypto";
import QRCode from "qrcode";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { QR_OPTIONS } from "../../client/board/crew-link.ts";
import type { Scenario } from "../../shared/scenario.ts";
import type { IncidentState } from "../../shared/state.ts";
import type { TokenInfo } from "../../shared/wire.ts";
import { BOARD_NOW_MS, startBoardServer, type BoardServer } from "./board-server.ts";
import { launchBrowser } from "./launch-browser.ts";

const CREW_NAME = "王师傅 Crew Wang";

describe("the crew-token panel on the board in headless Chromium", function () {
  this.timeout(120_000);
  let s: BoardServer;
  let browser: Browser;
  let context: BrowserContext;
  let board: Page;
  let trucks: [string, string];
  let link: string;
  let tokenId: string;

  before(async function () {
    [s, browser] = await Promise.all([startBoardServer(), launchBrowser()]);
    context = await browser.newContext({ viewport: { width: 1680, height: 1000 } });
    await context.addInitScript(() => localStorage.setItem("lianxin.lang", localStorage.getItem("lianxin.lang") ?? "en"));
    trucks = twoFreeTrucks(s.scenario, BOARD_NOW_MS, s.crewTruck);
  });

  after(async () => {
    await browser?.close();
    await s?.close();
  });

  it("creates a crew token for two trucks and shows its crew-app link and QR code once", async () => {
    board = await context.newPage();
    await board.goto(`${s.base}/incidents/${encodeURIComponent(s.incident)}?token=${s.commanderToken}`);
    await board.waitForSelector("[data-compound-id]");
    expect(await board.isVisible("[data-token-panel]")).to.equal(false);
    await board.click("[data-action=tokens]");
    await board.waitForSelector("[data-token-panel]", { state: "visible" });
    await board.fill("[data-token-panel] input[name=crew-name]", CREW_NAME);
    // the filter narrows the fleet; a checked truck stays listed when the filter moves on
    await board.fill("[data-token-panel] input[name=truck-filter]", trucks[0]);
    await board.check(`[data-token-panel] input[name=truck][value="${trucks[0]}"]`);
    await board.fill("[data-token-panel] input[name=truck-filter]", trucks[1]);
    await board.check(`[data-token-panel] input[name=truck][value="${trucks[1]}"]`);
    expect(await board.isVisible(`[data-token-panel] input[name=truck][value="${trucks[0]}"]`)).to.equal(true);
    await board.click("[data-action=create-token]");
    await board.waitForSelector("[data-crew-link]");

    link = (await board.textContent("[data-crew-link]")) ?? "";
    expect(await board.getAttribute("[data-crew-link]", "href")).to.equal(link);
    const url = new URL(link);
    expect(`${url.origin}${url.pathname}`).to.equal(`${s.base}/crew`);
    expect(url.searchParams.get("incident")).to.equal(s.incident);
    expect(url.searchParams.get("token")).to.match(/\S{16,}/);

    const listed = await tokensOf(s);
    const mine = listed.filter((x) => x.name === CREW_NAME);
    expect(mine).to.have.length(1);
    expect(mine[0]).to.deep.include({ role: "crew", incident: s.incident, trucks });
    tokenId = mine[0].id;
    await board.waitForSelector(`[data-token-id="${tokenId}"][data-revoked=false]`);
    // shown once: the secret is in the answer to POST only, never in a listing
    expect(JSON.stringify(listed)).not.to.include(url.searchParams.get("token"));
  });

  it("draws a QR code that encodes exactly the link", async () => {
    const qr = QRCode.create(link, { errorCorrectionLevel: QR_OPTIONS.errorCorrectionLevel });
    const size = qr.modules.size;
    const drawn = await board.$eval("[data-qr]", async (el, { size, margin, scale }) => {
      const img = el as HTMLImageElement;
      await img.decode();
      const canvas = document.createElement("canvas");
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const g = canvas.getContext("2d")!;
      g.drawImage(img, 0, 0);
      const pixels = g.getImageData(0, 0, canvas.width, canvas.height).data;
      // each module's centre pixel, past the quiet zone: dark (1) or light (0)
      const modules: number[] = [];
      for (let r = 0; r < size; r++) {
        for (let c = 0; c < size; c++) {
          const x = (margin + c) * scale + Math.floor(scale / 2);
          const y = (margin + r) * scale + Math.floor(scale / 2);
          modules.push(pixels[(y * canvas.width + x) * 4] < 128 ? 1 : 0);
        }
      }
      return { width: img.naturalWidth, modules };
    }, { size, margin: QR_OPTIONS.margin, scale: QR_OPTIONS.scale });
    // (size + 2 × 4 quiet modules) × 5 px a module
    expect(drawn.width).to.equal((size + 2 * QR_OPTIONS.margin) * QR_OPTIONS.scale);
    expect(drawn.modules).to.deep.equal([...qr.modules.data]);
  });

  it("the link's token reports for its trucks and for no other", async () => {
    const secret = new URL(link).searchParams.get("token")!;
    const compound = await darkCompound(s);
    expect(await report(s, secret, trucks[1], compound)).to.equal(201);
    // a crew token is bound to its trucks: the board server's own crew truck is not one of them
    expect(await report(s, secret, s.crewTruck, compound)).to.equal(403);
  });

  it("names the API's reason for a refused token in the page's language", async () => {
    // the board's request reaches the real server with its second truck swapped for one the incident lacks: the
    // server refuses it (422) naming the position, trucks[1], and the board names the truck it put there
    await board.route("**/api/tokens", (route) => route.request().method() === "POST"
      ? route.continue({ postData: JSON.stringify({ ...route.request().postDataJSON(), trucks: [trucks[0], "no-such-truck"] }) })
      : route.continue());
    await board.fill("[data-token-panel] input[name=crew-name]", "second crew");
    await board.check(`[data-token-panel] input[name=truck][value="${trucks[0]}"]`);
    await board.check(`[data-token-panel] input[name=truck][value="${trucks[1]}"]`);
    await board.click("[data-action=create-token]");
    const alert = board.locator(".token-form [role=alert]");
    await alert.waitFor();
    expect(await alert.textContent()).to.equal(`No token was created: Truck ${trucks[1]} is not a truck of this incident`);
    // the server's own words stay on hover
    expect(await alert.getAttribute("title")).to.match(/no-such-truck is not a truck of incident/);
    await board.click("text=中文");
    expect(await alert.textContent()).to.equal(`令牌未生成：发电车 ${trucks[1]} 不属于本事件`);
    expect(await board.textContent("[data-token-panel] .token-head h3")).to.equal("抢修队令牌");
    await board.click("text=English");
    await board.unroute("**/api/tokens");
    // nothing was stored for the refused request
    expect((await tokensOf(s)).filter((x) => x.name === "second crew")).to.have.length(0);
  });

  it("revokes the token: marked revoked on the board, its next request refused with 401", async () => {
    await board.click(`[data-token-id="${tokenId}"] [data-action=revoke-token]`);
    // a second click confirms: one slip must not cut a crew off
    await board.click(`[data-token-id="${tokenId}"] [data-action=confirm-revoke]`);
    await board.waitForSelector(`[data-token-id="${tokenId}"][data-revoked=true]`);
    const secret = new URL(link).searchParams.get("token")!;
    expect(await report(s, secret, trucks[0], await darkCompound(s))).to.equal(401);
    expect((await tokensOf(s)).find((x) => x.id === tokenId)?.revokedAt).to.be.a("string");
  });

  it("shows no token panel on a crew token's board", async () => {
    const crewContext = await browser.newContext({ viewport: { width: 1680, height: 1000 } });
    try {
      const page = await crewContext.newPage();
      await page.goto(`${s.base}/incidents/${encodeURIComponent(s.incident)}?token=${s.crewToken}`);
      await page.waitForSelector("[data-compound-id]");
      expect(await page.locator("[data-token-panel]").count()).to.equal(0);
      expect(await page.locator("[data-action=tokens]").count()).to.equal(0);
    } finally {
      await crewContext.close();
    }
  });
});

/** Two trucks in Zhengzhou at `nowMs`, not tied up by the scenario's connections or trips, and not `except`. */
function twoFreeTrucks(scenario: Scenario, nowMs: number, except: string): [string, string] {
  const busy = new Set([...(scenario.connections ?? []), ...(scenario.enRoute ?? [])].map((c) => c.truck));
  const free = scenario.trucks.filter((t) => Date.parse(t.availableAt) <= nowMs && !busy.has(t.id) && t.id !== except).map((t) => t.id);
  if (free.length < 2) throw new Error("the scenario has fewer than two free trucks at the test instant");
  return [free[0], free[1]];
}

async function tokensOf(s: BoardServer): Promise<TokenInfo[]> {
  const res = await fetch(`${s.base}/api/tokens?incident=${encodeURIComponent(s.incident)}`, { headers: { authorization: `Bearer ${s.commanderToken}` } });
  if (res.status !== 200) throw new Error(`GET /api/tokens: ${res.status} ${await res.text()}`);
  return (await res.json()) as TokenInfo[];
}

async function darkCompound(s: BoardServer): Promise<string> {
  const res = await fetch(`${s.base}/api/incidents/${encodeURIComponent(s.incident)}/state`, { headers: { authorization: `Bearer ${s.commanderToken}` } });
  const state = (await res.json()) as IncidentState;
  const dark = state.compounds.find((c) => c.status === "dark");
  if (!dark) throw new Error("no dark compound at the test instant");
  return dark.id;
}

/** A crew's dispatch report sent with `token`, a second before the server's now; the HTTP status. */
async function report(s: BoardServer, token: string, truck: string, compound: string): Promise<number> {
  const res = await fetch(`${s.base}/api/incidents/${encodeURIComponent(s.incident)}/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ id: randomUUID(), type: "truck.dispatched", at: new Date(s.clock.now() - 1_000).toISOString(), truck, compound }),
  });
  await res.text();
  return res.status;
}
