/**
 * Cross-server realtime latency (issue #6): two server processes sharing one Redis (socket.io's Redis adapter) and
 * one PostgreSQL; reports are POSTed to server A one at a time, and a board socket connected to server B times how
 * long each takes from the POST being sent to the `event` message arriving. Needs REDIS_URL and DATABASE_URL.
 *
 *   npx tsx bench/realtime-bench.ts [--events 200] [--json]
 */
import path from "node:path";
import type { StoredEvent } from "../shared/events.ts";
import { startCluster } from "../test/integration/helpers/lianxin-cluster.ts";
import { createPostgresFixture } from "../test/integration/helpers/store-fixtures.ts";
import { tinyScenario } from "../test/integration/helpers/store-scenario.ts";

export interface RealtimeBenchOptions {
  events?: number;
  /** default process.env.REDIS_URL / DATABASE_URL; the section is skipped without both */
  redisUrl?: string | null;
  databaseUrl?: string | null;
}

export type RealtimeBenchResult =
  | { skipped: string }
  | {
      events: number;
      /** POST sent on A → `event` received on B's board socket, ms */
      toBoardMs: { p50: number; p95: number; max: number };
      /** POST sent on A → 201 received (the report durably stored), ms */
      ackMs: { p50: number; p95: number; max: number };
      /** events that never reached the board (must be 0) */
      lost: number;
    };

/** how long one event may take to reach the other server's board before it counts as lost */
const LOST_AFTER_MS = 5_000;

export async function runRealtimeBench(options: RealtimeBenchOptions = {}): Promise<RealtimeBenchResult> {
  const redisUrl = options.redisUrl === undefined ? process.env.REDIS_URL : options.redisUrl;
  const databaseUrl = options.databaseUrl === undefined ? process.env.DATABASE_URL : options.databaseUrl;
  if (!redisUrl || !databaseUrl) return { skipped: "needs REDIS_URL and DATABASE_URL" };
  const count = options.events ?? 200;
  const fixture = createPostgresFixture(databaseUrl);
  const store = await fixture.open();
  const token = (await store.createToken({ name: "bench", role: "commander" })).secret;
  await store.close();
  const cluster = await startCluster({ databaseUrl: fixture.url, redisUrl, env: { LIANXIN_SERVER_JOBS: "on" } });
  try {
    const [a, b] = await Promise.all([cluster.server(), cluster.server()]);
    const post = (route: string, body: unknown) =>
      fetch(`${a.base}${route}`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
    const incident = ((await (await post("/api/incidents", tinyScenario("realtime-bench"))).json()) as { id: string }).id;
    const board = await cluster.board(b, token, incident);
    const arrivals = new Map<string, (at: number) => void>();
    board.on("event", (event: StoredEvent) => arrivals.get(event.id)?.(performance.now()));

    const toBoard: number[] = [];
    const ack: number[] = [];
    let lost = 0;
    for (let i = 0; i < count; i++) {
      const id = `30000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`;
      // a substation's return may be reported any number of times (a compound's grid returns once): every report is stored and sent
      const at = new Date(Date.UTC(2021, 6, 24, 0, 0) + i * 60_000).toISOString();
      let timer: NodeJS.Timeout | undefined;
      const arrived = new Promise<number | null>((resolve) => {
        arrivals.set(id, resolve);
        timer = setTimeout(() => resolve(null), LOST_AFTER_MS);
      }).finally(() => clearTimeout(timer));
      const sent = performance.now();
      const res = await post(`/api/incidents/${incident}/events`, { id, type: "substation.restored", at, substation: "S1" });
      ack.push(performance.now() - sent);
      if (res.status !== 201) throw new Error(`report ${i + 1} answered ${res.status}: ${await res.text()}`);
      const received = await arrived;
      arrivals.delete(id);
      if (received === null) lost += 1;
      else toBoard.push(received - sent);
    }
    return { events: count, toBoardMs: percentiles(toBoard), ackMs: percentiles(ack), lost };
  } finally {
    await cluster.close();
    await fixture.dispose();
  }
}

function percentiles(values: number[]): { p50: number; p95: number; max: number } {
  const sorted = [...values].sort((x, y) => x - y);
  const at = (q: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return { p50: round(at(0.5)), p95: round(at(0.95)), max: round(sorted.at(-1) ?? NaN) };
}

export function formatRealtimeBench(result: RealtimeBenchResult): string {
  if ("skipped" in result) return `Realtime across two servers: skipped (${result.skipped})`;
  const row = (label: string, p: { p50: number; p95: number; max: number }) =>
    `${label.padEnd(34)}${String(p.p50).padStart(8)}${String(p.p95).padStart(8)}${String(p.max).padStart(8)}`;
  return [
    `Realtime across two servers (Redis adapter, PostgreSQL; ${result.events} reports POSTed to A one at a time)`,
    `${"".padEnd(34)}  p50 ms  p95 ms  max ms`,
    row("POST on A → 201 (stored)", result.ackMs),
    row("POST on A → board socket on B", result.toBoardMs),
    `lost: ${result.lost}`,
  ].join("\n");
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const i = process.argv.indexOf("--events");
  const result = await runRealtimeBench({ events: i < 0 ? undefined : Number(process.argv[i + 1]) });
  console.log(process.argv.includes("--json") ? JSON.stringify(result, null, 2) : formatRealtimeBench(result));
}
