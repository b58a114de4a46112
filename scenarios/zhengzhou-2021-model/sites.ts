/**
 * The hand-written tables of the Zhengzhou 2021 scenario: substations, named compounds, the residential compounds
 * placed at real bus stops, depots, truck teams and flood zones. Every value carries its label: [S] sourced (see
 * ../../../shared/briefs/zhengzhou-2021.md, summarised in README.md), [seed] the article the project started from,
 * [A] assumed. build.ts turns these into the scenario document.
 *
 * Places are given as an anchor: a bus-stop name (the node of the derived road network that holds it, WGS84) plus
 * an offset in metres, or a map point from the brief (GCJ-02, like the map services it came from [A]).
 */
import type { LonLat } from "../../shared/scenario.ts";

export type Anchor = { stop: string; eastM?: number; northM?: number } | { gcj: LonLat; eastM?: number; northM?: number };

/** Local times (Asia/Shanghai) are written without offset here; build.ts attaches +08:00. */
export type LocalTime = string;

export interface SubstationSpec {
  id: string;
  name: string;
  at: Anchor;
  voltageKv: number;
  restoredAt: LocalTime;
}

/**
 * 8 × 110 kV out plus one 35 kV [S]. Names are descriptive area names, NOT real substation names [A]; locations [A];
 * return times [A] spread from 21 Jul to the evening of 27 Jul, when all substations were back [S].
 */
export const SUBSTATIONS: SubstationSpec[] = [
  { id: "sub-wenhua", name: "110 kV 文化路变 (金水, assumed)", at: { stop: "农业路文化路", eastM: 250, northM: 200 }, voltageKv: 110, restoredAt: "2021-07-21T22:00" },
  { id: "sub-jinshui", name: "110 kV 金水东变 (金水, assumed)", at: { stop: "金水路城东路", eastM: 300, northM: 250 }, voltageKv: 110, restoredAt: "2021-07-22T10:00" },
  { id: "sub-mianfang", name: "110 kV 棉纺路变 (中原, assumed)", at: { stop: "棉纺路秦岭路", eastM: 200, northM: -200 }, voltageKv: 110, restoredAt: "2021-07-22T16:00" },
  { id: "sub-guancheng", name: "110 kV 管城变 (管城, assumed)", at: { stop: "城东南路航海路", eastM: 250, northM: 250 }, voltageKv: 110, restoredAt: "2021-07-23T08:00" },
  { id: "sub-zhongyuan-west", name: "110 kV 中原西变 (中原, assumed)", at: { stop: "中原路西环路", eastM: -300, northM: 300 }, voltageKv: 110, restoredAt: "2021-07-24T16:00" },
  { id: "sub-erqi", name: "110 kV 二七变 (二七, assumed)", at: { stop: "大学路航海路", eastM: 300, northM: -250 }, voltageKv: 110, restoredAt: "2021-07-23T18:00" },
  { id: "sub-jingkai", name: "110 kV 经开变 (经开, assumed)", at: { stop: "经开工业大道第三大街", eastM: -300, northM: 300 }, voltageKv: 110, restoredAt: "2021-07-27T18:00" },
  { id: "sub-baisha", name: "110 kV 白沙变 (中牟白沙, assumed)", at: { stop: "金三角陶瓷城", eastM: 300, northM: -400 }, voltageKv: 110, restoredAt: "2021-07-25T20:00" },
  { id: "sub-houzhai", name: "35 kV 侯寨变 (二七侯寨, assumed)", at: { stop: "杨垛村北", eastM: -600, northM: 300 }, voltageKv: 35, restoredAt: "2021-07-24T10:00" },
];

export interface CompoundSpec {
  id: string;
  name: string;
  at: Anchor;
  households: number;
  outageStart: LocalTime;
  gridRestoredAt?: LocalTime;
  cableLengthM?: number;
  setupHours?: number;
  priority?: number;
  kind: string;
  /** substation id; else the nearest one */
  substation?: string;
  /** kW; else households × KW_PER_HOUSEHOLD */
  loadKw?: number;
}

