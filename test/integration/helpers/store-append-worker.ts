/**
 * A stand-alone process for crash tests: opens the store the environment names (DATABASE_URL or
 * LIANXIN_DATA_DIR, exactly as the server does), then appends each JSON line read from stdin (an EventInput)
 * to the incident given as argument, in order, printing one JSON line per outcome only after the store
 * resolved it. A test can SIGKILL it at any moment (or let it kill itself: APPEND_WORKER_KILL_AFTER) and check
 * that every acknowledged event survived.
 *
 * @example
 * LIANXIN_DATA_DIR=/tmp/x node --import tsx test/integration/helpers/store-append-worker.ts <incidentId>
 *   stdin:  {"id":"…","type":"truck.dispatched","at":"2021-07-25T20:30:00+08:00","truck":"T1","compound":"C1"}
 *   stdout: {"ready":true}  then  {"ack":"…","seq":1,"kind":"created"}  (or {"error":"…","code":"conflict"})
 */
import { createInterface } from "node:readline";
import { LianxinError } from "../../../shared/errors.ts";
import type { EventInput } from "../../../shared/events.ts";
import { loadConfig } from "../../../server/config.ts";
import { openStore } from "../../../server/store/open-store.ts";

const incident = process.argv[2];
if (!incident) {
  process.stderr.write("usage: store-append-worker <incidentId>\n");
  process.exit(2);
}
const config = loadConfig(process.env);
const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
const actor = { id: "worker", name: "append worker", role: "crew" as const };
/** APPEND_WORKER_KILL_AFTER=n: SIGKILL itself right after writing the n-th acknowledgement */
const killAfter = Number(process.env.APPEND_WORKER_KILL_AFTER ?? 0);
let acked = 0;
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);

for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === "") continue;
  const input = JSON.parse(line) as EventInput;
  try {
    const outcome = await store.appendEvent(incident, input, actor, () => {});
    process.stdout.write(`${JSON.stringify({ ack: input.id, seq: outcome.event.seq, kind: outcome.kind })}\n`);
    // the harshest crash: no tick passes between the acknowledgement and the kill (stdout to a pipe is synchronous)
    if (++acked === killAfter) process.kill(process.pid, "SIGKILL");
  } catch (e) {
    process.stdout.write(`${JSON.stringify({ error: input.id, code: e instanceof LianxinError ? e.code : "internal", message: (e as Error).message })}\n`);
  }
}
await store.close();
