/**
 * A small translation table for the board and the crew app. Chinese is the default for an incident in a Chinese
 * time zone; the choice is remembered per device.
 */
export type Lang = "zh" | "en";

const table = {
  appName: ["连心 · 应急发电调度", "Lianxin · generator dispatch"],
  incidents: ["事件列表", "Incidents"],
  noIncidents: ["暂无事件", "No incidents yet"],
  signIn: ["登录", "Sign in"],
  signOut: ["退出", "Sign out"],
  tokenPrompt: ["请输入访问令牌（任意角色均可查看）", "Enter your access token (any role can view)"],
  crewTokenPrompt: ["请输入抢修队令牌", "Enter your crew token"],
  token: ["令牌", "Token"],
  badToken: ["令牌无效，请重新输入", "That token was refused; enter it again"],
  open: ["打开", "Open"],
  compoundsN: ["{n} 个小区", "{n} compounds"],
  trucksN: ["{n} 台发电车", "{n} trucks"],
  live: ["实时", "Live"],
  offline: ["连接中断，重连中…", "Disconnected, reconnecting…"],
  offlineShort: ["离线", "Offline"],
  now: ["当前时间", "Now"],
  timeBar: ["时间轴：拖动回放任意时刻", "Time bar: drag to replay any instant"],
  replay: ["回放", "Replay"],
  backToLive: ["回到实时", "Back to live"],
  afterHorizon: ["本事件已于 {t} 结束（计划期末），所有小区已恢复供电；拖动上方时间轴可回放整个过程。", "This incident ended at {t} (its horizon) and every compound has power again; drag the time bar above to replay it."],
  // KPIs
  customersOut: ["停电户数", "Customers out"],
  households: ["户", "households"],
  restored: ["已恢复供电", "Restored"],
  avgOutage: ["户均停电时间", "Avg outage per household"],
  trucksConnected: ["发电车接入", "Trucks connected"],
  curve: ["恢复曲线（停电户数）", "Restoration curve (customers out)"],
  curveActual: ["实际", "actual"],
  curvePlan: ["计划预测", "plan forecast"],
  // compounds
  compounds: ["小区", "Compounds"],
  sortBy: ["排序", "Sort"],
  sortOutage: ["停电最久", "Longest outage"],
  sortHouseholds: ["户数", "Households"],
  sortPriority: ["优先级", "Priority"],
  colStatus: ["状态", "Status"],
  colName: ["小区", "Compound"],
  colHouseholds: ["户数", "Households"],
  colPriority: ["优先级", "Priority"],
  colOutage: ["停电时长", "Outage"],
  colTrucks: ["发电车", "Trucks"],
  since: ["自 {t} 起", "since {t}"],
  outageTotal: ["每户累计停电", "total per household"],
  status_dark: ["停电", "Dark"],
  status_partial: ["部分供电", "Partial"],
  status_generator: ["发电车供电", "Generator"],
  status_grid: ["电网恢复", "Grid"],
  // trucks
  trucks: ["发电车", "Trucks"],
  truck_inbound: ["在途（外省）", "Inbound"],
  "truck_en-route": ["前往中", "En route"],
  "truck_setting-up": ["接入中", "Setting up"],
  truck_connected: ["已送电", "Connected"],
  truck_free: ["空闲", "Free"],
  truck_broken: ["故障", "Broken down"],
  planned: ["计划", "Planned"],
  actual: ["实际", "Actual"],
  nextStop: ["下一站", "Next"],
  arrive: ["到达", "arrive"],
  switchOn: ["送电", "switch on"],
  noStops: ["计划中无任务", "No stops in the plan"],
  legendDrive: ["行驶", "driving"],
  legendSetup: ["接入作业", "setting up"],
  legendConnected: ["供电", "supplying"],
  legendReported: ["现场上报", "reported"],
  // plan
  plan: ["调度方案", "Plan"],
  noPlan: ["尚无方案：点击“重新规划”", "No plan yet: press Re-plan"],
  planCustomerHours: ["方案停电户时", "Plan customer outage hours"],
  ruleCustomerHours: ["指挥员规则", "Commander's rule"],
  lowerBound: ["理论下界", "Lower bound"],
  gap: ["与下界差距", "Gap to bound"],
  saved: ["较规则节省", "Saved vs rule"],
  customerHours: ["户·小时", "customer-h"],
  replan: ["重新规划", "Re-plan"],
  approve: ["批准方案", "Approve"],
  planning: ["规划中…", "Planning…"],
  planStatus_proposed: ["待批准", "Proposed"],
  planStatus_approved: ["已批准", "Approved"],
  planStatus_superseded: ["已被替代", "Superseded"],
  planBy: ["{who} 于 {t} 生成", "by {who} at {t}"],
  diffTitle: ["本次重新规划的变化", "What the re-plan changed"],
  diffNone: ["发电车任务无变化", "No truck changes its stops"],
  diffDelta: ["较上一方案 {d}（含期间现场变化）", "vs the previous plan: {d} (includes what changed in the field since)"],
  diffNow: ["现", "now"],
  diffWas: ["原", "was"],
  diffMore: ["另有 {n} 台车辆调整", "{n} more trucks changed"],
  diffNothing: ["（无）", "(none)"],
  unserved: ["未覆盖小区", "Unserved compounds"],
  reason_unreachable: ["道路不通", "no open road"],
  "reason_no-time-before-grid": ["电网恢复前无法送达", "no truck before grid returns"],
  "reason_trucks-better-used-elsewhere": ["车辆用于收益更大处", "trucks save more elsewhere"],
  "reason_grid-already-restored": ["电网已恢复", "grid already back"],
  // feed
  feed: ["现场动态", "Live feed"],
  feedEmpty: ["暂无上报", "No reports yet"],
  ev_truck_dispatched: ["出发", "dispatched"],
  ev_truck_arrived: ["到达现场", "arrived"],
  ev_cable_laid: ["电缆敷设完成", "cable laid"],
  ev_switched_on: ["合闸送电", "switched on"],
  ev_truck_released: ["撤离", "released"],
  ev_truck_broken: ["车辆故障", "broken down"],
  ev_grid_restored: ["电网恢复", "grid restored"],
  ev_substation_restored: ["变电站恢复", "substation restored"],
  ev_road_closed: ["道路封闭", "road closed"],
  ev_road_opened: ["道路开放", "road opened"],
  ev_compound_reported: ["新报停电小区", "new dark compound"],
  // map
  layerRoads: ["道路", "Roads"],
  layerFlood: ["淹水区", "Flood zones"],
  layerSubstations: ["变电站", "Substations"],
  layerCompounds: ["小区", "Compounds"],
  layerTrucks: ["发电车", "Trucks"],
  layerRoutes: ["计划路线", "Planned routes"],
  // replay clock and counterfactual (#6)
  replayBadge: ["历史回放", "REPLAY"],
  replayClock: ["情景时钟（{zone}）", "Scenario clock ({zone})"],
  replayPause: ["暂停", "Pause"],
  replayResume: ["继续", "Resume"],
  replayPaused: ["已暂停", "Paused"],
  replaySpeed: ["回放速度", "Replay speed"],
  replayJump: ["跳转", "Jump"],
  replayJumpTo: ["跳转到情景时间（{zone}）", "Jump to a scenario time ({zone})"],
  replayBadTime: ["请输入有效的时间", "Enter a valid time"],
  replayEvents: ["事件 {n}/{total}", "events {n}/{total}"],
  replayEventsTitle: ["已送达事件日志的历史事件 / 时间线事件总数", "Timeline events delivered to the event log / all timeline events"],
  replayFinished: ["回放结束", "Replay finished"],
  replayPanel: ["回放与反事实推演", "Replay & counterfactual"],
  startReplay: ["回放此情景", "Replay this scenario"],
  startingReplay: ["正在创建回放…", "Starting the replay…"],
  replayHint: ["将本情景的历史时间线作为新事件按时回放", "Replays this scenario's historical timeline as a new incident, event by event"],
  computeCounterfactual: ["计算反事实方案", "Compute counterfactual"],
  cfNone: ["尚未计算：在各决策时刻按当时已知情况重新规划，并与历史实际对比", "Not computed yet: re-plans at each decision time from what was known then and sets it against what happened"],
  cfQueued: ["排队中…", "Queued…"],
  cfRunning: ["计算中…", "Computing…"],
  cfRetrying: ["第 {a}/{m} 次尝试：{e}", "Attempt {a} of {m}: {e}"],
  cfFailed: ["计算失败：{e}", "Failed: {e}"],
  cfLoadFailed: ["反事实报告载入失败：{e}", "Could not load the counterfactual report: {e}"],
  cfHistorical: ["历史实际", "What happened"],
  cfPlanned: ["按方案", "With the plan"],
  cfSaved: ["可减少", "Saved"],
  cfDecisions: ["{n} 个决策时刻", "{n} decision times"],
  cfCompounds: ["各小区对比（{n} 个）", "Per compound ({n})"],
  cfColHistorical: ["实际恢复", "Then"],
  cfColPlanned: ["方案恢复", "Plan"],
  cfColSooner: ["提前", "Sooner"],
  cfColSoonerTitle: ["方案较实际提前恢复供电的小时数（负数为推迟）", "Hours the plan powers it sooner than history did (negative: later)"],
  cfSpotlight: ["实际 {then} 恢复，方案 {plan} 恢复：", "powered {then} then, {plan} in the plan: "],
  cfNever: ["期末未恢复", "not by the horizon"],
  cfSooner: ["提前 {h}", "{h} sooner"],
  cfLater: ["推迟 {h}", "{h} later"],
  cfSame: ["相同", "same"],
  // provenance marks (#14)
  provMark_assumed: ["估", "A"],
  provMark_synthetic: ["合", "S"],
  prov_assumed: ["估计", "assumed"],
  prov_synthetic: ["合成", "synthetic"],
  prov_sourced: ["有出处", "sourced"],
  provLegendAssumed: ["真实存在，部分数值为估计（如户数、到达时间）", "real, but a value is assumed (e.g. households, arrival time)"],
  provLegendSynthetic: ["合成的替代对象，并非真实存在", "a synthetic stand-in that did not exist as such"],
  provLegendItem: ["{p}：{d}", "{p}: {d}"],
  provArrivalAssumed: ["到达时间为{p}", "arrival time {p}"],
  provBasis: ["依据：{s}", "basis: {s}"],
  // crew tokens (#13)
  tokensButton: ["抢修队令牌", "Crew tokens"],
  tokensClose: ["关闭", "Close"],
  tokenNew: ["新建抢修队令牌", "New crew token"],
  tokenCrewName: ["队伍名称", "Crew name"],
  tokenCrewNamePlaceholder: ["如：王师傅 四川一队", "e.g. Crew Wang, Sichuan 1"],
  tokenTrucks: ["本队发电车（可多选）", "The crew's trucks (one or more)"],
  tokenTruckFilter: ["筛选：编号、名称、来源", "Filter: id, name, origin"],
  tokenChosen: ["已选 {n} 台", "{n} chosen"],
  tokenCreate: ["生成令牌与二维码", "Create token and QR code"],
  tokenCreating: ["生成中…", "Creating…"],
  tokenHeld: ["已有令牌：{names}", "has a token: {names}"],
  tokenCreated: ["已为“{name}”生成令牌（{trucks}）", "Token created for “{name}” ({trucks})"],
  tokenOnce: ["链接只显示这一次：请抢修队现在扫码，或复制链接发给他们。关闭后无法再次查看。", "This link is shown once: have the crew scan it now, or copy it to them. It cannot be shown again."],
  tokenQrAlt: ["抢修队应用链接的二维码", "QR code of the crew-app link"],
  tokenCopy: ["复制链接", "Copy link"],
  tokenCopied: ["已复制", "Copied"],
  tokenCopyManual: ["无法自动复制：请选中链接后按 Ctrl+C", "Could not copy: select the link and press Ctrl+C"],
  tokenDone: ["完成", "Done"],
  tokenList: ["本事件的令牌（{n}）", "Tokens of this incident ({n})"],
  tokenListEmpty: ["本事件尚无令牌", "No tokens for this incident yet"],
  tokenLoading: ["载入中…", "Loading…"],
  tokenRefresh: ["刷新", "Refresh"],
  tokenCreatedAt: ["{t} 创建", "created {t}"],
  tokenActive: ["有效", "active"],
  tokenRevokedAt: ["已于 {t} 撤销", "revoked {t}"],
  tokenRevoke: ["撤销", "Revoke"],
  tokenRevokeConfirm: ["确认撤销", "Confirm revoke"],
  tokenRevokeHint: ["撤销后，该令牌的下一个请求即被拒绝，其连接立即断开", "Once revoked, the token's next request is refused and its connections are closed"],
  role_commander: ["指挥员", "commander"],
  role_crew: ["抢修队", "crew"],
  role_viewer: ["观察员", "viewer"],
  tokenErrName: ["请填写队伍名称（1–200 个字符）", "Enter a crew name (1 to 200 characters)"],
  tokenErrNoTrucks: ["请至少选择一台发电车", "Choose at least one truck"],
  tokenErrTrucks: ["车辆列表无效（最多 500 台）", "The truck list is not valid (at most 500 trucks)"],
  tokenErrNotOurTruck: ["发电车 {truck} 不属于本事件", "Truck {truck} is not a truck of this incident"],
  tokenErrNoIncident: ["服务器上没有这个事件", "The server has no such incident"],
  tokenErrNoToken: ["服务器上没有这个令牌", "The server has no such token"],
  tokenErrForbidden: ["当前令牌无权管理令牌：需要不限事件的指挥员令牌", "Your token may not manage tokens: that needs a commander token for every incident"],
  tokenErrUnauthorized: ["登录令牌被拒绝，请重新登录", "Your sign-in token was refused; sign in again"],
  tokenErrRateLimited: ["请求过于频繁，请稍后再试", "Too many requests; try again shortly"],
  tokenErrUnavailable: ["服务器暂时无法处理（存储或队列未响应），请稍后再试", "The server cannot answer right now (store or queue down); try again shortly"],
  tokenErrNetwork: ["无法连接服务器", "No connection to the server"],
  tokenErrInvalid: ["请求无效：{field}", "Invalid request: {field}"],
  tokenErrOther: ["服务器拒绝（{status} {code}）", "The server refused it ({status} {code})"],
  tokenErrList: ["令牌列表载入失败：{e}", "Could not load the tokens: {e}"],
  tokenErrCreate: ["令牌未生成：{e}", "No token was created: {e}"],
  tokenErrRevoke: ["令牌未撤销：{e}", "The token was not revoked: {e}"],
  // crew
  crewTitle: ["抢修队", "Crew"],
  yourTrucks: ["本队发电车", "Your trucks"],
  assignment: ["下一任务", "Next assignment"],
  noAssignment: ["当前方案中没有任务", "No assignment in the current plan"],
  address: ["地址", "Address"],
  location: ["坐标", "Location"],
  route: ["路线", "Route"],
  departBy: ["计划 {t} 出发", "depart {t} (planned)"],
  arriveBy: ["计划 {t} 到达", "arrive {t} (planned)"],
  switchOnBy: ["计划 {t} 送电", "switch on {t} (planned)"],
  setupSteps: ["接入步骤", "Setup steps"],
  stepPlan: ["确定发电车接入方案（约 {h}）", "Agree the connection plan (about {h})"],
  stepCable: ["敷设电缆 {m} 米", "Lay {m} m of cable"],
  stepSwitch: ["合闸送电", "Close the switch and send power"],
  compound: ["小区", "Compound"],
  note: ["备注（可选）", "Note (optional)"],
  report: ["上报", "Report"],
  pending: ["待发送", "Pending"],
  pendingNone: ["没有待发送的上报", "Nothing waiting to be sent"],
  delivered: ["已送达", "Delivered"],
  rejected: ["被拒绝", "Refused"],
  dismiss: ["知道了", "Dismiss"],
  offlineBanner: ["离线：上报已保存在本机，恢复网络后自动发送", "Offline: reports are kept on this phone and sent when the network returns"],
  queued: ["已保存，等待发送", "Saved, waiting to send"],
  incident: ["事件", "Incident"],
  truck: ["发电车", "Truck"],
  kw: ["千瓦", "kW"],
  language: ["English", "中文"],
} as const satisfies Record<string, readonly [string, string]>;

