/**
 * The after-action report link of an exercise's board (#18): GET /api/exercises/:id/report needs the bearer token,
 * which a plain link cannot send, so the button fetches the report with the page's token and opens it in a new tab
 * as a blob URL. The tab is opened in the click itself (a tab opened after an await would be blocked as a pop-up)
 * and filled when the report is there. Before the first scorecard the server answers 202 with the score job: the
 * tab says so, and the report is fetched again when the board hears that job complete (its `job` event).
 */
import type { JobStatus } from "../../shared/wire.ts";
import { h, setText } from "../common/dom.ts";
import { t } from "../common/i18n.ts";

export interface ReportLink {
  element: HTMLButtonElement;
  /** a job event of the incident: the score job the link waits for, when it is that one */
  job(status: JobStatus): void;
  relabel(): void;
}

/**
 * @example
 * const link = createReportLink(() => api.exerciseReport(incidentId));
 * live.on("job", link.job);
 */
export function createReportLink(load: () => Promise<{ html: string } | { job: JobStatus }>): ReportLink {
  let waitingFor: string | null = null;
  let tab: Window | null = null;
  let url: string | null = null;
  // the job's completion may reach the board (socket) before its 202 does (HTTP): remember what has finished
  const finished = new Map<string, JobStatus>();
  const element = h("button", { class: "chip", "data-action": "after-action-report", onclick: () => void open() });

  function relabel(): void {
    setText(element, waitingFor === null ? t("reportButton") : t("reportComputing"));
    element.dataset.state = waitingFor === null ? "idle" : "computing";
  }

  function say(text: string): void {
    if (tab && !tab.closed) {
      tab.document.title = t("reportButton");
      tab.document.body.textContent = text;
    }
  }

  async function open(): Promise<void> {
    if (!tab || tab.closed) tab = window.open("", "_blank");
    await fill();
  }

  async function fill(): Promise<void> {
    try {
      const answer = await load();
      if ("job" in answer) {
        waitingFor = answer.job.id;
        say(t("reportComputingPage"));
        const already = finished.get(answer.job.id);
        if (already) return settle(already);
      } else {
        waitingFor = null;
        if (url) URL.revokeObjectURL(url);
        url = URL.createObjectURL(new Blob([answer.html], { type: "text/html;charset=utf-8" }));
        if (tab && !tab.closed) tab.location.href = url;
        tab = null;
      }
    } catch (e) {
      waitingFor = null;
      say(t("reportFailed", { e: e instanceof Error ? e.message : String(e) }));
    }
    relabel();
  }

  /** the awaited score job is done: the report again, or why not */
  function settle(status: JobStatus): void {
    if (status.state === "completed") {
      void fill();
      return;
    }
    waitingFor = null;
    say(t("reportFailed", { e: status.error ?? status.state }));
    relabel();
  }

  relabel();
  return {
    element,
    job(status) {
      if (status.kind !== "score" || (status.state !== "completed" && status.state !== "failed")) return;
      finished.set(status.id, status);
      if (status.id === waitingFor) settle(status);
    },
    relabel,
  };
}
