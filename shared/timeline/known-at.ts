/**
 * What was known at an instant (#14): a scenario as a commander at `atMs` could have planned it, without foresight.
 * - the timeline (`events`) up to `atMs` only, applied as the live board would (buildCurrentScenario: trucks where
 *   the log leaves them, connections and trips under way, reported grid returns);
 * - only the trucks that had arrived by then (a convoy still on the road is not yet at anyone's disposal);
 * - a grid return that lies after `atMs` is never read: in its place the latest forecast announced by `atMs`
 *   (`scenario.forecasts`: the compound's own, else its substation's). A forecast whose expected time has passed
 *   with the grid still off counts with its `latest` while that is ahead. Where nothing usable was announced the
 *   DEFAULT RULE applies: the grid is taken to stay off until the horizon (nobody plans on a return nobody
 *   announced);
 * - grid returns at or before `atMs` are facts by then and stay as they were.
 * So the result, and any plan made from it, is the same whatever the true returns after `atMs` are.
 */
import type { Compound, Forecast, Scenario, Substation } from "../scenario.ts";
import type { StoredEvent } from "../events.ts";
import { buildCurrentScenario } from "../restoration/build-current-scenario.ts";
import { iso } from "../restoration/derive-state.ts";
import { timelineInputs, withoutTimeline } from "./timeline-inputs.ts";

/**
 * The scenario as known at `atMs` (ms since the epoch), for planning with `at` = `atMs`. Pure; does not mutate its input.
 *
 * @example
 * const known = knownAtScenario(zhengzhou, Date.parse("2021-07-22T12:00:00+08:00"));
 * planValidScenario(known, { at: Date.parse("2021-07-22T12:00:00+08:00"), seed: 1 });
 */
export function knownAtScenario(scenario: Scenario, atMs: number): Scenario {
  const masked = maskFutureGrid(scenario, atMs);
  const log: StoredEvent[] = timelineInputs(scenario, `known-at:${scenario.id}`)
    .filter((e) => Date.parse(e.at) <= atMs)
    .map((e, i) => ({ ...e, incident: "known-at", seq: i + 1, receivedAt: e.at, by: "timeline" }));
  const current = buildCurrentScenario(masked, log, atMs);
  const arrived = new Set(scenario.trucks.filter((t) => Date.parse(t.availableAt) <= atMs).map((t) => t.id));
  return { ...current, trucks: current.trucks.filter((t) => arrived.has(t.id)) };
}

/**
 * The scenario without its timeline, milestones and forecasts, every grid return after `atMs` replaced by what was
 * announced by then (or the default rule). Exported for the counterfactual, which builds its own current scenario.
 */
export function maskFutureGrid(scenario: Scenario, atMs: number): Scenario {
  const { milestones: _m, forecasts: _f, ...rest } = withoutTimeline(scenario);
  const zone = scenario.timezone;
  const announced = (scenario.forecasts ?? []).filter((f) => Date.parse(f.at) <= atMs);
  const latest = (pick: (f: Forecast) => boolean): number | null => {
    // the last announcement made by atMs wins; at equal times, the one written last
    let best: Forecast | undefined;
    for (const f of announced) if (pick(f) && (!best || Date.parse(f.at) >= Date.parse(best.at))) best = f;
    if (!best) return null;
    const expected = Date.parse(best.expected);
    if (expected > atMs) return expected;
    const late = best.latest ? Date.parse(best.latest) : -Infinity;
    return late > atMs ? late : null;
  };
  const horizon = scenario.horizonEnd;
  const subTrue = new Map(scenario.substations.map((s) => [s.id, s.restoredAt ? Date.parse(s.restoredAt) : Infinity]));
  const substations: Substation[] = scenario.substations.map((s) => {
    const t = subTrue.get(s.id)!;
    if (t <= atMs) return s;
    const f = latest((x) => x.substation === s.id);
    return { ...s, restoredAt: f === null ? null : iso(f, zone) };
  });
  const subKnown = new Map(substations.map((s) => [s.id, s.restoredAt]));
  const compounds: Compound[] = scenario.compounds.map((c) => {
    const own = c.gridRestoredAt ? Date.parse(c.gridRestoredAt) : undefined;
    const t = own ?? subTrue.get(c.substation) ?? Infinity;
    if (t <= atMs) return { ...c, gridRestoredAt: iso(t, zone) };
    const f = latest((x) => x.compound === c.id);
    if (f !== null) return { ...c, gridRestoredAt: iso(f, zone) };
    // the substation's forecast only while it is ahead: a substation back already says nothing of a flooded room
    const sub = subKnown.get(c.substation);
    return { ...c, gridRestoredAt: sub && Date.parse(sub) > atMs ? sub : horizon };
  });
  return { ...rest, substations, compounds };
}