/**
 * Diversified demand per household including lifts and booster pumps [A]. Cross-check with the sources: five
 * 390 kW Sichuan trucks (1,950 kW) covered 1,500-2,000 households at 橡树玫瑰城 (≈1.0-1.3 kW each, lifts and pumps
 * first) and one Huangpi truck fed 214 households with lifts and pumps at 紫荆苑 (≈1.9 kW each for a 400 kW truck).
 */
export const KW_PER_HOUSEHOLD = 1.5;

/** The compounds the sources name, with their sourced figures (labels per field). */
export const NAMED_COMPOUNDS: CompoundSpec[] = [
  {
    // [seed] 126 h outage ended 25 Jul 23:30 ⇒ outage from 20 Jul 17:30; the 23:30 return was the Sichuan team's
    // generator truck (connection plan, cables, switch). Grid return after it [A]; size [A]; place [A];
    // cable 80 m ⇒ 0.5 + 80/200 + 0.25 = 1.15 h on site, "a little over an hour" [seed].
    id: "jincheng-zhongyuan", name: "金成中苑 Jincheng Zhongyuan", kind: "residential",
    at: { stop: "城东路货栈街", eastM: 180, northM: 120 }, households: 600,
    outageStart: "2021-07-20T17:30", gridRestoredAt: "2021-07-27T18:00", cableLengthM: 80,
  },
  {
    // [S] 6,700 households; partial supply from ~07:00 23 Jul ended a 67 h outage ⇒ outage from 20 Jul 12:00.
    // Place: the bus stop named after it (the brief's approximate point lies ~5 km east; the stop is preferred).
    id: "xiangshu-meiguicheng", name: "橡树玫瑰城 Xiangshu Meiguicheng (Oak Rose City)", kind: "residential",
    at: { stop: "橡树玫瑰城", eastM: 150, northM: -150 }, households: 6700,
    outageStart: "2021-07-20T12:00", gridRestoredAt: "2021-07-25T12:00", cableLengthM: 150,
  },
  {
    // [S] 214 households on one Huangpi truck; 40 minutes on site (arrived 15:30, power 16:10, 24 Jul).
    id: "zijingyuan", name: "紫荆苑 Zijingyuan", kind: "residential",
    at: { gcj: [113.7, 34.73] }, households: 214,
    outageStart: "2021-07-20T17:20", gridRestoredAt: "2021-07-26T18:00", setupHours: 0.67,
  },
  {
    // [S] >1,000 households; distribution room ready ~19:00 22 Jul (taken as the grid return). Size 1,100 [A];
    // setup 3 h [A]: the flooded room cannot be used, so cables run to the buildings directly.
    id: "guomian-sichang", name: "国棉四厂家属院 No. 4 Cotton Mill housing", kind: "residential",
    at: { gcj: [113.615, 34.755] }, households: 1100,
    outageStart: "2021-07-20T17:10", gridRestoredAt: "2021-07-22T19:00", setupHours: 3,
  },
  {
    // [S] 32 storeys, low-lying, 0.5 m of water after five days, generator supply only from 00:40 25 Jul; a local
    // flood zone keeps trucks out until 24 Jul 23:00 [A]. Households 800 [A], place [A], setup 1.5 h [A].
    id: "zhongyuan-mingdu", name: "中苑名都 Zhongyuan Mingdu", kind: "residential",
    at: { stop: "黄河路花园路", eastM: 200, northM: -120 }, households: 800,
    outageStart: "2021-07-20T17:00", gridRestoredAt: "2021-07-27T16:00", setupHours: 1.5,
  },
  {
    // [S] lost power ~18:00-19:00 20 Jul; ICU back 05:00 21 Jul on one truck after ~10 h of work in waist-deep water
    // (setupHours 10). Priority 10 and 1,000 household-equivalents, 2,500 kW critical load, grid 23 Jul 20:00 [A].
    id: "zhengda-yifuyuan", name: "郑大一附院 First Affiliated Hospital of Zhengzhou University", kind: "hospital",
    at: { gcj: [113.649, 34.754] }, households: 1000, loadKw: 2500, priority: 10,
    outageStart: "2021-07-20T18:30", gridRestoredAt: "2021-07-23T20:00", setupHours: 10,
  },
  {
    // [S] the plant lost both incoming supplies. Place: the brief's approximate point moved ~1.5 km east [A] so it
    // is within 3 km of the bus network; priority 10, 500 household-equivalents, 1,600 kW of pumps [A].
    id: "houzhai-water", name: "侯寨水厂 Houzhai water works", kind: "water",
    at: { gcj: [113.601, 34.661] }, households: 500, loadKw: 1600, priority: 10,
    outageStart: "2021-07-20T17:40", cableLengthM: 150,
  },
];

