/**
 * The export job: an incident's record as one file. JSON = the scenario, the event log and every stored plan;
 * CSV = the event log, one row per event, times in the incident's time zone (ISO 8601 with its offset).
 * The file is the job's result: GET /api/jobs/:id/result serves it.
 */
import { z } from "zod";
import type { StoredEvent } from "../../../shared/events.ts";
import { isoInZone } from "../../../shared/format-time.ts";
import type { StoredPlan } from "../../../shared/wire.ts";
import type { JobDefinition } from "../job-definition.ts";
import { loadIncident } from "../../incidents/load-incident.ts";

export const exportPayloadSchema = z.strictObject({
  incident: z.string().min(1),
  format: z.enum(["json", "csv"], { error: 'must be "json" or "csv"' }),
  requestedBy: z.object({ id: z.string(), name: z.string(), role: z.enum(["commander", "crew", "viewer"]) }),
});

export type ExportPayload = z.infer<typeof exportPayloadSchema>;

export interface ExportFile {
  filename: string;
  contentType: string;
  body: string;
}

/**
 * @example
 * const status = await jobs.add(exportJob, { incident, format: "csv", requestedBy: actorOf(caller) });
 */
export const exportJob: JobDefinition<ExportPayload, ExportFile> = {
  name: "export",
  kind: "export",
  payloadSchema: exportPayloadSchema,
  async handler({ incident, format }, ctx) {
    ctx.progress(0, "reading the incident");
    const detail = await loadIncident(ctx.store, incident);
    const events = await ctx.store.listEvents(incident);
    ctx.progress(0.4, `read ${events.length} events`);
    const stamp = isoInZone(ctx.clock.now(), detail.timezone).slice(0, 16).replace(/[-:]/g, "").replace("T", "-");
    const filename = `${detail.scenario.id}-${stamp}.${format}`;
    if (format === "csv") {
      return { filename, contentType: "text/csv; charset=utf-8", body: eventsCsv(events, detail.timezone) };
    }
    const summaries = await ctx.store.listPlans(incident);
    const plans: StoredPlan[] = [];
    for (const [i, summary] of summaries.entries()) {
      const plan = await ctx.store.getPlan(incident, summary.id);
      if (plan) plans.push(plan);
      ctx.progress(0.4 + (0.5 * (i + 1)) / summaries.length, `read plan ${i + 1} of ${summaries.length}`);
    }
    const body = JSON.stringify({ incident: { id: detail.id, name: detail.name, timezone: detail.timezone }, scenario: detail.scenario, events, plans });
    return { filename, contentType: "application/json; charset=utf-8", body };
  },
};

const CSV_COLUMNS = ["seq", "id", "type", "at", "truck", "compound", "substation", "note", "receivedAt", "by"] as const;

/**
 * The event log as CSV (RFC 4180), field times and receipt times in `zone`.
 *
 * @example
 * eventsCsv(events, "Asia/Shanghai"); // "seq,id,type,at,…\r\n1,…,truck.arrived,2021-07-22T14:00:00+08:00,…"
 */
export function eventsCsv(events: readonly StoredEvent[], zone: string): string {
  const rows = events.map((e) => {
    const cells: Record<(typeof CSV_COLUMNS)[number], string> = {
      seq: String(e.seq),
      id: e.id,
      type: e.type,
      at: isoInZone(Date.parse(e.at), zone),
      truck: e.truck ?? "",
      compound: e.compound ?? "",
      substation: e.substation ?? "",
      note: e.note ?? "",
      receivedAt: isoInZone(Date.parse(e.receivedAt), zone),
      by: e.by,
    };
    return CSV_COLUMNS.map((c) => csvCell(cells[c])).join(",");
  });
  return [CSV_COLUMNS.join(","), ...rows].join("\r\n") + "\r\n";
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
