/**
 * At most `slots` requests with scenario-sized bodies at a time, the rest wait their turn unread. A scenario body of
 * 5 MB can parse to ~200 MB of objects (1.5 million `{}`), and validating and storing it holds that until the answer
 * is sent: eight at once took the server past 1 GB. Reports and other small bodies never wait here. A waiting
 * request's bytes stay in its socket (TCP pushes back on the sender), so waiting costs the server nothing.
 */
import type { NextFunction, Request, Response } from "express";

export interface LargeBodyGate {
  /** runs `next` once a slot is free; the slot is held until the response is finished or the connection closes */
  enter(req: Request, res: Response, next: NextFunction): void;
  /** requests holding a slot and waiting for one (metrics, tests) */
  readonly active: number;
  readonly waiting: number;
}

/**
 * @example
 * const gate = createLargeBodyGate(1);
 * app.post("/api/incidents", (req, res, next) => gate.enter(req, res, next), parseScenarioBody);
 */
export function createLargeBodyGate(slots: number): LargeBodyGate {
  let active = 0;
  const queue: { res: Response; go: () => void }[] = [];
  /** hands free slots to the waiters in order, skipping those whose client has gone */
  const admit = (): void => {
    while (active < slots && queue.length > 0) {
      const waiter = queue.shift()!;
      if (waiter.res.destroyed) continue;
      active++;
      waiter.go();
    }
  };
  return {
    enter(_req, res, next) {
      let held = false;
      const free = (): void => {
        if (!held) return;
        held = false;
        active--;
        admit();
      };
      res.once("finish", free);
      res.once("close", free);
      queue.push({ res, go: () => { held = true; next(); } });
      admit();
    },
    get active() { return active; },
    get waiting() { return queue.length; },
  };
}
