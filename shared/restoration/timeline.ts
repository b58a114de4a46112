/**
 * The restoration timeline: scenario + event log replayed in field-time (`at`) order.
 * One replay serves the board's state, the restoration curve, event validation and re-planning, so they agree.
 *
 * Order: events are applied by `at`, ties by `seq`. A crew on a bad network may deliver a report after later ones
 * (its phone queued it); because `at` is the field time, the replay puts it where it happened.
 */
import type { StoredEvent } from "../events.ts";
import type { Compound, Scenario } from "../scenario.ts";
import type { TruckStatus } from "../state.ts";

/** A truck step event, normalised: times in ms. */
export interface TruckStep {
  type: TruckStepType;
  atMs: number;
  compound?: string;
  /** 0 for steps synthesised from the scenario's `connections` / `enRoute` */
  seq: number;
}

export const TRUCK_STEP_TYPES = [
  "truck.dispatched",
  "truck.arrived",
  "cable.laid",
  "switched.on",
  "truck.released",
  "truck.broken",
] as const;
export type TruckStepType = (typeof TRUCK_STEP_TYPES)[number];

export function isTruckStep(type: string): type is TruckStepType {
  return (TRUCK_STEP_TYPES as readonly string[]).includes(type);
}

/** Where a truck is in its step sequence. `idle` = no step reported yet (inbound or free at its start). */
export interface TruckPhase {
  status: "idle" | Exclude<TruckStatus, "inbound">;
  compound?: string;
  /** time of the last step (or implicit release) */
  sinceMs?: number;
  /** setting-up only: cable.laid reported */
  cableLaid?: boolean;
  /** en-route / setting-up / connected: the compound it set off from (absent: its scenario location) */
  fromCompound?: string;
  /** en-route / setting-up / connected: when it set off for `compound` */
  departedMs?: number;
  /** setting-up / connected: when it arrived */
  arrivedMs?: number;
  /** connected: switch-on time */
  switchOnMs?: number;
  /** free because its compound's grid returned; the crew's truck.released is still welcome */
  awaitingRelease?: boolean;
}

/** A truck's generator feeding a compound over [fromMs, toMs). */
export interface SupplyInterval {
  truck: string;
  compound: string;
  fromMs: number;
  /** Infinity while still connected */
  toMs: number;
}

/** a refusal's stable rule (shared/refusal-rules.ts) and what it names, for a client to word in its language (#16) */
export interface RuleRef {
  rule: string;
  params: Record<string, string | number>;
}

export type StepResult = { ok: true; phase: TruckPhase; supply?: SupplyInterval } | ({ ok: false; path: string; reason: string } & RuleRef);

/** When compound `id`'s grid is back, as far as known at `atMs` (Infinity = not yet known). */
export type GridTimeOf = (compound: string, atMs: number) => number;

export function toMs(iso: string): number {
  return Date.parse(iso);
}

/** Events with `at` ≤ atMs, sorted by (at, seq). */
export function eventsUpTo(events: readonly StoredEvent[], atMs: number): StoredEvent[] {
  // each time parsed once, not in every comparison: the board sorts a true-scale log on every frame
  const timed: { ms: number; e: StoredEvent }[] = [];
  for (const e of events) {
    const ms = toMs(e.at);
    if (ms <= atMs) timed.push({ ms, e });
  }
  return timed.sort((a, b) => a.ms - b.ms || a.e.seq - b.e.seq).map((x) => x.e);
}

/** The scenario's compounds plus those reported in the log (`compound.reported` with `details`). */
export function compoundsOf(scenario: Scenario, events: readonly StoredEvent[]): Compound[] {
  const out = [...scenario.compounds];
  const seen = new Set(out.map((c) => c.id));
  for (const e of events) {
    if (e.type === "compound.reported" && e.details && !seen.has(e.details.id)) {
      out.push(e.details);
      seen.add(e.details.id);
    }
  }
  return out;
}

/**
 * Grid-return times: the scenario's (compound's gridRestoredAt, else its substation's restoredAt, else horizonEnd as
 * in the planner contract), or a reported
 * grid.restored / substation.restored, whichever is earliest. A scenario time counts once the clock reaches it;
 * a report counts from its `at`.
 */
