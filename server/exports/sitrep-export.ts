/**
 * The situation report (#16 item 5): one printed A4 page describing the incident at an instant: the KPIs, counts by
 * substation and by district, the priority sites, the fleet, what changed since the previous report (the previous
 * sitrep export of the incident, or the previous 12-hour mark when there is none; the page says which) and the
 * restoration curve. Lists that could outgrow the page are cut to their first rows with a count of the rest.
 */
import { DateTime } from "luxon";
import type { Plan } from "../../shared/plan.ts";
import type { CurvePoint } from "../../shared/restoration/restoration-curve.ts";
import type { Compound, Scenario } from "../../shared/scenario.ts";
import type { CompoundState, CompoundStatus, IncidentState, TruckStatus } from "../../shared/state.ts";
import { districtOf } from "../../shared/compound-district.ts";
import { localTime, shortTime, zoneName } from "./export-time.ts";
import { formatNumber, formatShare, sharedWords, type ExportLang } from "./export-words.ts";
import { escapeHtml, htmlPage } from "./html-page.ts";
import { planEtas } from "./plan-eta.ts";
import { curveSvg } from "./sitrep-chart.ts";

export interface SitrepInput {
  incident: { name: string };
  timezone: string;
  atMs: number;
  preparedBy: string;
  scenario: Pick<Scenario, "substations" | "trucks">;
  /** every compound known at atMs */
  compounds: readonly Compound[];
  state: IncidentState;
  /** what the report compares with */
  previous: { basis: "sitrep" | "mark"; atMs: number; state: IncidentState; eventsSince: number };
  curve: readonly CurvePoint[];
  plan: { id: string; plan: Pick<Plan, "customerOutageHours" | "lowerBound" | "trucks"> } | null;
}

/** rows a list keeps on the one page */
export const MAX_PRIORITY_ROWS = 8;
export const MAX_CHANGED_NAMES = 4;
export const MAX_GROUP_ROWS = 12;

const STATUSES: CompoundStatus[] = ["dark", "partial", "generator", "grid"];
const TRUCK_STATUSES: TruckStatus[] = ["inbound", "free", "en-route", "setting-up", "connected", "broken"];

const WORDS = {
  "zh-CN": {
    title: "态势报告",
    at: "截至",
    times: (zone: string) => `所有时间：${zone}`,
    prepared: (by: string) => `编制：${by}`,
    kpis: "关键指标",
    customersOut: "停电户数",
    restored: "已恢复供电户数占比",
    avgOutage: "户均停电时间",
    plan: (id: string) => `当前计划 ${id}`,
    planFigure: "计划客户停电小时（加权）",
    customerHours: "户·小时",
    bound: "下界",
    noPlan: "尚无计划",
    changes: "变化",
    sinceSitrep: (at: string) => `自上一份态势报告（${at}）以来`,
    sinceMark: (at: string) => `本事件此前没有态势报告：自上一个 12 小时整点（${at}）以来`,
    outBefore: (before: string, now: string, delta: string) => `停电户数 ${before} → ${now}（${delta}）`,
    powered: (n: number) => `恢复供电的小区 ${n} 个`,
    newlyDark: (n: number) => `新增停电的小区 ${n} 个`,
    broken: (n: number) => `新故障发电车 ${n} 辆`,
    events: (n: number) => `记录事件 ${n} 条`,
    more: (n: number) => `等另 ${n} 个`,
    curve: "恢复曲线：停电户数",
    prevMark: "虚线：上一份报告",
    bySubstation: "按变电站",
    byDistrict: "按区",
    districtNote: "区：取自小区所属变电站名称中注明的区。",
    name: "名称",
    compounds: "小区",
    householdsOut: "停电户数",
    priority: "重点用户",
    status: "状态",
    outage: "停电",
    eta: "预计送电",
    weight: "权重",
    statusShort: { dark: "停电", partial: "部分", generator: "发电车", grid: "电网" } as Record<CompoundStatus, string>,
    fleet: "车队",
    trucks: "辆",
    capacity: "容量",
    total: "合计",
  },
  en: {
    title: "Situation report",
    at: "As of",
    times: (zone: string) => `All times: ${zone}`,
    prepared: (by: string) => `Prepared by ${by}`,
    kpis: "Key figures",
    customersOut: "Households without supply",
    restored: "Share of households restored",
    avgOutage: "Average outage per household",
    plan: (id: string) => `Current plan ${id}`,
    planFigure: "Planned customer outage hours (weighted)",
    customerHours: "customer-h",
    bound: "lower bound",
    noPlan: "No plan yet",
    changes: "Changes",
    sinceSitrep: (at: string) => `Since the previous situation report (${at})`,
    sinceMark: (at: string) => `No earlier situation report of this incident: since the previous 12-hour mark (${at})`,
    outBefore: (before: string, now: string, delta: string) => `Households without supply ${before} → ${now} (${delta})`,
    powered: (n: number) => `${n} compound${n === 1 ? "" : "s"} supplied again`,
    newlyDark: (n: number) => `${n} compound${n === 1 ? "" : "s"} newly dark`,
    broken: (n: number) => `${n} truck${n === 1 ? "" : "s"} broken down`,
    events: (n: number) => `${n} event${n === 1 ? "" : "s"} logged`,
    more: (n: number) => `and ${n} more`,
    curve: "Restoration curve: households without supply",
    prevMark: "dashed: the previous report",
    bySubstation: "By substation",
    byDistrict: "By district",
    districtNote: "District: as named in the compound's substation's name.",
    name: "Name",
    compounds: "Compounds",
    householdsOut: "Households out",
    priority: "Priority sites",
    status: "Status",
    outage: "Outage",
    eta: "ETA",
    weight: "weight",
    statusShort: { dark: "dark", partial: "part", generator: "gen.", grid: "grid" } as Record<CompoundStatus, string>,
    fleet: "Fleet",
    trucks: "trucks",
    capacity: "capacity",
    total: "Total",
  },
};

