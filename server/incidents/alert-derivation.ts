/**
 * The board alerts' derivation (#16, shared/board-alerts.ts) over a copy of each incident's log that is extended,
 * not read again: the alert service (alert-service.ts) sends only the events stored since its last evaluation, the
 * scenario when the copy starts, and the plan when it changed. Deriving the state of a storm's 13,000 events costs
 * 0.1-0.3 s of CPU, so in the server this runs in a worker thread of its own (the compute pool's `alerts` task,
 * server/compute/compute-tasks.ts) and a storm's reports never wait for it; tests run it on the calling thread.
 */
import { evaluateAlerts, type AlertThresholds, type BoardAlert } from "../../shared/board-alerts.ts";
import type { StoredEvent } from "../../shared/events.ts";
import type { Plan } from "../../shared/plan.ts";
import { deriveState } from "../../shared/restoration/derive-state.ts";
import type { Scenario } from "../../shared/scenario.ts";

export interface AlertTask {
  incident: string;
  /**
   * the seq the copy must end at for `events` to extend it; null: `events` is the whole log and starts a new copy
   * (with `scenario`)
   */
  afterSeq: number | null;
  /** the (visible) events stored after `afterSeq`, in seq order */
  events: StoredEvent[];
  /** with a new copy only: the scenario never changes once stored, and Zhengzhou's is megabytes */
  scenario?: Scenario;
  /** present when the latest plan changed (or with a new copy); absent: the copy's plan still holds */
  plan?: { plan: Plan | null };
  thresholds: AlertThresholds;
  nowMs: number;
  zone: string;
}

/** `resend`: the deriver holds no copy ending at `afterSeq` (its worker restarted): send the whole log */
export type AlertDerivation = { resend: false; alerts: BoardAlert[] } | { resend: true };

export type DeriveAlerts = (task: AlertTask) => Promise<AlertDerivation>;

interface LogCopy {
  scenario: Scenario;
  events: StoredEvent[];
  /** the seq the copy ends at (the last event's, or the afterSeq it was last extended from) */
  seq: number;
  plan: Plan | null;
}

/**
 * @example
 * const derive = createAlertDeriver();
 * await derive({ incident, afterSeq: null, events, scenario, plan: { plan: null }, thresholds, nowMs, zone });
 * await derive({ incident, afterSeq: events.at(-1).seq, events: newer, thresholds, nowMs, zone }); // the copy, extended
 */
export function createAlertDeriver(): DeriveAlerts {
  const copies = new Map<string, LogCopy>();
  return async (task) => {
    let copy = copies.get(task.incident);
    if (task.afterSeq === null) {
      if (!task.scenario) throw new Error("a new log copy needs the scenario");
      copy = { scenario: task.scenario, events: [], seq: 0, plan: null };
      copies.set(task.incident, copy);
    } else if (!copy || copy.seq !== task.afterSeq) {
      copies.delete(task.incident);
      return { resend: true };
    }
    for (const event of task.events) copy.events.push(event);
    copy.seq = Math.max(copy.seq, task.afterSeq ?? 0, task.events.at(-1)?.seq ?? 0);
    if (task.plan) copy.plan = task.plan.plan;
    // the alerts read statuses and clocks, not ETR ranges: the state without them (IncidentService.stateOf adds them)
    const state = deriveState(copy.scenario, copy.events, task.nowMs);
    const alerts = evaluateAlerts({ state, plan: copy.plan, events: copy.events, thresholds: task.thresholds, nowMs: task.nowMs, zone: task.zone, scenario: copy.scenario });
    return { resend: false, alerts };
  };
}
