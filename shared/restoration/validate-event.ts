/**
 * Is this report possible, given the scenario and what the log already says?
 *
 * Out-of-order delivery: reports are checked in FIELD time, not arrival order. The new report is placed in its
 * truck's history at its `at` (ties after the reports already stored) and the whole history is replayed; it is
 * accepted when every step, the new one and the later ones already stored, still makes sense. So a crew whose
 * phone was offline can deliver "cable laid at 10:30" after "switched on at 11:00" reached us from the commander,
 * while "switched on" with no arrival, or an arrival after a breakdown already on record, is refused with a reason.
 * The invariant this keeps: the log sorted by (at, seq) is a valid history for every truck.
 *
 * Plausibility (#13): beyond the order of steps, a report must be something a crew could do. Refused, each with
 * the rule in its reason:
 * - any report but a road's earlier than the incident's first outage (nothing to restore yet);
 * - a second grid.restored for one compound;
 * - truck.dispatched or switched.on at a compound already back on the grid (scenario return time, or a reported
 *   grid.restored / substation.restored at or before the step);
 * - truck.arrived sooner after its dispatch than the straight line from where the truck set off (its start
 *   location or depot, or the compound it last stood at) allows at 120 km/h: no road is faster;
 * - switched.on sooner after truck.arrived than the scenario's minimum on-site time (`defaults.minOnSiteMinutes`,
 *   default 10).
 * The time rules judge each step against its neighbours in field time, so a late report that would make a step
 * already stored implausible (a dispatch slipped in just before a stored arrival) is refused too.
 */
import { haversineKm } from "../haversine-km.ts";
import { ErrorCode, LianxinError } from "../errors.ts";
import type { EventInput, StoredEvent } from "../events.ts";
import { DEFAULTS, type LonLat, type Scenario } from "../scenario.ts";
import { iso } from "./derive-state.ts";
import { indexGridTimes, indexLog, plannedGridMs, reportedGridMs, truckStart, type LogIndex } from "./log-index.ts";
import { activeMatches, roadClosures } from "./road-closures.ts";
import { applyStep, replayTrucks, toMs, type AppliedStep, type RejectedStep, type RuleRef, type TruckPhase, type TruckStep, type TruckStepType } from "./timeline.ts";

export interface ValidateEventOptions {
  /** server time (ms); reports further than `maxFutureMs` ahead of it are refused (a phone with a wrong clock) */
  nowMs?: number;
  /** default 10 minutes */
  maxFutureMs?: number;
}

const DEFAULT_MAX_FUTURE_MS = 10 * 60_000;
/** the candidate sorts after every stored report with the same `at` */
const CANDIDATE_SEQ = Number.MAX_SAFE_INTEGER;
/** no truck on any road goes faster: the straight line at this speed bounds a drive from below */
export const MAX_ROAD_SPEED_KMH = 120;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/**
 * Throws LianxinError(impossible) with the reason and the offending field's path; returns when the report fits.
 * `input` must already be well-formed (parseEventInput). Builds an index of `log` (O(log)); a caller checking many
 * reports against one growing log keeps a LogIndex (syncIndex) and calls checkEvent.
 *
 * @example
 * validateEvent(scenario, log, { id, type: "switched.on", at, truck: "sc-1", compound: "jincheng" }, { nowMs: clock.now() });
 * // throws "truck sc-1 has not arrived at jincheng: it cannot switch on at it" when no arrival is on record
 */
export function validateEvent(scenario: Scenario, log: readonly StoredEvent[], input: EventInput, options: ValidateEventOptions = {}): void {
  checkEvent(indexLog(scenario, log), input, options);
}

/**
 * validateEvent against an index of the log (log-index.ts): O(the truck's own steps) per report.
 *
 * @example
 * const index = syncIndex(cached, scenario, log);
 * checkEvent(index, input, { nowMs });
 */