/**
 * The 12-hour mark (00:00 or 12:00 in the incident's zone) strictly before `atMs`.
 *
 * @example
 * previousMark(Date.parse("2021-07-25T23:30:00+08:00"), "Asia/Shanghai"); // 12:00 on 25 Jul
 */
export function previousMark(atMs: number, zone: string): number {
  const d = DateTime.fromMillis(atMs, { zone });
  let mark = d.startOf("day").plus({ hours: d.hour >= 12 ? 12 : 0 });
  if (mark.toMillis() >= atMs) mark = mark.minus({ hours: 12 });
  return mark.toMillis();
}

/**
 * @example
 * sitrepHtml(input, "zh-CN"); // "<!doctype html>…<h1>态势报告 · 郑州…</h1>…"
 */
export function sitrepHtml(input: SitrepInput, lang: ExportLang): string {
  const w = WORDS[lang];
  const e = escapeHtml;
  const zone = input.timezone;
  const n = (v: number, digits = 0) => formatNumber(v, lang, digits);
  const k = input.state.kpis;
  const plan = input.plan
    ? `${e(w.plan(input.plan.id))}: ${e(w.planFigure)} ${n(input.plan.plan.customerOutageHours)} ${e(w.customerHours)}${input.plan.plan.lowerBound === undefined ? "" : ` · ${e(w.bound)} ${n(input.plan.plan.lowerBound)} ${e(w.customerHours)}`}`
    : e(w.noPlan);
  const header = `<header><h1>${e(w.title)} · ${e(input.incident.name)}</h1>
<p class="meta">${e(w.at)} <strong>${e(localTime(input.atMs, zone))}</strong> · ${e(w.times(zoneName(input.atMs, zone, lang)))} · ${e(w.prepared(input.preparedBy))}</p></header>`;
  const counts = statusCounts(input.state.compounds);
  const kpis = `<section><h2>${e(w.kpis)}</h2><div class="kpis">
${kpi(w.customersOut, `${n(k.customersOut)}`)}${kpi(w.restored, formatShare(k.restoredShare))}${kpi(w.avgOutage, `${n(k.avgOutageHoursPerHousehold, 1)} h`)}
${STATUSES.map((s) => kpi(sharedWords(lang).compoundStatus[s], `${n(counts[s])}`)).join("")}
</div><p class="meta">${plan}</p></section>`;
  const chart = `<section><h2>${e(w.curve)}</h2>${curveSvg(input.curve, { timezone: zone, lang, markMs: input.previous.atMs, title: w.curve })}<p class="meta">${e(w.prevMark)}</p></section>`;
  const body = `${header}
<div class="cols">
<div>${kpis}${changes(input, lang)}${fleet(input, lang)}</div>
<div>${groups(input, lang)}</div>
</div>
${chart}
${prioritySites(input, lang)}`;
  return htmlPage({ lang, title: `${w.title} · ${input.incident.name}`, css: SITREP_CSS }, body);
}

