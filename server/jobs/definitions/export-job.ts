/**
 * The export job: an incident's record as one file. JSON = the scenario, the event log and every stored plan;
 * CSV = the event log, one row per event, times in the incident's time zone (ISO 8601 with its offset). The
 * command post's formats (#16 item 5) describe the incident at an instant (`at`, default the incident's present)
 * in a language (`lang`, default zh-CN): geojson and kml (the map), ics204 / ics204-csv (assignments per truck),
 * ics214 / ics214-csv (activity log per unit) and sitrep (a one-page situation report). Each is a pure function
 * in server/exports/; this job only reads and calls them.
 * The file is the job's result: GET /api/jobs/:id/result serves it.
 */
import { z } from "zod";
import type { StoredEvent } from "../../../shared/events.ts";
import { isoInZone } from "../../../shared/format-time.ts";
import { isoTime } from "../../../shared/scenario-schemas.ts";
import type { StoredPlan } from "../../../shared/wire.ts";
import type { JobContext, JobDefinition } from "../job-definition.ts";
import { loadIncident } from "../../incidents/load-incident.ts";
import { csvTable } from "../../exports/csv-table.ts";
import { EXPORT_LANGS, type ExportLang } from "../../exports/export-words.ts";
import { loadExportSnapshot, type ExportSnapshot } from "../../exports/export-snapshot.ts";
import { geojsonExport, type MapExportInput } from "../../exports/geojson-export.ts";
import { kmlExport } from "../../exports/kml-export.ts";
import { ics204Csv, ics204Html, type AssignmentInput } from "../../exports/ics204-export.ts";
import { sitrepHtml } from "../../exports/sitrep-export.ts";
import { sitrepInput } from "../../exports/sitrep-input.ts";
import { ics214Csv, ics214Html, type ActivityInput } from "../../exports/ics214-export.ts";

