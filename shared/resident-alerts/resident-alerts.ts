/**
 * Resident alerts (#18 item 3): the messages a utility texts the households of a compound, derived from the scenario,
 * the event log and the latest plan alone (plain data in, alerts out), so the CAP documents, the Atom feed and the
 * SMS webhook all say the same thing. Four kinds, in the order a compound lives through them:
 *
 *   outage.confirmed    停电确认   the compound's supply is out (its outageStart, or a compound.reported)
 *   generator.en-route  发电车在途 a truck was dispatched to it (truck.dispatched), with the ETR range
 *   generator.powered   发电车供电 a truck switched it on (switched.on)
 *   grid.back           电网恢复   the grid supplies it again (scenario time, grid.restored, substation.restored)
 *
 * Identifiers are stable (`lianxin.<incident>.<compound>.<kind>.<n>`), so an alert derived twice is the same alert
 * and the webhook pushes each once.
 */
import type { StoredEvent } from "../events.ts";
import type { Plan } from "../plan.ts";
import type { Compound, IsoTime, Scenario } from "../scenario.ts";
import { compoundsOf, eventsUpTo, gridTimes, toMs } from "../restoration/timeline.ts";
import { etrRange, type EtrRange } from "./etr-range.ts";
import { capTime } from "./cap-time.ts";

export const RESIDENT_ALERT_KINDS = ["outage.confirmed", "generator.en-route", "generator.powered", "grid.back"] as const;
export type ResidentAlertKind = (typeof RESIDENT_ALERT_KINDS)[number];

export interface Bilingual {
  "zh-CN": string;
  en: string;
}

export interface ResidentAlert {
  /** CAP identifier: stable, no spaces, commas, "<" or "&" */
  identifier: string;
  incident: string;
  compound: string;
  kind: ResidentAlertKind;
  /** when it is sent: the scenario instant of what it reports, CAP form (seconds, explicit offset) */
  sent: IsoTime;
  /** CAP msgType: the first alert of a compound is an Alert, later ones Update it */
  msgType: "Alert" | "Update";
  /** CAP references of an Update: "sender,identifier,sent" of the compound's first alert */
  references?: string;
  /** the dispatched truck (en-route, powered) */
  truck?: string;
  /** generator.en-route: when power is expected (ISO with offset) */
  etr?: EtrRange;
  headline: Bilingual;
  description: Bilingual;
}

export interface ResidentAlertOptions {
  incident: string;
  /** CAP sender, e.g. "lianxin@<host>" */
  sender: string;
  /** the incident's present: nothing later is alerted */
  atMs: number;
  /** the latest plan (for the ETR range when the state carries none) */
  plan?: Plan | null;
  /** #18 ETR ranges in the state (shared/state.ts CompoundState.etr), when another module computes them */
  etrOf?: (compound: string) => EtrRange | undefined;
}

/**
 * All alerts up to `atMs`, every compound, in time order (then compound, then kind order).
 *
 * @example
 * const alerts = residentAlerts(scenario, log, { incident, sender: "lianxin@localhost", atMs, plan });
 * alerts.filter((a) => a.compound === "jincheng").at(-1)?.kind; // e.g. "generator.en-route"
 */
export function residentAlerts(scenario: Scenario, log: readonly StoredEvent[], options: ResidentAlertOptions): ResidentAlert[] {
  const { atMs, incident } = options;
  const zone = scenario.timezone;
  const known = [...eventsUpTo(log, atMs)].sort((a, b) => toMs(a.at) - toMs(b.at) || a.seq - b.seq);
  const compounds = compoundsOf(scenario, known);
  const gridAt = gridTimes(scenario, compounds, known);
  const horizonMs = toMs(scenario.horizonEnd);
  const reportedAt = new Map<string, number>();
  for (const e of known) if (e.type === "compound.reported" && e.details && !reportedAt.has(e.details.id)) reportedAt.set(e.details.id, toMs(e.at));

  const out: ResidentAlert[] = [];
  for (const c of compounds) {
    const startMs = Math.max(toMs(c.outageStart), reportedAt.get(c.id) ?? -Infinity);
    if (startMs > atMs) continue;
    const drafts: Draft[] = [{ kind: "outage.confirmed", ms: startMs }];
    const gridMs = gridAt(c.id, atMs);
    const before = (ms: number) => ms >= startMs && ms < gridMs;
    let powered = false;
    for (const e of known) {
      if (e.compound !== c.id) continue;
      const ms = toMs(e.at);
      if (!before(ms)) continue;
      if (e.type === "truck.dispatched" && e.truck && !powered) drafts.push({ kind: "generator.en-route", ms, truck: e.truck });
      if (e.type === "switched.on" && !powered) {
        powered = true;
        drafts.push({ kind: "generator.powered", ms, truck: e.truck });
      }
    }
    // the grid's return is alerted once the clock passes it, and only when it is a real return (not the horizon)
    if (gridMs <= atMs && gridMs < horizonMs) drafts.push({ kind: "grid.back", ms: Math.max(gridMs, startMs) });

    const first = `lianxin.${safeId(incident)}.${safeId(c.id)}`;
    const counts = new Map<ResidentAlertKind, number>();
    let references: string | undefined;
    for (const d of drafts) {
      const n = (counts.get(d.kind) ?? 0) + 1;
      counts.set(d.kind, n);
      const identifier = `${first}.${d.kind}.${n}`;
      const sent = capTime(d.ms, zone);
      const etr = d.kind === "generator.en-route" ? (options.etrOf?.(c.id) ?? etrRange(options.plan ?? null, c.id, d.truck, zone)) : undefined;
      const text = wording(d.kind, c, d.truck, etr, zone);
      out.push({
        identifier, incident, compound: c.id, kind: d.kind, sent, msgType: references ? "Update" : "Alert",
        ...(references ? { references } : {}), ...(d.truck ? { truck: d.truck } : {}), ...(etr ? { etr } : {}), ...text,
      });
      references ??= `${options.sender},${identifier},${sent}`;
    }
  }
  const order = (k: ResidentAlertKind) => RESIDENT_ALERT_KINDS.indexOf(k);
  return out.sort((a, b) => toMs(a.sent) - toMs(b.sent) || a.compound.localeCompare(b.compound) || order(a.kind) - order(b.kind));
}

