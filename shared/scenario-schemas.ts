/**
 * The zod building blocks of the scenario contract that other documents reuse: times with an offset, positions,
 * polygons and the compound. Events (parse-event-input.ts) and a scenario's timeline (validate-timeline.ts) check
 * their zones and reported compounds with exactly these, so whatever they accept the planner accepts too.
 * A module of its own so that validate-scenario.ts can check a timeline (which needs the event parser) without an
 * import cycle.
 */
import { z } from "zod";
import { DateTime } from "luxon";
import { ErrorCode, LianxinError, type ErrorDetail } from "./errors.ts";

/** ISO 8601 with an explicit offset ("Z" or ±hh:mm): a time without one is ambiguous across zones. */
const OFFSET_RE = /(Z|[+-]\d{2}(:?\d{2})?)$/i;

/**
 * The earliest and latest instants a time may name: a time before 1900 is a typo (year 0000 or 1021 for 2021), and
 * PostgreSQL refuses some of them (year 0000 is 22008 there) only after validation has passed; after 9999 the year
 * no longer fits ISO 8601's four digits, which is what the stores write back.
 */
export const EARLIEST_TIME_MS = Date.UTC(1900, 0, 1);
export const LATEST_TIME_MS = Date.UTC(10000, 0, 1) - 1;

/**
 * Why `s` is not a time this system takes, or null when it is: an ISO 8601 timestamp with an explicit offset, a
 * real calendar date (not 2021-02-30) between 1900-01-01T00:00Z and 9999-12-31T23:59:59.999Z, in a form that
 * `Date.parse` reads as luxon does (the stores and the derivation read times with Date.parse, so a week date or
 * "T10Z", which luxon takes and Date.parse does not, would be NaN there).
 *
 * @example
 * isoTimeProblem("2021-02-30T10:00:00+08:00"); // "must be a real date and time …"
 * isoTimeProblem("0000-01-01T00:00:00Z");      // "must not be before 1900-01-01T00:00Z"
 */
export function isoTimeProblem(s: string): string | null {
  if (!OFFSET_RE.test(s) || !s.includes("T")) return ISO_MESSAGE;
  const luxon = DateTime.fromISO(s, { setZone: true });
  if (!luxon.isValid) return luxon.invalidReason === "unit out of range" ? "must be a real date and time (no 30 February, no minute 60)" : ISO_MESSAGE;
  const ms = luxon.toMillis();
  if (Date.parse(s) !== ms) return "must be written as YYYY-MM-DDThh:mm[:ss[.sss]] with an offset, e.g. 2021-07-25T23:30:00+08:00";
  if (ms < EARLIEST_TIME_MS) return "must not be before 1900-01-01T00:00Z";
  if (ms > LATEST_TIME_MS) return "must not be after 9999-12-31";
  return null;
}
const ISO_MESSAGE = "must be an ISO 8601 time with an offset, e.g. 2021-07-25T23:30:00+08:00";

/** true when `s` is an ISO 8601 timestamp carrying an explicit offset that isoTimeProblem accepts. */
export function isIsoWithOffset(s: string): boolean {
  return isoTimeProblem(s) === null;
}

export const str = z.string({ error: "must be a string" });
export const id = str.min(1, { error: "must be a non-empty string" });
export const finite = z.number({ error: "must be a number" }).refine(Number.isFinite, { error: "must be a finite number" });
export const positive = finite.refine((n) => n > 0, { error: "must be a positive number" });
export const nonNegative = finite.refine((n) => n >= 0, { error: "must be a number ≥ 0" });
export const positiveInt = z
  .number({ error: "must be a positive integer" })
  .refine((n) => Number.isInteger(n) && n > 0, { error: "must be a positive integer" });
/** A time field: the message says what is wrong with it (isoTimeProblem). */
export const isoTime = str.superRefine((value, ctx) => {
  const problem = isoTimeProblem(value);
  if (problem !== null) ctx.addIssue({ code: "custom", message: problem });
});

export const position = z
  .array(finite, { error: "must be a [longitude, latitude] position" })
  .refine((p) => p.length === 2 || p.length === 3, { error: "must be a [longitude, latitude] position" })
  .refine((p) => p.length < 2 || (Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90), {
    error: "longitude must be within ±180 and latitude within ±90",
  });
export const lonLat = position.refine((p) => p.length === 2, { error: "must be [longitude, latitude]" });

export const lineCoords = z.array(position, { error: "must be an array of positions" }).min(2, { error: "a line needs at least 2 positions" });
export const ring = z
  .array(position, { error: "must be an array of positions" })
  .min(4, { error: "a polygon ring needs at least 4 positions" })
  .refine((r) => r.length < 4 || samePosition(r[0], r[r.length - 1]), { error: "a polygon ring must be closed (first position = last)" });
export const polygonCoords = z.array(ring, { error: "must be an array of rings" }).min(1, { error: "a polygon needs at least one ring" });

/** A GeoJSON Polygon or MultiPolygon: flood zones here, road closures in events (parse-event-input.ts). */
export const areaGeometry = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("Polygon"), coordinates: polygonCoords }),
    z.object({ type: z.literal("MultiPolygon"), coordinates: z.array(polygonCoords, { error: "must be an array of polygons" }).min(1, { error: "needs at least one polygon" }) }),
  ],
  { error: "must be a Polygon or MultiPolygon geometry" },
);

/** One compound: in a scenario, and newly reported in a compound.reported event (parse-event-input.ts). */
export const compound = z.looseObject({
  id,
  name: str,
  location: lonLat,
  households: positiveInt,
  loadKw: positive,
  substation: id,
  outageStart: isoTime,
  gridRestoredAt: isoTime.nullable().optional(),
  cableLengthM: nonNegative.optional(),
  setupHours: nonNegative.optional(),
  priority: positive.optional(),
  address: str.optional(),
  kind: str.optional(),
});
function samePosition(a: number[], b: number[]): boolean {
  return Array.isArray(a) && Array.isArray(b) && a[0] === b[0] && a[1] === b[1];
}

/** zod path → "compounds[3].households" */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const k of path) {
    if (typeof k === "number") out += `[${k}]`;
    else out += out === "" ? String(k) : `.${String(k)}`;
  }
  return out;
}

/**
 * A request body checked against a zod schema: the parsed value, or LianxinError(invalid_input) naming every bad
 * field (an unknown field by its own key, which zod reports on the parent object).
 *
 * @example
 * const body = parseRequest(z.strictObject({ speed: z.number() }), req.body, "invalid replay clock change");
 */
export function parseRequest<T>(schema: z.ZodType<T>, doc: unknown, message: string): T {
  const r = schema.safeParse(doc);
  if (r.success) return r.data;
  const details: ErrorDetail[] = r.error.issues.flatMap((i) =>
    i.code === "unrecognized_keys"
      ? i.keys.map((key) => ({ path: formatPath([...i.path, key]), message: "unknown field" }))
      : [{ path: formatPath(i.path), message: i.message }],
  );
  throw new LianxinError(ErrorCode.invalidInput, message, details);
}
