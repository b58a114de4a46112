/**
 * The readiness checks of the server's dependencies: the store answers a trivial query, every migration in
 * prisma/migrations is recorded as applied, the job queue answers, and (with REDIS_URL) Redis answers a PING.
 */
import type { Redis } from "ioredis";
import type { JobQueue } from "../jobs/job-definition.ts";
import { readMigrations } from "../store/migrate.ts";
import type { Store } from "../store/store.ts";
import type { ReadinessCheck } from "./readiness.ts";

/**
 * "store" (the query answers) and "migrations" (none of prisma/migrations is missing from the store's record).
 * The migration folder is read at the first check and remembered.
 *
 * @example
 * const checks = [...storeChecks(store), queueCheck(jobs)];
 */
export function storeChecks(store: Pick<Store, "appliedMigrations">, migrationsDir?: string): ReadinessCheck[] {
  let expected: Promise<string[]> | null = null;
  const expectedNames = () => (expected ??= readMigrations(migrationsDir).then((list) => list.migrationDirectories.map((d) => d.path)));
  return [
    { name: "store", check: async () => void (await store.appliedMigrations()) },
    {
      name: "migrations",
      async check() {
        const applied = new Set(await store.appliedMigrations());
        const missing = (await expectedNames()).filter((name) => !applied.has(name));
        if (missing.length > 0) throw new Error(`not applied: ${missing.join(", ")}`);
      },
    },
  ];
}

/** "queues": the job queue's backing service (Bull's Redis connections; the in-process queue answers at once). */
export function queueCheck(jobs: Pick<JobQueue, "ping">): ReadinessCheck {
  return { name: "queues", check: () => jobs.ping() };
}

/** "redis": a PING on the server's own connection (the one the rate limits share). */
export function redisCheck(client: Pick<Redis, "ping">): ReadinessCheck {
  return {
    name: "redis",
    async check() {
      const answer = await client.ping();
      if (answer !== "PONG") throw new Error(`PING answered ${answer}`);
    },
  };
}