/**
 * 雁鸣社区: 7 compounds fully restored 21:40 26 Jul [S] (a Beijing 3,000 kW 10 kV truck fed pumps, lifts and stair
 * lighting first). Their sizes and layout around the brief's point are assumed [A].
 */
export const YANMING_CENTRE: LonLat = [113.858, 34.737];
export const YANMING_RESTORED: LocalTime = "2021-07-26T21:40";
export const YANMING_HOUSEHOLDS = [420, 360, 510, 280, 450, 300, 390];

/**
 * Residential compounds at real places: bus stops named after a compound, estate or works housing (2014 data).
 * Sizes, loads, cable lengths and times are drawn by build.ts from a seeded generator [A].
 */
export const RESIDENTIAL_STOPS: { stop: string; name: string }[] = [
  { stop: "帝湖花园", name: "帝湖花园" }, { stop: "绿云小区", name: "绿云小区" }, { stop: "金淮花园", name: "金淮花园" },
  { stop: "电力小区", name: "电力小区" }, { stop: "汝河小区", name: "汝河小区" }, { stop: "湖光苑", name: "湖光苑" },
  { stop: "赵坡新村", name: "赵坡新村" }, { stop: "工人新村", name: "工人新村" }, { stop: "紫竹小区", name: "紫竹小区" },
  { stop: "南仓街翠园小区", name: "翠园小区" }, { stop: "晨曦小区", name: "晨曦小区" }, { stop: "绿城小区", name: "绿城小区" },
  { stop: "金祥花园", name: "金祥花园" }, { stop: "亚星盛世家园", name: "亚星盛世家园" }, { stop: "黄岗寺新村", name: "黄岗寺新村" },
  { stop: "美景天城", name: "美景天城" }, { stop: "远大理想城", name: "远大理想城" }, { stop: "加州第一城", name: "加州第一城" },
  { stop: "建业城市花园", name: "建业城市花园" }, { stop: "银基花园", name: "银基花园" }, { stop: "鑫苑名家", name: "鑫苑名家" },
  { stop: "文博花园", name: "文博花园" }, { stop: "圣菲城小区", name: "圣菲城小区" }, { stop: "庙张小区", name: "庙张小区" },
  { stop: "前牛岗小区", name: "前牛岗小区" }, { stop: "南阳新村", name: "南阳新村" }, { stop: "老鸦陈新村", name: "老鸦陈新村" },
  { stop: "宏莲花园", name: "宏莲花园" }, { stop: "睿智花园", name: "睿智花园" }, { stop: "天地惠城", name: "天地惠城" },
  { stop: "威尼斯水城", name: "威尼斯水城" }, { stop: "桐柏路开元小区", name: "开元小区" }, { stop: "中州大道金水花园", name: "金水花园" },
  { stop: "大榭新村", name: "大榭新村" }, { stop: "建设路国棉六厂", name: "国棉六厂家属院" }, { stop: "伏牛路电器厂", name: "电器厂家属院" },
  { stop: "郑州冷轧厂", name: "冷轧厂家属院" }, { stop: "绕城路华北石油局", name: "华北石油局生活区" },
];