export function checkEvent(index: LogIndex, input: EventInput, options: ValidateEventOptions = {}): void {
  const { scenario, compounds } = index;
  const atMs = toMs(input.at);
  if (options.nowMs !== undefined && atMs > options.nowMs + (options.maxFutureMs ?? DEFAULT_MAX_FUTURE_MS)) {
    impossible("at", `${input.at} is in the future (server time ${new Date(options.nowMs).toISOString()}); check the device clock`, "in_future", { at: input.at, now: iso(options.nowMs, scenario.timezone) });
  }
  checkAfterFirstOutage(index, input, atMs);
  const requireCompound = () => {
    if (input.compound !== undefined && !compounds.has(input.compound)) impossible("compound", `unknown compound "${input.compound}"`, "unknown_compound", { compound: input.compound });
  };
  switch (input.type) {
    case "grid.restored": {
      requireCompound();
      const first = input.compound === undefined ? undefined : index.gridReports.get(input.compound);
      if (first) {
        impossible("compound", `the grid's return at ${input.compound} is already on record (${iso(toMs(first.at), scenario.timezone)}, seq ${first.seq}): a compound's grid returns once`,
          "grid_already", { compound: input.compound!, at: iso(toMs(first.at), scenario.timezone) });
      }
      return;
    }
    case "substation.restored":
      if (!scenario.substations.some((s) => s.id === input.substation)) impossible("substation", `unknown substation "${input.substation}"`, "unknown_substation", { substation: input.substation ?? "" });
      return;
    case "road.closed":
      return;
    case "road.opened":
      if (input.zone && activeMatches(roadClosures(scenario, index.roadEvents), input.zone, atMs).length === 0) {
        impossible("zone", "no road closure with this zone is in force at that time; send the zone of the road.closed report", "no_closure");
      }
      return;
    case "compound.reported":
      if (input.compound !== undefined && compounds.has(input.compound)) impossible("compound", `compound "${input.compound}" already exists`, "compound_exists", { compound: input.compound });
      if (input.details && !scenario.substations.some((s) => s.id === input.details!.substation)) {
        impossible("details.substation", `unknown substation "${input.details.substation}"`, "unknown_substation", { substation: input.details.substation });
      }
      return;
    default:
      if (!scenario.trucks.some((t) => t.id === input.truck)) impossible("truck", `unknown truck "${input.truck}"`, "unknown_truck", { truck: input.truck ?? "" });
      requireCompound();
      return checkTruckHistory(index, input);
  }
}

/** Nothing is restored, dispatched or reported dark before the first outage; roads may close before the power goes. */
function checkAfterFirstOutage(index: LogIndex, input: EventInput, atMs: number): void {
  if (input.type === "road.closed" || input.type === "road.opened") return;
  const firstMs = Math.min(index.firstOutageMs, input.details ? toMs(input.details.outageStart) : Infinity);
  if (atMs < firstMs) {
    impossible("at", `${input.at} is before the incident's first outage (${iso(firstMs, index.scenario.timezone)}): nothing to report yet`, "before_outage", { first: iso(firstMs, index.scenario.timezone) });
  }
}

type Problem = { event: StoredEvent | null; step: TruckStep; path: string; reason: string } & RuleRef;

/** Where a replay of a truck's steps ends: what the next step in field-time order is applied to. */
interface TruckEnd {
  phase: TruckPhase;
  tripStartMs: number | undefined;
  /** the latest field time among the replayed steps, the scenario's own included */
  lastAtMs: number;
}

/** A replay's end kept for the next report of the truck: true while the truck's steps are these and the grid reports unchanged. */
interface TruckTail extends TruckEnd {
  steps: number;
  /** stepKey of the last of those steps */
  lastKey: string | undefined;
  gridVersion: number;
}

// per index (a new index, as after a rolled-back batch, starts empty), per truck
const tails = new WeakMap<LogIndex, Map<string, TruckTail>>();

function checkTruckHistory(index: LogIndex, input: EventInput): void {
  const truck = input.truck!;
  const candidate: StoredEvent = { ...input, incident: "", seq: CANDIDATE_SEQ, receivedAt: "", by: "" };
  const history = index.truckSteps.get(truck) ?? [];
  const tail = tailOf(index, truck, history);
  if (tail && toMs(input.at) >= tail.lastAtMs) {
    // the report comes after every step on record in field time (ties after, as its seq will be larger): the
    // replay with it is the one that ended in `tail` plus its own step, so only that step can be refused
    const next = applyLast(index, truck, tail, candidate);
    if ("reason" in next) impossible(next.path, next.reason, next.rule, next.params);
    return remember(index, truck, history.length + 1, candidate, next);
  }
  // a history stored under older rules may already hold refused steps: only new refusals count against the report
  const before = truckProblems(index, truck, history);
  const keys = new Set(before.problems.map(problemKey));
  const after = truckProblems(index, truck, [...history, candidate]);
  const refused = after.problems.filter((p) => p.event?.seq === CANDIDATE_SEQ || !keys.has(problemKey(p)));
  if (refused.length === 0) return remember(index, truck, history.length + 1, candidate, after.end);
  remember(index, truck, history.length, history.at(-1), before.end);
  const first = refused[0];
  if (first.event?.seq === CANDIDATE_SEQ) impossible(first.path, first.reason, first.rule, first.params);
  const zone = index.scenario.timezone;
  const later = first.event;
  const what = later
    ? `a report already stored: ${later.type} of truck ${truck} at ${iso(toMs(later.at), zone)} (seq ${later.seq})`
    : `the scenario: its ${first.step.type} of truck ${truck} at ${iso(first.step.atMs, zone)}`;
  // the words a client shows name the later step and why it would break, never its seq (#16)
  impossible("at", `conflicts with ${what} would become impossible (${first.reason})`, later ? "conflicts_later" : "conflicts_scenario", {
    ...first.params, because: first.rule, truck, laterStep: first.step.type, laterAt: iso(first.step.atMs, zone),
  });
}

