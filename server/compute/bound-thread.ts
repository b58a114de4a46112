/**
 * A planner's lower bound beside its search (PlanOptions.parallelBound) in a worker thread of this process, so a
 * timed full plan uses the second core: the search keeps the calling thread, the bound (bounds/parallel-bound.ts)
 * runs here until the plan's deadline (or its step cap).
 *
 * The planner is synchronous, so it talks to the thread without the event loop: a MessageChannel per bound, read
 * with receiveMessageOnPort, and a shared flag the thread raises once its answer is posted (Atomics.wait sleeps on
 * it). The bound memo goes over and back as transferred buffers (tens of MB on a city: no copies).
 */
import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import type { BoundJob, BoundOutcome, RunningBound, StartBound } from "../planner/bounds/parallel-bound.ts";
import type { BoundReuse } from "../planner/bounds/lower-bound.ts";
import { startTsWorker } from "./ts-worker.ts";
import { freshBundle } from "../bundled-module.ts";

export interface BoundThread {
  /** PlanOptions.parallelBound; undefined on a single core, where the bound is better inline after the search */
  start: StartBound | undefined;
  close(): Promise<void>;
}

export interface BoundThreadOptions {
  /** how long past the plan's deadline collect() waits for an answer before bounding inline; default 2 s */
  graceMs?: number;
  /** use the thread even on a single core (tests); default: only with two cores or more */
  force?: boolean;
  /**
   * start the thread now rather than at the first bound: its start-up (~1 s: tsx and the planner's modules) then
   * overlaps the caller's reading, validation and instance building (the plan CLI)
   */
  eager?: boolean;
}

/** A bound as the thread receives it. */
export interface BoundRequest {
  job: BoundJob;
  /** stop at this wall time (performance.timeOrigin + now(): the same instant in every thread), ms */
  stopAt: number;
  port: MessagePort;
  /** Int32Array over a SharedArrayBuffer: [0] becomes 1 once the reply is posted */
  signal: Int32Array;
}

/** Messages to a running bound: the search's latest saving, or stop now; its reply is BoundReply. */
export type BoundControl = { aim: number } | { stop: true };
export type BoundReply = { ok: true; outcome: BoundOutcome } | { ok: false; message: string };

const entry = new URL("./bound-worker.ts", import.meta.url);
/** a bound that never started: nothing to aim, collect or stop */
const unstarted: RunningBound = { tookMemo: false, aim: () => {}, collect: () => undefined, abandon: () => {} };

/** Milliseconds on a clock every thread of the process shares. */
export function sharedNow(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * @example
 * const bounds = createBoundThread();
 * const plan = planValidScenario(scenario, { timeLimitMs: 9000, ticker, parallelBound: bounds.start });
 * await bounds.close();
 */
export function createBoundThread(options: BoundThreadOptions = {}): BoundThread {
  const graceMs = options.graceMs ?? 2000;
  let worker: Worker | null = null;
  let closed = false;

  function spawn(): Worker {
    // from its cached bundle when the plan CLI has made one (bundled-module.ts): no tsx to register, ~1 s sooner
    const bundle = freshBundle(entry);
    const w = bundle ? new Worker(bundle, { execArgv: [] }) : startTsWorker(entry);
    w.unref(); // an idle bound thread never keeps the process alive
    const forget = (): void => { if (worker === w) worker = null; };
    w.on("error", forget);
    w.on("exit", forget);
    return w;
  }

  /** a thread that did not answer is stuck or gone: a fresh one serves the next plan */
  function retire(w: Worker): void {
    void w.terminate();
    if (worker === w) worker = null;
  }

  function start(job: BoundJob): RunningBound {
    if (closed) return unstarted;
    const { port1, port2 } = new MessageChannel();
    const signal = new Int32Array(new SharedArrayBuffer(4));
    const stopAt = sharedNow() + job.timeLimitMs;
    const request: BoundRequest = { job, stopAt, port: port2, signal };
    let w: Worker;
    try {
      w = (worker ??= spawn());
      // a job that cannot be cloned throws here, before any buffer is transferred: the memo stays the caller's
      w.postMessage(request, [port2, ...buffersOf(job.reuse)]);
    } catch {
      port1.close();
      return unstarted;
    }
    return {
      tookMemo: job.reuse !== undefined,
      aim(knownSaving) {
        port1.postMessage({ aim: knownSaving } satisfies BoundControl);
      },
      // As inline, the bound runs on after the search to its step cap or the deadline, whichever comes first.
      collect() {
        const giveUpAt = Math.max(stopAt, sharedNow()) + graceMs;
        for (;;) {
          const received = receiveMessageOnPort(port1);
          if (received) {
            port1.close();
            const reply = received.message as BoundReply;
            return reply.ok ? reply.outcome : undefined;
          }
          const left = giveUpAt - sharedNow();
          if (left <= 0) break;
          Atomics.wait(signal, 0, 0, Math.min(left, 100));
        }
        port1.close();
        retire(w);
        return undefined;
      },
      abandon() {
        port1.postMessage({ stop: true } satisfies BoundControl);
        port1.close();
      },
    };
  }

  const usable = options.force || availableParallelism() > 1;
  if (usable && options.eager) worker = spawn();
  return {
    start: usable ? start : undefined,
    async close() {
      closed = true;
      const w = worker;
      worker = null;
      if (w) await w.terminate();
    },
  };
}

/** The memo's buffers, each once (a postMessage transfer list must not repeat one). */
export function buffersOf(reuse: BoundReuse | undefined): ArrayBuffer[] {
  if (!reuse) return [];
  const views: ArrayBufferView[] = [...reuse.tau.values()];
  for (const set of reuse.landmarks?.sets ?? []) views.push(...set.forward, ...set.backward);
  for (const m of [reuse.arcs, reuse.olderArcs]) if (m) views.push(m.arcs.start, m.arcs.target, m.arcs.value);
  if (reuse.spareArcs) views.push(reuse.spareArcs.target, reuse.spareArcs.value);
  return [...new Set(views.map((v) => v.buffer as ArrayBuffer))];
}
