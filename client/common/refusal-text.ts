/**
 * A refusal as the user reads it, in the page's language (#16): the server's 4xx carries a stable rule code and
 * what the rule names (shared/errors.ts ErrorDetail.rule / params: ids, ISO times, figures); this words it, with
 * trucks, compounds and substations by name and times in the incident's zone, never seqs or ids. An answer with no
 * rule is worded from its error code. Kept beside i18n.ts, not in its table, so the table's other additions merge.
 */
import type { ErrorDetail } from "../../shared/errors.ts";
import type { Scenario } from "../../shared/scenario.ts";
import { ApiError } from "./api.ts";
import { formatTime, zoneLabel } from "./format.ts";
import { eventKey, lang, tk } from "./i18n.ts";

const text = {
  // the crew app
  chooseCompound: ["— 请选择小区 —", "— choose a compound —"],
  // refusals, by rule
  truck_broken: ["{truck}已报故障，不能再上报步骤", "{truck} has broken down: it can report no further step"],
  truck_connected_elsewhere: ["{truck}正在{other}供电，不能同时去别处；请先在那里上报撤离", "{truck} is supplying {other}: it cannot be in two places; report it released there first"],
  already_dispatched: ["{truck}已派往{compound}", "{truck} is already dispatched to {compound}"],
  already_arrived: ["{truck}已到达{compound}", "{truck} has already arrived at {compound}"],
  not_dispatched: ["{truck}未派往{compound}，不能上报“{step}”（当前：{status}）", "{truck} was not dispatched to {compound}: it cannot report “{step}” there (it is {status})"],
  dispatched_elsewhere: ["{truck}派往的是{other}，不是{compound}", "{truck} was dispatched to {other}, not {compound}"],
  not_arrived: ["{truck}尚未到达{compound}，不能上报“{step}”", "{truck} has not arrived at {compound}: it cannot report “{step}” yet"],
  already_on: ["{truck}已在{compound}送电", "{truck} is already switched on at {compound}"],
  at_other: ["{truck}在{other}，不在{compound}", "{truck} is at {other}, not {compound}"],
  cable_already: ["{truck}在{compound}的电缆已敷设", "{truck}'s cable at {compound} is already laid"],
  nothing_to_release: ["{truck}没有在任何小区送电（当前：{status}），无需撤离", "{truck} is not switched on anywhere (it is {status}): nothing to release"],
  in_future: ["上报时间 {at} 晚于服务器时间 {now}，请检查手机时钟", "The report's time {at} is after the server's time {now}: check the phone's clock"],
  unknown_compound: ["没有这个小区", "There is no such compound"],
  unknown_truck: ["没有这台发电车", "There is no such truck"],
  unknown_substation: ["没有这个变电站", "There is no such substation"],
  grid_already: ["{compound}的电网恢复已于 {at} 上报过", "The grid's return at {compound} is already on record ({at})"],
  no_closure: ["该时刻没有这一区域的道路封闭", "No road closure of this area is in force at that time"],
  compound_exists: ["该小区已存在", "That compound already exists"],
  before_outage: ["该时刻早于本事件首次停电（{first}），还没有可上报的", "That time is before the incident's first outage ({first}): nothing to report yet"],
  grid_back: ["{compound}自 {since} 起已恢复电网供电（{cause}），不能再上报“{step}”", "{compound} has been back on the grid since {since} ({cause}): “{step}” cannot be reported there"],
  too_fast: ["{truck}出发后 {minutes} 分钟到不了{compound}：直线 {km} 公里按 {kmh} 公里/小时至少要 {fastest} 分钟", "{truck} cannot reach {compound} {minutes} min after setting off: {km} km in a straight line takes at least {fastest} min at {kmh} km/h"],
  too_soon_on_site: ["{truck}到达{compound}后 {minutes} 分钟就送电太快：现场接入至少需要 {min} 分钟", "{truck} cannot switch on at {compound} {minutes} min after arriving: setting up takes at least {min} min on site"],
  conflicts_later: ["会与已上报的{truck}“{laterStep}”（{laterAt}）矛盾：{because}", "It would contradict {truck}'s “{laterStep}” already reported for {laterAt}: {because}"],
  conflicts_scenario: ["会与场景中{truck}的“{laterStep}”（{laterAt}）矛盾：{because}", "It would contradict the scenario's “{laterStep}” of {truck} at {laterAt}: {because}"],
  plan_truck_out: ["{truck}已故障停用", "{truck} is out of service (broken down)"],
  plan_truck_twice: ["{truck}列了两次", "{truck} is listed twice"],
  plan_on_route: ["{compound}已在{truck}的路线上", "{compound} is already on {truck}'s route"],
  plan_grid_back: ["{compound}的电网已恢复", "{compound} has its grid back already"],
  plan_not_free: ["{truck}在{compound}电网恢复前腾不出来", "{truck} is not free before {compound}'s grid returns"],
  plan_no_road: ["没有可通行的道路让{truck}到达{compound}", "No open road takes {truck} to {compound}"],
  plan_too_late: ["{truck}赶到{compound}送电时电网已恢复", "{truck} would switch {compound} on only after its grid returns"],
  plan_pins_overlap: ["{truck}的各个指定小区无法都在电网恢复前送电", "{truck} cannot switch on all its pinned compounds before their grids return"],
  plan_pinned_and_forbidden: ["{truck}→{compound}既被指定又被禁止", "{truck} → {compound} is both pinned and forbidden"],
  replay_out_of_range: ["回放范围为 {from} 至 {to}，不能跳到范围之外", "The replay runs from {from} to {to}: it cannot jump outside that"],
  cause_grid_report: ["已上报电网恢复", "grid return reported"],
  cause_substation_report: ["已上报变电站恢复", "substation reported restored"],
  cause_scenario: ["按场景的恢复时间", "the scenario's restoration time"],
  status_idle: ["无任务", "without an assignment"],
  "status_en-route": ["在途", "on the road"],
  "status_setting-up": ["接入中", "setting up"],
  status_connected: ["送电中", "supplying"],
  status_free: ["空闲", "free"],
  status_broken: ["故障", "broken down"],
  // refusals, by error code when no rule is given
  code_invalid_input: ["请求无效：{field}", "Invalid request: {field}"],
  code_unauthorized: ["令牌被拒绝，请重新登录", "The token was refused; sign in again"],
  code_forbidden: ["当前令牌无权这样做", "Your token may not do that"],
  code_not_found: ["服务器上没有这一项", "The server has no such item"],
  code_conflict: ["与服务器上的记录冲突", "It conflicts with what the server holds"],
  code_impossible: ["不可能的上报", "That report is impossible"],
  code_too_large: ["请求过大", "The request is too large"],
  code_rate_limited: ["请求过于频繁，请稍后再试", "Too many requests; try again shortly"],
  code_unavailable: ["服务器暂时无法处理，请稍后再试", "The server cannot answer right now; try again shortly"],
  code_internal: ["服务器内部错误", "The server failed"],
  code_network: ["无法连接服务器", "No connection to the server"],
  code_other: ["服务器拒绝（{status}）", "The server refused it ({status})"],
  // the plan panel's delta (#16): like with like
  diffSameState: ["较上一方案（其任务按同一当前状态 {t} 重新计算）{d}", "vs the previous plan's assignments evaluated on the same current state ({t}): {d}"],
  diffComparing: ["正在按同一当前状态计算上一方案…", "Evaluating the previous plan on the same current state…"],
  diffIncomparable: ["上一方案的任务在当前状态下无法执行，无法同口径比较", "The previous plan's assignments cannot be carried out from the current state: no like-for-like comparison"],
  // the plan panel's line under the status: the instant planned for, in the incident's time (#16: never the wall
  // date the server stored it, which in a replay or the first-run demo is not the incident's)
  planFor: ["{who} · 按 {t} 的状态规划", "by {who} · planned for {t}"],
  // the board's connection chip in a replay: it is connected, not live
  replayConnected: ["已连接（回放）", "Connected (replay)"],
  // the trucks KPI, explained
  trucksKpi: [" / {total} 台已送电{working}", " / {total} supplying{working}"],
  trucksKpiWorking: ["，另有 {n} 台在途或接入中", ", {n} more on the way or setting up"],
  trucksKpiTitle: ["已送电的发电车 / 全部发电车；在途或接入中的另计", "Trucks supplying a compound / all trucks; those on the way or setting up counted apart"],
  // a compound's kind (scenario `kind`)
  kind_residential: ["住宅", "residential"],
  kind_hospital: ["医院", "hospital"],
  kind_water: ["水厂", "water works"],
  // a replay's skipped timeline entries, shown in the feed
  skippedTitle: ["回放跳过的记录", "Skipped by the replay"],
  skipped: ["已跳过：{what}（{at}）——{reason}", "Skipped: {what} ({at}): {reason}"],
} as const satisfies Record<string, readonly [string, string]>;