const SITREP_CSS = `
body { font-size: 8pt; }
h1 { font-size: 13pt; }
h2 { margin-top: 2mm; font-size: 10pt; }
th, td { padding: 0.3mm 1mm; }
.cols { display: grid; grid-template-columns: 1fr 1.15fr; gap: 4mm; }
.kpis { display: grid; grid-template-columns: repeat(4, 1fr); gap: 0.8mm; }
.kpi { border: 0.2mm solid #999; padding: 0.5mm 1mm; font-size: 7pt; }
.kpi b { display: block; font-size: 10pt; }
td.name { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 55mm; }
ul { margin: 0; padding-left: 4mm; }
svg.curve { width: 100%; height: 30mm; }
html, body { height: auto; }
`;

function kpi(label: string, value: string): string {
  return `<div class="kpi">${escapeHtml(label)}<b>${escapeHtml(value)}</b></div>`;
}

function statusCounts(compounds: readonly CompoundState[]): Record<CompoundStatus, number> {
  const counts: Record<CompoundStatus, number> = { dark: 0, partial: 0, generator: 0, grid: 0 };
  for (const c of compounds) counts[c.status]++;
  return counts;
}

const dim = (s: CompoundStatus | undefined) => s === undefined || s === "dark" || s === "partial";

function changes(input: SitrepInput, lang: ExportLang): string {
  const w = WORDS[lang];
  const e = escapeHtml;
  const before = new Map(input.previous.state.compounds.map((c) => [c.id, c.status]));
  const names = new Map(input.compounds.map((c) => [c.id, c.name]));
  const powered = input.state.compounds.filter((c) => !dim(c.status) && before.has(c.id) && dim(before.get(c.id)));
  const newlyDark = input.state.compounds.filter((c) => c.status === "dark" && (!before.has(c.id) || !dim(before.get(c.id))));
  const trucksBefore = new Map(input.previous.state.trucks.map((t) => [t.id, t.status]));
  const broken = input.state.trucks.filter((t) => t.status === "broken" && trucksBefore.get(t.id) !== "broken");
  const at = localTime(input.previous.atMs, input.timezone);
  const basis = input.previous.basis === "sitrep" ? w.sinceSitrep(at) : w.sinceMark(at);
  const outBefore = input.previous.state.kpis.customersOut;
  const outNow = input.state.kpis.customersOut;
  const delta = outNow - outBefore;
  const listed = (list: CompoundState[]) => {
    if (list.length === 0) return "";
    const shown = list.slice(0, MAX_CHANGED_NAMES).map((c) => names.get(c.id) ?? c.name);
    const rest = list.length - shown.length;
    return `${lang === "en" ? ": " : "："}${shown.join(lang === "en" ? ", " : "、")}${rest > 0 ? ` ${w.more(rest)}` : ""}`;
  };
  return `<section><h2>${e(w.changes)}</h2><p class="meta">${e(basis)}</p><ul>
<li>${e(w.outBefore(formatNumber(outBefore, lang), formatNumber(outNow, lang), `${delta > 0 ? "+" : ""}${formatNumber(delta, lang)}`))}</li>
<li>${e(w.powered(powered.length) + listed(powered))}</li>
<li>${e(w.newlyDark(newlyDark.length) + listed(newlyDark))}</li>
<li>${e(w.broken(broken.length))} · ${e(w.events(input.previous.eventsSince))}</li>
</ul></section>`;
}

function fleet(input: SitrepInput, lang: ExportLang): string {
  const w = WORDS[lang];
  const e = escapeHtml;
  const capacity = new Map(input.scenario.trucks.map((t) => [t.id, t.capacityKw]));
  const count: Record<string, number> = {};
  const kw: Record<string, number> = {};
  for (const t of input.state.trucks) {
    count[t.status] = (count[t.status] ?? 0) + 1;
    kw[t.status] = (kw[t.status] ?? 0) + (capacity.get(t.id) ?? 0);
  }
  const rows = TRUCK_STATUSES.map((s) => `<tr><td>${e(sharedWords(lang).truckStatus[s])}</td><td class="n">${formatNumber(count[s] ?? 0, lang)}</td><td class="n">${formatNumber(kw[s] ?? 0, lang)} kW</td></tr>`);
  const totalKw = [...capacity.values()].reduce((a, b) => a + b, 0);
  return `<section><h2>${e(w.fleet)}</h2><table><thead><tr><th>${e(w.status)}</th><th class="n">${e(w.trucks)}</th><th class="n">${e(w.capacity)}</th></tr></thead>
<tbody>${rows.join("")}<tr><th>${e(w.total)}</th><th class="n">${formatNumber(input.state.trucks.length, lang)}</th><th class="n">${formatNumber(totalKw, lang)} kW</th></tr></tbody></table></section>`;
}

