/**
 * A scenario's published milestones (#14) set against its timeline as the board counts it: at each milestone's
 * instant, how many compounds of its population are on the grid, on temporary supply (a generator truck: fully or
 * partly supplied) and dark, by deriveState over the timeline delivered as an event log.
 */
import type { StoredEvent } from "../events.ts";
import type { Milestone, Scenario } from "../scenario.ts";
import { timelineInputs, withoutTimeline } from "../timeline/timeline-inputs.ts";
import { deriveState } from "./derive-state.ts";

export interface MilestoneCounts {
  grid: number;
  temporary: number;
  dark: number;
}

export interface MilestoneComparison {
  at: string;
  published: Milestone["published"];
  replayed: MilestoneCounts;
}

/** The scenario's timeline as a stored log (what a replay delivers, in delivery order). */
export function timelineLog(scenario: Scenario): StoredEvent[] {
  return timelineInputs(scenario, `milestones:${scenario.id}`).map((e, i) => ({ ...e, incident: "milestones", seq: i + 1, receivedAt: e.at, by: "timeline" }));
}

/**
 * Published against replayed counts, one row per milestone, in the scenario's order.
 *
 * @example
 * replayMilestones(zhengzhou)[1];
 * // { at: "2021-07-24T12:00:00+08:00", published: { grid: 301, temporary: 41, dark: 131 }, replayed: { grid: 301, temporary: 41, dark: 131 } }
 */
export function replayMilestones(scenario: Scenario): MilestoneComparison[] {
  const base = withoutTimeline(scenario);
  const log = timelineLog(scenario);
  const residential = new Set(base.compounds.filter((c) => c.kind === "residential").map((c) => c.id));
  return (scenario.milestones ?? []).map((m) => {
    const state = deriveState(base, log, Date.parse(m.at));
    const counts: MilestoneCounts = { grid: 0, temporary: 0, dark: 0 };
    for (const c of state.compounds) {
      if (!residential.has(c.id)) continue;
      if (c.status === "grid") counts.grid++;
      else if (c.status === "dark") counts.dark++;
      else counts.temporary++;
    }
    return { at: m.at, published: m.published, replayed: counts };
  });
}
