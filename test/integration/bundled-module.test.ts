import { expect } from "chai";
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { bundledModule, freshBundle } from "../../server/bundled-module.ts";

const root = new URL("../../", import.meta.url).pathname;
const cacheDir = join(root, "node_modules/.cache/lianxin-bundles");

describe("bundledModule", function () {
  this.timeout(60_000);
  // inside the repository (the manifest names inputs relative to it), in the ignored test-output folder
  const dir = join(root, "test-output", `bundle-${process.pid}`);
  const entry = pathToFileURL(join(dir, "entry.ts"));
  const dep = join(dir, "dep.ts");
  const prefix = `test-output-bundle-${process.pid}-entry-ts`;

  before(() => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "entry.ts"), 'export { here, value } from "./dep.ts";\n');
    writeFileSync(dep, "export const here: string = import.meta.url;\nexport const value: number = 1;\n");
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    for (const f of readdirSync(cacheDir)) if (f.startsWith(prefix)) rmSync(join(cacheDir, f), { force: true });
  });

  it("builds one bundle whose modules keep their own import.meta.url, and reuses it while nothing changed", async () => {
    expect(freshBundle(entry)).to.equal(undefined);
    const url = await bundledModule(entry);
    expect(url.href).to.not.equal(entry.href);
    const m = (await import(url.href)) as { here: string; value: number };
    expect(m.value).to.equal(1);
    expect(m.here).to.equal(pathToFileURL(dep).href);
    expect(freshBundle(entry)?.href).to.equal(url.href);
  });

  it("builds it again once a file in it changes", async () => {
    const before = freshBundle(entry);
    expect(before).to.not.equal(undefined);
    writeFileSync(dep, "export const here: string = import.meta.url;\nexport const value: number = 22;\n");
    expect(freshBundle(entry)).to.equal(undefined);
    const url = await bundledModule(entry);
    expect(url.href).to.not.equal(before!.href);
    expect(((await import(url.href)) as { value: number }).value).to.equal(22);
  });
});
