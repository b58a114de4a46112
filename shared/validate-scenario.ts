/**
 * Validation of a scenario document (issue #2 contract) from untrusted JSON.
 *
 * Two passes, both always run so that EVERY offending field is reported at once:
 * 1. shape: a zod schema per field (types, ranges, ISO times with offset, IANA zone, GeoJSON geometry);
 * 2. references: cross-field rules zod cannot express locally (unknown substation / depot / truck / compound,
 *    duplicate ids, a truck with neither or both of location and depot, time order).
 * The optional timeline (`events`, #6) is checked entry by entry with the event log's own rules, then, when the rest
 * is sound, as a sequence in delivery order (timeline/validate-timeline.ts).
 * The second pass reads the raw document defensively, so a shape error elsewhere does not hide a bad reference.
 *
 * Geometric plausibility (is there a road near each site?) needs the road network and is checked by the planner
 * when it builds its instance; it reports the same kind of `{ path, message }` details.
 */
import { z } from "zod";
import { DateTime, IANAZone } from "luxon";
import {
  boundedList,
  MAX_PARTS,
  areaGeometry, compound, formatPath, id, isIsoWithOffset, isoTime, lineCoords, lonLat, nonNegative, positive, positiveInt, str,
} from "./scenario-schemas.ts";
import type { ErrorDetail } from "./errors.ts";
import type { Scenario } from "./scenario.ts";
import { checkTimelineEntries, checkTimelineSequence } from "./timeline/validate-timeline.ts";
import { checkProvenance } from "./check-provenance.ts";

// re-exported: callers have imported them from here since issue #2
export { areaGeometry, compound, formatPath, isIsoWithOffset };

export type ValidationResult = { ok: true; scenario: Scenario } | { ok: false; details: ErrorDetail[] };

const lineGeometry = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("LineString"), coordinates: lineCoords }),
    z.object({ type: z.literal("MultiLineString"), coordinates: boundedList(lineCoords, MAX_PARTS, { array: "must be an array of lines", max: `at most ${MAX_PARTS} lines`, min: [1, "needs at least one line"] }) }),
  ],
  { error: "must be a LineString or MultiLineString geometry" },
);
function featureCollection<G extends z.ZodType, P extends z.ZodType>(geometry: G, properties: P, minFeatures: number, maxFeatures: number) {
  const feature = z.looseObject({
    type: z.literal("Feature", { error: 'must be "Feature"' }),
    geometry,
    properties: properties.nullable().optional(),
  });
  return z.looseObject({
    type: z.literal("FeatureCollection", { error: 'must be "FeatureCollection"' }),
    features: boundedList(feature, maxFeatures, {
      array: "must be an array of features",
      max: `at most ${maxFeatures} features`,
      ...(minFeatures > 0 ? { min: [minFeatures, "must contain at least one road"] as const } : {}),
    }),
  });
}

const roadProperties = z.looseObject({
  id: id.optional(),
  speedKmh: positive.optional(),
  oneway: z.boolean({ error: "must be true or false" }).optional(),
  name: str.optional(),
});
const floodProperties = z.looseObject({
  id: id.optional(),
  name: str.optional(),
  from: isoTime.optional(),
  until: isoTime.optional(),
});

const defaults = z.looseObject({
  speedKmh: positive.optional(),
  accessSpeedKmh: positive.optional(),
  planHours: nonNegative.optional(),
  cableMetresPerHour: positive.optional(),
  switchOnHours: nonNegative.optional(),
  maxAccessKm: positive.optional(),
  minOnSiteMinutes: nonNegative.optional(),
});