export function gridTimes(scenario: Scenario, compounds: readonly Compound[], events: readonly StoredEvent[]): GridTimeOf {
  // the planner contract: an outage with no known end lasts until horizonEnd
  const horizonMs = toMs(scenario.horizonEnd);
  const substationAt = new Map<string, number>();
  for (const s of scenario.substations) if (s.restoredAt) substationAt.set(s.id, toMs(s.restoredAt));
  const planned = new Map<string, number>();
  const bySubstation = new Map<string, string[]>();
  for (const c of compounds) {
    const own = c.gridRestoredAt ? toMs(c.gridRestoredAt) : undefined;
    planned.set(c.id, own ?? substationAt.get(c.substation) ?? horizonMs);
    const list = bySubstation.get(c.substation);
    if (list) list.push(c.id);
    else bySubstation.set(c.substation, [c.id]);
  }
  const reported = new Map<string, number>();
  const report = (id: string, t: number) => reported.set(id, Math.min(reported.get(id) ?? Infinity, t));
  for (const e of events) {
    const t = toMs(e.at);
    if (e.type === "grid.restored" && e.compound) report(e.compound, t);
    if (e.type === "substation.restored" && e.substation) for (const id of bySubstation.get(e.substation) ?? []) report(id, t);
  }
  return (compound, atMs) => {
    const p = planned.get(compound) ?? Infinity;
    const r = reported.get(compound) ?? Infinity;
    // a report is only known from its own time; a scenario time is a fact of the scenario
    return Math.min(p, r <= atMs ? r : Infinity);
  };
}

/**
 * Applies one step to a truck's phase. Pure; refuses what no truck can do, with the reason.
 * A truck connected to a compound whose grid has returned is free there (the planner contract's release),
 * even before its crew reports truck.released.
 */
export function applyStep(truck: string, phase: TruckPhase, step: TruckStep, gridAt: GridTimeOf): StepResult {
  const p = settle(phase, step.atMs, gridAt);
  const c = step.compound;
  const where = p.compound ? ` at ${p.compound}` : "";
  const names = { truck, step: step.type, ...(c === undefined ? {} : { compound: c }) };
  const fail = (path: string, reason: string, rule: string, extra: Record<string, string | number> = {}): StepResult =>
    ({ ok: false, path, reason, rule, params: { ...names, ...extra } });
  const other: Record<string, string> = p.compound === undefined ? {} : { other: p.compound };
  if (p.status === "broken") return fail("type", `truck ${truck} broke down${where}; it can take no further step`, "truck_broken", other);
  switch (step.type) {
    case "truck.dispatched":
      if (p.status === "connected") {
        return fail("type", `truck ${truck} is connected${where}: it cannot be in two places; report truck.released there first`, "truck_connected_elsewhere", other);
      }
      if (p.compound === c && (p.status === "en-route" || p.status === "setting-up")) {
        return fail("compound", `truck ${truck} is already dispatched to ${c}`, "already_dispatched");
      }
      // redirected on the road: its position is unknown, so count from where that trip began
      return ok({ status: "en-route", compound: c, sinceMs: step.atMs, departedMs: step.atMs, fromCompound: p.status === "en-route" ? p.fromCompound : p.compound });
    case "truck.arrived":
      if (p.status === "setting-up" && p.compound === c) return fail("type", `truck ${truck} already arrived at ${c}`, "already_arrived");
      if (p.status !== "en-route") return fail(p.status === "setting-up" ? "type" : "compound", notDispatched(truck, c, p, "arrive at"), "not_dispatched", { status: p.status, ...other });
      if (p.compound !== c) return fail("compound", `truck ${truck} was dispatched to ${p.compound}, not ${c}`, "dispatched_elsewhere", other);
      return ok({ ...p, status: "setting-up", sinceMs: step.atMs, arrivedMs: step.atMs, cableLaid: false });
    case "cable.laid":
    case "switched.on": {
      const verb = step.type === "cable.laid" ? "lay cable at" : "switch on at";
      if (p.status === "en-route" && p.compound === c) return fail("type", `truck ${truck} has not arrived at ${c}: it cannot ${verb} it`, "not_arrived");
      if (p.status === "connected" && p.compound === c) return fail("type", `truck ${truck} is already switched on at ${c}`, "already_on");
      if (p.status !== "setting-up") return fail("compound", notDispatched(truck, c, p, verb), "not_dispatched", { status: p.status, ...other });
      if (p.compound !== c) return fail("compound", `truck ${truck} is at ${p.compound}, not ${c}`, "at_other", other);
      if (step.type === "cable.laid") {
        if (p.cableLaid) return fail("type", `cable from truck ${truck} is already laid at ${c}`, "cable_already");
        return ok({ ...p, sinceMs: step.atMs, cableLaid: true });
      }
      const next: TruckPhase = { ...p, status: "connected", sinceMs: step.atMs, switchOnMs: step.atMs };
      return { ok: true, phase: next, supply: { truck, compound: c!, fromMs: step.atMs, toMs: Infinity } };
    }
    case "truck.released":
      if (c !== undefined && p.compound !== undefined && p.compound !== c) return fail("compound", `truck ${truck} is at ${p.compound}, not ${c}`, "at_other", other);
      if (p.status === "connected" || p.awaitingRelease) return ok({ status: "free", compound: p.compound, sinceMs: step.atMs });
      return fail("type", `truck ${truck} is not switched on anywhere (it is ${p.status}${where}): nothing to release`, "nothing_to_release", { status: p.status, ...other });
    case "truck.broken":
      if (c !== undefined && p.compound !== undefined && p.compound !== c) return fail("compound", `truck ${truck} is at ${p.compound}, not ${c}`, "at_other", other);
      return ok({ status: "broken", compound: p.compound ?? c, sinceMs: step.atMs });
  }
}

