/**
 * Assignment lists in the style of ICS Form 204 (#16 item 5): the latest plan's work per generator truck (the
 * unit; its crew travels with it), one printable page per assigned truck and a table of the trucks it leaves
 * unassigned, or the same as CSV, one row per stop (a truck without stops gets one row with no stop, so every unit
 * is listed). Format `ics204` is the HTML, `ics204-csv` the CSV: one job, one file.
 */
import type { Plan } from "../../shared/plan.ts";
import type { Compound, Scenario } from "../../shared/scenario.ts";
import type { IncidentState } from "../../shared/state.ts";
import { isoInZone } from "../../shared/format-time.ts";
import { csvTable } from "./csv-table.ts";
import { localTime, shortTime, zoneName, zoneShort } from "./export-time.ts";
import { formatNumber, sharedWords, type ExportLang } from "./export-words.ts";
import { escapeHtml, htmlPage } from "./html-page.ts";

export interface AssignmentInput {
  incident: { name: string };
  timezone: string;
  /** the instant the list is made at: the trucks' status then */
  atMs: number;
  preparedBy: string;
  scenario: Pick<Scenario, "trucks">;
  /** every compound known at atMs (reported ones too) */
  compounds: readonly Compound[];
  state: Pick<IncidentState, "trucks">;
  plan: { id: string; status: string; plan: Pick<Plan, "trucks" | "at"> } | null;
}

export const ICS204_CSV_COLUMNS = [
  "plan", "truck", "truckName", "origin", "capacityKw", "status", "stop", "compound", "compoundName", "address",
  "households", "priority", "depart", "arrive", "switchOn", "release",
] as const;

/**
 * @example
 * ics204Csv(input); // "plan,truck,truckName,…\r\nplan-1,T1,T1,,100,connected,1,A,…"
 */
export function ics204Csv(input: AssignmentInput): string {
  const zone = input.timezone;
  const status = new Map(input.state.trucks.map((t) => [t.id, t.status]));
  const compounds = new Map(input.compounds.map((c) => [c.id, c]));
  const stops = stopsByTruck(input.plan?.plan ?? null);
  const rows: string[][] = [];
  for (const t of input.scenario.trucks) {
    const unit = [input.plan?.id ?? "", t.id, t.name, t.origin ?? "", String(t.capacityKw), status.get(t.id) ?? ""];
    const own = stops.get(t.id) ?? [];
    if (own.length === 0) rows.push([...unit, "", "", "", "", "", "", "", "", "", ""]);
    own.forEach((s, i) => {
      const c = compounds.get(s.compound);
      const iso = (v: string) => isoInZone(Date.parse(v), zone);
      rows.push([...unit, String(i + 1), s.compound, c?.name ?? "", c?.address ?? "", c ? String(c.households) : "", c ? String(c.priority ?? 1) : "", iso(s.depart), iso(s.arrive), iso(s.switchOn), iso(s.release)]);
    });
  }
  return csvTable(ICS204_CSV_COLUMNS, rows);
}

const WORDS = {
  "zh-CN": {
    title: "任务分配表（ICS 204）",
    incident: "事件",
    period: "作业时段",
    unit: "单位（发电车）",
    origin: "来源",
    capacity: "容量",
    status: "当前状态",
    plan: "计划",
    planStatus: { proposed: "待批准", approved: "已批准", superseded: "已被取代" } as Record<string, string>,
    noPlan: "尚无计划：没有分配任务。",
    stop: "序号",
    compound: "小区 / 重点用户",
    address: "地址",
    households: "户数",
    priority: "优先级",
    depart: "出发",
    arrive: "到达",
    switchOn: "送电",
    release: "撤离",
    unassigned: "未分配任务的发电车",
    prepared: (by: string, at: string) => `编制：${by}，${at}`,
    times: (zone: string) => `所有时间：${zone}`,
  },
  en: {
    title: "Assignment list (ICS 204)",
    incident: "Incident",
    period: "Operational period",
    unit: "Unit (generator truck)",
    origin: "Origin",
    capacity: "Capacity",
    status: "Status now",
    plan: "Plan",
    planStatus: { proposed: "proposed", approved: "approved", superseded: "superseded" } as Record<string, string>,
    noPlan: "No plan yet: no assignments.",
    stop: "#",
    compound: "Compound / site",
    address: "Address",
    households: "Households",
    priority: "Priority",
    depart: "Depart",
    arrive: "Arrive",
    switchOn: "Switch-on",
    release: "Release",
    unassigned: "Trucks without an assignment",
    prepared: (by: string, at: string) => `Prepared by ${by}, ${at}`,
    times: (zone: string) => `All times: ${zone}`,
  },
};