export interface DepotSpec { id: string; name: string; at: Anchor }

/** Depots: the Henan company's own yards and the highway entrances where other provinces' convoys arrived [A]. */
export const DEPOTS: DepotSpec[] = [
  { id: "depot-henan-north", name: "国网郑州供电公司 北区应急基地 (assumed)", at: { stop: "花园路国基路", eastM: 150 } },
  { id: "depot-henan-west", name: "国网郑州供电公司 西区应急基地 (assumed)", at: { stop: "建设路西环路", northM: 150 } },
  { id: "entry-west", name: "连霍/绕城高速 西入口 (绕城路高速入口)", at: { stop: "绕城路高速入口" } },
  { id: "entry-east", name: "连霍高速 郑州东入口 (圃田)", at: { stop: "圃田" } },
  { id: "entry-north", name: "京港澳高速 郑州北入口 (花园路金桥路)", at: { stop: "花园路金桥路" } },
  { id: "entry-southeast", name: "京港澳高速 下口 (京珠高速公路下口)", at: { stop: "京珠高速公路下口" } },
];

export interface TeamSpec {
  prefix: string;
  name: string;
  origin: string;
  depot: string;
  /** one entry per truck: [capacityKw, availableAt] */
  trucks: [number, LocalTime][];
}

const times = (n: number, kw: number, at: LocalTime): [number, LocalTime][] => Array.from({ length: n }, () => [kw, at]);

/**
 * A scenario-sized fleet (41 trucks). Capacities [S] (Henan 500/250/200 kW; Sichuan ≈390 kW; Shandong 1,800 kW MV;
 * Beijing 3,000 kW 10 kV), Hubei 400 kW [A]. Counts are a subset of the real fleet [A]. Times: Henan out on
 * 20-21 Jul [S] (hours [A]); Shandong's first five on 21 Jul [S] (16:00 [A]), five more 23 Jul [A]; Mianyang left 08:30
 * 22 Jul for 1,168 km, >18 h ⇒ ~03:00 23 Jul [S]; Chengdu Gaoxin (the Jincheng team) 22 Jul 20:00 [A]; Beijing
 * 22 Jul 14:00 [A]; Hubei Huangpi reached 紫荆苑 15:30 24 Jul [S] ⇒ available 24 Jul 12:00 at the entrance [A].
 */
export const TEAMS: TeamSpec[] = [
  {
    prefix: "henan", name: "国网河南 Henan", origin: "State Grid Henan (local)", depot: "depot-henan-north",
    trucks: [...times(2, 500, "2021-07-20T19:00"), ...times(2, 250, "2021-07-20T20:00"), ...times(3, 200, "2021-07-20T21:00")],
  },
  {
    prefix: "henan-w", name: "国网河南 Henan", origin: "State Grid Henan (local)", depot: "depot-henan-west",
    trucks: [...times(2, 500, "2021-07-20T22:00"), ...times(3, 250, "2021-07-21T02:00"), ...times(2, 200, "2021-07-21T06:00")],
  },
  { prefix: "shandong", name: "国网山东 Shandong", origin: "State Grid Shandong", depot: "entry-east", trucks: [...times(5, 1800, "2021-07-21T16:00"), ...times(5, 1800, "2021-07-23T10:00")] },
  { prefix: "sichuan-cd", name: "国网四川 成都高新 Sichuan (Chengdu Gaoxin)", origin: "State Grid Sichuan", depot: "entry-west", trucks: times(2, 390, "2021-07-22T20:00") },
  { prefix: "sichuan-my", name: "国网四川 绵阳 Sichuan (Mianyang)", origin: "State Grid Sichuan", depot: "entry-west", trucks: times(5, 390, "2021-07-23T03:00") },
  { prefix: "sichuan", name: "国网四川 Sichuan", origin: "State Grid Sichuan", depot: "entry-west", trucks: times(5, 390, "2021-07-23T12:00") },
  { prefix: "beijing", name: "国网北京 Beijing (10 kV)", origin: "State Grid Beijing", depot: "entry-north", trucks: times(1, 3000, "2021-07-22T14:00") },
  { prefix: "hubei", name: "国网湖北 黄陂 Hubei (Huangpi)", origin: "State Grid Hubei", depot: "entry-southeast", trucks: times(4, 400, "2021-07-24T12:00") },
];

