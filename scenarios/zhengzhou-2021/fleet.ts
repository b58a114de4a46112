/**
 * The fleet as it came (#14): 358 generator trucks from 25 companies, on the sourced arrival curve. Every truck
 * carries `origin` (the sending province, in English), `capacityKw`, its provenance and, where no source gives its
 * arrival, `availableAtProvenance: "assumed"`.
 *
 * Sourced (shared/briefs/zhengzhou-2021.md, "Generator trucks"):
 * - Henan: 80 trucks out on 20-21 Jul, of 500, 250 and 200 kW;
 * - by the end of 22 Jul 72 more had arrived and 181 were on the way from 14 provinces; 358 in all;
 * - Sichuan 28 trucks, 10,915 kW in all; Mianyang's five left 08:30 22 Jul, 1,168 km, > 18 h (reached 橡树玫瑰城 04:30 23 Jul);
 * - Shandong five 1,800 kW on 21 Jul, 15 later; Beijing one 3,000 kW 10 kV truck; Hubei (Huangpi) at 紫荆苑 15:30 24 Jul.
 *   #17: the Shandong and Beijing trucks are medium-voltage (`voltage: "mv"`) [S].
 * Assumed [A]: the Henan split (20 × 500, 30 × 250, 30 × 200) and hours; which other provinces and how many each;
 * their capacities (400 kW typical of a low-voltage truck, some 250 and 800 kW); every arrival hour no source gives.
 */
import type { Truck } from "../../shared/scenario.ts";
import { toIso, toMs, fromMs } from "../zhengzhou-2021-model/build.ts";
import type { LocalTime } from "../zhengzhou-2021-model/sites.ts";

interface Batch {
  prefix: string;
  name: string;
  origin: string;
  depot: string;
  /** capacity of each truck, kW */
  kw: number[];
  /** first and last arrival (local); trucks spread evenly between them */
  from: LocalTime;
  until: LocalTime;
  source: string;
  /** true when the arrival times are sourced */
  sourcedTimes?: boolean;
  /** #17: "mv" for the sourced 10 kV (medium-voltage) trucks */
  voltage?: "mv";
}

const rep = (n: number, kw: number): number[] => Array.from({ length: n }, () => kw);
/** 27 × 390 + 385 = 10,915 kW: Sichuan's sourced total over its 28 trucks */
const SICHUAN_KW = 390;

const S_HENAN = "[S] brief: State Grid Henan had 80 trucks out on 20-21 Jul (500, 250 and 200 kW); split and hours [A]";
const S_BY22 = "[S] brief: by 22 Jul 72 trucks had arrived from other provinces; which province, capacity and hour [A]";
const S_ONWAY = "[S] brief: 181 trucks on the way from 14 provinces by 22 Jul; which province, capacity and hour [A]";
const S_REST = "[S] brief: 358 trucks from 25 companies in all; the last 25 (which, when, capacity) [A]";

/** Provinces sending trucks besides Henan: 14 [S]; which ones [A] (State Grid provincial companies near Henan). */
const OTHERS: [string, string, string][] = [
  ["hebei", "国网河北 Hebei", "Hebei"], ["shanxi", "国网山西 Shanxi", "Shanxi"], ["shaanxi", "国网陕西 Shaanxi", "Shaanxi"],
  ["anhui", "国网安徽 Anhui", "Anhui"], ["jiangsu", "国网江苏 Jiangsu", "Jiangsu"], ["zhejiang", "国网浙江 Zhejiang", "Zhejiang"],
  ["hunan", "国网湖南 Hunan", "Hunan"], ["jiangxi", "国网江西 Jiangxi", "Jiangxi"], ["tianjin", "国网天津 Tianjin", "Tianjin"],
];
const ENTRY: Record<string, string> = {
  hebei: "entry-north", shanxi: "entry-west", shaanxi: "entry-west", anhui: "entry-southeast", jiangsu: "entry-east", zhejiang: "entry-southeast",
  hunan: "entry-southeast", jiangxi: "entry-southeast", tianjin: "entry-north",
};
/** [A] a low-voltage fleet: mostly 400 kW, some 250 kW and 800 kW */
const mixKw = (n: number, k: number): number[] => Array.from({ length: n }, (_, i) => ((i + k) % 5 === 0 ? 800 : (i + k) % 5 === 3 ? 250 : 400));

/**
 * The batches, in arrival order. Counts: Henan 80; arrived by the end of 22 Jul 5 Shandong + 1 Beijing + 2 Sichuan
 * (Chengdu Gaoxin) + 64 others = 72; on the way on 22 Jul 5 Mianyang + 21 Sichuan + 15 Shandong + 4 Hubei + 136
 * others = 181; the rest 25 (358 − 80 − 72 − 181).
 */
