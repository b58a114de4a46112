/**
 * Readiness (`GET /api/ready`): each dependency gives a cheap `check()` that resolves when it answers; all run at
 * once, each under a short deadline, and whatever failed is named. A draining server is not ready, whatever its
 * dependencies say. Liveness (`GET /api/health`) asks nothing.
 */
import type { ErrorDetail } from "../../shared/errors.ts";

export interface ReadinessCheck {
  /** what the operator reads in `details[].path`: "store", "migrations", "redis", "queues" */
  name: string;
  /** resolves when the dependency answers; rejects (or outlives the deadline) when it does not */
  check(): Promise<void>;
}

export type ReadinessResult = { ready: true; checked: string[] } | { ready: false; down: ErrorDetail[] };

export interface Readiness {
  check(): Promise<ReadinessResult>;
  /** from now on not ready (SIGTERM) */
  drain(): void;
  draining(): boolean;
}

/**
 * @example
 * const readiness = createReadiness([{ name: "store", check: () => store.appliedMigrations().then(() => {}) }], { timeoutMs: 2000 });
 * await readiness.check(); // { ready: true, checked: ["store"] }
 */
export function createReadiness(checks: readonly ReadinessCheck[], options: { timeoutMs: number }): Readiness {
  let draining = false;
  return {
    async check() {
      if (draining) return { ready: false, down: [{ path: "server", message: "draining: shutting down" }] };
      const outcomes = await Promise.all(checks.map(async (c) => ({ name: c.name, error: await failureOf(c, options.timeoutMs) })));
      const down = outcomes.filter((o) => o.error !== null).map((o) => ({ path: o.name, message: o.error! }));
      return down.length === 0 ? { ready: true, checked: checks.map((c) => c.name) } : { ready: false, down };
    },
    drain() {
      draining = true;
    },
    draining: () => draining,
  };
}

/** null when the check answered in time, else why not */
async function failureOf(c: ReadinessCheck, timeoutMs: number): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`did not answer within ${timeoutMs} ms`), timeoutMs);
    timer.unref();
  });
  const answer = c.check().then(
    () => null,
    (error: unknown) => (error instanceof Error ? error.message : String(error)) || "failed",
  );
  try {
    return await Promise.race([answer, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
