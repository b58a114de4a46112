/**
 * `npm run --silent plan -- <scenario.json> [--json] [--at <ISO>] [--known-at <ISO>] [--time-limit <seconds>]
 * [--seed <n>] [--help]` (issue #2 contract; the command itself is plan-command.ts).
 *
 * Why this file only loads: the command and the bound thread it starts run from cached bundles
 * (server/bundled-module.ts), which start ~0.5 s sooner than tsx loading their ~180 modules one by one, and the
 * whole process is what a commander waits for (issue #15). A bundle is rebuilt whenever a file in it changes.
 */
import { bundledModule } from "../bundled-module.ts";

const command = await bundledModule(new URL("./plan-command.ts", import.meta.url));
// the bound thread (server/compute/bound-thread.ts) starts from its own bundle when one is up to date
await bundledModule(new URL("../compute/bound-worker.ts", import.meta.url));
const { main } = (await import(command.href)) as typeof import("./plan-command.ts");
process.exitCode = main(process.argv.slice(2));
