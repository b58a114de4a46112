/**
 * Serves the board and the crew app: the pages `/`, `/incidents/:id` and `/crew`, and their bundle under /assets.
 *
 * The client (client/**, TypeScript) is bundled by esbuild in memory when the server starts, once, and kept in
 * memory. Why not a build step: `npm start` and `npm test` then always serve the current source with nothing to
 * forget or go stale, a fresh clone needs no extra command, and esbuild bundles the whole client (Leaflet, luxon,
 * socket.io-client, the shared derivation) in well under a second. Leaflet's CSS is bundled with ours and its
 * images inlined, so the pages need nothing from outside the server.
 *
 * The pages also carry their own Chinese font: Noto Sans SC (SIL Open Font License) from @fontsource/noto-sans-sc,
 * served under /fonts/noto-sans-sc/ as that package ships it: one @font-face per unicode-range slice (about 100 a
 * weight, 20-90 KB each), so a browser without a CJK font fetches only the slices holding the characters on screen.
 */
import { createHash } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import * as esbuild from "esbuild";
import type { Express, Request, Response } from "express";
import type { Config } from "../config.ts";

const CLIENT_DIR = fileURLToPath(new URL("../../client/", import.meta.url));
const FONT_DIR = path.dirname(createRequire(import.meta.url).resolve("@fontsource/noto-sans-sc/package.json"));
/** the weights served: the stylesheet's 500 falls back to 400 and its 600 to 700, as CSS font matching picks */
const FONT_WEIGHTS = ["400", "700"];
/** a slice's file, e.g. noto-sans-sc-45-400-normal.woff2 or noto-sans-sc-latin-700-normal.woff */
const FONT_FILE = new RegExp(`^noto-sans-sc-[a-z0-9-]+-(${FONT_WEIGHTS.join("|")})-normal\\.woff2?$`);

/** page name → its entry script (relative to client/) */
const PAGES = { index: "index-page.ts", board: "board/board-page.ts", crew: "crew/crew-page.ts" } as const;
type Page = keyof typeof PAGES;

interface Asset {
  body: Uint8Array;
  type: string;
}

export interface ClientBundle {
  assets: Map<string, Asset>;
  /** asset file → the chunk files it imports, directly or not (what a page needs offline) */
  imports: Map<string, string[]>;
  /** a hash of the whole bundle, appended to asset URLs so browsers never run a stale mix */
  version: string;
}

/**
 * @example
 * mountClient(app, config); // after the API routes, before the 404 handler
 */
export function mountClient(app: Express, config: Config): void {
  let bundle: Promise<ClientBundle> | null = null;
  // start bundling now so the first page view does not wait; a failed bundle is retried on the next request
  const ready = () => (bundle ??= bundleClient().catch((error: unknown) => { bundle = null; throw error; }));
  void ready().catch(() => {});

  const page = (name: Page) => async (_req: Request, res: Response) => {
    try {
      const { version } = await ready();
      res.type("html").set("cache-control", "no-cache").send(pageHtml(name, version, config));
    } catch (error) {
      res.status(500).type("text").send(`client bundle failed:\n${error instanceof Error ? error.message : String(error)}`);
    }
  };
  app.get("/", page("index"));
  app.get("/incidents/:id", page("board"));
  app.get("/crew", page("crew"));
  // the crew app's service worker, at the root so it may serve /crew; it leaves every other path alone
  app.get("/crew-sw.js", async (_req: Request, res: Response) => {
    try {
      const asset = (await ready()).assets.get("crew-sw.js");
      res.type("text/javascript").set({ "cache-control": "no-cache", "service-worker-allowed": "/" }).send(Buffer.from(asset!.body));
    } catch (error) {
      res.status(500).type("text").send(error instanceof Error ? error.message : String(error));
    }
  });
  // what the crew's service worker keeps: the crew page's script, its chunks and the stylesheet, with the URLs
  // exactly as the page requests them (entries carry ?v=, chunks are imported by their hashed names)
  app.get("/assets/manifest.json", async (_req: Request, res: Response) => {
    const { imports, version } = await ready();
    const files = [`/assets/crew.js?v=${version}`, `/assets/styles.css?v=${version}`, ...(imports.get("crew.js") ?? []).map((f) => `/assets/${f}`)];
    res.set("cache-control", "no-cache").json({ version, files });
  });
  app.get("/fonts/noto-sans-sc/:file", (req: Request, res: Response) => {
    const file = String(req.params.file);
    if (!FONT_WEIGHTS.some((w) => file === `${w}.css`)) return void res.status(404).type("text").send("no such font stylesheet");
    res.type("css").set("cache-control", "public, max-age=86400").sendFile(file, { root: FONT_DIR }, notFound(res));
  });
  app.get("/fonts/noto-sans-sc/files/:file", (req: Request, res: Response) => {
    const file = String(req.params.file);
    if (!FONT_FILE.test(file)) return void res.status(404).type("text").send("no such font file");
    res.set("cache-control", "public, max-age=31536000, immutable").sendFile(file, { root: path.join(FONT_DIR, "files") }, notFound(res));
  });
  app.get("/assets/:file", async (req: Request, res: Response) => {
    try {
      const asset = (await ready()).assets.get(String(req.params.file));
      if (!asset) return void res.status(404).type("text").send("no such asset");
      // URLs carry ?v=<version>, so the content behind one URL never changes
      res.type(asset.type).set("cache-control", req.query.v ? "public, max-age=31536000, immutable" : "no-cache").send(Buffer.from(asset.body));
    } catch (error) {
      res.status(500).type("text").send(error instanceof Error ? error.message : String(error));
    }
  });
}