const substation = z.looseObject({
  id,
  name: str,
  location: lonLat,
  voltageKv: positive,
  restoredAt: isoTime.nullable(),
});
const depot = z.looseObject({ id, name: str, location: lonLat });
const truck = z.looseObject({
  id,
  name: str,
  capacityKw: positive,
  location: lonLat.optional(),
  depot: id.optional(),
  availableAt: isoTime,
  origin: str.optional(),
  fuelLitres: positive.optional(),
  fuelLitresPerHourAtFull: positive.optional(),
  fuelLevel: z.looseObject({ at: isoTime, litres: nonNegative }).optional(),
  voltage: z.enum(["lv", "mv"], { error: 'must be "lv" or "mv"' }).optional(),
  ownCrew: z.literal(true, { error: "must be true when given" }).optional(),
});
// #17: fuel depots, tankers, feeders, crews
const fuelDepot = z.looseObject({ id, name: str, location: lonLat });
const tanker = z.looseObject({
  id,
  name: str.optional(),
  capacityLitres: positive,
  location: lonLat.optional(),
  fuelDepot: id.optional(),
  availableAt: isoTime,
  pumpLitresPerHour: positive,
});
const feeder = z.looseObject({ id, substation: id, rmu: lonLat });
const crew = z.looseObject({
  id,
  name: str,
  base: id.optional(),
  location: lonLat.optional(),
  availableAt: isoTime,
  members: positiveInt.optional(),
});
const connection = z.looseObject({ truck: id, compound: id, switchOn: isoTime });
const enRoute = z.looseObject({ truck: id, compound: id, departedAt: isoTime, arrivedAt: isoTime.optional() });

/**
 * Upper bounds on a scenario's lists, far above any city we plan (Zhengzhou: 52 compounds, 41 trucks, 2,008 roads;
 * the bench's large city: 2,000 compounds, 250 trucks): the body limit bounds the bytes, these bound the work a
 * document can ask of the validator and the planner.
 */
export const SCENARIO_LIMITS = { compounds: 20_000, trucks: 5_000, substations: 5_000, depots: 5_000, roads: 200_000, floodZones: 10_000, events: 100_000 } as const;
const list = <T extends z.ZodType>(item: T, max: number) => boundedList(item, max, { array: "must be an array", max: `at most ${max} entries` });

/**
 * Zones found valid so far: luxon's check builds an Intl.DateTimeFormat each time (~0.4 ms, a tenth of a
 * 600-compound re-plan's validation). Only valid names are kept, so the set stays within the IANA database however
 * many bad names arrive.
 */
const validZones = new Set<string>();
function isIanaZone(tz: string): boolean {
  if (validZones.has(tz)) return true;
  const valid = IANAZone.isValidZone(tz);
  if (valid) validZones.add(tz);
  return valid;
}

const scenarioShape = z.looseObject({
  id,
  name: str,
  timezone: str.refine(isIanaZone, { error: "must be an IANA time zone, e.g. Asia/Shanghai" }),
  horizonEnd: isoTime,
  defaults: defaults.optional(),
  roads: featureCollection(lineGeometry, roadProperties, 1, SCENARIO_LIMITS.roads),
  floodZones: featureCollection(areaGeometry, floodProperties, 0, SCENARIO_LIMITS.floodZones).optional(),
  substations: list(substation, SCENARIO_LIMITS.substations),
  compounds: list(compound, SCENARIO_LIMITS.compounds),
  depots: list(depot, SCENARIO_LIMITS.depots),
  trucks: list(truck, SCENARIO_LIMITS.trucks),
  connections: list(connection, SCENARIO_LIMITS.trucks).optional(),
  enRoute: list(enRoute, SCENARIO_LIMITS.trucks).optional(),
  description: str.optional(),
  fuelDepots: list(fuelDepot, SCENARIO_LIMITS.depots).optional(),
  tankers: list(tanker, SCENARIO_LIMITS.trucks).optional(),
  feeders: list(feeder, SCENARIO_LIMITS.substations).optional(),
  crews: list(crew, SCENARIO_LIMITS.trucks).optional(),
  // entries are checked one by one, then as a sequence (timeline/validate-timeline.ts)
  events: list(z.unknown(), SCENARIO_LIMITS.events).optional(),
});

/**
 * Checks an untrusted document against the scenario contract and names every offending field.
 *
 * @example
 * const r = validateScenario(JSON.parse(text));
 * if (!r.ok) for (const d of r.details) console.error(`${d.path}: ${d.message}`);
 * // e.g. "compounds[3].households: must be a positive integer"
 */