function ok(phase: TruckPhase): StepResult {
  return { ok: true, phase };
}

function notDispatched(truck: string, c: string | undefined, p: TruckPhase, verb: string): string {
  const now = p.status === "idle" ? "has no assignment" : `is ${p.status}${p.compound ? ` (${p.compound})` : ""}`;
  return `truck ${truck} was not dispatched to ${c}: it cannot ${verb} it (it ${now})`;
}

/** A connected truck whose compound has its grid back by `atMs` is free there from the grid's return. */
export function settle(phase: TruckPhase, atMs: number, gridAt: GridTimeOf): TruckPhase {
  if (phase.status !== "connected" || phase.compound === undefined) return phase;
  const g = gridAt(phase.compound, atMs);
  if (g > atMs) return phase;
  return { status: "free", compound: phase.compound, sinceMs: Math.max(g, phase.switchOnMs ?? g), awaitingRelease: true };
}

export interface TruckReplay {
  /** each truck's phase after the last applied step (not yet settled at any instant) */
  phases: Map<string, TruckPhase>;
  /** generator supply, closed when a truck is released or breaks down (grid return is applied by readers) */
  supply: SupplyInterval[];
}

/** A step the state machine accepted, with the truck's phase before it (as stored, not yet settled) and after. */
export interface AppliedStep {
  event: StoredEvent | null;
  truck: string;
  step: TruckStep;
  before: TruckPhase;
  after: TruckPhase;
}

export interface RejectedStep {
  event: StoredEvent | null;
  truck: string;
  step: TruckStep;
  path: string;
  reason: string;
  rule?: string;
  params?: Record<string, string | number>;
}

/**
 * Replays every truck's steps up to `atMs`: the scenario's own `connections` and `enRoute` first (as steps with
 * seq 0), then the log's truck events in (at, seq) order. A step the state machine refuses is skipped and passed to
 * `onRejected` (validation refuses such reports before they are stored; a replay stays robust anyway). `onApplied`
 * sees every accepted step (validate-event.ts judges times and places there).
 */
export function replayTrucks(
  scenario: Scenario,
  events: readonly StoredEvent[],
  gridAt: GridTimeOf,
  atMs: number,
  onRejected?: (r: RejectedStep) => void,
  onApplied?: (a: AppliedStep) => void,
): TruckReplay {
  const phases = new Map<string, TruckPhase>();
  const items: { truck: string; step: TruckStep; event: StoredEvent | null }[] = [];
  for (const c of scenario.connections ?? []) {
    phases.set(c.truck, { status: "setting-up", compound: c.compound });
    items.push({ truck: c.truck, event: null, step: { type: "switched.on", atMs: toMs(c.switchOn), compound: c.compound, seq: 0 } });
  }
  for (const r of scenario.enRoute ?? []) {
    phases.set(r.truck, { status: "en-route", compound: r.compound, departedMs: toMs(r.departedAt), sinceMs: toMs(r.departedAt) });
    if (r.arrivedAt) items.push({ truck: r.truck, event: null, step: { type: "truck.arrived", atMs: toMs(r.arrivedAt), compound: r.compound, seq: 0 } });
  }
  for (const e of events) {
    if (!isTruckStep(e.type) || e.truck === undefined) continue;
    items.push({ truck: e.truck, event: e, step: { type: e.type, atMs: toMs(e.at), compound: e.compound, seq: e.seq } });
  }
  items.sort((a, b) => a.step.atMs - b.step.atMs || a.step.seq - b.step.seq);

  const supply: SupplyInterval[] = [];
  const open = new Map<string, SupplyInterval>();
  for (const { truck, step, event } of items) {
    if (step.atMs > atMs) break;
    const before = phases.get(truck) ?? { status: "idle" };
    const r = applyStep(truck, before, step, gridAt);
    if (!r.ok) {
      onRejected?.({ event, truck, step, path: r.path, reason: r.reason, rule: r.rule, params: r.params });
      continue;
    }
    const running = open.get(truck);
    if (running && r.phase.status !== "connected") {
      running.toMs = step.atMs;
      open.delete(truck);
    }
    if (r.supply) {
      supply.push(r.supply);
      open.set(truck, r.supply);
    }
    phases.set(truck, r.phase);
    onApplied?.({ event, truck, step, before, after: r.phase });
  }
  return { phases, supply };
}