/** sendFile's callback: a file the package lacks is a 404, not the error handler's 500 */
function notFound(res: Response): (error?: Error) => void {
  return (error) => {
    if (error && !res.headersSent) res.status(404).type("text").send("no such font file");
  };
}

/** Bundles every page's script and the stylesheet into memory. */
export async function bundleClient(): Promise<ClientBundle> {
  const entryPoints: Record<string, string> = { styles: path.join(CLIENT_DIR, "styles.css"), "crew-sw": path.join(CLIENT_DIR, "crew/crew-sw.ts") };
  for (const [name, file] of Object.entries(PAGES)) entryPoints[name] = path.join(CLIENT_DIR, file);
  const result = await esbuild.build({
    entryPoints,
    bundle: true,
    write: false,
    format: "esm",
    splitting: true,
    platform: "browser",
    target: ["es2022", "chrome109", "safari16"],
    outdir: path.join(CLIENT_DIR, "dist"),
    entryNames: "[name]",
    chunkNames: "chunk-[hash]",
    minify: true,
    sourcemap: "linked",
    loader: { ".png": "dataurl", ".svg": "dataurl" },
    logLevel: "silent",
    legalComments: "none",
    metafile: true,
  });
  const assets = new Map<string, Asset>();
  const hash = createHash("sha256");
  for (const file of result.outputFiles) {
    hash.update(file.contents);
    assets.set(path.basename(file.path), { body: file.contents, type: contentType(file.path) });
  }
  const direct = new Map(Object.entries(result.metafile.outputs).map(([file, out]) => [path.basename(file), out.imports.filter((i) => i.kind === "import-statement" && !i.external).map((i) => path.basename(i.path))]));
  const imports = new Map<string, string[]>();
  for (const file of direct.keys()) {
    const seen = new Set<string>();
    const visit = (f: string) => { for (const dep of direct.get(f) ?? []) if (!seen.has(dep)) { seen.add(dep); visit(dep); } };
    visit(file);
    imports.set(file, [...seen]);
  }
  return { assets, imports, version: hash.digest("hex").slice(0, 12) };
}

function contentType(file: string): string {
  if (file.endsWith(".js")) return "text/javascript; charset=utf-8";
  if (file.endsWith(".css")) return "text/css; charset=utf-8";
  if (file.endsWith(".map")) return "application/json";
  return "application/octet-stream";
}

const TITLES: Record<Page, string> = { index: "连心 Lianxin", board: "连心 Lianxin · 指挥看板 board", crew: "连心 Lianxin · 抢修队 crew" };

/** a yellow bolt on the board's dark blue, inline so no request can 404 */
const FAVICON = encodeURIComponent(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#0b0f17"/><path d="M9 1 3 9h4l-1 6 6-8H8z" fill="#e8c547"/></svg>`);

function pageHtml(name: Page, version: string, config: Config): string {
  // JSON inside <script>: escape "<" so a value can never close the tag
  const pageConfig = JSON.stringify({ tileUrl: config.tileUrl }).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="dark">
<title>${TITLES[name]}</title>
<link rel="icon" href="data:image/svg+xml,${FAVICON}">
${FONT_WEIGHTS.map((w) => `<link rel="stylesheet" href="/fonts/noto-sans-sc/${w}.css">`).join("\n")}
<link rel="stylesheet" href="/assets/styles.css?v=${version}">
<script id="lianxin-config" type="application/json">${pageConfig}</script>
</head>
<body class="page-${name}">
<div id="app"></div>
<script type="module" src="/assets/${name}.js?v=${version}"></script>
</body>
</html>
`;
}
