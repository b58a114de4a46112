/**
 * Worker-thread entry of bound-thread.ts: runs each BoundRequest's bound (boundFullPlan) until its stop time (or a
 * stop message), aiming at the savings the search sends, then posts the outcome and raises the request's flag.
 */
import { parentPort, receiveMessageOnPort } from "node:worker_threads";
import { boundFullPlan } from "../planner/bounds/parallel-bound.ts";
import { buffersOf, sharedNow, type BoundControl, type BoundReply, type BoundRequest } from "./bound-thread.ts";

const port = parentPort;
if (!port) throw new Error("bound-worker.ts runs only as a worker thread");
// No planner cache here: keeping the road network of the plans that use one would save this thread ~0.5 s a plan on
// the 2,000-compound city, but it held ~50 MB more for good (the large bench child's peak went from 844–892 MB to
// 928–934 MB, against a 1 GiB target). The bound's own memo comes with each job.
/** a flag nobody raises: Atomics.wait on it is a sleep */
const nap = new Int32Array(new SharedArrayBuffer(4));

port.on("message", ({ job, stopAt, port: channel, signal }: BoundRequest) => {
  let aim: number | undefined;
  let stopped = false;
  const drain = (): void => {
    for (let m = receiveMessageOnPort(channel); m; m = receiveMessageOnPort(channel)) {
      const control = m.message as BoundControl;
      if ("stop" in control) stopped = true;
      else aim = control.aim;
    }
  };
  // The first step waits for the search's first saving (under a work budget its best start's, else the rule's,
  // sent as soon as it is known): Polyak steps aimed without one are wasted, and worse, they shrink the step scale
  // for the rest of the run (on the 2,000-compound city the bound ended 0.5M customer-hours looser after 400 steps,
  // 40 of them blind).
  const latestAim = (): number | undefined => {
    drain();
    while (aim === undefined && !stopped && sharedNow() < stopAt) {
      Atomics.wait(nap, 0, 0, 5);
      drain();
    }
    return aim;
  };
  let reply: BoundReply;
  try {
    const outcome = boundFullPlan(job, {
      knownSaving: latestAim,
      // an abandoned bound (its plan failed) stops at its next step
      timeUp: () => { drain(); return stopped || sharedNow() >= stopAt; },
    });
    reply = { ok: true, outcome };
  } catch (error) {
    reply = { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  channel.postMessage(reply, reply.ok ? buffersOf(reply.outcome.reuse) : []);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
  channel.close();
});
