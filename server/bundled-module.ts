/**
 * A TypeScript entry of this project as one cached JavaScript bundle (esbuild), rebuilt whenever any file that went
 * into it changes.
 *
 * Why: the plan CLI is timed as a whole process (issue #15: a 600-compound plan in under 2 s, from `node --import
 * tsx server/cli/plan.ts` to exit). Under tsx its ~180 modules (zod alone is 95) each cost a round trip to tsx's
 * loader thread and a compile: ~0.5 s of CPU before the first line of the plan, and a second ~1 s in the bound
 * thread, which registers tsx again. One bundle file loads in ~0.1 s and needs no loader at all (a worker thread
 * starts straight from it). tsx's own cache keeps the transformed files, not the module graph.
 *
 * Freshness: the bundle's manifest lists every input (project sources and the packages' files, from esbuild's
 * metafile) with its size and mtime; any difference, or a different esbuild, builds it again. A bundle is written
 * to a temporary name and renamed, so a concurrent run reads the old one or the new one, never half of one.
 * `import.meta.url` (and `dirname`, `filename`) in project files keep naming their own file inside the bundle, so
 * paths relative to a module (a worker's entry, a scenario beside the code) mean what they did.
 *
 * Not for the server or tests that import modules one by one: only for a process's entry (bundledModule) and the
 * worker it starts (freshBundle).
 */
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createHash } from "node:crypto";
import type { Plugin } from "esbuild";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const CACHE_DIR = join(ROOT, "node_modules/.cache/lianxin-bundles");

interface Manifest {
  esbuild: string;
  /** the bundle's file name in CACHE_DIR */
  bundle: string;
  /** every input, relative to ROOT: [path, size, mtimeMs] */
  inputs: [string, number, number][];
}

/**
 * The file URL of an up-to-date bundle of `entry` (built now when missing or stale); the entry itself when
 * bundling fails (a syntax error is then reported by tsx as usual).
 *
 * @example
 * const { main } = await import((await bundledModule(new URL("./plan-command.ts", import.meta.url))).href);
 */
export async function bundledModule(entry: URL): Promise<URL> {
  const fresh = freshBundle(entry);
  if (fresh) return fresh;
  try {
    return await build(entry);
  } catch {
    return entry;
  }
}

/** The cached bundle of `entry` if it is up to date, else undefined (nothing is built). */
export function freshBundle(entry: URL): URL | undefined {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath(entry), "utf8")) as Manifest;
  } catch {
    return undefined;
  }
  if (manifest.esbuild !== esbuildVersion()) return undefined;
  for (const [path, size, mtimeMs] of manifest.inputs) {
    try {
      const s = statSync(join(ROOT, path));
      if (s.size !== size || s.mtimeMs !== mtimeMs) return undefined;
    } catch {
      return undefined;
    }
  }
  const bundle = join(CACHE_DIR, manifest.bundle);
  try {
    statSync(bundle);
  } catch {
    return undefined;
  }
  return pathToFileURL(bundle);
}

async function build(entry: URL): Promise<URL> {
  const esbuild = await import("esbuild");
  const entryPath = fileURLToPath(entry);
  const result = await esbuild.build({
    entryPoints: [entryPath],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    write: false,
    metafile: true,
    absWorkingDir: ROOT,
    logLevel: "silent",
    // the bundler itself finds its binary from its own files
    external: ["esbuild"],
    // CommonJS packages inside an ES module bundle still call require() for Node's own modules
    banner: { js: 'import { createRequire as __lianxinRequire } from "node:module"; const require = __lianxinRequire(import.meta.url);' },
    plugins: [ownUrls],
  });
  const code = result.outputFiles[0].contents;
  const name = `${entryName(entry)}-${createHash("sha256").update(code).digest("hex").slice(0, 16)}.mjs`;
  mkdirSync(CACHE_DIR, { recursive: true });
  const temp = join(CACHE_DIR, `.${name}.${process.pid}.tmp`);
  writeFileSync(temp, code);
  renameSync(temp, join(CACHE_DIR, name));
  const inputs = Object.keys(result.metafile.inputs).map((path): [string, number, number] => {
    const s = statSync(join(ROOT, path));
    return [path, s.size, s.mtimeMs];
  });
  const manifest: Manifest = { esbuild: esbuildVersion(), bundle: name, inputs };
  const temp2 = `${manifestPath(entry)}.${process.pid}.tmp`;
  writeFileSync(temp2, JSON.stringify(manifest));
  renameSync(temp2, manifestPath(entry));
  removeOlderBundles(entry, name);
  return pathToFileURL(join(CACHE_DIR, name));
}

/** written in two parts so that this file's own text is not rewritten when it is bundled */
const META = ["import", "meta"].join(".");

/** `import.meta.url` / `dirname` / `filename` in a project file: its own, not the bundle's */
const ownUrls: Plugin = {
  name: "own-import-meta",
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, ({ path }) => {
      if (path.includes("/node_modules/")) return undefined;
      const text = readFileSync(path, "utf8");
      if (!text.includes(`${META}.`)) return undefined;
      const contents = text
        .replaceAll(`${META}.url`, JSON.stringify(pathToFileURL(path).href))
        .replaceAll(`${META}.dirname`, JSON.stringify(dirname(path)))
        .replaceAll(`${META}.filename`, JSON.stringify(path));
      return { contents, loader: "ts" };
    });
  },
};

function entryName(entry: URL): string {
  return relative(ROOT, fileURLToPath(entry)).replace(/[^A-Za-z0-9]+/g, "-");
}

function manifestPath(entry: URL): string {
  return join(CACHE_DIR, `${entryName(entry)}.json`);
}

function esbuildVersion(): string {
  return (JSON.parse(readFileSync(join(ROOT, "node_modules/esbuild/package.json"), "utf8")) as { version: string }).version;
}

/** Keeps the newest bundle of an entry and the one before it (a concurrent run may still be loading that). */
function removeOlderBundles(entry: URL, keep: string): void {
  const prefix = `${entryName(entry)}-`;
  const others = readdirSync(CACHE_DIR)
    .filter((f) => f.startsWith(prefix) && f.endsWith(".mjs") && f !== keep)
    .map((f) => ({ f, t: statSync(join(CACHE_DIR, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const { f } of others.slice(1)) rmSync(join(CACHE_DIR, f), { force: true });
}
