/**
 * Is this report possible, given the scenario and what the log already says?
 *
 * Out-of-order delivery: reports are checked in FIELD time, not arrival order. The new report is placed in its
 * truck's history at its `at` (ties after the reports already stored) and the whole history is replayed; it is
 * accepted when every step, the new one and the later ones already stored, still makes sense. So a crew whose
 * phone was offline can deliver "cable laid at 10:30" after "switched on at 11:00" reached us from the commander,
 * while "switched on" with no arrival, or an arrival after a breakdown already on record, is refused with a reason.
 * The invariant this keeps: the log sorted by (at, seq) is a valid history for every truck.
 */
import { ErrorCode, LianxinError } from "../errors.ts";
import type { EventInput, StoredEvent } from "../events.ts";
import type { Scenario } from "../scenario.ts";
import { iso } from "./derive-state.ts";
import { activeMatches, roadClosures } from "./road-closures.ts";
import { compoundsOf, gridTimes, isTruckStep, replayTrucks, toMs, type RejectedStep } from "./timeline.ts";

export interface ValidateEventOptions {
  /** server time (ms); reports further than `maxFutureMs` ahead of it are refused (a phone with a wrong clock) */
  nowMs?: number;
  /** default 10 minutes */
  maxFutureMs?: number;
}

const DEFAULT_MAX_FUTURE_MS = 10 * 60_000;
/** the candidate sorts after every stored report with the same `at` */
const CANDIDATE_SEQ = Number.MAX_SAFE_INTEGER;

/**
 * Throws LianxinError(impossible) with the reason and the offending field's path; returns when the report fits.
 * `input` must already be well-formed (parseEventInput).
 *
 * @example
 * validateEvent(scenario, log, { id, type: "switched.on", at, truck: "sc-1", compound: "jincheng" }, { nowMs: clock.now() });
 * // throws "truck sc-1 has not arrived at jincheng: it cannot switch on at it" when no arrival is on record
 */
export function validateEvent(scenario: Scenario, log: readonly StoredEvent[], input: EventInput, options: ValidateEventOptions = {}): void {
  const atMs = toMs(input.at);
  if (options.nowMs !== undefined && atMs > options.nowMs + (options.maxFutureMs ?? DEFAULT_MAX_FUTURE_MS)) {
    impossible("at", `${input.at} is in the future (server time ${new Date(options.nowMs).toISOString()}); check the device clock`);
  }
  const compounds = new Set(compoundsOf(scenario, log).map((c) => c.id));
  const requireCompound = () => {
    if (input.compound !== undefined && !compounds.has(input.compound)) impossible("compound", `unknown compound "${input.compound}"`);
  };
  switch (input.type) {
    case "grid.restored":
      return requireCompound();
    case "substation.restored":
      if (!scenario.substations.some((s) => s.id === input.substation)) impossible("substation", `unknown substation "${input.substation}"`);
      return;
    case "road.closed":
      return;
    case "road.opened":
      if (input.zone && activeMatches(roadClosures(scenario, log), input.zone, atMs).length === 0) {
        impossible("zone", "no road closure with this zone is in force at that time; send the zone of the road.closed report");
      }
      return;
    case "compound.reported":
      if (input.compound !== undefined && compounds.has(input.compound)) impossible("compound", `compound "${input.compound}" already exists`);
      if (input.details && !scenario.substations.some((s) => s.id === input.details!.substation)) {
        impossible("details.substation", `unknown substation "${input.details.substation}"`);
      }
      return;
    default:
      if (!scenario.trucks.some((t) => t.id === input.truck)) impossible("truck", `unknown truck "${input.truck}"`);
      requireCompound();
      return checkTruckHistory(scenario, log, input);
  }
}

function checkTruckHistory(scenario: Scenario, log: readonly StoredEvent[], input: EventInput): void {
  const truck = input.truck!;
  const candidate: StoredEvent = { ...input, incident: "", seq: CANDIDATE_SEQ, receivedAt: "", by: "" };
  const history = log.filter((e) => e.truck === truck && isTruckStep(e.type));
  const compounds = compoundsOf(scenario, log);
  const gridAt = gridTimes(scenario, compounds, log);
  const onlyThisTruck = { ...scenario, connections: scenario.connections?.filter((c) => c.truck === truck), enRoute: scenario.enRoute?.filter((r) => r.truck === truck) };

  // a history stored under older rules may already hold refused steps: only new refusals count against the report
  const before = new Set<number>();
  replayTrucks(onlyThisTruck, history, gridAt, Infinity, (r) => r.event && before.add(r.event.seq));
  const refused: RejectedStep[] = [];
  replayTrucks(onlyThisTruck, [...history, candidate], gridAt, Infinity, (r) => {
    if (!r.event || !before.has(r.event.seq)) refused.push(r);
  });
  if (refused.length === 0) return;
  const first = refused[0];
  if (first.event?.seq === CANDIDATE_SEQ) impossible(first.path, first.reason);
  const later = first.event!;
  impossible(
    "at",
    `conflicts with a report already stored: ${later.type} of truck ${truck} at ${iso(toMs(later.at), scenario.timezone)} (seq ${later.seq}) would become impossible (${first.reason})`,
  );
}

function impossible(path: string, reason: string): never {
  throw new LianxinError(ErrorCode.impossible, reason, [{ path, message: reason }]);
}
