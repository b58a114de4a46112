/**
 * First run (issue #5): a new user runs `npm start` and sees a working board within a minute. When the store has
 * no incident, the Zhengzhou 2021 scenario is loaded as one; when there is no token at all, a local commander token
 * is created, kept in `<dataDir>/commander-token` (owner-only) so later starts can print the board URL again.
 * With `demoReplay`, the scenario is loaded as a replay incident (#6): its own scenario clock starts at `fromMs`
 * and runs at 1×, and its historical timeline arrives in the event log as that clock reaches each entry.
 */
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { startReplayClock } from "../../shared/replay-clock-math.ts";
import { validateScenario } from "../../shared/validate-scenario.ts";
import { timelineSpan } from "../replay/replay-service.ts";
import type { Store } from "../store/store.ts";

export const DEMO_SCENARIO = path.resolve(import.meta.dirname, "../../scenarios/zhengzhou-2021-model/scenario.json");

export interface FirstRunOptions {
  dataDir: string;
  seedDemo: boolean;
  /** defaults to the Zhengzhou 2021 scenario */
  scenarioPath?: string;
  /** seed the scenario as a replay whose clock reads `fromMs` at wall instant `wallMs` and runs at 1× */
  demoReplay?: { fromMs: number; wallMs: number };
}

export interface FirstRunResult {
  /** the incident to open: the seeded one, else the first stored */
  incident: string | null;
  seeded: boolean;
  /** the local commander token, when known (newly created or read back from the data dir) */
  token: string | null;
  tokenCreated: boolean;
}

/**
 * @example
 * const first = await prepareFirstRun(store, { dataDir: config.dataDir, seedDemo: config.seedDemo });
 * if (first.token) console.log(boardUrl(port, first));
 */
export async function prepareFirstRun(store: Store, options: FirstRunOptions): Promise<FirstRunResult> {
  const system = { id: "system", name: "first-run", role: "commander" as const };
  let incidents = await store.listIncidents();
  let seeded = false;
  if (incidents.length === 0 && options.seedDemo) {
    const doc: unknown = JSON.parse(await readFile(options.scenarioPath ?? DEMO_SCENARIO, "utf8"));
    const result = validateScenario(doc);
    if (!result.ok) throw new Error(`demo scenario is invalid: ${result.details.map((d) => `${d.path}: ${d.message}`).join("; ")}`);
    const replay = options.demoReplay && startReplayClock({
      ...timelineSpan(result.scenario), fromMs: options.demoReplay.fromMs, speed: 1, paused: false, wallMs: options.demoReplay.wallMs,
    });
    await store.createIncident(result.scenario, system, replay ? { replay } : {});
    incidents = await store.listIncidents();
    seeded = true;
  }
  const tokenFile = path.join(options.dataDir, "commander-token");
  let token: string | null = null;
  let tokenCreated = false;
  if ((await store.countTokens()) === 0) {
    const { secret } = await store.createToken({ name: "local commander", role: "commander" });
    // with PostgreSQL nothing else creates the data directory
    await mkdir(options.dataDir, { recursive: true });
    await writeFile(tokenFile, `${secret}\n`, { mode: 0o600 });
    await chmod(tokenFile, 0o600);
    token = secret;
    tokenCreated = true;
  } else {
    const saved = (await readFile(tokenFile, "utf8").catch(() => "")).trim();
    if (saved !== "" && (await store.findToken(saved))?.role === "commander") token = saved;
  }
  return { incident: incidents[0]?.id ?? null, seeded, token, tokenCreated };
}

/** `http://localhost:<port>/incidents/<id>?token=<token>`, or the incident list when there is no incident. */
export function boardUrl(port: number, first: Pick<FirstRunResult, "incident" | "token">): string {
  const base = `http://localhost:${port}`;
  const page = first.incident === null ? "/" : `/incidents/${encodeURIComponent(first.incident)}`;
  return first.token === null ? `${base}${page}` : `${base}${page}?token=${encodeURIComponent(first.token)}`;
}