export const EXPORT_FORMATS = ["json", "csv", "geojson", "kml", "ics204", "ics204-csv", "ics214", "ics214-csv", "sitrep"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const exportPayloadSchema = z.strictObject({
  incident: z.string().min(1),
  format: z.enum(EXPORT_FORMATS, { error: `must be one of ${EXPORT_FORMATS.map((f) => `"${f}"`).join(", ")}` }),
  /** the words of the human-read formats; default zh-CN */
  lang: z.enum(EXPORT_LANGS, { error: 'must be "zh-CN" or "en"' }).optional(),
  /** the instant described, ISO 8601 with offset; default the incident's present when the export was asked for */
  at: isoTime.optional(),
  requestedBy: z.object({ id: z.string(), name: z.string(), role: z.enum(["commander", "crew", "viewer"]) }),
});

export type ExportPayload = z.infer<typeof exportPayloadSchema>;

export interface ExportFile {
  filename: string;
  contentType: string;
  body: string;
  /** the format asked for, and the instant a command post format describes (ISO in the incident's zone) */
  format?: ExportFormat;
  at?: string;
}

const CONTENT_TYPES: Record<Exclude<ExportFormat, "json" | "csv">, { ext: string; type: string }> = {
  geojson: { ext: "geojson", type: "application/geo+json; charset=utf-8" },
  kml: { ext: "kml", type: "application/vnd.google-earth.kml+xml; charset=utf-8" },
  ics204: { ext: "html", type: "text/html; charset=utf-8" },
  "ics204-csv": { ext: "csv", type: "text/csv; charset=utf-8" },
  ics214: { ext: "html", type: "text/html; charset=utf-8" },
  "ics214-csv": { ext: "csv", type: "text/csv; charset=utf-8" },
  sitrep: { ext: "html", type: "text/html; charset=utf-8" },
};

/**
 * @example
 * const status = await jobs.add(exportJob, { incident, format: "csv", requestedBy: actorOf(caller) });
 */
export const exportJob: JobDefinition<ExportPayload, ExportFile> = {
  name: "export",
  kind: "export",
  payloadSchema: exportPayloadSchema,
  async handler(payload, ctx) {
    const { incident, format } = payload;
    ctx.progress(0, "reading the incident");
    const detail = await loadIncident(ctx.store, incident);
    const events = await ctx.store.listEvents(incident);
    ctx.progress(0.4, `read ${events.length} events`);
    if (format === "json" || format === "csv") {
      const stamp = fileStamp(ctx.clock.now(), detail.timezone);
      const filename = `${detail.scenario.id}-${stamp}.${format}`;
      if (format === "csv") return { filename, contentType: "text/csv; charset=utf-8", body: eventsCsv(events, detail.timezone) };
      const plans = await allPlans(incident, ctx);
      const body = JSON.stringify({ incident: { id: detail.id, name: detail.name, timezone: detail.timezone }, scenario: detail.scenario, events, plans });
      return { filename, contentType: "application/json; charset=utf-8", body };
    }
    const atMs = payload.at === undefined ? ctx.clock.now() : Date.parse(payload.at);
    const lang: ExportLang = payload.lang ?? "zh-CN";
    const snapshot = await loadExportSnapshot(ctx.store, detail, events, atMs, { routes: format === "geojson" || format === "kml" });
    ctx.progress(0.8, `writing ${format}`);
    const { ext, type } = CONTENT_TYPES[format];
    const body = format === "sitrep"
      ? sitrepHtml(sitrepInput(snapshot, payload.requestedBy.name, await previousSitrepAt(incident, atMs, ctx)), lang)
      : render(format, snapshot, lang, payload.requestedBy.name);
    return { filename: `${detail.scenario.id}-${fileStamp(atMs, detail.timezone)}-${format}.${ext}`, contentType: type, body, format, at: isoInZone(atMs, detail.timezone) };
  },
};

/** the file's text: one pure function per format */
function render(format: Exclude<ExportFormat, "json" | "csv" | "sitrep">, s: ExportSnapshot, lang: ExportLang, preparedBy: string): string {
  switch (format) {
    case "geojson":
      return geojsonExport(mapInput(s));
    case "kml":
      return kmlExport(mapInput(s), { lang, title: s.detail.name, timezone: s.detail.timezone });
    case "ics204":
      return ics204Html(assignmentInput(s, preparedBy), lang);
    case "ics204-csv":
      return ics204Csv(assignmentInput(s, preparedBy));
    case "ics214":
      return ics214Html(activityInput(s, preparedBy), lang);
    case "ics214-csv":
      return ics214Csv(activityInput(s, preparedBy), lang);
  }
}

function assignmentInput(s: ExportSnapshot, preparedBy: string): AssignmentInput {
  return {
    incident: s.detail, timezone: s.detail.timezone, atMs: s.atMs, preparedBy, scenario: s.detail.scenario,
    compounds: s.current.compounds, state: s.state, plan: s.plan,
  };
}

function activityInput(s: ExportSnapshot, preparedBy: string): ActivityInput {
  return { incident: s.detail, timezone: s.detail.timezone, atMs: s.atMs, preparedBy, events: s.events, scenario: s.detail.scenario, compounds: s.current.compounds };
}

/** completed exports looked at for the previous sitrep, newest first */
const PREVIOUS_LOOKUPS = 50;

/**
 * The instant of the latest earlier sitrep export of the incident that the queue still holds (an hour with Redis,
 * the last 200 jobs in-process); null when none.
 */
async function previousSitrepAt(incident: string, atMs: number, ctx: JobContext): Promise<number | null> {
  let best: number | null = null;
  const exports = (await ctx.jobs.list(incident)).filter((j) => j.kind === "export" && j.state === "completed" && j.id !== ctx.jobId);
  for (const job of exports.slice(0, PREVIOUS_LOOKUPS)) {
    const file = (await ctx.jobs.result(job.id)) as ExportFile | null;
    if (file?.format !== "sitrep" || file.at === undefined) continue;
    const ms = Date.parse(file.at);
    if (ms < atMs && (best === null || ms > best)) best = ms;
  }
  return best;
}

function mapInput(s: ExportSnapshot): MapExportInput {
  return { scenario: s.detail.scenario, current: s.current, state: s.state, plan: s.plan, routes: s.routes };
}

/** "20210725-2330": an instant in the incident's zone, for file names */
function fileStamp(ms: number, zone: string): string {
  return isoInZone(ms, zone).slice(0, 16).replace(/[-:]/g, "").replace("T", "-");
}

async function allPlans(incident: string, ctx: JobContext): Promise<StoredPlan[]> {
  const summaries = await ctx.store.listPlans(incident);
  const plans: StoredPlan[] = [];
  for (const [i, summary] of summaries.entries()) {
    const plan = await ctx.store.getPlan(incident, summary.id);
    if (plan) plans.push(plan);
    ctx.progress(0.4 + (0.5 * (i + 1)) / summaries.length, `read plan ${i + 1} of ${summaries.length}`);
  }
  return plans;
}

const CSV_COLUMNS = ["seq", "id", "type", "at", "truck", "compound", "substation", "note", "receivedAt", "by"] as const;

/**
 * The event log as CSV (RFC 4180), field times and receipt times in `zone`.
 *
 * @example
 * eventsCsv(events, "Asia/Shanghai"); // "seq,id,type,at,…\r\n1,…,truck.arrived,2021-07-22T14:00:00+08:00,…"
 */
export function eventsCsv(events: readonly StoredEvent[], zone: string): string {
  const rows = events.map((e) => [
    String(e.seq),
    e.id,
    e.type,
    isoInZone(Date.parse(e.at), zone),
    e.truck ?? "",
    e.compound ?? "",
    e.substation ?? "",
    e.note ?? "",
    isoInZone(Date.parse(e.receivedAt), zone),
    e.by,
  ]);
  return csvTable(CSV_COLUMNS, rows);
}