export type CrewTextKey = keyof typeof text;

function say(key: string, params: Record<string, string | number> = {}): string {
  const entry = (text as Record<string, readonly [string, string]>)[key];
  const template = entry ? entry[lang() === "zh" ? 0 : 1] : key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ""));
}

/** A compound's kind in the page's language; an unknown kind as the scenario names it. */
export function kindText(kind: string): string {
  return `kind_${kind}` in text ? say(`kind_${kind}`) : kind;
}

/** A string of this module's table in the page's language. */
export function crewText(key: CrewTextKey, params: Record<string, string | number> = {}): string {
  return say(key, params);
}

/** True when the rule is one this page words itself. */
export function knownRule(rule: string | undefined): boolean {
  return rule !== undefined && rule in text && !rule.startsWith("code_") && !rule.startsWith("status_") && !rule.startsWith("cause_");
}

/** A rule and its params in words: names for ids, the incident's zone for times. */
export function ruleText(detail: Pick<ErrorDetail, "rule" | "params">, scenario: Scenario | null): string | null {
  if (!knownRule(detail.rule)) return null;
  const p = detail.params ?? {};
  const zone = scenario?.timezone ?? "UTC";
  const name = (list: { id: string; name: string }[] | undefined, id: string | number | undefined) =>
    id === undefined ? "" : list?.find((x) => x.id === id)?.name ?? String(id);
  const time = (iso: string | number | undefined) => (iso === undefined ? "" : `${formatTime(iso, zone)} (${zoneLabel(zone, Date.parse(String(iso)))})`);
  const words: Record<string, string | number> = { ...p };
  for (const key of ["truck"]) if (p[key] !== undefined) words[key] = name(scenario?.trucks, p[key]);
  for (const key of ["compound", "other"]) if (p[key] !== undefined) words[key] = name(scenario?.compounds, p[key]);
  if (p.substation !== undefined) words.substation = name(scenario?.substations, p.substation);
  for (const key of ["at", "now", "first", "since", "laterAt", "from", "to"]) if (typeof p[key] === "string") words[key] = time(p[key]);
  for (const key of ["step", "laterStep"]) if (typeof p[key] === "string") words[key] = tk(eventKey(String(p[key])));
  if (typeof p.status === "string") words.status = say(`status_${p.status}`);
  if (typeof p.cause === "string") words.cause = say(`cause_${p.cause}`);
  if (typeof p.because === "string") {
    // the later step's own rule, worded with the same names (without `because`, which is this rule's)
    const { because, ...inner } = p;
    words.because = ruleText({ rule: String(because), params: inner }, scenario) ?? "";
  }
  return say(detail.rule!, words);
}

/**
 * What to show for a refusal: the first detail's rule in words, else the error code's sentence (naming the field
 * of a 400). Never the server's English message.
 *
 * @example
 * refusalText(new ApiError(422, "impossible", "…seq 4…", [{ path: "at", message: "…", rule: "not_arrived", params }]), scenario);
 * // "T1 的…" in Chinese, "Henan 1 has not arrived at B estate: …" in English
 */
export function refusalText(error: unknown, scenario: Scenario | null): string {
  if (!(error instanceof ApiError)) return say("code_network");
  return refusalOf(error.status, error.code, error.details, scenario);
}

/** The same for a refusal kept as plain data (the crew's outbox keeps status, code and details). */
export function refusalOf(status: number, code: string | undefined, details: readonly ErrorDetail[] | undefined, scenario: Scenario | null): string {
  const first = details?.[0];
  const worded = first ? ruleText(first, scenario) : null;
  if (worded) return worded;
  if (status === 0) return say("code_network");
  const key = `code_${code ?? ""}`;
  if (key in text) return say(key, { field: first?.path ?? "" });
  return say("code_other", { status });
}
