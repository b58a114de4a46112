/**
 * The body of POST /api/incidents/:id/events, checked field by field (zod) so that a client learns every bad field
 * at once. Shape only: whether the truck exists or the step makes sense is validateEvent's job (422, not 400).
 */
import { z } from "zod";
import { ErrorCode, LianxinError, type ErrorDetail } from "../errors.ts";
import { EVENT_TYPES, type EventInput, type EventType } from "../events.ts";
import { areaGeometry, compound, formatPath, isoTime } from "../scenario-schemas.ts";

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const MAX_NOTE_LENGTH = 2_000;

const str = z.string({ error: "must be a string" });
const id = str.min(1, { error: "must be a non-empty string" }).max(200, { error: "must be at most 200 characters" });
export const eventInputCommon = z.looseObject({
  id: str.regex(UUID_RE, { error: "must be a UUID (client-generated, e.g. crypto.randomUUID())" }),
  type: z.enum(EVENT_TYPES as [EventType, ...EventType[]], { error: `must be one of ${EVENT_TYPES.join(", ")}` }),
  at: isoTime,
  note: str.max(MAX_NOTE_LENGTH, { error: `must be at most ${MAX_NOTE_LENGTH} characters` }).optional(),
});

/** Which fields each type needs (true) or may carry (false); any other field is refused so client bugs surface. */
const FIELDS: Record<EventType, Partial<Record<"truck" | "compound" | "substation" | "zone" | "details", boolean>>> = {
  "truck.dispatched": { truck: true, compound: true },
  "truck.arrived": { truck: true, compound: true },
  "cable.laid": { truck: true, compound: true },
  "switched.on": { truck: true, compound: true },
  "truck.released": { truck: true, compound: false },
  "truck.broken": { truck: true, compound: false },
  "grid.restored": { compound: true },
  "substation.restored": { substation: true },
  "road.closed": { zone: true },
  "road.opened": { zone: true },
  "compound.reported": { compound: true, details: true },
};
// the zone and the reported compound are checked exactly as a scenario's flood zone and compound are, so a
// compound accepted here is one the planner accepts when the log is turned into a scenario
const FIELD_SCHEMAS = { truck: id, compound: id, substation: id, zone: areaGeometry, details: compound } as const;
const COMMON_KEYS = new Set(["id", "type", "at", "note"]);

/**
 * Parses an untrusted body into an EventInput with only the fields its type uses.
 * Throws LianxinError(invalid_input) naming every bad field.
 *
 * @example
 * parseEventInput({ id: crypto.randomUUID(), type: "truck.arrived", at: "2021-07-22T10:00:00+08:00", truck: "sc-1", compound: "jincheng" });
 */
export function parseEventInput(body: unknown): EventInput {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new LianxinError(ErrorCode.invalidInput, "the event must be a JSON object", [{ path: "", message: "must be a JSON object" }]);
  }
  const raw = body as Record<string, unknown>;
  const details: ErrorDetail[] = [];
  const base = eventInputCommon.safeParse(raw);
  if (!base.success) for (const i of base.error.issues) details.push({ path: formatPath(i.path), message: i.message });
  const type = EVENT_TYPES.includes(raw.type as EventType) ? (raw.type as EventType) : null;
  const out: Record<string, unknown> = {};
  if (type) {
    const fields = FIELDS[type];
    for (const key of Object.keys(raw)) {
      if (!COMMON_KEYS.has(key) && !(key in fields)) details.push({ path: key, message: `not used by ${type}` });
    }
    for (const [key, required] of Object.entries(fields) as [keyof typeof FIELD_SCHEMAS, boolean][]) {
      if (raw[key] === undefined) {
        if (required) details.push({ path: key, message: `required for ${type}` });
        continue;
      }
      const r = FIELD_SCHEMAS[key].safeParse(raw[key]);
      if (r.success) out[key] = r.data;
      else for (const i of r.error.issues) details.push({ path: formatPath([key, ...i.path]), message: i.message });
    }
    if (type === "compound.reported" && isRecord(raw.details) && raw.details.id !== raw.compound) {
      details.push({ path: "details.id", message: "must equal compound" });
    }
  }
  if (details.length > 0 || !base.success) {
    throw new LianxinError(ErrorCode.invalidInput, `invalid event: ${details.map((d) => `${d.path || "(body)"}: ${d.message}`).join("; ")}`, details);
  }
  const { id: eventId, at, note } = base.data;
  return { id: eventId, type: type!, at, ...out, ...(note !== undefined ? { note } : {}) } as EventInput;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