/** The kept end of the truck's replay if it covers exactly `history` (the report it was kept for is now stored last). */
function tailOf(index: LogIndex, truck: string, history: readonly StoredEvent[]): TruckTail | undefined {
  const tail = tails.get(index)?.get(truck);
  if (!tail || tail.gridVersion !== index.gridVersion || tail.steps !== history.length) return undefined;
  return tail.lastKey === (history.length === 0 ? undefined : stepKey(history[history.length - 1])) ? tail : undefined;
}

/**
 * Keeps the end of the replay of the truck's first `steps` steps, the last being `last`. Kept for an accepted
 * report before it is stored: if it never is, the truck's steps will not end in it and tailOf will not match.
 */
function remember(index: LogIndex, truck: string, steps: number, last: StoredEvent | undefined, end: TruckEnd): void {
  let byTruck = tails.get(index);
  if (!byTruck) tails.set(index, (byTruck = new Map()));
  byTruck.set(truck, { ...end, steps, lastKey: last === undefined ? undefined : stepKey(last), gridVersion: index.gridVersion });
}

/** what identifies a step to a replay: an id is enough in one log, the fields guard a caller who reuses one */
function stepKey(e: EventInput): string {
  return `${e.id} ${e.type} ${e.at} ${e.compound ?? ""}`;
}

/** The candidate applied after the replay that ended in `tail`: its refusal, or the new end. */
function applyLast(index: LogIndex, truck: string, tail: TruckEnd, candidate: StoredEvent): TruckEnd | ({ path: string; reason: string } & RuleRef) {
  const step: TruckStep = { type: candidate.type as TruckStepType, atMs: toMs(candidate.at), compound: candidate.compound, seq: CANDIDATE_SEQ };
  const r = applyStep(truck, tail.phase, step, indexGridTimes(index));
  if (!r.ok) return { path: r.path, reason: r.reason, rule: r.rule, params: r.params };
  const applied: AppliedStep = { event: candidate, truck, step, before: tail.phase, after: r.phase };
  const tripStartMs = nextTripStart(applied, tail.tripStartMs);
  return implausible(index, applied, tripStartMs) ?? { phase: r.phase, tripStartMs, lastAtMs: Math.max(tail.lastAtMs, step.atMs) };
}

/** when the trip the truck is on began: a redirect on the road keeps its trip's start (its position is unknown) */
function nextTripStart(a: AppliedStep, tripStartMs: number | undefined): number | undefined {
  if (a.step.type !== "truck.dispatched") return tripStartMs;
  return a.before.status === "en-route" ? tripStartMs ?? a.before.departedMs : a.step.atMs;
}

/** a stored step by its seq; a step of the scenario's own connections / enRoute by what and when */
function problemKey(p: Problem): string {
  return p.event ? `seq ${p.event.seq}` : `scenario ${p.step.type} ${p.step.atMs}`;
}

/** Replays one truck's steps in field-time order: every step the state machine refuses or that no crew could make, and where the replay ends. */
function truckProblems(index: LogIndex, truck: string, history: readonly StoredEvent[]): { problems: Problem[]; end: TruckEnd } {
  const { scenario } = index;
  const onlyThisTruck = { ...scenario, connections: scenario.connections?.filter((c) => c.truck === truck), enRoute: scenario.enRoute?.filter((r) => r.truck === truck) };
  const problems: Problem[] = [];
  let tripStartMs: number | undefined;
  let lastAtMs = -Infinity;
  const onApplied = (a: AppliedStep) => {
    lastAtMs = Math.max(lastAtMs, a.step.atMs);
    tripStartMs = nextTripStart(a, tripStartMs);
    if (!a.event) return;
    const reason = implausible(index, a, tripStartMs);
    if (reason) problems.push({ event: a.event, step: a.step, ...reason });
  };
  const onRejected = (r: RejectedStep) => {
    lastAtMs = Math.max(lastAtMs, r.step.atMs);
    problems.push({ event: r.event, step: r.step, path: r.path, reason: r.reason, rule: r.rule ?? "refused", params: r.params ?? {} });
  };
  const { phases } = replayTrucks(onlyThisTruck, history, indexGridTimes(index), Infinity, onRejected, onApplied);
  return { problems, end: { phase: phases.get(truck) ?? { status: "idle" }, tripStartMs, lastAtMs } };
}