export interface FloodZoneSpec { id: string; name: string; at: Anchor; radiusM: number; from: LocalTime; until: LocalTime }

/**
 * Flood zones [A]: circles (as 16-gons) over the low spots the sources name or imply: the 京广路 tunnel, 中原区's
 * low streets, the 金水河/熊耳河 banks in 金水 and 管城, the 陇海路 underpass, and 中苑名都's block (water stood
 * for five days [S]). Active from 17:00 20 Jul (Level I response [S]).
 */
export const FLOOD_ZONES: FloodZoneSpec[] = [
  { id: "flood-jingguang-tunnel", name: "京广路隧道 / 中原路口", at: { stop: "京广路中原路" }, radiusM: 450, from: "2021-07-20T17:00", until: "2021-07-23T12:00" },
  { id: "flood-zhongyuan-west", name: "中原区 中原路西环路 low streets", at: { stop: "中原路西环路" }, radiusM: 600, from: "2021-07-20T17:00", until: "2021-07-22T20:00" },
  { id: "flood-jinshui-river", name: "金水河 金水路城东路", at: { stop: "金水路城东路" }, radiusM: 500, from: "2021-07-20T17:00", until: "2021-07-22T12:00" },
  { id: "flood-huayuan", name: "金水区 红专路花园路", at: { stop: "红专路花园路" }, radiusM: 400, from: "2021-07-20T17:00", until: "2021-07-22T06:00" },
  { id: "flood-longhai-underpass", name: "陇海路大学路 下穿", at: { stop: "陇海路大学路" }, radiusM: 400, from: "2021-07-20T17:00", until: "2021-07-22T18:00" },
  { id: "flood-xionger-river", name: "熊耳河 城东路货栈街", at: { stop: "城东路货栈街" }, radiusM: 400, from: "2021-07-20T17:00", until: "2021-07-22T12:00" },
  { id: "flood-zhongyuan-mingdu", name: "中苑名都 block", at: { stop: "黄河路花园路", eastM: 200, northM: -120 }, radiusM: 250, from: "2021-07-20T17:00", until: "2021-07-24T23:00" },
];

/** Roads within this distance of a flood zone's centre are in a waterlogged district: slower all week [A]. */
export const WATERLOGGED_M = 1500;
export const SPEED_KMH = { arterial: 30, ring: 40, waterlogged: 20 } as const;

/** Historical events the replay can compare a plan with (not planner input). */
export const HISTORY: { compound: string; event: string; at: LocalTime; source: string }[] = [
  { compound: "zhengda-yifuyuan", event: "generator-on (ICU, one truck, after ~10 h of work)", at: "2021-07-21T05:00", source: "[S] brief: hospitals" },
  { compound: "guomian-sichang", event: "distribution room ready for grid power", at: "2021-07-22T19:00", source: "[S] brief: flooded rooms" },
  { compound: "xiangshu-meiguicheng", event: "five Sichuan trucks arrive", at: "2021-07-23T04:30", source: "[S] Sichuan Daily 2021-07-23" },
  { compound: "xiangshu-meiguicheng", event: "generator-on (partial, ~1,500-2,000 households)", at: "2021-07-23T07:00", source: "[S] Sichuan Daily 2021-07-23" },
  { compound: "zijingyuan", event: "Hubei (Huangpi) truck arrives", at: "2021-07-24T15:30", source: "[S] brief: Hubei" },
  { compound: "zijingyuan", event: "generator-on (one truck, 214 households)", at: "2021-07-24T16:10", source: "[S] brief: Hubei" },
  { compound: "zhongyuan-mingdu", event: "generator-on (emergency supply, still flooded)", at: "2021-07-25T00:40", source: "[S] brief: flooded rooms" },
  { compound: "jincheng-zhongyuan", event: "generator-on (Sichuan Chengdu Gaoxin team, after 126 h)", at: "2021-07-25T23:30", source: "[seed] article" },
  { compound: "yanming-1", event: "雁鸣社区 (7 compounds) fully restored", at: "2021-07-26T21:40", source: "[S] brief: Beijing" },
];

