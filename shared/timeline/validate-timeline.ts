/**
 * Checks a scenario's timeline (`events`), field by field and then as a sequence, naming each bad entry by its
 * place in the document (`events[3].at: ...`):
 * 1. each entry as an event input (parseEventInput: type, time with offset, fields the type needs, zone polygon,
 *    reported compound), plus `source` (string) and `assumed` (boolean), the timeline's own fields;
 * 2. references: trucks, compounds (the scenario's and those the timeline reports) and substations exist;
 * 3. the sequence: entries are delivered in (at, index) order and each must be accepted by validateEvent given the
 *    ones before it, exactly as the live event log would accept them (no switch-on before arriving, no truck in two
 *    places, no step after a breakdown, a road opened only if closed). Only run on an otherwise valid scenario:
 *    a step can only be judged against sound trucks and compounds.
 */
import { LianxinError, type ErrorDetail } from "../errors.ts";
import type { EventInput, StoredEvent } from "../events.ts";
import type { Scenario } from "../scenario.ts";
import { parseEventInput } from "../restoration/parse-event-input.ts";
import { checkEvent } from "../restoration/validate-event.ts";
import { extendIndex, indexLog } from "../restoration/log-index.ts";
import { isTruckStep } from "../restoration/timeline.ts";
import { deliveryOrder } from "./timeline-inputs.ts";
import { timelineEventId } from "./timeline-event-id.ts";

/** Fields a timeline entry may carry besides those of an event input. */
const TIMELINE_KEYS = new Set(["source", "assumed", "provenance"]);

export interface TimelineCheck {
  details: ErrorDetail[];
  /** the well-formed entries as event inputs, by index (undefined where the entry is malformed) */
  inputs: (EventInput | undefined)[];
}

/**
 * Shape and references of `doc.events` (doc: an untrusted scenario document). Returns no detail when absent.
 *
 * @example
 * checkTimelineEntries({ ...scenario, events: [{ type: "switched.on", at: "2021-07-25T23:30:00" }] }).details;
 * // [{ path: "events[0].at", message: "must be an ISO 8601 time with an offset, ..." }, ...]
 */
export function checkTimelineEntries(doc: Record<string, unknown>): TimelineCheck {
  const details: ErrorDetail[] = [];
  const inputs: (EventInput | undefined)[] = [];
  if (!Array.isArray(doc.events)) return { details, inputs };
  const ids = (list: unknown): Set<string> =>
    new Set(Array.isArray(list) ? list.filter(isRecord).map((r) => r.id).filter((x): x is string => typeof x === "string") : []);
  const trucks = ids(doc.trucks);
  const substations = ids(doc.substations);
  const compounds = ids(doc.compounds);
  for (const e of doc.events) if (isRecord(e) && e.type === "compound.reported" && typeof e.compound === "string") compounds.add(e.compound);

  doc.events.forEach((entry: unknown, i: number) => {
    const at = `events[${i}]`;
    if (!isRecord(entry)) {
      details.push({ path: at, message: "must be an object" });
      inputs.push(undefined);
      return;
    }
    const own: ErrorDetail[] = [];
    if (entry.source !== undefined && typeof entry.source !== "string") own.push({ path: `${at}.source`, message: "must be a string" });
    if (entry.assumed !== undefined && typeof entry.assumed !== "boolean") own.push({ path: `${at}.assumed`, message: "must be true or false" });
    if (entry.id !== undefined) own.push({ path: `${at}.id`, message: "not used in a timeline: a replay derives each event's id (timelineEventId)" });
    const body: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(entry)) if (!TIMELINE_KEYS.has(k) && k !== "id") body[k] = v;
    let input: EventInput | undefined;
    try {
      input = parseEventInput({ ...body, id: timelineEventId("validate", i) });
    } catch (e) {
      if (!(e instanceof LianxinError)) throw e;
      for (const d of e.details) own.push({ path: d.path ? `${at}.${d.path}` : at, message: d.message });
    }
    if (input) own.push(...unknownReferences(input, at, trucks, compounds, substations));
    details.push(...own);
    inputs.push(own.length === 0 ? input : undefined);
  });
  return { details, inputs };
}

function unknownReferences(input: EventInput, at: string, trucks: Set<string>, compounds: Set<string>, substations: Set<string>): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  if (input.truck !== undefined && !trucks.has(input.truck)) out.push({ path: `${at}.truck`, message: `unknown truck "${input.truck}"` });
  if (input.compound !== undefined && input.type !== "compound.reported" && !compounds.has(input.compound)) {
    out.push({ path: `${at}.compound`, message: `unknown compound "${input.compound}"` });
  }
  if (input.substation !== undefined && !substations.has(input.substation)) {
    out.push({ path: `${at}.substation`, message: `unknown substation "${input.substation}"` });
  }
  if (input.details && !substations.has(input.details.substation)) {
    out.push({ path: `${at}.details.substation`, message: `unknown substation "${input.details.substation}"` });
  }
  return out;
}

/**
 * Delivers the well-formed entries in (at, index) order to an in-memory log, each checked by validateEvent against
 * the scenario and the entries before it; returns one detail per refused entry (which is then left out of the log,
 * so one bad step does not condemn every later one).
 *
 * @example
 * checkTimelineSequence(scenario, checkTimelineEntries(doc).inputs);
 * // [{ path: "events[4].type", message: "truck sc-1 has not arrived at jincheng: it cannot switch on at it" }]
 */
export function checkTimelineSequence(scenario: Scenario, inputs: readonly (EventInput | undefined)[]): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  // checkEvent reads a truck step against that truck's steps and the log's grid, road and compound reports only:
  // one index of those reports, extended entry by entry (log-index.ts), and each truck's own steps beside it keep a
  // city's timeline linear-ish (indexing the log again for every entry took 1.2 s of the true-scale Zhengzhou plan)
  const common = indexLog(scenario, []);
  const byTruck = new Map<string, StoredEvent[]>();
  let seq = 0;
  const order = deliveryOrder(inputs.map((e) => ({ at: e?.at ?? "" })));
  for (const i of order) {
    const input = inputs[i];
    if (!input) continue;
    const own = input.truck !== undefined && isTruckStep(input.type) ? byTruck.get(input.truck) ?? [] : undefined;
    try {
      // the index of [...common reports, ...this truck's steps], as validateEvent would build it
      checkEvent(own ? { ...common, truckSteps: new Map([[input.truck!, own]]) } : common, input);
    } catch (e) {
      if (!(e instanceof LianxinError)) throw e;
      const d = e.details[0];
      details.push({ path: `events[${i}]${d?.path ? `.${d.path}` : ""}`, message: d?.message ?? e.message });
      continue;
    }
    const stored: StoredEvent = { ...input, incident: scenario.id, seq: ++seq, receivedAt: input.at, by: "timeline" };
    if (own) byTruck.set(input.truck!, [...own, stored]);
    else extendIndex(common, stored);
  }
  return details;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
