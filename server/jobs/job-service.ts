/**
 * Jobs as the HTTP API sees them: start an export, read a job's status and result, list an incident's recent jobs.
 * Roles and scope as for the incident routes: a commander starts jobs; any role may read the jobs of the incidents
 * its token covers.
 */
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import { isoInZone } from "../../shared/format-time.ts";
import type { JobStatus } from "../../shared/wire.ts";
import { actorOf, requireIncident, requireRole, type Caller } from "../incidents/authorize.ts";
import { exportJob, type ExportFile } from "./definitions/export-job.ts";
import type { JobQueue } from "./job-definition.ts";
import { parseJobPayload } from "./job-execution.ts";

export interface JobServiceDeps {
  jobs: JobQueue;
  /** throws not_found / forbidden like every incident route (IncidentService.getIncident) */
  readIncident(caller: Caller, id: string): Promise<unknown>;
  /** the incident's present (a replay's scenario clock): what an export describes when its request names no `at` */
  nowOf?(id: string): Promise<number>;
}

/** the fields POST /api/incidents/:id/exports takes (exportPayloadSchema's, but the incident and who asks) */
const EXPORT_REQUEST_FIELDS = new Set(["format", "lang", "at"]);

export type JobService = ReturnType<typeof createJobService>;

/**
 * @example
 * const jobService = createJobService({ jobs, readIncident: incidents.getIncident });
 * const status = await jobService.startExport(caller, incidentId, { format: "csv" });
 */
export function createJobService(deps: JobServiceDeps) {
  const { jobs } = deps;

  async function readableJob(caller: Caller, id: string): Promise<JobStatus> {
    const status = await jobs.status(id);
    if (!status) throw new LianxinError(ErrorCode.notFound, `no job ${id}`, [{ path: "jobId", message: "unknown or expired job" }]);
    if (status.incident !== null) requireIncident(caller, status.incident);
    else requireRole(caller, ["commander"], "read jobs of no incident");
    return status;
  }

  return {
    async startExport(caller: Caller, incident: string, body: unknown): Promise<JobStatus> {
      requireRole(caller, ["commander"], "export incidents");
      await deps.readIncident(caller, incident);
      const request = body !== null && typeof body === "object" ? (body as Record<string, unknown>) : {};
      const extra = Object.keys(request).filter((k) => !EXPORT_REQUEST_FIELDS.has(k));
      if (extra.length > 0) throw new LianxinError(ErrorCode.invalidInput, "invalid export request", extra.map((k) => ({ path: k, message: "unknown field" })));
      const { format, lang, at } = request;
      // a command post format describes an instant: fixed here, so a job that waits or retries describes the one asked for
      const present = at === undefined && format !== "json" && format !== "csv" && deps.nowOf ? isoInZone(await deps.nowOf(incident), "UTC") : undefined;
      const payload = parseJobPayload(exportJob, {
        incident, format, requestedBy: actorOf(caller),
        ...(lang === undefined ? {} : { lang }), ...(at === undefined ? (present === undefined ? {} : { at: present }) : { at }),
      });
      return jobs.add(exportJob, payload);
    },

    getJob: readableJob,

    async listJobs(caller: Caller, incident: string): Promise<JobStatus[]> {
      await deps.readIncident(caller, incident);
      return jobs.list(incident);
    },

    /** an export job's file; 409 while the job is not completed */
    async exportFile(caller: Caller, id: string): Promise<ExportFile> {
      const status = await readableJob(caller, id);
      if (status.kind !== "export") throw new LianxinError(ErrorCode.notFound, `job ${id} is a ${status.kind} job and has no file`, [{ path: "jobId", message: "not an export" }]);
      if (status.state !== "completed") {
        const why = status.state === "failed" ? `failed: ${status.error ?? "unknown error"}` : `is ${status.state}`;
        throw new LianxinError(ErrorCode.conflict, `export ${id} ${why}`, [{ path: "jobId", message: `job is ${status.state}` }]);
      }
      const file = (await jobs.result(id)) as ExportFile | null;
      if (!file) throw new LianxinError(ErrorCode.notFound, `export ${id} has expired`, [{ path: "jobId", message: "result expired" }]);
      return file;
    },
  };
}
