/**
 * The pages' own Chinese font (client-routes.ts): the stylesheets of the weights served and their unicode-range
 * slices come from the installed @fontsource/noto-sans-sc, nothing else of the package or the disk is reachable.
 */
import { expect } from "chai";
import express from "express";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { loadConfig } from "../../server/config.ts";
import { mountClient } from "../../server/http/client-routes.ts";

describe("the board's web font (Noto Sans SC, served by the server)", function () {
  this.timeout(60_000);
  let http: Server;
  let base: string;

  before(async () => {
    const app = express();
    mountClient(app, loadConfig({ PORT: "0", LIANXIN_SEED_DEMO: "0" }));
    http = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => http.once("listening", resolve));
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });

  after(async () => {
    await new Promise((resolve) => http?.close(resolve));
  });

  it("links the regular and bold stylesheets from every page's head", async () => {
    for (const page of ["/", "/crew"]) {
      const html = await (await fetch(base + page)).text();
      expect(html, page).to.include('<link rel="stylesheet" href="/fonts/noto-sans-sc/400.css">');
      expect(html, page).to.include('<link rel="stylesheet" href="/fonts/noto-sans-sc/700.css">');
    }
  });

  it("serves a stylesheet of unicode-range slices, and the slice holding 金成中苑 as woff2", async () => {
    const css = await fetch(`${base}/fonts/noto-sans-sc/400.css`);
    expect(css.status).to.equal(200);
    expect(css.headers.get("content-type")).to.match(/^text\/css/);
    const text = await css.text();
    const faces = [...text.matchAll(/url\(\.\/files\/([^)]+\.woff2)\)[^;]*;\s*unicode-range: ([^;]+);/g)];
    expect(faces.length).to.be.above(90);
    // 金 is U+91D1: find its slice by the ranges, as a browser does
    const covers = (ranges: string, code: number) => ranges.split(",").some((r) => {
      const [lo, hi = lo] = r.trim().replace(/^U\+/i, "").split("-").map((h) => parseInt(h, 16));
      return code >= lo && code <= hi;
    });
    const slice = faces.find(([, , ranges]) => covers(ranges, 0x91d1));
    expect(slice, "a slice covering 金").to.not.equal(undefined);
    const font = await fetch(`${base}/fonts/noto-sans-sc/files/${slice![1]}`);
    expect(font.status).to.equal(200);
    const bytes = new Uint8Array(await font.arrayBuffer());
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).to.equal("wOF2");
    // a slice, not the whole font (several MB): the browser fetches only what the page shows
    expect(bytes.length).to.be.below(1_000_000);
  });

  it("answers 404 for weights not served, other files of the package and paths outside it", async () => {
    for (const path of ["/fonts/noto-sans-sc/300.css", "/fonts/noto-sans-sc/package.json", "/fonts/noto-sans-sc/files/noto-sans-sc-45-300-normal.woff2",
      "/fonts/noto-sans-sc/files/noto-sans-sc-999-400-normal.woff2", "/fonts/noto-sans-sc/files/..%2F..%2Fpackage.json", "/fonts/noto-sans-sc/files/..%2F400.css"]) {
      expect((await fetch(base + path)).status, path).to.equal(404);
    }
  });
});