/** One reported (or assumed) trip of a truck: local times of each crew step; `released` defaults to the grid return. */
export interface TripSpec {
  truck: string;
  compound: string;
  dispatched: LocalTime;
  arrived: LocalTime;
  cableLaid: LocalTime;
  switchedOn: LocalTime;
  /** the label of each step, in order: dispatched, arrived, cable laid, switched on, released */
  sources: [string, string, string, string, string];
}

const A_RELEASE = "[A] released when the compound's grid returned (scenario)";
const A_DRIVE = "[A] departure = arrival − the model's drive time, rounded to 5 min";

/**
 * The trips the sources report, as crew steps for the timeline (scenario.events). The reported instants are [S] /
 * [seed]; the steps around them are [A], fitted with the model's drive times (buildInstance's travel) and the
 * sourced on-site durations.
 */
export const SOURCED_TRIPS: TripSpec[] = [
  {
    // ICU on one truck at 05:00 21 Jul after ~10 h of work in waist-deep water [S]; the truck: Henan's first 500 kW [A]
    truck: "henan-01", compound: "zhengda-yifuyuan",
    dispatched: "2021-07-20T19:00", arrived: "2021-07-20T19:25", cableLaid: "2021-07-21T04:45", switchedOn: "2021-07-21T05:00",
    sources: ["[A] Henan trucks out from 19:00 20 Jul", "[A] drive 24 min", "[A] ~10 h of work in waist-deep water [S brief: hospitals]", "[S] brief: hospitals (ICU on one generator truck at 05:00 21 Jul)", A_RELEASE],
  },
  ...["01", "02", "03", "04", "05"].map((n): TripSpec => ({
    // five Sichuan trucks reached 橡树玫瑰城 04:30 23 Jul, partial power from ~07:00 [S]; the Mianyang team [S]
    truck: `sichuan-my-${n}`, compound: "xiangshu-meiguicheng",
    dispatched: "2021-07-23T03:55", arrived: "2021-07-23T04:30", cableLaid: "2021-07-23T06:45", switchedOn: "2021-07-23T07:00",
    sources: [A_DRIVE, "[S] Sichuan Daily 2021-07-23 (five trucks at 04:30)", "[A] 15 min before power", "[S] Sichuan Daily 2021-07-23 (partial power from ~07:00, 67 h outage)", A_RELEASE],
  })),
  {
    // Hubei (Huangpi): arrived 15:30, power 16:10 24 Jul, one truck for 214 households [S]
    truck: "hubei-01", compound: "zijingyuan",
    dispatched: "2021-07-24T15:00", arrived: "2021-07-24T15:30", cableLaid: "2021-07-24T16:00", switchedOn: "2021-07-24T16:10",
    sources: [A_DRIVE, "[S] brief: Hubei (arrived 15:30 24 Jul)", "[A] 10 min before power", "[S] brief: Hubei (power on 16:10, 40 min on site)", A_RELEASE],
  },
  {
    // 中苑名都: emergency generator supply from 00:40 25 Jul, the block still flooded [S]; which truck, and the drive
    // once the water let trucks in (its flood zone until 23:00 24 Jul), are assumed [A]
    truck: "hubei-02", compound: "zhongyuan-mingdu",
    dispatched: "2021-07-24T23:00", arrived: "2021-07-24T23:30", cableLaid: "2021-07-25T00:30", switchedOn: "2021-07-25T00:40",
    sources: ["[A] when the block's flood zone let trucks in", "[A] drive 29 min", "[A] 10 min before power", "[S] brief: flooded rooms (emergency generator from 00:40 25 Jul)", A_RELEASE],
  },
  {
    // 金成中苑: the Sichuan (Chengdu Gaoxin) team switched on at 23:30 25 Jul after a little over an hour on site
    // (connection plan, cables, switch) [seed]; 22:20 arrival = 23:30 − 1.15 h (0.5 h plan + 80 m / 200 m/h + 0.25 h)
    truck: "sichuan-cd-01", compound: "jincheng-zhongyuan",
    dispatched: "2021-07-25T21:40", arrived: "2021-07-25T22:20", cableLaid: "2021-07-25T23:15", switchedOn: "2021-07-25T23:30",
    sources: [A_DRIVE, "[A] a little over an hour before power [seed]", "[A] cables laid before closing the switch [seed]", "[seed] article: power back at 23:30 25 Jul after 126 h", A_RELEASE],
  },
  {
    // 雁鸣社区: the Beijing 3,000 kW 10 kV truck fed pumps, lifts and stair lighting first [S]; which compound and when [A]
    truck: "beijing-01", compound: "yanming-3",
    dispatched: "2021-07-22T14:00", arrived: "2021-07-22T14:55", cableLaid: "2021-07-22T16:00", switchedOn: "2021-07-22T16:15",
    sources: ["[A] on arrival in the city", "[A] drive 54 min", "[A] the model's setup (1.25 h)", "[S] brief: Beijing (pumps, lifts, stair lighting at 雁鸣社区); time [A]", "[S] brief: Beijing (雁鸣社区 fully restored 21:40 26 Jul)"],
  },
];

