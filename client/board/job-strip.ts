/**
 * The board's job strip: background jobs of this incident as the server reports them (socket `job`): running ones
 * with their progress, waiting and retrying ones, and failures with their error until dismissed. A job that
 * completes is shown briefly, then leaves. Each row carries `data-job-id` and `data-job-state`.
 */
import { refusalText } from "../common/refusal-text.ts";
import type { JobKind, JobStatus } from "../../shared/wire.ts";
import { h, replaceChildren } from "../common/dom.ts";
import { formatClockTime, zoneLabel } from "../common/format.ts";
import { lang } from "../common/i18n.ts";

export interface JobStrip {
  element: HTMLElement;
  /** a status from the socket or the job list; older news about a job than what is shown is ignored */
  job(status: JobStatus): void;
  relabel(): void;
}

/** how long a completed job stays in the strip */
const COMPLETED_SHOWN_MS = 6_000;
/** failures older than this are not brought back from the job list when the board opens */
const RECENT_FAILURE_MS = 6 * 3600_000;

const WORDS = {
  zh: {
    kinds: { plan: "计划", replay: "回放", export: "导出", counterfactual: "反事实推演", score: "演练评分" } as Record<JobKind, string>,
    queued: "排队中",
    active: "进行中",
    retrying: "重试中",
    failed: "失败",
    completed: "已完成",
    attempt: (n: number, of: number) => `第 ${n}/${of} 次`,
    dismiss: "知道了",
    loadFailed: (e: string) => `无法读取后台任务：${e}`,
  },
  en: {
    kinds: { plan: "Plan", replay: "Replay", export: "Export", counterfactual: "Counterfactual", score: "Exercise score" } as Record<JobKind, string>,
    queued: "queued",
    active: "running",
    retrying: "retrying",
    failed: "failed",
    completed: "done",
    attempt: (n: number, of: number) => `attempt ${n} of ${of}`,
    dismiss: "dismiss",
    loadFailed: (e: string) => `Could not read the background jobs: ${e}`,
  },
};

/**
 * @example
 * const strip = createJobStrip("Asia/Shanghai", () => fetchJobs(incidentId));
 * live.on("job", strip.job);
 */
export function createJobStrip(zone: string, loadRecent?: () => Promise<JobStatus[]>): JobStrip {
  const element = h("section", { class: "job-strip", "aria-live": "polite" });
  const shown = new Map<string, JobStatus>();
  const timers = new Map<string, number>();
  /** why the job list could not be read when the board opened ("" when it was) */
  let loadError = "";

  function render(): void {
    const words = WORDS[lang() === "zh" ? "zh" : "en"];
    const rows = [...shown.values()].sort((a, b) => a.updatedAt.localeCompare(b.updatedAt)).map((job) => row(job, words));
    if (loadError) rows.push(h("div", { class: "job job-failed", role: "alert" }, h("span", { class: "job-error" }, words.loadFailed(loadError))));
    replaceChildren(element, ...rows);
    element.hidden = rows.length === 0;
  }

  function row(job: JobStatus, words: (typeof WORDS)["en"]): HTMLElement {
    const percent = Math.round((job.progress ?? 0) * 100);
    const attempt = job.maxAttempts > 1 && (job.attempt > 1 || job.state === "retrying" || job.state === "failed") ? ` · ${words.attempt(job.attempt, job.maxAttempts)}` : "";
    return h("div", { class: `job job-${job.state}`, "data-job-id": job.id, "data-job-state": job.state },
      h("span", { class: "job-kind" }, words.kinds[job.kind] ?? job.kind),
      h("span", { class: "job-state" }, `${words[job.state]}${attempt}`),
      job.state === "active" && h("span", { class: "job-bar", title: `${percent} %` }, h("span", { class: "job-bar-fill", style: `width: ${percent}%` })),
      job.state === "active" && h("span", { class: "job-percent" }, `${percent} %`),
      job.message && job.state === "active" && h("span", { class: "job-message" }, job.message),
      job.error && (job.state === "failed" || job.state === "retrying") && h("span", { class: "job-error" }, job.error),
      // wall time of the job's last news (not the scenario clock of a replay), in the incident's zone
      h("span", { class: "job-time" }, `${formatClockTime(job.updatedAt, zone)} ${zoneLabel(zone, Date.parse(job.updatedAt))}`),
      job.state === "failed" && h("button", { class: "chip job-dismiss", onclick: () => forget(job.id) }, words.dismiss));
  }

  function forget(id: string): void {
    shown.delete(id);
    window.clearTimeout(timers.get(id));
    timers.delete(id);
    render();
  }

  function accept(status: JobStatus): void {
    const known = shown.get(status.id);
    // statuses of one job can arrive out of order from different processes: keep the newest
    if (known && known.updatedAt > status.updatedAt) return;
    shown.set(status.id, status);
    window.clearTimeout(timers.get(status.id));
    if (status.state === "completed") timers.set(status.id, window.setTimeout(() => forget(status.id), COMPLETED_SHOWN_MS));
    render();
  }

  render();
  void loadRecent?.()
    .then((jobs) => {
      const since = new Date(Date.now() - RECENT_FAILURE_MS).toISOString();
      // a replay's next tick waits queued most of the time: like the server (quietRoutineJobs), show only its trouble
      const worth = (job: JobStatus) => (job.kind === "replay" ? job.state === "failed" || job.state === "retrying" : job.state !== "completed");
      for (const job of jobs) if (worth(job) && (job.state !== "failed" || job.updatedAt >= since) && !shown.has(job.id)) accept(job);
    })
    .catch((e: unknown) => {
      loadError = refusalText(e, null);
      render();
    });

  return { element, job: accept, relabel: render };
}