export const BATCHES: Batch[] = [
  { prefix: "henan", name: "国网河南 Henan", origin: "Henan", depot: "depot-henan-north", kw: [...rep(10, 500), ...rep(15, 250), ...rep(15, 200)], from: "2021-07-20T19:00", until: "2021-07-21T02:00", source: S_HENAN },
  { prefix: "henan-w", name: "国网河南 Henan", origin: "Henan", depot: "depot-henan-west", kw: [...rep(10, 500), ...rep(15, 250), ...rep(15, 200)], from: "2021-07-20T20:00", until: "2021-07-21T08:00", source: S_HENAN },
  { prefix: "shandong", name: "国网山东 Shandong (10 kV)", origin: "Shandong", depot: "entry-east", kw: rep(5, 1800), from: "2021-07-21T16:00", until: "2021-07-21T16:00", source: "[S] brief: five Shandong 1,800 kW medium-voltage trucks on 21 Jul; hour [A]", voltage: "mv" },
  ...OTHERS.map(([p, name, origin], k): Batch => ({ prefix: `${p}`, name, origin, depot: ENTRY[p]!, kw: mixKw(k < 1 ? 8 : 7, k), from: "2021-07-21T12:00", until: "2021-07-22T22:00", source: S_BY22 })),
  { prefix: "beijing", name: "国网北京 Beijing (10 kV)", origin: "Beijing", depot: "entry-north", kw: [3000], from: "2021-07-22T14:00", until: "2021-07-22T14:00", source: "[S] brief: Beijing's 3,000 kW 10 kV truck; arrival [A]", voltage: "mv" },
  { prefix: "sichuan-cd", name: "国网四川 成都高新 Sichuan (Chengdu Gaoxin)", origin: "Sichuan", depot: "entry-west", kw: rep(2, SICHUAN_KW), from: "2021-07-22T20:00", until: "2021-07-22T20:00", source: "[S] brief: Sichuan 28 trucks, 10,915 kW; the Chengdu Gaoxin team of 金成中苑 [seed]; arrival [A]" },
  { prefix: "sichuan-my", name: "国网四川 绵阳 Sichuan (Mianyang)", origin: "Sichuan", depot: "entry-west", kw: rep(5, SICHUAN_KW), from: "2021-07-23T03:00", until: "2021-07-23T03:00", source: "[S] Sichuan Daily 2021-07-23: left Mianyang 08:30 22 Jul, 1,168 km, > 18 h; at 橡树玫瑰城 04:30 23 Jul", sourcedTimes: true },
  { prefix: "shandong-b", name: "国网山东 Shandong (10 kV)", origin: "Shandong", depot: "entry-east", kw: rep(15, 1800), from: "2021-07-23T08:00", until: "2021-07-23T20:00", source: "[S] brief: Shandong 15 more trucks later; hours [A]", voltage: "mv" },
  { prefix: "sichuan", name: "国网四川 Sichuan", origin: "Sichuan", depot: "entry-west", kw: [...rep(20, SICHUAN_KW), 385], from: "2021-07-23T10:00", until: "2021-07-23T22:00", source: "[S] brief: Sichuan 28 trucks, 10,915 kW in all (27 × 390 + 385); arrivals [A]" },
  ...OTHERS.map(([p, name, origin], k): Batch => ({ prefix: `${p}-b`, name, origin, depot: ENTRY[p]!, kw: mixKw(k < 1 ? 16 : 15, k + 2), from: "2021-07-23T06:00", until: "2021-07-24T10:00", source: S_ONWAY })),
  { prefix: "hubei", name: "国网湖北 黄陂 Hubei (Huangpi)", origin: "Hubei", depot: "entry-southeast", kw: rep(4, 400), from: "2021-07-24T12:00", until: "2021-07-24T12:00", source: "[S] brief: Hubei (Huangpi) reached 紫荆苑 15:30 24 Jul; count, 400 kW and arrival [A]" },
  { prefix: "others-c", name: "支援单位 other companies", origin: "*", depot: "entry-north", kw: mixKw(25, 1), from: "2021-07-24T14:00", until: "2021-07-25T12:00", source: S_REST },
];

/**
 * Trucks of one batch arrive in convoys [A]: every CONVOY_MS from the batch's first arrival (so a counterfactual that
 * re-plans at each arrival has tens of decision times, not hundreds).
 */
const CONVOY_MS = 6 * 3_600_000;

/** The trucks of every batch: ids `<prefix>-NN`, arrivals spread evenly from `from` to `until`, in convoys. */
export function buildFleet(): Truck[] {
  return BATCHES.flatMap((b) =>
    b.kw.map((capacityKw, i): Truck => {
      const span = toMs(b.until) - toMs(b.from);
      const spread = b.kw.length > 1 ? (span * i) / (b.kw.length - 1) : 0;
      const at = fromMs(toMs(b.from) + Math.min(span, Math.round(spread / CONVOY_MS) * CONVOY_MS), 10);
      return {
        id: `${b.prefix}-${String(i + 1).padStart(2, "0")}`,
        name: `${b.name} ${capacityKw} kW #${i + 1}`,
        // "*": the last companies, one province after another [A]
        capacityKw, depot: b.depot, availableAt: toIso(at), origin: b.origin === "*" ? OTHERS[i % OTHERS.length]![2] : b.origin,
        provenance: "sourced", source: b.source,
        ...(b.voltage ? { voltage: b.voltage } : {}),
        ...(b.sourcedTimes ? {} : { availableAtProvenance: "assumed" as const }),
      };
    }),
  );
}