/** The plausibility rules for one accepted step; undefined when a crew could have made it. */
function implausible(index: LogIndex, a: AppliedStep, tripStartMs: number | undefined): ({ path: string; reason: string } & RuleRef) | undefined {
  const { step, truck, after } = a;
  const zone = index.scenario.timezone;
  if (step.type === "truck.dispatched" || step.type === "switched.on") {
    const back = gridBack(index, step.compound!, step.atMs);
    if (back) {
      const what = step.type === "truck.dispatched" ? "no truck is dispatched there" : "no generator is switched on there";
      return {
        path: "compound", reason: `compound ${step.compound} is back on the grid since ${iso(back.ms, zone)} (${back.cause}): ${what}`,
        rule: "grid_back", params: { truck, step: step.type, compound: step.compound!, since: iso(back.ms, zone), cause: back.rule },
      };
    }
  }
  if (step.type === "truck.arrived") {
    const fromMs = tripStartMs ?? after.departedMs;
    const from = after.fromCompound !== undefined ? index.compounds.get(after.fromCompound)?.location : truckStart(index.scenario, truck);
    const to = index.compounds.get(step.compound!)?.location;
    if (fromMs === undefined || !from || !to) return undefined;
    const km = straightKm(from, to);
    const fastestMs = (km / MAX_ROAD_SPEED_KMH) * HOUR_MS;
    if (step.atMs - fromMs < fastestMs) {
      const origin = after.fromCompound ?? "its start";
      return {
        path: "at",
        reason: `truck ${truck} cannot reach ${step.compound} ${minutes(step.atMs - fromMs)} min after setting off from ${origin} at ${iso(fromMs, zone)}: ` +
          `${km.toFixed(1)} km in a straight line takes at least ${minutes(fastestMs)} min at ${MAX_ROAD_SPEED_KMH} km/h`,
        rule: "too_fast",
        params: { truck, step: step.type, compound: step.compound!, minutes: minutes(step.atMs - fromMs), km: km.toFixed(1), fastest: minutes(fastestMs), kmh: MAX_ROAD_SPEED_KMH, ...(after.fromCompound === undefined ? {} : { other: after.fromCompound }) },
      };
    }
  }
  if (step.type === "switched.on" && after.arrivedMs !== undefined) {
    const minMs = minOnSiteMinutes(index.scenario) * MINUTE_MS;
    if (step.atMs - after.arrivedMs < minMs) {
      return {
        path: "at",
        reason: `truck ${truck} cannot switch on at ${step.compound} ${minutes(step.atMs - after.arrivedMs)} min after arriving (${iso(after.arrivedMs, zone)}): ` +
          `setting up takes at least ${minOnSiteMinutes(index.scenario)} min on site (defaults.minOnSiteMinutes)`,
        rule: "too_soon_on_site",
        params: { truck, step: step.type, compound: step.compound!, minutes: minutes(step.atMs - after.arrivedMs), min: minOnSiteMinutes(index.scenario) },
      };
    }
  }
  return undefined;
}

/** The scenario's minimum time on site between arrival and switch-on, in minutes. */
export function minOnSiteMinutes(scenario: Scenario): number {
  return scenario.defaults?.minOnSiteMinutes ?? DEFAULTS.minOnSiteMinutes;
}

/** When compound `id` is known to be back on the grid at `atMs` (not counting the horizon), and why. */
function gridBack(index: LogIndex, id: string, atMs: number): { ms: number; cause: string; rule: string } | undefined {
  const c = index.compounds.get(id);
  if (!c) return undefined;
  const planned = plannedGridMs(index, c);
  const reported = reportedGridMs(index, c);
  if (reported <= atMs && (planned === undefined || reported <= planned)) {
    const own = index.gridReportMs.get(id);
    return own === reported
      ? { ms: reported, cause: "grid.restored reported", rule: "grid_report" }
      : { ms: reported, cause: `substation ${c.substation} reported restored`, rule: "substation_report" };
  }
  if (planned !== undefined && planned <= atMs) {
    return { ms: planned, cause: c.gridRestoredAt ? "the scenario's gridRestoredAt" : `substation ${c.substation}'s restoredAt in the scenario`, rule: "scenario" };
  }
  return undefined;
}

function straightKm(a: LonLat, b: LonLat): number {
  return haversineKm(a, b);
}

/** ms → minutes with one decimal, e.g. 90_000 → "1.5" */
function minutes(ms: number): string {
  return String(Math.round(ms / 6_000) / 10);
}

function impossible(path: string, reason: string, rule: string, params: Record<string, string | number> = {}): never {
  throw new LianxinError(ErrorCode.impossible, reason, [{ path, message: reason, rule, params }]);
}
