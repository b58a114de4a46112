/**
 * The replay and counterfactual panel: "Replay this scenario" (a new incident replaying the scenario's timeline) and
 * "Compute counterfactual" (re-plan at the decision times from what was known then, and set the result against what
 * happened). The computation runs as a background job; its progress arrives as socket `job` messages, then the panel
 * shows the totals and one row per compound, times in the scenario's zone.
 *
 * The headline (#14 item 5) is the saving with only what each decision knew then (the grid returns announced by
 * then), with the saving under foresight of the true returns beside it as the upper bound no commander had; then the
 * unweighted household-hours and how much of the saving five compounds make.
 *
 * For tests and other tools: `data-counterfactual` on the panel (idle | running | ready | failed), `data-cf-headline`
 * on the saving without foresight, `data-cf-foresight` on the one with it, and `data-compound-id` on each compound
 * row.
 */
import { refusalText } from "../common/refusal-text.ts";
import type { Scenario } from "../../shared/scenario.ts";
import type { CounterfactualReport, JobStatus } from "../../shared/wire.ts";
import { h, replaceChildren } from "../common/dom.ts";
import { formatHours, formatNumber, formatPercent, formatTime, zoneLabel } from "../common/format.ts";
import { lang, t } from "../common/i18n.ts";
import { shortName } from "../common/names.ts";
import {
  compareCompounds, counterfactualHeadline, type CompoundComparison, type CounterfactualHeadline, type CounterfactualSaving,
} from "./counterfactual-rows.ts";
import { zoneName } from "./replay-format.ts";

export interface CounterfactualActions {
  /** starts a replay of this scenario (and leaves for its board) */
  startReplay(): Promise<void>;
  /** POST: the job's first status */
  compute(): Promise<JobStatus>;
  /** GET: the latest report, null when none */
  load(): Promise<CounterfactualReport | null>;
}

export interface CounterfactualPanel {
  /** a `job` message of this incident (other kinds are ignored) */
  job(status: JobStatus): void;
  relabel(): void;
}

const TERMINAL = new Set(["completed", "failed"]);