function groups(input: SitrepInput, lang: ExportLang): string {
  const w = WORDS[lang];
  const substations = new Map(input.scenario.substations.map((s) => [s.id, s]));
  const compounds = new Map(input.compounds.map((c) => [c.id, c]));
  const bySubstation = groupTable(input, lang, (c) => substations.get(c.substation)?.name ?? c.substation, compounds);
  const byDistrict = groupTable(input, lang, (c) => districtOf(c, substations), compounds);
  return `<section><h2>${escapeHtml(w.bySubstation)}</h2>${bySubstation}</section>
<section><h2>${escapeHtml(w.byDistrict)}</h2>${byDistrict}<p class="meta">${escapeHtml(w.districtNote)}</p></section>`;
}

function groupTable(input: SitrepInput, lang: ExportLang, keyOf: (c: Compound) => string, compounds: Map<string, Compound>): string {
  const w = WORDS[lang];
  const e = escapeHtml;
  const groups = new Map<string, { counts: Record<CompoundStatus, number>; total: number; out: number }>();
  for (const s of input.state.compounds) {
    const c = compounds.get(s.id);
    if (!c) continue;
    const key = keyOf(c);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { counts: { dark: 0, partial: 0, generator: 0, grid: 0 }, total: 0, out: 0 }));
    g.counts[s.status]++;
    g.total++;
    if (s.status !== "grid") g.out += s.households * (1 - (s.suppliedShare ?? 0));
  }
  const sorted = [...groups.entries()].sort((a, b) => b[1].out - a[1].out || a[0].localeCompare(b[0]));
  const shown = sorted.slice(0, MAX_GROUP_ROWS);
  const head = `<tr><th>${e(w.name)}</th><th class="n">${e(w.compounds)}</th>${STATUSES.map((s) => `<th class="n">${e(w.statusShort[s])}</th>`).join("")}<th class="n">${e(w.householdsOut)}</th></tr>`;
  const rows = shown.map(([name, g]) => `<tr><td class="name">${e(name)}</td><td class="n">${g.total}</td>${STATUSES.map((s) => `<td class="n">${g.counts[s]}</td>`).join("")}<td class="n">${formatNumber(g.out, lang)}</td></tr>`);
  const rest = sorted.length - shown.length;
  if (rest > 0) rows.push(`<tr><td colspan="7">${e(w.more(rest))}</td></tr>`);
  return `<table><thead>${head}</thead><tbody>${rows.join("")}</tbody></table>`;
}

/** sites weighted above 1 or not residential: dark ones first, then by priority and households */
function prioritySites(input: SitrepInput, lang: ExportLang): string {
  const w = WORDS[lang];
  const e = escapeHtml;
  const etas = planEtas(input.plan?.plan ?? null);
  const compounds = new Map(input.compounds.map((c) => [c.id, c]));
  const order = (s: CompoundStatus) => STATUSES.indexOf(s);
  const sites = input.state.compounds
    .filter((s) => {
      const c = compounds.get(s.id);
      return c !== undefined && ((c.priority ?? 1) > 1 || (c.kind !== undefined && c.kind !== "residential"));
    })
    .sort((a, b) => order(a.status) - order(b.status) || (b.priority ?? 1) - (a.priority ?? 1) || b.households - a.households);
  if (sites.length === 0) return "";
  const shown = sites.slice(0, MAX_PRIORITY_ROWS);
  const rows = shown.map((s) => {
    const eta = etas.get(s.id);
    return `<tr><td>${e(s.name)}</td><td>${e(compounds.get(s.id)?.kind ?? "")}</td><td class="n">${s.priority ?? 1}</td><td>${e(sharedWords(lang).compoundStatus[s.status])}</td><td class="n">${formatNumber(s.outageHours, lang, 1)} h</td><td>${eta ? e(shortTime(Date.parse(eta), input.timezone)) : sharedWords(lang).none}</td></tr>`;
  });
  const rest = sites.length - shown.length;
  if (rest > 0) rows.push(`<tr><td colspan="6">${e(w.more(rest))}</td></tr>`);
  return `<section><h2>${e(w.priority)}</h2><table><thead><tr><th>${e(w.name)}</th><th></th><th class="n">${e(w.weight)}</th><th>${e(w.status)}</th><th class="n">${e(w.outage)}</th><th>${e(w.eta)}</th></tr></thead><tbody>${rows.join("")}</tbody></table></section>`;
}