export function validateScenario(doc: unknown): ValidationResult {
  if (!isRecord(doc)) return { ok: false, details: [{ path: "", message: "must be a JSON object" }] };
  const details: ErrorDetail[] = [];
  // (a loop, not push(...list): spreading a list of a few hundred thousand overflows the stack)
  const add = (more: readonly ErrorDetail[]): void => { for (const d of more) details.push(d); };
  const parsed = scenarioShape.safeParse(doc);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) details.push({ path: formatPath(issue.path), message: issue.message });
  }
  add(checkReferences(doc));
  add(checkProvenance(doc));
  // a timeline over its limit is refused by the shape pass: reading each of its entries would only cost time
  const overLong = Array.isArray(doc.events) && doc.events.length > SCENARIO_LIMITS.events;
  const timeline = overLong ? { details: [], inputs: [] } : checkTimelineEntries(doc);
  add(timeline.details);
  // the timeline's steps can only be judged against an otherwise sound scenario
  if (details.length === 0) add(checkTimelineSequence(doc as unknown as Scenario, timeline.inputs));
  if (details.length > 0) return { ok: false, details: dedupe(details) };
  return { ok: true, scenario: doc as unknown as Scenario };
}

/** Cross-field rules, read from the raw document so they run even when the shape pass failed elsewhere. */
function checkReferences(doc: Record<string, unknown>): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const substations = idIndex(doc, "substations", details);
  const compounds = idIndex(doc, "compounds", details);
  const depots = idIndex(doc, "depots", details);
  const trucks = idIndex(doc, "trucks", details);

  eachRecord(doc.compounds, (c, i) => {
    if (typeof c.substation === "string" && !substations.has(c.substation)) {
      details.push({ path: `compounds[${i}].substation`, message: `unknown substation "${c.substation}"` });
    }
  });
  eachRecord(doc.trucks, (t, i) => {
    const hasLocation = t.location !== undefined;
    const hasDepot = t.depot !== undefined;
    if (hasLocation === hasDepot) {
      details.push({ path: `trucks[${i}]`, message: "must have exactly one of location or depot" });
    }
    if (typeof t.depot === "string" && !depots.has(t.depot)) {
      details.push({ path: `trucks[${i}].depot`, message: `unknown depot "${t.depot}"` });
    }
  });
  checkOperations(doc, depots, substations, details);
  checkTruckCompoundRefs(doc.connections, "connections", trucks, compounds, details);
  checkTruckCompoundRefs(doc.enRoute, "enRoute", trucks, compounds, details);
  checkEnRoute(doc, details);
  checkFloodTimes(doc, details);
  return details;
}

/**
 * #17: fuel on both sides or neither, tankers and crews placed exactly once at known sites, feeders on known
 * substations, a compound's feeder known and on the compound's own substation.
 */
function checkOperations(doc: Record<string, unknown>, depots: Set<string>, substations: Set<string>, details: ErrorDetail[]): void {
  const fuelDepots = idIndex(doc, "fuelDepots", details);
  const feeders = idIndex(doc, "feeders", details);
  idIndex(doc, "tankers", details);
  idIndex(doc, "crews", details);
  eachRecord(doc.trucks, (t, i) => {
    if ((t.fuelLitres === undefined) !== (t.fuelLitresPerHourAtFull === undefined)) {
      const missing = t.fuelLitres === undefined ? "fuelLitres" : "fuelLitresPerHourAtFull";
      details.push({ path: `trucks[${i}].${missing}`, message: `required with ${missing === "fuelLitres" ? "fuelLitresPerHourAtFull" : "fuelLitres"}` });
    }
    const level = t.fuelLevel as { litres?: unknown } | undefined;
    if (level !== undefined && t.fuelLitres === undefined) details.push({ path: `trucks[${i}].fuelLevel`, message: "needs fuelLitres (the tank it is a level of)" });
    else if (level !== undefined && typeof level.litres === "number" && typeof t.fuelLitres === "number" && level.litres > t.fuelLitres) {
      details.push({ path: `trucks[${i}].fuelLevel.litres`, message: `more than the tank's ${t.fuelLitres} L` });
    }
  });
  eachRecord(doc.tankers, (t, i) => {
    if ((t.location === undefined) === (t.fuelDepot === undefined)) details.push({ path: `tankers[${i}]`, message: "must have exactly one of location or fuelDepot" });
    if (typeof t.fuelDepot === "string" && !fuelDepots.has(t.fuelDepot)) details.push({ path: `tankers[${i}].fuelDepot`, message: `unknown fuel depot "${t.fuelDepot}"` });
  });
  const feederSubstation = new Map<string, unknown>();
  eachRecord(doc.feeders, (f, i) => {
    if (typeof f.id === "string") feederSubstation.set(f.id, f.substation);
    if (typeof f.substation === "string" && !substations.has(f.substation)) details.push({ path: `feeders[${i}].substation`, message: `unknown substation "${f.substation}"` });
  });
  eachRecord(doc.compounds, (c, i) => {
    if (typeof c.feeder !== "string") return;
    if (!feeders.has(c.feeder)) return void details.push({ path: `compounds[${i}].feeder`, message: `unknown feeder "${c.feeder}"` });
    const sub = feederSubstation.get(c.feeder);
    if (typeof sub === "string" && sub !== c.substation) details.push({ path: `compounds[${i}].feeder`, message: `feeder "${c.feeder}" is on substation "${sub}", not the compound's "${String(c.substation)}"` });
  });
  eachRecord(doc.crews, (c, i) => {
    if ((c.location === undefined) === (c.base === undefined)) details.push({ path: `crews[${i}]`, message: "must have exactly one of location or base" });
    if (typeof c.base === "string" && !depots.has(c.base)) details.push({ path: `crews[${i}].base`, message: `unknown depot "${c.base}"` });
  });
}