/**
 * One page per truck with stops, then the unassigned trucks.
 *
 * @example
 * ics204Html(input, "en"); // "<!doctype html>…<h1>Assignment list (ICS 204)</h1>…"
 */
export function ics204Html(input: AssignmentInput, lang: ExportLang): string {
  const w = WORDS[lang];
  const shared = sharedWords(lang);
  const zone = input.timezone;
  const e = escapeHtml;
  const status = new Map(input.state.trucks.map((t) => [t.id, t.status]));
  const compounds = new Map(input.compounds.map((c) => [c.id, c]));
  const stops = stopsByTruck(input.plan?.plan ?? null);
  const cellZone = e(zoneShort(input.atMs, zone));
  const footer = `<p class="meta">${e(w.prepared(input.preparedBy, localTime(input.atMs, zone)))} · ${e(w.times(zoneName(input.atMs, zone, lang)))}</p>`;
  const planLine = input.plan ? `${e(input.plan.id)} (${e(w.planStatus[input.plan.status] ?? input.plan.status)})` : e(w.noPlan);
  const units: string[] = [];
  const idle: string[] = [];
  for (const t of input.scenario.trucks) {
    const own = stops.get(t.id) ?? [];
    const now = status.get(t.id);
    const statusText = now ? shared.truckStatus[now] : shared.none;
    if (own.length === 0) {
      idle.push(`<tr><td>${e(t.name)}</td><td>${e(t.id)}</td><td>${e(t.origin ?? shared.none)}</td><td class="n">${formatNumber(t.capacityKw, lang)} kW</td><td>${e(statusText)}</td></tr>`);
      continue;
    }
    const from = Date.parse(own[0].depart);
    const to = Math.max(...own.map((s) => Date.parse(s.release)));
    const rows = own.map((s, i) => {
      const c = compounds.get(s.compound);
      const time = (v: string) => e(shortTime(Date.parse(v), zone));
      return `<tr><td class="n">${i + 1}</td><td>${e(c?.name ?? s.compound)}</td><td>${e(c?.address ?? shared.none)}</td><td class="n">${c ? formatNumber(c.households, lang) : shared.none}</td><td class="n">${c?.priority ?? 1}</td><td>${time(s.depart)}</td><td>${time(s.arrive)}</td><td>${time(s.switchOn)}</td><td>${time(s.release)}</td></tr>`;
    });
    units.push(`<section class="unit">
<h1>${e(w.title)}</h1>
<table class="form">
<tr><th>${e(w.incident)}</th><td>${e(input.incident.name)}</td><th>${e(w.plan)}</th><td>${planLine}</td></tr>
<tr><th>${e(w.unit)}</th><td>${e(t.name)} (${e(t.id)})</td><th>${e(w.period)}</th><td>${e(localTime(from, zone))} – ${e(localTime(to, zone))}</td></tr>
<tr><th>${e(w.origin)}</th><td>${e(t.origin ?? shared.none)}</td><th>${e(w.capacity)} · ${e(w.status)}</th><td>${formatNumber(t.capacityKw, lang)} kW · ${e(statusText)}</td></tr>
</table>
<h2>${e(w.compound)}</h2>
<table><thead><tr><th class="n">${e(w.stop)}</th><th>${e(w.compound)}</th><th>${e(w.address)}</th><th class="n">${e(w.households)}</th><th class="n">${e(w.priority)}</th><th>${e(w.depart)} ${cellZone}</th><th>${e(w.arrive)} ${cellZone}</th><th>${e(w.switchOn)} ${cellZone}</th><th>${e(w.release)} ${cellZone}</th></tr></thead>
<tbody>${rows.join("\n")}</tbody></table>
${footer}
</section>`);
  }
  const idleSection = idle.length === 0 ? "" : `<section class="unit">
<h1>${e(w.unassigned)}</h1>
<p class="meta">${e(w.incident)}: ${e(input.incident.name)} · ${e(w.plan)}: ${planLine}</p>
<table><thead><tr><th>${e(w.unit)}</th><th>ID</th><th>${e(w.origin)}</th><th class="n">${e(w.capacity)}</th><th>${e(w.status)}</th></tr></thead>
<tbody>${idle.join("\n")}</tbody></table>
${footer}
</section>`;
  return htmlPage({ lang, title: `${w.title} · ${input.incident.name}`, css: "table.form th { width: 18%; }" }, [...units, idleSection].join("\n"));
}

function stopsByTruck(plan: Pick<Plan, "trucks"> | null): Map<string, Plan["trucks"][number]["stops"]> {
  return new Map((plan?.trucks ?? []).map((t) => [t.id, t.stops]));
}