interface Draft {
  kind: ResidentAlertKind;
  ms: number;
  truck?: string;
}

/** CAP forbids spaces, commas, "<" and "&" in an identifier; ids keep letters, digits, "-", "_" and ":" */
function safeId(id: string): string {
  return id.replace(/[^A-Za-z0-9_:-]/g, "_");
}

/** "23:30" in the incident's zone, with the date when the alert is read on another day: "7月25日 23:30" / "25 Jul 23:30" */
function clock(iso: IsoTime): { zh: string; en: string } {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  if (!m) return { zh: iso, en: iso };
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const offset = iso.slice(-6);
  return {
    zh: `${Number(m[2])}月${Number(m[3])}日 ${m[4]}:${m[5]}（UTC${offset}）`,
    en: `${Number(m[3])} ${months[Number(m[2]) - 1]} ${m[4]}:${m[5]} (UTC${offset})`,
  };
}

function wording(kind: ResidentAlertKind, c: Compound, truck: string | undefined, etr: EtrRange | undefined, zone: string): { headline: Bilingual; description: Bilingual } {
  void zone;
  const name = c.name;
  switch (kind) {
    case "outage.confirmed":
      return {
        headline: { "zh-CN": `${name}停电确认`, en: `Power outage confirmed at ${name}` },
        description: {
          "zh-CN": `${name}（${c.households} 户）供电中断，抢修指挥部已确认并正在调派应急发电车。请勿靠近积水中的电力设施。`,
          en: `Supply to ${name} (${c.households} households) is out. The restoration command has confirmed it and is assigning emergency generator trucks. Keep away from electrical equipment in flood water.`,
        },
      };
    case "generator.en-route": {
      if (!etr) {
        return {
          headline: { "zh-CN": `发电车正赶往${name}`, en: `Generator truck on its way to ${name}` },
          description: {
            "zh-CN": `应急发电车 ${truck ?? ""} 已出发前往${name}，预计来电时间尚未确定。`,
            en: `Emergency generator truck ${truck ?? ""} has left for ${name}; the time power returns is not yet known.`,
          },
        };
      }
      const [e, l, x] = [clock(etr.earliest), clock(etr.likely), clock(etr.latest)];
      return {
        headline: { "zh-CN": `发电车正赶往${name}，预计 ${l.zh} 来电`, en: `Generator truck on its way to ${name}: power expected ${l.en}` },
        description: {
          "zh-CN": `应急发电车 ${truck ?? ""} 已出发前往${name}。预计来电时间 ${l.zh}，最早 ${e.zh}，最迟 ${x.zh}。`,
          en: `Emergency generator truck ${truck ?? ""} has left for ${name}. Power is expected at ${l.en}: no earlier than ${e.en}, no later than ${x.en}.`,
        },
      };
    }
    case "generator.powered":
      return {
        headline: { "zh-CN": `${name}已由发电车临时供电`, en: `${name} is supplied by a generator truck` },
        description: {
          "zh-CN": `${name}现由应急发电车 ${truck ?? ""} 临时供电，容量有限，请节约用电，避免同时使用大功率电器。`,
          en: `${name} is now supplied by emergency generator truck ${truck ?? ""}. Capacity is limited: please save power and avoid running heavy appliances at once.`,
        },
      };
    case "grid.back":
      return {
        headline: { "zh-CN": `${name}电网恢复供电`, en: `Grid supply restored at ${name}` },
        description: {
          "zh-CN": `${name}已恢复电网供电，本次停电通知结束。`,
          en: `Grid supply to ${name} is restored. This outage notice ends here.`,
        },
      };
  }
}