/**
 * [A] Where the trucks no source follows went: where the commander's rule (the planner's baseline) would have sent
 * them around SOURCED_TRIPS. Printed by assume-fleet.ts and frozen here, so the history does not move when the
 * planner changes. [truck, compound, dispatched, arrived, switched on]; cable laid 15 min before the switch-on,
 * released when the compound's grid returns (scenario). Six Sichuan and two Hubei trucks get no stop: the rule gives
 * each compound one truck, and by their arrival every compound it would send them to had one.
 */
export const ASSUMED_FLEET_STOPS: [string, string, LocalTime, LocalTime, LocalTime][] = [
  ["henan-02", "res-30", "2021-07-20T19:00", "2021-07-20T19:34", "2021-07-20T21:04"],
  ["henan-02", "yanming-6", "2021-07-23T10:30", "2021-07-23T11:12", "2021-07-23T12:27"],
  ["henan-03", "res-21", "2021-07-20T20:00", "2021-07-20T20:09", "2021-07-20T21:54"],
  ["henan-03", "res-20", "2021-07-21T22:00", "2021-07-21T22:13", "2021-07-21T23:43"],
  ["henan-03", "res-05", "2021-07-22T10:00", "2021-07-22T10:30", "2021-07-22T12:03"],
  ["henan-03", "res-19", "2021-07-22T16:00", "2021-07-22T16:28", "2021-07-22T17:58"],
  ["henan-04", "res-16", "2021-07-20T20:00", "2021-07-20T20:23", "2021-07-20T21:41"],
  ["henan-05", "res-06", "2021-07-20T21:00", "2021-07-20T21:29", "2021-07-20T23:05"],
  ["henan-06", "res-36", "2021-07-20T21:00", "2021-07-20T21:30", "2021-07-20T23:06"],
  ["henan-07", "res-33", "2021-07-20T21:00", "2021-07-20T21:13", "2021-07-20T22:52"],
  ["henan-07", "res-09", "2021-07-22T18:10", "2021-07-22T18:29", "2021-07-22T20:29"],
  ["henan-w-01", "res-38", "2021-07-20T22:00", "2021-07-20T22:15", "2021-07-20T23:39"],
  ["henan-w-02", "res-03", "2021-07-20T22:00", "2021-07-20T22:13", "2021-07-20T23:31"],
  ["henan-w-02", "yanming-4", "2021-07-23T18:00", "2021-07-23T18:57", "2021-07-23T20:12"],
  ["henan-w-03", "res-34", "2021-07-21T02:00", "2021-07-21T02:22", "2021-07-21T03:22"],
  ["henan-w-04", "res-35", "2021-07-21T02:00", "2021-07-21T02:05", "2021-07-21T03:14"],
  ["henan-w-05", "res-01", "2021-07-21T02:00", "2021-07-21T02:15", "2021-07-21T03:24"],
  ["henan-w-06", "res-28", "2021-07-21T06:00", "2021-07-21T06:13", "2021-07-21T07:34"],
  ["henan-w-07", "res-07", "2021-07-21T06:00", "2021-07-21T06:24", "2021-07-21T08:09"],
  ["shandong-01", "houzhai-water", "2021-07-21T16:00", "2021-07-21T16:56", "2021-07-21T18:26"],
  ["shandong-02", "res-14", "2021-07-21T16:00", "2021-07-21T16:41", "2021-07-21T18:14"],
  ["shandong-02", "yanming-7", "2021-07-24T00:00", "2021-07-24T00:48", "2021-07-24T02:03"],
  ["shandong-03", "res-26", "2021-07-21T16:00", "2021-07-21T16:54", "2021-07-21T17:54"],
  ["shandong-03", "res-15", "2021-07-23T07:10", "2021-07-23T07:38", "2021-07-23T09:02"],
  ["shandong-03", "res-04", "2021-07-23T18:00", "2021-07-23T18:09", "2021-07-23T19:33"],
  ["shandong-04", "guomian-sichang", "2021-07-21T16:00", "2021-07-21T16:44", "2021-07-21T19:44"],
  ["shandong-04", "res-11", "2021-07-22T19:00", "2021-07-22T19:20", "2021-07-22T20:38"],
  ["shandong-04", "res-18", "2021-07-23T18:00", "2021-07-23T18:20", "2021-07-23T19:56"],
  ["shandong-05", "res-13", "2021-07-21T16:00", "2021-07-21T16:32", "2021-07-21T17:59"],
  ["shandong-05", "yanming-1", "2021-07-23T22:50", "2021-07-23T23:29", "2021-07-24T00:44"],
  ["shandong-06", "res-12", "2021-07-23T10:00", "2021-07-23T10:42", "2021-07-23T12:27"],
  ["shandong-06", "yanming-5", "2021-07-23T20:20", "2021-07-23T21:11", "2021-07-23T22:26"],
  ["shandong-07", "res-10", "2021-07-23T10:00", "2021-07-23T10:30", "2021-07-23T11:57"],
  ["shandong-07", "res-02", "2021-07-23T19:00", "2021-07-23T19:17", "2021-07-23T20:14"],
  ["shandong-07", "yanming-2", "2021-07-24T01:20", "2021-07-24T02:10", "2021-07-24T03:25"],
  ["shandong-08", "res-37", "2021-07-23T10:00", "2021-07-23T10:21", "2021-07-23T12:03"],
  ["shandong-09", "res-25", "2021-07-23T10:00", "2021-07-23T10:31", "2021-07-23T11:37"],
  ["shandong-10", "res-29", "2021-07-23T10:00", "2021-07-23T10:57", "2021-07-23T12:06"],
  ["beijing-01", "res-17", "2021-07-26T21:40", "2021-07-26T22:11", "2021-07-26T23:35"],
];
