/**
 * One-off extraction: turns the team kit's bus-stop table (../shared/data/zhengzhou-bus-stops.json, itself taken from
 * chinpeng/zhengzhoubus at commit cc223b2b2e8ad60d668378f29d78f99ebdba3982) into the compact copy committed at
 * data/bus-lines.json, so that build.ts needs nothing outside the project. Rows are kept as published (GCJ-02, the
 * outlier stop included); build.ts does the cleaning so every decision stays visible there.
 *
 * @example
 * npx tsx scenarios/zhengzhou-2021-model/extract-bus-stops.ts ../shared/data/zhengzhou-bus-stops.json
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

type Row = [line: string, direction: number, seq: number, stop: string, lon: number, lat: number];

const source = process.argv[2] ?? "../shared/data/zhengzhou-bus-stops.json";
const table = JSON.parse(readFileSync(source, "utf8")) as { columns: string[]; rows: Row[] };

// Group rows into lines so each stop is written once per line as [name, lon, lat], in stop order.
const lines = new Map<string, { line: string; direction: number; stops: [string, number, number][] }>();
const sorted = [...table.rows].sort((a, b) => a[0].localeCompare(b[0]) || a[1] - b[1] || a[2] - b[2]);
for (const [line, direction, , stop, lon, lat] of sorted) {
  const key = `${line}\u0000${direction}`;
  if (!lines.has(key)) lines.set(key, { line, direction, stops: [] });
  lines.get(key)!.stops.push([stop, lon, lat]);
}

const out = {
  source: "chinpeng/zhengzhoubus assets/db/*.json @ cc223b2b2e8ad60d668378f29d78f99ebdba3982 (via the Lianxin team kit)",
  datum: "as published: most likely GCJ-02",
  lines: [...lines.values()],
};
const target = join(dirname(fileURLToPath(import.meta.url)), "data", "bus-lines.json");
writeFileSync(target, JSON.stringify(out).replace(/\],\{"line"/g, '],\n{"line"') + "\n");
console.log(`${table.rows.length} stops in ${lines.size} line-directions -> ${target}`);
