/**
 * Exercises (#18 item 1): a replay in which a trainee commands the fleet. The replayed timeline keeps only what the
 * world does (exogenous: grid and substation returns, road closures and openings, newly reported compounds, and
 * breakdowns without their place); what the fleet did in history (dispatches, arrivals, switch-ons, releases) is
 * dropped, and the fleet's steps
 * come instead from the plan the trainee approved (planStepInputs), delivered as the clock reaches their times.
 *
 * The exercise is marked in the stored scenario itself (an optional `exercise` extension the scenario schema keeps),
 * so no new store column is needed and every server reads the same mark.
 */
import { EventType, type EventInput, type StoredEvent } from "../events.ts";
import { buildCurrentScenario } from "../restoration/build-current-scenario.ts";
import { maskFutureGrid } from "../timeline/known-at.ts";
import type { Scenario, TimelineEvent } from "../scenario.ts";
import { hash128 } from "../timeline/timeline-event-id.ts";
import type { StoredPlan } from "../wire.ts";

/** the timeline entries an exercise replays: the world's, not the fleet's */
export const EXOGENOUS_TYPES: ReadonlySet<string> = new Set([
  EventType.gridRestored, EventType.substationRestored, EventType.roadClosed, EventType.roadOpened, EventType.compoundReported,
]);

export interface ExerciseMark {
  trainee: { name: string };
  /** the scenario id it was made from */
  source: string;
  /** the history's whole timeline, fleet's steps included: what the scorecard sets the trainee against */
  history: TimelineEvent[];
}

export type ExerciseScenario = Scenario & { exercise: ExerciseMark };

/** the exercise mark of a stored scenario; undefined for a live incident or a plain replay */
export function exerciseOf(scenario: Scenario): ExerciseMark | undefined {
  const mark = (scenario as Partial<ExerciseScenario>).exercise;
  return mark && typeof mark === "object" && typeof mark.trainee?.name === "string" ? mark : undefined;
}

/**
 * @example
 * const s = exerciseScenario(zhengzhou, { name: "Trainee Wang" }); // s.events: only grid returns, roads, reports
 */
export function exerciseScenario(scenario: Scenario, trainee: { name: string }): ExerciseScenario {
  // a breakdown is the world's too, but not where it happened: under the trainee the truck may be elsewhere (as in
  // the counterfactual report, server/replay/counterfactual.ts)
  const events = (scenario.events ?? []).flatMap((e): TimelineEvent[] => {
    if (EXOGENOUS_TYPES.has(e.type)) return [e];
    if (e.type !== EventType.truckBroken) return [];
    const { compound: _where, ...rest } = e;
    return [rest];
  });
  return { ...scenario, events, exercise: { trainee: { name: trainee.name }, source: scenario.id, history: scenario.events ?? [] } };
}

/**
 * What a trainee plans on at `atMs` (the plan job) and what the scorecard's planner answer is computed from: the
 * scenario as the log makes it at that instant, with the grid returns announced by then (knownAt semantics) and only
 * the trucks available by then (a convoy still on the road is at nobody's disposal yet), never the true future.
 *
 * @example
 * planDispatch(traineeView(scenario, events, nowMs), { at: nowMs });
 */
export function traineeView(scenario: Scenario, events: readonly StoredEvent[], atMs: number): Scenario {
  const current = buildCurrentScenario(maskFutureGrid(scenario, atMs), events, atMs);
  const arrived = new Set(scenario.trucks.filter((t) => Date.parse(t.availableAt) <= atMs).map((t) => t.id));
  return { ...current, trucks: current.trucks.filter((t) => arrived.has(t.id)) };
}

/** A fleet step of the approved plan, due at `atMs`. */
export interface PlannedStep {
  input: EventInput;
  atMs: number;
}

/**
 * The approved plan's stops as the reports a crew would send: truck.dispatched at `depart`, truck.arrived at
 * `arrive`, switched.on at `switchOn`, and truck.released at `release` before the truck's next stop. Ids are
 * deterministic (plan, truck, stop, step), so a step delivered twice is stored once; a later approved plan's steps
 * have other ids, and those the log already contradicts (a second dispatch of a truck on its way) are refused by the
 * event rules and skipped.
 *
 * @example
 * planStepInputs(approved, incidentId).filter((s) => s.atMs <= nowMs); // what is due
 */
export function planStepInputs(plan: StoredPlan, incident: string): PlannedStep[] {
  const out: PlannedStep[] = [];
  for (const truck of plan.plan.trucks) {
    truck.stops.forEach((stop, i) => {
      const steps: [EventInput["type"], string][] = [
        [EventType.truckDispatched, stop.depart], [EventType.truckArrived, stop.arrive], [EventType.switchedOn, stop.switchOn],
      ];
      if (i + 1 < truck.stops.length) steps.push([EventType.truckReleased, stop.release]);
      for (const [type, at] of steps) {
        out.push({ input: { id: stepId(incident, plan.id, truck.id, i, type), type, at, truck: truck.id, compound: stop.compound, note: `exercise: plan ${plan.id}` }, atMs: Date.parse(at) });
      }
    });
  }
  return out.sort((a, b) => a.atMs - b.atMs);
}

function stepId(incident: string, plan: string, truck: string, stop: number, type: string): string {
  const hex = hash128(`lianxin-exercise\u0000${incident}\u0000${plan}\u0000${truck}\u0000${stop}\u0000${type}`).map((w) => w.toString(16).padStart(8, "0")).join("");
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