export type MessageKey = keyof typeof table;

let current: Lang = "en";

/** Chinese for an incident in a Chinese zone unless the user chose otherwise on this device. */
export function chooseLang(timezone: string | null): Lang {
  const saved = localStorage.getItem("lianxin.lang");
  if (saved === "zh" || saved === "en") return (current = saved);
  const chinese = timezone !== null && /^Asia\/(Shanghai|Chongqing|Harbin|Urumqi|Hong_Kong|Macau|Taipei)$/.test(timezone);
  return (current = chinese ? "zh" : navigator.language.startsWith("zh") ? "zh" : "en");
}

export function setLang(lang: Lang): void {
  current = lang;
  localStorage.setItem("lianxin.lang", lang);
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
}

export function lang(): Lang {
  return current;
}

/** Translates a key, filling `{name}` placeholders. Unknown dynamic keys fall back to the key itself. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const entry = table[key] as readonly [string, string] | undefined;
  const text = entry ? entry[current === "zh" ? 0 : 1] : key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** For keys built at run time ("status_" + status): typed loosely on purpose, falling back to the raw key. */
export function tk(key: string, params: Record<string, string | number> = {}): string {
  return t(key as MessageKey, params);
}

/** The translation key of an event type: "truck.dispatched" → "ev_truck_dispatched". */
export function eventKey(type: string): string {
  return "ev_" + type.replace(/\./g, "_");
}
