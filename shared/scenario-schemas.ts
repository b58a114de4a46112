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
  const plain = PLAIN_ISO.exec(s);
  // the usual form, a real day: luxon takes it and reads it as Date.parse does (the slow path's answer), without
  // luxon's parser (~70 µs a time: a city's timeline has thousands, and the plan CLI is timed whole, issue #15)
  if (plain && Number(plain[3]) <= new Date(Date.UTC(Number(plain[1]), Number(plain[2]), 0)).getUTCDate()) return rangeProblem(Date.parse(s));
  if (!OFFSET_RE.test(s) || !s.includes("T")) return ISO_MESSAGE;
  const luxon = DateTime.fromISO(s, { setZone: true });
  if (!luxon.isValid) return luxon.invalidReason === "unit out of range" ? "must be a real date and time (no 30 February, no minute 60)" : ISO_MESSAGE;
  const ms = luxon.toMillis();
  if (Date.parse(s) !== ms) return "must be written as YYYY-MM-DDThh:mm[:ss[.sss]] with an offset, e.g. 2021-07-25T23:30:00+08:00";
  return rangeProblem(ms);
}

function rangeProblem(ms: number): string | null {
  if (ms < EARLIEST_TIME_MS) return "must not be before 1900-01-01T00:00Z";
  if (ms > LATEST_TIME_MS) return "must not be after 9999-12-31";
  return null;
}

/**
 * YYYY-MM-DDThh:mm[:ss[.sss]] with Z or a whole-quarter-hour offset up to ±14:00; the day may still be past the
 * month's end (checked beside it)
 */
const PLAIN_ISO = /^([1-9]\d{3})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{3})?)?(?:Z|[+-](?:0\d|1[0-4]):(?:00|15|30|45))$/;
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

/**
 * At most this many positions in one line or ring (OpenStreetMap caps a way at 2,000 nodes), rings in a polygon,
 * polygons in a MultiPolygon.
 */
export const MAX_POSITIONS = 100_000;
export const MAX_PARTS = 10_000;
/**
 * A list reports its first MAX_BAD_ENTRIES bad entries, then one line saying it stopped. zod's own array check makes
 * an issue per bad element: a 5 MB body of 1.5 million bad positions took 24 s and 1.2 GB, or overflowed zod's
 * stack (a 500 instead of a 400). The error table shows 100 details anyway.
 */
export const MAX_BAD_ENTRIES = 20;

/**
 * An array whose entries are each checked by `item`, with at most `max` entries; the same messages as z.array,
 * but bounded work on a bad one (MAX_BAD_ENTRIES). The value is the input itself (no entry schema transforms).
 */
export function boundedList<T extends z.ZodType>(item: T, max: number, messages: { array: string; max: string; min?: readonly [number, string] }): z.ZodType<z.output<T>[]> {
  let list = z.array(z.unknown(), { error: messages.array }).max(max, { error: messages.max });
  if (messages.min) list = list.min(messages.min[0], { error: messages.min[1] });
  return list.superRefine((entries, ctx) => {
    if (entries.length > max) return; // refused whole already: no need to look inside
    let bad = 0;
    for (let i = 0; i < entries.length; i++) {
      const r = item.safeParse(entries[i]);
      if (r.success) continue;
      for (const issue of r.error.issues) ctx.addIssue({ code: "custom", path: [i, ...issue.path], message: issue.message });
      if (++bad === MAX_BAD_ENTRIES && i < entries.length - 1) {
        ctx.addIssue({ code: "custom", path: [i + 1], message: `${MAX_BAD_ENTRIES} bad entries before this one: the rest were not checked` });
        return;
      }
    }
  }) as unknown as z.ZodType<z.output<T>[]>;
}

/** why p is not a position, or null; the messages of `position` */
function positionProblem(p: unknown): string | null {
  if (!Array.isArray(p) || !(p.length === 2 || p.length === 3)) return "must be a [longitude, latitude] position";
  for (const n of p) if (typeof n !== "number" || !Number.isFinite(n)) return "must be a [longitude, latitude] position";
  if (Math.abs(p[0] as number) > 180 || Math.abs(p[1] as number) > 90) return "longitude must be within ±180 and latitude within ±90";
  return null;
}

/**
 * An array of positions checked in one loop that reports the first bad one: a road network has hundreds of
 * thousands of positions, and a bad one tells the sender what to fix.
 */
function positionList(min: number, minMessage: string, maxMessage: string): z.ZodType<number[][]> {
  return z
    .array(z.unknown(), { error: "must be an array of positions" })
    .min(min, { error: minMessage })
    .max(MAX_POSITIONS, { error: maxMessage })
    .superRefine((list, ctx) => {
      if (list.length > MAX_POSITIONS) return;
      for (let i = 0; i < list.length; i++) {
        const problem = positionProblem(list[i]);
        if (problem !== null) return void ctx.addIssue({ code: "custom", path: [i], message: problem });
      }
    }) as unknown as z.ZodType<number[][]>;
}

export const lineCoords = positionList(2, "a line needs at least 2 positions", `a line has at most ${MAX_POSITIONS} positions`);
export const ring = positionList(4, "a polygon ring needs at least 4 positions", `a polygon ring has at most ${MAX_POSITIONS} positions`).refine(
  (r) => r.length < 4 || samePosition(r[0], r[r.length - 1]),
  { error: "a polygon ring must be closed (first position = last)" },
);
export const polygonCoords = boundedList(ring, MAX_PARTS, { array: "must be an array of rings", max: `a polygon has at most ${MAX_PARTS} rings`, min: [1, "a polygon needs at least one ring"] });

/** A GeoJSON Polygon or MultiPolygon: flood zones here, road closures in events (parse-event-input.ts). */
export const areaGeometry = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("Polygon"), coordinates: polygonCoords }),
    z.object({ type: z.literal("MultiPolygon"), coordinates: boundedList(polygonCoords, MAX_PARTS, { array: "must be an array of polygons", max: `at most ${MAX_PARTS} polygons`, min: [1, "needs at least one polygon"] }) }),
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
  feeder: id.optional(),
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
