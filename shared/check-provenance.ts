/**
 * Checks of the optional #14 fields of a scenario document, read defensively from the raw document (like the
 * reference pass of validate-scenario.ts):
 * - `provenance` on compounds, substations, trucks, flood zones and timeline entries: one of "sourced", "assumed",
 *   "synthetic"; a sourced one names its `source`; a synthetic compound says so in its name ("(synthetic)"), so a
 *   stand-in never passes for a real estate; a truck's `availableAtProvenance` is a provenance too;
 * - `milestones`: an ISO time, population "residential", published counts as whole numbers ≥ 0, a share in 0..1,
 *   and a source;
 * - `forecasts`: announcement and expected times, exactly one of substation / compound, known ids, earliest ≤
 *   expected ≤ latest.
 */
import type { ErrorDetail } from "./errors.ts";
import { isIsoWithOffset } from "./scenario-schemas.ts";

const PROVENANCES = new Set(["sourced", "assumed", "synthetic"]);
/** the mark a synthetic compound's name carries */
export const SYNTHETIC_MARK = "(synthetic)";

/**
 * Every problem of the provenance, milestone and forecast fields, as `{ path, message }`.
 *
 * @example
 * checkProvenance({ compounds: [{ id: "a", name: "文化路 合成 1", provenance: "synthetic" }] });
 * // [{ path: "compounds[0].name", message: 'a synthetic compound\'s name must say "(synthetic)"' }]
 */
export function checkProvenance(doc: Record<string, unknown>): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const list of ["compounds", "substations", "trucks", "events", "fuelDepots", "tankers", "feeders", "crews"]) {
    each(doc[list], (r, i) => checkOne(r, `${list}[${i}]`, details));
  }
  const zones = isRecord(doc.floodZones) ? doc.floodZones.features : undefined;
  each(zones, (f, i) => {
    if (isRecord(f.properties)) checkOne(f.properties, `floodZones.features[${i}].properties`, details);
  });
  each(doc.compounds, (c, i) => {
    if (c.provenance === "synthetic" && typeof c.name === "string" && !c.name.includes(SYNTHETIC_MARK)) {
      details.push({ path: `compounds[${i}].name`, message: `a synthetic compound's name must say "${SYNTHETIC_MARK}"` });
    }
  });
  each(doc.trucks, (t, i) => {
    if (t.availableAtProvenance !== undefined && !PROVENANCES.has(t.availableAtProvenance as string)) {
      details.push({ path: `trucks[${i}].availableAtProvenance`, message: 'must be "sourced", "assumed" or "synthetic"' });
    }
  });
  checkMilestones(doc.milestones, details);
  checkForecasts(doc, details);
  return details;
}

function checkOne(r: Record<string, unknown>, at: string, details: ErrorDetail[]): void {
  if (r.source !== undefined && typeof r.source !== "string") details.push({ path: `${at}.source`, message: "must be a string" });
  if (r.provenance === undefined) return;
  if (!PROVENANCES.has(r.provenance as string)) details.push({ path: `${at}.provenance`, message: 'must be "sourced", "assumed" or "synthetic"' });
  else if (r.provenance === "sourced" && !(typeof r.source === "string" && r.source.trim() !== "")) {
    details.push({ path: `${at}.source`, message: "a sourced entry names its source" });
  }
}

function checkMilestones(list: unknown, details: ErrorDetail[]): void {
  if (list === undefined) return;
  if (!Array.isArray(list)) return void details.push({ path: "milestones", message: "must be an array" });
  list.forEach((m: unknown, i) => {
    const at = `milestones[${i}]`;
    if (!isRecord(m)) return void details.push({ path: at, message: "must be an object" });
    if (!(typeof m.at === "string" && isIsoWithOffset(m.at))) details.push({ path: `${at}.at`, message: "must be an ISO 8601 time with an offset" });
    if (m.population !== "residential") details.push({ path: `${at}.population`, message: 'must be "residential"' });
    if (!(typeof m.source === "string" && m.source.trim() !== "")) details.push({ path: `${at}.source`, message: "must name its source" });
    if (!isRecord(m.published)) return void details.push({ path: `${at}.published`, message: "must be an object" });
    for (const k of ["grid", "temporary", "dark"]) {
      const v = m.published[k];
      if (v !== undefined && !(Number.isInteger(v) && (v as number) >= 0)) details.push({ path: `${at}.published.${k}`, message: "must be a whole number ≥ 0" });
    }
    const share = m.published.gridShareMin;
    if (share !== undefined && !(typeof share === "number" && share >= 0 && share <= 1)) {
      details.push({ path: `${at}.published.gridShareMin`, message: "must be a share between 0 and 1" });
    }
  });
}

function checkForecasts(doc: Record<string, unknown>, details: ErrorDetail[]): void {
  const list = doc.forecasts;
  if (list === undefined) return;
  if (!Array.isArray(list)) return void details.push({ path: "forecasts", message: "must be an array" });
  const ids = (l: unknown) => new Set(Array.isArray(l) ? l.filter(isRecord).map((r) => r.id) : []);
  const substations = ids(doc.substations);
  const compounds = ids(doc.compounds);
  list.forEach((f: unknown, i) => {
    const at = `forecasts[${i}]`;
    if (!isRecord(f)) return void details.push({ path: at, message: "must be an object" });
    checkOne(f, at, details);
    const times: Record<string, number> = {};
    for (const k of ["at", "expected", "earliest", "latest"]) {
      const v = f[k];
      if (v === undefined && (k === "earliest" || k === "latest")) continue;
      if (!(typeof v === "string" && isIsoWithOffset(v))) details.push({ path: `${at}.${k}`, message: "must be an ISO 8601 time with an offset" });
      else times[k] = Date.parse(v);
    }
    if ((f.substation === undefined) === (f.compound === undefined)) details.push({ path: at, message: "must name exactly one of substation or compound" });
    else if (f.substation !== undefined && !substations.has(f.substation)) details.push({ path: `${at}.substation`, message: `unknown substation "${String(f.substation)}"` });
    else if (f.compound !== undefined && !compounds.has(f.compound)) details.push({ path: `${at}.compound`, message: `unknown compound "${String(f.compound)}"` });
    if (times.earliest !== undefined && times.expected !== undefined && times.earliest > times.expected) details.push({ path: `${at}.earliest`, message: "must not be after expected" });
    if (times.latest !== undefined && times.expected !== undefined && times.latest < times.expected) details.push({ path: `${at}.latest`, message: "must not be before expected" });
  });
}

function each(list: unknown, fn: (r: Record<string, unknown>, i: number) => void): void {
  if (Array.isArray(list)) list.forEach((r, i) => isRecord(r) && fn(r, i));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
