/**
 * `npm run bench`: prints a table per section; `npm run bench -- --json` prints one JSON document.
 *
 *   npm run bench [-- --json] [--runs N] [--only small|medium|large] [--section planner|cli|http|realtime|busy|fuzz|board|etr|all] [--no-flow | --flow] [--no-replan] [--ref-bound] [--inline-bound] [--seeds a,b]
 *   npm run bench -- --section cli [--seeds a,b | --fresh N] [--only medium,large,zhengzhou] [--no-replan] [--no-replay] [--no-zhengzhou]
 *   npm run bench -- --section fuzz [--requests 20000] [--seed n]
 *
 * Sections live in their own files (bench/planner-bench.ts, cli-bench.ts, http-bench.ts, realtime-bench.ts, busy-bench.ts,
 * fuzz-bench.ts, board-bench.ts, etr-bench.ts); this
 * file only parses options, runs the sections asked for and prints. All run by default; the HTTP, realtime and busy
 * sections start their own servers (embedded, and PostgreSQL / Redis when DATABASE_URL / REDIS_URL are set).
 */
import { cpus } from "node:os";
import { derive, formatPlannerBench, runPlannerBench } from "./planner-bench.ts";
import { formatCliBench, runCliBench } from "./cli-bench.ts";
import { formatHttpBench, runHttpBench } from "./http-bench.ts";
import { formatRealtimeBench, runRealtimeBench } from "./realtime-bench.ts";
import { formatBusyBench, runBusyBench } from "./busy-bench.ts";
import { formatFuzzBench, runFuzzBench } from "./fuzz-bench.ts";
import { formatBoardBench, runBoardBench } from "./board-bench.ts";
import { formatEtrBench, runEtrBench } from "./etr-bench.ts";

const args = process.argv.slice(2);
const USAGE = `npm run bench [-- options]: prints a table per section (all sections by default)
  --json                      one JSON document instead of the tables
  --section S                 planner | cli | http | realtime | busy | fuzz | board | etr | all
  --runs N                    median of N full plans per instance (planner section)
  --only a,b                  sizes: small | medium | large | operations (planner), medium | large | zhengzhou (cli)
  --seeds a,b                 these city seeds instead of seeds.json's (planner, cli)
  --fresh N                   N fresh random city seeds (cli; default 2)
  --no-flow | --flow          skip / force the flow reference on large cities (planner)
  --no-replan                 no re-plans after events (planner, cli)
  --ref-bound                 also the 400-step bound without deadline (planner)
  --inline-bound              full plans bound after their search on one core (planner)
  --no-replay                 no Zhengzhou counterfactual report (cli)
  --no-zhengzhou              no true-scale Zhengzhou plan (cli)
  --requests N, --seed n      the fuzz section's request count and seed
  --help                      this text`;
const FLAGS_WITH_VALUE = ["--runs", "--only", "--section", "--seeds", "--fresh", "--requests", "--seed"];
const FLAGS = ["--json", "--help", "--no-flow", "--flow", "--no-replan", "--ref-bound", "--inline-bound", "--no-replay", "--no-zhengzhou"];
if (args.includes("--help") || args.includes("-h")) {
  console.log(USAGE);
  process.exit(0);
}
for (let i = 0; i < args.length; i++) {
  if (FLAGS_WITH_VALUE.includes(args[i])) { i++; continue; }
  if (!FLAGS.includes(args[i])) {
    console.error(`bench: unknown option ${args[i]} (see npm run bench -- --help)`);
    process.exit(2);
  }
}
const value = (flag: string): string | undefined => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
};
const json = args.includes("--json");
const runs = Number(value("--runs") ?? "1");
const only = value("--only");
const section = value("--section") ?? "all";
const childFlags = ["--no-flow", "--flow", "--no-replan", "--ref-bound", "--inline-bound"].filter((f) => args.includes(f));

const doc: Record<string, unknown> = { node: process.version, cpus: cpus().length, runs };
if (section === "planner" || section === "all") {
  // --seeds a,b: these seeds for every size asked for (fresh ones, not only seeds.json's)
  const rows = await runPlannerBench({ runs, only, childFlags, seeds: value("--seeds")?.split(",").map(Number) });
  doc.planner = rows.map((r) => ({ ...r, ...derive(r) }));
  if (!json) console.log(`Planner (median of ${runs} run${runs > 1 ? "s" : ""} per instance, each instance in its own process)\n${formatPlannerBench(rows)}\n`);
}
if (section === "cli" || section === "all") {
  // the plan CLI as a whole process on fresh seeds, the true-scale Zhengzhou plan and its counterfactual report
  const seeds = value("--seeds")?.split(",").map(Number);
  const result = await runCliBench({
    // `--only zhengzhou` alone runs no seeded city, only the true-scale scenario (and its report)
    seeds, fresh: Number(value("--fresh") ?? "2"), sizes: only?.split(",").filter((s) => s !== "zhengzhou"),
    replan: !args.includes("--no-replan"), replay: !args.includes("--no-replay"),
    zhengzhou: !args.includes("--no-zhengzhou"),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  doc.cli = result;
  if (!json) console.log(`Plan CLI, whole process (node --import tsx server/cli/plan.ts <scenario> --json, its defaults)\n${formatCliBench(result)}\n`);
}
if (section === "http" || section === "all") {
  const results = await runHttpBench({});
  doc.http = results;
  if (!json) console.log(`HTTP\n${formatHttpBench(results)}\n`);
}
if (section === "realtime" || section === "all") {
  // two server processes on one Redis and one PostgreSQL (skipped without REDIS_URL and DATABASE_URL)
  const result = await runRealtimeBench({});
  doc.realtime = result;
  if (!json) console.log(`${formatRealtimeBench(result)}\n`);
}
if (section === "busy" || section === "all") {
  // crew reports while a server plans the large city (its search and its bound on the two cores)
  const result = await runBusyBench();
  doc.busy = result;
  if (!json) console.log(`${formatBusyBench(result)}\n`);
}
if (section === "fuzz" || section === "all") {
  // a long seeded fuzz against a real server on the embedded store: no 5xx, resident memory against 600 MB
  const result = await runFuzzBench({ requests: Number(value("--requests") ?? "20000"), ...(value("--seed") ? { seed: Number(value("--seed")) } : {}) });
  doc.fuzz = result;
  if (!json) console.log(`${formatFuzzBench(result)}\n`);
}
if (section === "board" || section === "all") {
  // the board in headless Chromium with the true-scale Zhengzhou incident: first paint, a burst of 100 reports/s
  const result = await runBoardBench();
  doc.board = result;
  if (!json) console.log(`${formatBoardBench(result)}\n`);
}
if (section === "etr" || section === "all") {
  // #17: ETR ranges against the Zhengzhou replay's true restoration times (pure, in this process)
  const result = runEtrBench();
  doc.etr = result;
  if (!json) console.log(`${formatEtrBench(result)}\n`);
}
if (json) process.stdout.write(JSON.stringify(doc, null, 2) + "\n");