function checkTruckCompoundRefs(
  list: unknown,
  name: string,
  trucks: Set<string>,
  compounds: Set<string>,
  details: ErrorDetail[],
): void {
  eachRecord(list, (r, i) => {
    if (typeof r.truck === "string" && !trucks.has(r.truck)) {
      details.push({ path: `${name}[${i}].truck`, message: `unknown truck "${r.truck}"` });
    }
    if (typeof r.compound === "string" && !compounds.has(r.compound)) {
      details.push({ path: `${name}[${i}].compound`, message: `unknown compound "${r.compound}"` });
    }
  });
}

/** A truck can be on its way to one compound only, and cannot arrive before it departed. */
function checkEnRoute(doc: Record<string, unknown>, details: ErrorDetail[]): void {
  const seen = new Map<string, number>();
  eachRecord(doc.enRoute, (r, i) => {
    if (typeof r.truck === "string") {
      const first = seen.get(r.truck);
      if (first !== undefined) {
        details.push({ path: `enRoute[${i}].truck`, message: `truck "${r.truck}" is already en route in enRoute[${first}]` });
      } else seen.set(r.truck, i);
    }
    const dep = timeMs(r.departedAt);
    const arr = timeMs(r.arrivedAt);
    if (dep !== null && arr !== null && arr < dep) {
      details.push({ path: `enRoute[${i}].arrivedAt`, message: "must not be before departedAt" });
    }
  });
}

function checkFloodTimes(doc: Record<string, unknown>, details: ErrorDetail[]): void {
  const zones = isRecord(doc.floodZones) ? doc.floodZones.features : undefined;
  eachRecord(zones, (f, i) => {
    if (!isRecord(f.properties)) return;
    const from = timeMs(f.properties.from);
    const until = timeMs(f.properties.until);
    if (from !== null && until !== null && until <= from) {
      details.push({ path: `floodZones.features[${i}].properties.until`, message: "must be after from" });
    }
  });
}

/** Ids of one list; duplicates are reported against the later entry, naming the first. */
function idIndex(doc: Record<string, unknown>, list: string, details: ErrorDetail[]): Set<string> {
  const first = new Map<string, number>();
  eachRecord(doc[list], (r, i) => {
    if (typeof r.id !== "string") return;
    const j = first.get(r.id);
    if (j !== undefined) details.push({ path: `${list}[${i}].id`, message: `duplicate id "${r.id}" (also ${list}[${j}])` });
    else first.set(r.id, i);
  });
  return new Set(first.keys());
}

function eachRecord(list: unknown, fn: (r: Record<string, unknown>, i: number) => void): void {
  if (!Array.isArray(list)) return;
  list.forEach((r, i) => {
    if (isRecord(r)) fn(r, i);
  });
}

function timeMs(v: unknown): number | null {
  if (typeof v !== "string" || !isIsoWithOffset(v)) return null;
  return DateTime.fromISO(v, { setZone: true }).toMillis();
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** zod may report one field twice (e.g. two failed refinements of one value): keep the first message. */
function dedupe(details: ErrorDetail[]): ErrorDetail[] {
  const seen = new Set<string>();
  return details.filter((d) => {
    const key = d.path;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
