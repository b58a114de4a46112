/**
 * The command post's exports (#16 item 5) as a browser reads them, on the Zhengzhou scenario with its timeline as
 * the event log: the situation report prints to exactly one A4 page in headless Chromium's PDF, in both
 * languages at two instants, the GeoJSON is valid, and the KML parses as XML (Chromium's own strict XML parser: DOMParser with application/xml).
 */
import { expect } from "chai";
import { readFile } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import type { StoredEvent } from "../../shared/events.ts";
import { buildCurrentScenario } from "../../shared/restoration/build-current-scenario.ts";
import { deriveState } from "../../shared/restoration/derive-state.ts";
import type { Scenario } from "../../shared/scenario.ts";
import { timelineInputs } from "../../shared/timeline/timeline-inputs.ts";
import type { ExportSnapshot } from "../../server/exports/export-snapshot.ts";
import { geojsonProblems } from "../../server/exports/check-geojson.fixture.ts";
import { geojsonExport } from "../../server/exports/geojson-export.ts";
import { kmlExport } from "../../server/exports/kml-export.ts";
import { sitrepHtml } from "../../server/exports/sitrep-export.ts";
import { sitrepInput } from "../../server/exports/sitrep-input.ts";
import { launchBrowser } from "./launch-browser.ts";

async function zhengzhouAt(at: string): Promise<ExportSnapshot> {
  const scenario = JSON.parse(await readFile(new URL("../../scenarios/zhengzhou-2021/scenario.json", import.meta.url), "utf8")) as Scenario;
  const events: StoredEvent[] = timelineInputs(scenario, "zz").map((e, i) => ({ ...e, incident: "zz", seq: i + 1, receivedAt: e.at, by: "timeline" }));
  const atMs = Date.parse(at);
  return {
    detail: { id: "zz", name: scenario.name, timezone: scenario.timezone, createdAt: at, compounds: scenario.compounds.length, trucks: scenario.trucks.length, scenario },
    events, atMs, current: buildCurrentScenario(scenario, events, atMs), state: deriveState(scenario, events, atMs), plan: null, routes: null,
  };
}

/** page objects of a PDF (not the /Pages tree); Chromium writes them uncompressed */
function pdfPages(pdf: Buffer): number {
  return pdf.toString("latin1").match(/\/Type\s*\/Page(?![a-z])/g)?.length ?? 0;
}

describe("exports in headless Chromium (Zhengzhou)", function () {
  this.timeout(180_000);
  let browser: Browser;
  let page: Page;
  let snapshot: ExportSnapshot;
  let late: ExportSnapshot;

  before(async () => {
    [browser, snapshot, late] = await Promise.all([launchBrowser(), zhengzhouAt("2021-07-23T12:00:00+08:00"), zhengzhouAt("2021-07-26T18:00:00+08:00")]);
    page = await browser.newPage();
  });
  after(async () => browser?.close());

  // mid-incident (most compounds dark) and near its end (long lists of what changed), in both languages
  for (const [when, lang] of [["23 Jul 12:00", "zh-CN"], ["23 Jul 12:00", "en"], ["26 Jul 18:00", "zh-CN"], ["26 Jul 18:00", "en"]] as const) {
    it(`prints the situation report of ${when} (${lang}) to exactly one A4 page`, async () => {
      const at = when.startsWith("23") ? snapshot : late;
      const html = sitrepHtml(sitrepInput(at, "Commander Li", null), lang);
      await page.setContent(html, { waitUntil: "load" });
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
      expect(pdfPages(pdf)).to.equal(1);
      // the page is the report, not an empty shell: its curve and its tables are there
      expect(await page.locator("svg.curve polyline").count()).to.equal(1);
      expect(await page.locator("table").count()).to.be.greaterThan(3);
    });
  }

  it("counts a two-page document as two (the page counter the test relies on)", async () => {
    await page.setContent('<!doctype html><style>@page { size: A4; }</style><p>one</p><p style="break-before: page">two</p>', { waitUntil: "load" });
    expect(pdfPages(await page.pdf({ preferCSSPageSize: true }))).to.equal(2);
  });

  it("writes the map as RFC 7946 GeoJSON: one Point per compound and truck", () => {
    const doc = JSON.parse(geojsonExport({ scenario: snapshot.detail.scenario, current: snapshot.current, state: snapshot.state, plan: null, routes: null }));
    expect(geojsonProblems(doc)).to.deep.equal([]);
    expect(doc.features).to.have.length(snapshot.current.compounds.length + snapshot.detail.scenario.trucks.length);
  });

  it("writes KML that parses as XML, one placemark per compound and truck", async () => {
    const kml = kmlExport({ scenario: snapshot.detail.scenario, current: snapshot.current, state: snapshot.state, plan: null, routes: null }, { lang: "zh-CN", title: "郑州 <2021> & 7·20", timezone: "Asia/Shanghai" });
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, "application/xml");
      return {
        error: doc.getElementsByTagName("parsererror").length > 0,
        ns: doc.documentElement.namespaceURI,
        placemarks: doc.getElementsByTagName("Placemark").length,
        title: doc.querySelector("Document > name")?.textContent,
      };
    }, kml);
    expect(parsed.error).to.equal(false);
    expect(parsed).to.include({ ns: "http://www.opengis.net/kml/2.2", title: "郑州 <2021> & 7·20" });
    expect(parsed.placemarks).to.equal(snapshot.current.compounds.length + snapshot.detail.scenario.trucks.length);
    // and the parser refuses what is not XML: the check can fail
    const broken = await page.evaluate((text) => new DOMParser().parseFromString(text, "application/xml").getElementsByTagName("parsererror").length, kml.replace("&amp;", "&"));
    expect(broken).to.be.greaterThan(0);
  });
});
