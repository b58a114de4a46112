/**
 * `npm run worker`: a process that runs background jobs (every job in server/jobs/definitions/all-jobs.ts) and serves nothing.
 * Any number of workers and servers share one Redis (the Bull queue, and the socket.io adapter through which what
 * a job stores reaches boards on every server) and one PostgreSQL.
 *
 * Prints `Lianxin worker ready` once it takes jobs (tests wait for that line). SIGTERM / SIGINT: stops taking
 * jobs, lets the running ones finish (up to a grace period), then exits.
 */
import { systemClock } from "./clock/clock.ts";
import { loadConfig } from "./config.ts";
import { ErrorCode, LianxinError } from "../shared/errors.ts";
import { createJobQueue } from "./jobs/queues/create-job-queue.ts";
import type { Notifier } from "./notifiers/notifier.ts";
import { createRemoteNotifier } from "./notifiers/remote-notifier.ts";
import { createWorkerCompute } from "./compute/worker-compute.ts";
import { readReplayAnchor, shiftableClock } from "./clock/shiftable-clock.ts";
import { openStore } from "./store/open-store.ts";

/** a running job longer than this after SIGTERM is left to Bull: its lock lapses and another worker retries it */
const SHUTDOWN_GRACE_MS = 30_000;

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const missing = [
    ...(config.redisUrl === null ? [{ path: "REDIS_URL", message: "a worker takes jobs from Redis: set REDIS_URL=redis://host:6379" }] : []),
    ...(config.databaseUrl === null ? [{ path: "DATABASE_URL", message: "a worker shares the servers' PostgreSQL: set DATABASE_URL=postgresql://…" }] : []),
  ];
  if (config.redisUrl === null || config.databaseUrl === null) throw new LianxinError(ErrorCode.invalidInput, "invalid configuration", missing);
  // the same clock as the servers': plans made "now" must agree with what the servers call now
  const clock = shiftableClock(systemClock);
  if (typeof config.replay === "number") clock.anchor({ from: config.replay, wallAt: systemClock.now() });
  else if (config.replay === "auto") clock.anchor(await readReplayAnchor(config.dataDir));
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, clock, prepareInChild: true });
  const remote = await createRemoteNotifier(config.redisUrl);
  const notifier: Notifier = {
    ...remote,
    jobUpdated(job) {
      // one line per state change (not per progress tick), for operators and tests
      if (job.state !== "active" || job.message === "started") {
        console.log(`[worker] ${job.kind} job ${job.id} ${job.state} (attempt ${job.attempt} of ${job.maxAttempts})${job.error ? `: ${job.error}` : ""}`);
      }
      remote.jobUpdated(job);
    },
  };
  const compute = createWorkerCompute();
  const jobs = await createJobQueue(config, { store, notifier, clock, compute }, { process: true });
  console.log(`Lianxin worker ready (pid ${process.pid}, ${config.jobs.concurrency} jobs at a time)`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing running jobs, then stopping`);
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
    await jobs.close();
    await compute.close();
    await remote.close();
    await store.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error: unknown) => {
  console.error(error instanceof LianxinError ? `${error.message}: ${error.details.map((d) => `${d.path}: ${d.message}`).join("; ")}` : error);
  process.exit(1);
});
