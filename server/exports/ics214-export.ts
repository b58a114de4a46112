/**
 * Activity logs in the style of ICS Form 214 (#16 item 5): what the event log says each unit did, up to the
 * export's instant, in the order it happened. A unit is a generator truck (its crew); events that name no truck
 * (grid and substation returns, road closures, reported compounds) form the log of the command post itself.
 * Format `ics214` is the printable HTML (one page per unit), `ics214-csv` the CSV, one row per event.
 */
import type { StoredEvent } from "../../shared/events.ts";
import type { Compound, Scenario } from "../../shared/scenario.ts";
import { isoInZone } from "../../shared/format-time.ts";
import { csvTable } from "./csv-table.ts";
import { localTime, shortTime, zoneName, zoneShort } from "./export-time.ts";
import { sharedWords, type ExportLang } from "./export-words.ts";
import { escapeHtml, htmlPage } from "./html-page.ts";

export interface ActivityInput {
  incident: { name: string };
  timezone: string;
  /** events later than this (by `at`) are not in the log yet */
  atMs: number;
  preparedBy: string;
  events: readonly StoredEvent[];
  scenario: Pick<Scenario, "trucks" | "substations">;
  compounds: readonly Compound[];
}

/** the unit of events that name no truck */
export const COMMAND_POST_UNIT = "command-post";

export const ICS214_CSV_COLUMNS = ["unit", "unitName", "seq", "at", "type", "activity", "compound", "compoundName", "substation", "note", "by", "receivedAt"] as const;

const WORDS = {
  "zh-CN": {
    title: "活动日志（ICS 214）",
    commandPost: "指挥部",
    incident: "事件",
    unit: "单位",
    period: "时段",
    time: "时间",
    activity: "活动",
    by: "报告人",
    note: "备注",
    empty: "到此时刻为止没有记录。",
    prepared: (by: string, at: string) => `编制：${by}，${at}`,
    times: (zone: string) => `所有时间：${zone}`,
  },
  en: {
    title: "Activity log (ICS 214)",
    commandPost: "Command post",
    incident: "Incident",
    unit: "Unit",
    period: "Period",
    time: "Time",
    activity: "Activity",
    by: "Reported by",
    note: "Note",
    empty: "Nothing logged up to this instant.",
    prepared: (by: string, at: string) => `Prepared by ${by}, ${at}`,
    times: (zone: string) => `All times: ${zone}`,
  },
};

interface UnitLog {
  id: string;
  name: string;
  events: StoredEvent[];
}

/**
 * @example
 * ics214Csv(input, "en"); // "unit,unitName,seq,at,…\r\nT1,T1,1,2021-07-20T02:00:00+08:00,truck.dispatched,dispatched to A,…"
 */
export function ics214Csv(input: ActivityInput, lang: ExportLang): string {
  const names = nameIndex(input);
  const rows: string[][] = [];
  for (const unit of unitLogs(input, lang)) {
    for (const ev of unit.events) {
      rows.push([
        unit.id, unit.name, String(ev.seq), isoInZone(Date.parse(ev.at), input.timezone), ev.type, activity(ev, names, lang),
        ev.compound ?? "", ev.compound ? names.compound(ev.compound) : "", ev.substation ?? "", ev.note ?? "", ev.by,
        isoInZone(Date.parse(ev.receivedAt), input.timezone),
      ]);
    }
  }
  return csvTable(ICS214_CSV_COLUMNS, rows);
}

/**
 * @example
 * ics214Html(input, "zh-CN"); // "<!doctype html>…<h1>活动日志（ICS 214）</h1>…"
 */
export function ics214Html(input: ActivityInput, lang: ExportLang): string {
  const w = WORDS[lang];
  const e = escapeHtml;
  const zone = input.timezone;
  const names = nameIndex(input);
  const cellZone = e(zoneShort(input.atMs, zone));
  const footer = `<p class="meta">${e(w.prepared(input.preparedBy, localTime(input.atMs, zone)))} · ${e(w.times(zoneName(input.atMs, zone, lang)))}</p>`;
  const sections = unitLogs(input, lang).map((unit) => {
    const first = Date.parse(unit.events[0].at);
    const rows = unit.events.map((ev) =>
      `<tr><td>${e(shortTime(Date.parse(ev.at), zone))}</td><td>${e(activity(ev, names, lang))}</td><td>${e(ev.by)}</td><td>${e(ev.note ?? "")}</td></tr>`);
    return `<section class="unit">
<h1>${e(w.title)}</h1>
<table class="form"><tr><th>${e(w.incident)}</th><td>${e(input.incident.name)}</td><th>${e(w.unit)}</th><td>${e(unit.name)}${unit.id === COMMAND_POST_UNIT ? "" : ` (${e(unit.id)})`}</td></tr>
<tr><th>${e(w.period)}</th><td colspan="3">${e(localTime(first, zone))} – ${e(localTime(input.atMs, zone))}</td></tr></table>
<h2>${e(w.activity)}</h2>
<table><thead><tr><th>${e(w.time)} ${cellZone}</th><th>${e(w.activity)}</th><th>${e(w.by)}</th><th>${e(w.note)}</th></tr></thead>
<tbody>${rows.join("\n")}</tbody></table>
${footer}
</section>`;
  });
  const body = sections.length > 0 ? sections.join("\n") : `<h1>${e(w.title)}</h1><p>${e(w.empty)}</p>${footer}`;
  return htmlPage({ lang, title: `${w.title} · ${input.incident.name}`, css: "table.form th { width: 15%; }" }, body);
}

/** trucks in the scenario's order, each with its events by time (then seq); the command post last */
function unitLogs(input: ActivityInput, lang: ExportLang): UnitLog[] {
  const known = input.events.filter((ev) => Date.parse(ev.at) <= input.atMs).sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.seq - b.seq);
  const byTruck = new Map<string, StoredEvent[]>();
  for (const ev of known) {
    const key = ev.truck ?? COMMAND_POST_UNIT;
    const list = byTruck.get(key);
    if (list) list.push(ev);
    else byTruck.set(key, [ev]);
  }
  const units: UnitLog[] = [];
  for (const t of input.scenario.trucks) {
    const events = byTruck.get(t.id);
    if (events) units.push({ id: t.id, name: t.name, events });
  }
  const post = byTruck.get(COMMAND_POST_UNIT);
  if (post) units.push({ id: COMMAND_POST_UNIT, name: WORDS[lang].commandPost, events: post });
  return units;
}

interface Names {
  compound(id: string): string;
  substation(id: string): string;
}

function nameIndex(input: ActivityInput): Names {
  const compounds = new Map(input.compounds.map((c) => [c.id, c.name]));
  const substations = new Map(input.scenario.substations.map((s) => [s.id, s.name]));
  return { compound: (id) => compounds.get(id) ?? id, substation: (id) => substations.get(id) ?? id };
}

/** "派往 金成中苑" / "dispatched to Jincheng Zhongyuan": the event in words, place names as written */
function activity(ev: StoredEvent, names: Names, lang: ExportLang): string {
  const verb = sharedWords(lang).eventType[ev.type] ?? ev.type;
  const place = ev.compound ? names.compound(ev.compound) : ev.substation ? names.substation(ev.substation) : "";
  return place ? `${verb} ${place}` : verb;
}