export function createCounterfactualPanel(
  container: HTMLElement, scenario: Scenario, actions: CounterfactualActions, initial: CounterfactualReport | null, canCommand: boolean,
  /** why the latest report could not be loaded (shown until the next action) */
  loadError?: string,
): CounterfactualPanel {
  const zone = scenario.timezone;
  const horizonMs = Date.parse(scenario.horizonEnd);
  let report = initial;
  let running: JobStatus | null = null;
  /** the last status seen per job: a reply can arrive after the broadcasts that overtook it */
  const seen = new Map<string, JobStatus>();
  let busy: "replay" | "compute" | null = null;
  let error = loadError === undefined ? "" : t("cfLoadFailed", { e: loadError });
  let tableOpen = false;

  async function act(kind: "replay" | "compute", action: () => Promise<void>): Promise<void> {
    busy = kind;
    error = "";
    render();
    try {
      await action();
    } catch (e) {
      error = refusalText(e, scenario);
    } finally {
      busy = null;
      render();
    }
  }

  function onJob(status: JobStatus): void {
    if (status.kind !== "counterfactual") return;
    const before = seen.get(status.id);
    if (before && (TERMINAL.has(before.state) || Date.parse(status.updatedAt) < Date.parse(before.updatedAt))) return;
    seen.set(status.id, status);
    if (status.state === "completed") {
      running = null;
      void act("compute", async () => {
        report = await actions.load();
      });
      return;
    }
    running = status.state === "failed" ? null : status;
    if (status.state === "failed") error = t("cfFailed", { e: status.error ?? status.message ?? "" });
    render();
  }

  function progressView(job: JobStatus): HTMLElement {
    const label = job.state === "queued" ? t("cfQueued")
      : job.state === "retrying" ? t("cfRetrying", { a: job.attempt, m: job.maxAttempts, e: job.error ?? "" })
      : t("cfRunning");
    return h("div", { class: "cf-progress" },
      h("progress", { max: 1, ...(job.progress === undefined ? {} : { value: job.progress }) }),
      h("span", {}, label, job.progress === undefined ? "" : ` ${formatPercent(job.progress, lang(), 0)}`),
      job.message ? h("span", { class: "sub" }, job.message) : null);
  }

  /** "07-25 23:30", or a dash (explained on hover) for a compound dark until the horizon */
  function when(iso: string | null): string {
    return iso === null ? "—" : formatTime(iso, zone);
  }

  /** "57.7 h sooner" in words, or "+57.7 h" in a table cell */
  function sooner(row: CompoundComparison, short: boolean): HTMLElement {
    const hours = Math.round(row.soonerHours * 10) / 10;
    if (hours === 0) return h("span", { class: "muted" }, short ? formatHours(0, lang()) : t("cfSame"));
    const text = short ? `${hours > 0 ? "+" : "−"}${formatHours(Math.abs(hours), lang())}`
      : t(hours > 0 ? "cfSooner" : "cfLater", { h: formatHours(Math.abs(hours), lang()) });
    return h("span", { class: hours > 0 ? "good" : "bad" }, text);
  }

  const spotlightTime = (iso: string | null) => (iso === null ? t("cfNever") : formatTime(iso, zone));

  function reportView(r: CounterfactualReport): HTMLElement {
    const ch = (v: number) => `${formatNumber(v, lang())} ${t("customerHours")}`;
    const rows = compareCompounds(r, horizonMs);
    const refMs = Date.parse(r.decisionTimes[0] ?? scenario.horizonEnd);
    const zoneText = `${zoneName(zone, refMs, lang())} (${zoneLabel(zone, refMs)})`;
    const details = h("details", { class: "cf-details", open: tableOpen },
      h("summary", {}, t("cfCompounds", { n: rows.length }), h("span", { class: "muted" }, ` · ${zoneText}`)),
      h("div", { class: "cf-table-box" }, h("table", { class: "cf-table" },
        h("thead", {}, h("tr", {},
          h("th", {}, t("colName")), h("th", { class: "num" }, t("colHouseholds")),
          h("th", {}, t("cfColHistorical")), h("th", {}, t("cfColPlanned")), h("th", { class: "num", title: t("cfColSoonerTitle") }, t("cfColSooner")))),
        h("tbody", {}, ...rows.map((row) => h("tr", { "data-compound-id": row.id, class: row.highlighted ? "cf-highlight" : "" },
          h("td", { title: row.name }, shortName(row.name)),
          h("td", { class: "num" }, formatNumber(row.households, lang())),
          h("td", { title: row.historicalPoweredAt === null ? t("cfNever") : "" }, when(row.historicalPoweredAt)),
          h("td", { title: row.plannedPoweredAt === null ? t("cfNever") : "" }, when(row.plannedPoweredAt)),
          h("td", { class: "num" }, sooner(row, true))))))));
    details.addEventListener("toggle", () => (tableOpen = details.open));
    const spotlight = rows.find((row) => row.highlighted);
    const head = counterfactualHeadline(r);
    const without = head.withoutForesight;
    // the figure and its share each stay on one line: a narrow column breaks between them, not inside one
    const saving = (x: CounterfactualSaving) => [h("span", { class: "nowrap" }, ch(x.saved)), " ", h("span", { class: "nowrap" }, `(${formatPercent(x.savedShare, lang())})`)];
    return h("div", { class: "cf-report" },
      headlineView(head, saving),
      h("dl", { class: "figures" },
        h("dt", {}, t("cfHistorical")), h("dd", { "data-figure": "historical" }, ch(head.historical)),
        ...(without ? [h("dt", {}, t("cfPlanned")), h("dd", { "data-figure": "planned" }, ch(without.planned))] : []),
        ...(without?.savedHouseholdHours != null ? [h("dt", {}, t("cfHouseholdSaved")),
          h("dd", { "data-figure": "household-hours" }, `${formatNumber(without.savedHouseholdHours, lang())} ${t("householdHours")}`)] : [])),
      without?.top5Share != null && without.saved > 0
        ? h("div", { class: "cf-top5", "data-cf-top5": "" }, t("cfTop5", { p: formatPercent(without.top5Share, lang()) })) : null,
      spotlight ? h("div", { class: "cf-spotlight" },
        h("b", {}, shortName(spotlight.name)), " ",
        t("cfSpotlight", { then: spotlightTime(spotlight.historicalPoweredAt), plan: spotlightTime(spotlight.plannedPoweredAt) }),
        sooner(spotlight, false), h("span", { class: "muted" }, ` · ${zoneText}`)) : null,
      h("div", { class: "muted" }, t("cfDecisions", { n: r.decisionTimes.length })),
      details);
  }

  /** the saving without foresight, big, and beside it the with-foresight one as the bound it is */
  function headlineView(head: CounterfactualHeadline, saving: (x: CounterfactualSaving) => (HTMLElement | string)[]): HTMLElement {
    const { withoutForesight: without, withForesight: upper } = head;
    return h("div", { class: "cf-headline" },
      h("div", { class: "cf-main", title: t("cfHeadlineHint") },
        h("span", { class: "cf-label" }, t("cfHeadline")),
        without
          ? h("span", { class: `cf-value ${without.saved > 0 ? "good" : "bad"}`, "data-cf-headline": "", "data-figure": "saved" }, ...saving(without))
          : h("span", { class: "cf-value muted", "data-cf-headline": "" }, t("cfNoWithout"))),
      upper ? h("div", { class: "cf-bound", title: t("cfForesightHint") },
        h("span", { class: "cf-label" }, t("cfForesight")),
        h("span", { class: "cf-value", "data-cf-foresight": "" }, "≤ ", ...saving(upper))) : null);
  }

  function render(): void {
    // asked for and not yet answered counts as running: the job may finish before the reply (an in-process queue)
    const asking = busy === "compute" && running === null;
    const state = running || asking ? "running" : report ? "ready" : error ? "failed" : "idle";
    container.setAttribute("data-counterfactual", state);
    replaceChildren(container,
      h("div", { class: "plan-buttons" },
        h("button", { "data-action": "start-replay", title: t("replayHint"), disabled: busy !== null || !canCommand, onclick: () => act("replay", actions.startReplay) },
          busy === "replay" ? t("startingReplay") : t("startReplay")),
        h("button", { class: "primary", "data-action": "counterfactual", disabled: busy !== null || running !== null || !canCommand,
          onclick: () => act("compute", async () => onJob(await actions.compute())) }, t("computeCounterfactual"))),
      running ? progressView(running) : asking ? h("div", { class: "cf-progress" }, h("progress", { max: 1 }), h("span", {}, t("cfQueued"))) : null,
      error ? h("div", { class: "error", role: "alert" }, error) : null,
      report ? reportView(report) : running ? null : h("p", { class: "muted" }, t("cfNone")));
  }

  render();
  return { job: onJob, relabel: render };
}
