/**
 * `/incidents/<id>`: the commander's board.
 *
 * Live updates: the page keeps its own copy of the event log (REST once, then socket.io `event` messages, deduped by
 * seq and gap-filled over REST) and derives the state in the browser with the same pure `deriveState` the server
 * uses. So a stored event shows on the board as soon as its message arrives (no extra round trip), the outage clocks
 * tick every second without polling, and the board and the API cannot disagree about a figure.
 */
import type { StoredEvent } from "../../shared/events.ts";
import { deriveState } from "../../shared/restoration/derive-state.ts";
import type { IncidentState } from "../../shared/state.ts";
import type { CounterfactualReport, IncidentDetail, StoredPlan } from "../../shared/wire.ts";
import { ApiError, createApi, type Api, type Me } from "../common/api.ts";
import { byId, h, replaceChildren, setAttr, setText } from "../common/dom.ts";
import { formatFullTime, zoneLabel } from "../common/format.ts";
import { allMessages, chooseLang, lang, setLang, t } from "../common/i18n.ts";
import { warmFonts } from "../common/warm-fonts.ts";
import { readPageConfig } from "../common/page-config.ts";
import { obtainToken } from "../common/sign-in.ts";
import { forgetToken } from "../common/token-store.ts";
import { createCompoundCard } from "./compound-card.ts";
import { createCompoundList } from "./compound-list.ts";
import { createCounterfactualPanel, type CounterfactualPanel } from "./counterfactual-panel.ts";
import { createCurvePanel } from "./curve-chart.ts";
import { createEventFeed } from "./event-feed.ts";
import { createEventLog } from "./event-log.ts";
import { connectLive } from "./live-link.ts";
import { createJobStrip } from "./job-strip.ts";
import { createReportLink } from "./report-link.ts";
import { renderKpis } from "./kpi-bar.ts";
import { createMapView } from "./map-view.ts";
import { createPlanPanel } from "./plan-panel.ts";
import { timelineMarks } from "./provenance.ts";
import { createSkippedList } from "./skipped-list.ts";
import { crewText, refusalText } from "../common/refusal-text.ts";
import { createReplayBar } from "./replay-bar.ts";
import { createResourcesPanel } from "./resources-panel.ts";
import { scenarioHasResources } from "./truck-resources.ts";
import { createScenarioClock, type ScenarioClock } from "./replay-clock.ts";
import { createTimeBar, type TimeBar } from "./time-bar.ts";
import { createTokenPanel } from "./token-panel.ts";
import { createTruckPanel } from "./truck-panel.ts";
import { createWhatIfPanel, enableDragAssign } from "./what-if-panel.ts";
import { createAlertStrip } from "./alert-strip.ts";
import { DEFAULT_ALERT_THRESHOLDS, evaluateAlerts, type AlertThresholds, type BoardAlert } from "../../shared/board-alerts.ts";
import { watchCompounds } from "../../shared/watch/compound-watch.ts";
import type { EventAck } from "../../shared/wire.ts";

async function main(error?: string): Promise<void> {
  const root = byId("app");
  const incidentId = decodeURIComponent(location.pathname.split("/")[2] ?? "");
  setLang(chooseLang("Asia/Shanghai"));
  const token = await obtainToken(root, "board", "tokenPrompt", error);
  const api = createApi(token);
  // a replay incident runs on its scenario clock (404: not a replay); its arrival also measures the server's clock
  const scenarioClock = createScenarioClock();
  let detail: IncidentDetail;
  let loaded: [Me | null, StoredEvent[], StoredPlan | null, IncidentState, boolean, { report: CounterfactualReport | null; error?: string }];
  try {
    detail = await api.incident(incidentId);
    setLang(chooseLang(detail.scenario.timezone));
    // a replay clock that fails to load must not leave a replay looking like a live incident: it stops the page too
    loaded = await Promise.all([api.me().catch(() => null), api.events(incidentId), api.latestPlan(incidentId), api.state(incidentId),
      api.replayClock(incidentId).then((c) => c !== null && scenarioClock.accept(c, Date.now())),
      // a report that fails to load is said so on its panel, not taken for "none computed yet"
      api.counterfactual(incidentId).then((report) => ({ report }), (e: unknown) => ({ report: null, error: refusalText(e, detail.scenario) }))]);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      forgetToken("board");
      return main(t("badToken"));
    }
    replaceChildren(root, h("div", { class: "error page-error", role: "alert" }, refusalText(e, null), " ", h("a", { href: "/" }, t("incidents"))));
    return;
  }
  const [me, events, plan, state, replay, counterfactual] = loaded;
  startBoard(root, api, token, detail, {
    canCommand: me === null || me.role === "commander", managesTokens: me?.role === "commander", events, plan, state, replay: replay ? scenarioClock : null,
    report: counterfactual.report, reportError: counterfactual.error,
  });
}

interface Initial {
  canCommand: boolean;
  /** a commander token (by GET /api/me): the crew-token panel is built; other roles never see it */
  managesTokens: boolean;
  events: StoredEvent[];
  plan: StoredPlan | null;
  state: IncidentState;
  /** the scenario clock of a replay incident, null otherwise */
  replay: ScenarioClock | null;
  /** the latest counterfactual report, if one was computed */
  report: CounterfactualReport | null;
  /** why the latest report could not be loaded */
  reportError?: string;
}

function startBoard(root: HTMLElement, api: Api, token: string, detail: IncidentDetail, initial: Initial): void {
  const scenario = detail.scenario;
  const zone = scenario.timezone;
  const log = createEventLog(initial.events);
  let plan = initial.plan;
  let previousPlan: StoredPlan | null = null;
  // the server's clock (a replay server may run in the past): now = Date.now() + offset, re-synced on every join
  let offsetMs = Date.parse(initial.state.at) - Date.now();
  // a replay incident's "now" is its scenario clock: outage clocks, state, KPIs and the Gantt's now line follow it
  const replay = initial.replay;
  const now = () => replay?.now(Date.now()) ?? Date.now() + offsetMs;
  const atParam = Date.parse(new URL(location.href).searchParams.get("at") ?? "");
  const time = createTimeBar({
    zone,
    firstOutageMs: Math.min(...scenario.compounds.map((c) => Date.parse(c.outageStart))),
    horizonMs: Date.parse(scenario.horizonEnd),
    now,
    initial: Number.isFinite(atParam) ? atParam : null,
    endsAtNow: replay !== null,
    // the curve follows within 3 s (it is the costly part): dragging the time bar stays smooth
    onChange: () => invalidate(false),
  });
  const replayBar = replay && createReplayBar({
    zone,
    canCommand: initial.canCommand,
    control: async (change) => acceptClock(await api.controlReplay(detail.id, change)),
    describe: (e) => refusalText(e, scenario),
  });
  const tokenPanel = initial.managesTokens ? createTokenPanel(scenario, detail.id, {
    list: () => api.tokens(detail.id),
    create: (request) => api.createToken(request),
    revoke: (id) => api.revokeToken(id),
  }, location.origin) : null;
  const tokensButton = tokenPanel && h("button", { class: "chip", "data-action": "tokens", onclick: () => tokenPanel.toggle() });
  // an exercise (#18, the mark in its stored scenario): the after-action report, fetched with this page's token
  const reportLink = "exercise" in scenario && scenario.exercise ? createReportLink(() => api.exerciseReport(detail.id)) : null;
  const hasReplayPanel = (scenario.events?.length ?? 0) > 0 || replay !== null || initial.report !== null || initial.reportError !== undefined;
  const el = buildLayout(root, detail.name, time, { switchLang, signOut: () => { forgetToken("board"); location.href = "/"; } },
    { replayBar: replayBar?.element ?? null, replayPanel: hasReplayPanel, tokensButton, reportButton: reportLink?.element ?? null });
  // a replay has one time control, its replay bar (#16): the live time bar's slider and "back to live" would be a
  // second one that disagrees with it
  if (replay) time.controls.style.display = "none";
  if (tokenPanel) root.append(tokenPanel.element);
  // background jobs (plans, replays, exports): progress, retries and failures, under the KPIs
  const jobStrip = createJobStrip(zone, () => api.jobs(detail.id));
  el.kpis.after(jobStrip.element);
  // #16 item 4: alerts (evaluated here with the same shared function as the server's, plus what its socket `alert`
  // raised while this board's thresholds are being brought up to date), acknowledgements, the late count
  let thresholds: AlertThresholds = DEFAULT_ALERT_THRESHOLDS;
  const pushed = new Map<string, BoardAlert>();
  const acks = new Map<string, EventAck>();
  // one reading at a time, and one more after it for whatever came meanwhile: a burst of reports raises alerts by the
  // dozen, and each socket `alert` read the thresholds again (42 requests and redraws in one bench burst)
  let thresholdsLoading: Promise<void> | null = null;
  let thresholdsAgain = false;
  const loadThresholds = (): Promise<void> => {
    if (thresholdsLoading) {
      thresholdsAgain = true;
      return thresholdsLoading;
    }
    thresholdsLoading = api.alertThresholds(detail.id).then((th) => {
      thresholds = th;
      alertStrip.setThresholds(th);
      pushed.clear();
      invalidate(false);
    }, () => {}).finally(() => {
      thresholdsLoading = null;
      if (thresholdsAgain) {
        thresholdsAgain = false;
        void loadThresholds();
      }
    });
    return thresholdsLoading;
  };
  const alertStrip = createAlertStrip(scenario, initial.canCommand ? async (th) => { await api.setAlertThresholds(detail.id, th); await loadThresholds(); } : null);
  // in the feed's panel, above the reports: the board's fixed-height grid keeps its rows (a strip under the KPIs took
  // the side column's height, and the replay panel's buttons went out of reach)
  el.feed.before(alertStrip.element);
  const acceptAck = (ack: EventAck) => {
    if (acks.has(ack.event)) return;
    acks.set(ack.event, ack);
    feed.setAcks(acks);
    invalidate(false);
  };

  // #16: a compound's card, opened from its marker or its list row
  const card = createCompoundCard(scenario);
  el.map.parentElement!.append(card.element);
  const map = createMapView(el.map, scenario, readPageConfig().tileUrl, {
    loadRoutes: (planId) => api.planRoutes(detail.id, planId),
    openCompound: (id) => { card.show(id); invalidate(false); },
  });
  const list = createCompoundList(el.compounds, scenario, (id) => { map.focusCompound(id); card.show(id); invalidate(false); });
  const trucks = createTruckPanel(el.trucks, scenario);
  const curve = createCurvePanel(el.curve, scenario);
  // #17: fuel, MV supplies, tanker and crew routes, under the plan panel
  const resources = scenarioHasResources(scenario) ? createResourcesPanel(scenario) : null;
  if (resources) el.plan.parentElement!.after(resources.element);
  const feed = createEventFeed(el.feed, scenario, timelineMarks(scenario, detail.id),
    initial.canCommand ? async (event) => acceptAck(await api.ack(detail.id, event.id)) : undefined);
  // #16: what a replay skipped after a jump back, above the feed
  const skipped = createSkippedList(scenario);
  el.feed.before(skipped.element);
  let rewindsSeen = replay?.current()?.rewinds ?? 0;
  skipped.render(replay?.current()?.skipped ?? []);
  const planPanel = createPlanPanel(el.plan, scenario, {
    replan: async () => acceptPlan(await api.replan(detail.id)),
    approve: async (planId) => acceptPlan(await api.approve(detail.id, planId)),
    compare: (previous, current) => compareOnSameState(api, detail.id, previous, current),
  }, initial.canCommand);
  // what-if assignment (#16): commanders only; a drag from the compound list onto a truck row, or two selects
  const whatIf = initial.canCommand ? createWhatIfPanel(scenario, {
    evaluate: (request) => api.evaluate(detail.id, request),
    commit: async (pins) => acceptPlan(await api.replan(detail.id, { pins })),
  }) : null;
  if (whatIf) {
    el.plan.after(whatIf.element);
    whatIf.setPlan(plan);
    enableDragAssign(el.compounds, el.trucks, (truck, compound) => whatIf.assign(truck, compound));
  }

  const counterfactual: CounterfactualPanel | null = el.replayPanel && createCounterfactualPanel(el.replayPanel, scenario, {
    async startReplay() {
      const started = await api.startReplay({ incident: detail.id });
      location.href = `/incidents/${encodeURIComponent(started.incident.id)}`;
    },
    compute: () => api.computeCounterfactual(detail.id),
    load: () => api.counterfactual(detail.id),
  }, initial.report, initial.canCommand, initial.reportError);

  function acceptClock(clock: Parameters<ScenarioClock["accept"]>[0]): void {
    if (!replay?.accept(clock, Date.now())) return;
    if ((clock.rewinds ?? 0) !== rewindsSeen) {
      // a jump back undid what was stored after the new time: the server's log is the truth again
      rewindsSeen = clock.rewinds ?? 0;
      void api.events(detail.id).then((events) => {
        log.reset(events);
        feedShown = "";
        invalidate(true);
      }).catch(() => {});
    }
    skipped.render(clock.skipped ?? []);
    invalidate(true);
  }

  // the server sends the clock when it changes, not when the replay delivers an event: the delivered count is asked
  // for again after new events, at most once a second however fast they come
  let recount: ReturnType<typeof setTimeout> | null = null;
  function recountDelivered(): void {
    if (!replay || recount !== null) return;
    recount = setTimeout(() => {
      recount = null;
      void api.replayClock(detail.id).then((c) => c && acceptClock(c)).catch(() => {});
    }, 1_000);
  }

  function acceptPlan(next: StoredPlan): void {
    if (plan && plan.id !== next.id) previousPlan = plan;
    plan = next;
    planPanel.show(plan, previousPlan);
    whatIf?.setPlan(plan);
    invalidate(true);
  }

  // The Gantt, the feed and the curve move slowly: redrawn on news and once a minute, not every second. The curve
  // re-derives the state at ~120 instants (~150 ms for the 1:10 Zhengzhou model, seconds at true scale, taken a few
  // at a time between other tasks): at most every 3 s in a burst of news.
  let slowDirty = true;
  let curveAt = -Infinity;
  let feedShown = "";
  let listShown = false;
  let frame = false;
  /** something changed: redraw at the next frame (one redraw for a burst of reports); `curveNow` skips the throttle */
  function invalidate(curveNow: boolean): void {
    slowDirty = true;
    if (curveNow) curveAt = -Infinity;
    if (frame) return;
    frame = true;
    requestAnimationFrame(() => {
      frame = false;
      refresh();
    });
  }

  function refresh(): void {
    const nowMs = time.shown();
    // in a replay the feed, the map and the timelines show what was known then (a replay incident may be sought back)
    const all = log.events();
    const events = time.isLive() && !replay ? all : all.filter((e) => Date.parse(e.at) <= nowMs);
    const clock = replay?.current();
    if (clock && replayBar) {
      replayBar.render(clock, now());
      // a running replay moves the Gantt's now line minutes or hours per second: redraw it every tick
      if (!clock.paused && clock.speed > 1) slowDirty = true;
    }
    const state = deriveState(scenario, events, nowMs);
    time.render(now());
    setText(el.clock, `${formatFullTime(nowMs, zone)} ${zoneLabel(zone, nowMs)}`);
    renderKpis(el.kpis, state);
    const watch = watchCompounds(state, plan?.plan ?? null, events, nowMs);
    list.update(state, nowMs, watch);
    let late = 0;
    for (const w of watch.values()) if (w.lateStep !== null) late++;
    setText(el.lateCount, t("lateCount", { n: late }));
    el.lateCount.setAttribute("data-late-count", String(late));
    el.lateCount.classList.toggle("warn", late > 0);
    let unacked = 0;
    for (const e of events) if (!acks.has(e.id)) unacked++;
    setText(el.unackedCount, t("unackedCount", { n: unacked }));
    el.unackedCount.setAttribute("data-unacked-count", String(unacked));
    const alerts = evaluateAlerts({ state, plan: plan?.plan ?? null, events, thresholds, nowMs, zone, scenario });
    const ids = new Set(alerts.map((a) => a.id));
    // what the server raised and this board does not (yet) see: kept until the thresholds are re-read
    if (time.isLive()) for (const a of pushed.values()) if (!ids.has(a.id)) alerts.push(a);
    alertStrip.update(alerts);
    setText(el.alertCount, t("alertCount", { n: alerts.length }));
    el.alertCount.setAttribute("data-alert-count", String(alerts.length));
    el.alertCount.classList.toggle("warn", alerts.length > 0);
    // the feed changes only with its events (a prefix in time of an append-only log) or the language, not with the
    // replay clock's tick that makes the Gantt redraw every second: news shows in the first task
    const feedKey = `${lang()}:${all.length}:${events.length}`;
    if (listShown && feedKey !== feedShown) {
      feed.render(events);
      feedShown = feedKey;
    }
    if (!listShown) {
      // the first frame shows the figures and the compound rows; the map, the Gantt and the curve follow in the next
      listShown = true;
      invalidate(true);
      setTimeout(() => void warmBoardFonts(), 0);
      return;
    }
    // the map, then the Gantt and the curve, each in a task of its own after this frame: at true scale one task
    // doing every panel ran past 200 ms and delayed the news above by as much
    later = { state, events, nowMs };
    if (!laterQueued) {
      laterQueued = true;
      setTimeout(drawMap, Math.max(0, mapAt + MAP_EVERY_MS - performance.now()));
    }
  }

  // #16 item 7: in a burst of reports the list, the counts and the feed follow every frame; the map and the trucks'
  // rows at most every 250 and 500 ms, with the latest state (drawn after every frame, they took as much of the main
  // thread as the news itself, and the feed waited behind them)
  const MAP_EVERY_MS = 250;
  const SLOW_EVERY_MS = 500;
  let mapAt = -Infinity;
  let slowAt = -Infinity;
  let later: { state: ReturnType<typeof deriveState>; events: readonly StoredEvent[]; nowMs: number } | null = null;
  let laterQueued = false;
  function drawMap(): void {
    const next = later;
    if (!next) return void (laterQueued = false);
    mapAt = performance.now();
    map.update(next.state, next.events, plan, next.nowMs);
    card.update(next.state, next.events, plan, next.nowMs);
    const wall = performance.now();
    if (!slowDirty && wall - curveAt < 60_000) return void (laterQueued = false);
    setTimeout(drawSlow, Math.max(0, slowAt + SLOW_EVERY_MS - wall));
  }
  function drawSlow(): void {
    laterQueued = false;
    // the newest state: frames that came while this waited replaced it
    const next = later;
    if (!next) return;
    later = null;
    slowAt = performance.now();
    trucks.update(next.state, next.events, plan, next.nowMs);
    resources?.update(next.events, plan, next.nowMs);
    const wall = performance.now();
    if (wall - curveAt < 3_000) return;
    curve.draw(next.events, plan, next.nowMs);
    slowDirty = false;
    curveAt = wall;
  }

  function switchLang(): void {
    setLang(lang() === "zh" ? "en" : "zh");
    relabel();
    void warmBoardFonts();
  }

  /** the labels in both weights, the names in the regular one: loaded while the board is quiet (warm-fonts.ts) */
  async function warmBoardFonts(): Promise<void> {
    await warmFonts(allMessages());
    await warmFonts([...scenario.compounds, ...scenario.trucks, ...scenario.substations].map((x) => x.name), [400]);
  }

  function relabel(): void {
    setText(el.langButton, t("language"));
    for (const [key, node] of Object.entries(el.titles)) setText(node, t(key as TitleKey));
    showConnection(live.connected());
    list.relabel();
    trucks.relabel();
    alertStrip.relabel();
    setAttr(el.lateCount, "title", t("lateCountTitle"));
    setAttr(el.unackedCount, "title", t("unackedTitle"));
    map.relabel();
    planPanel.relabel();
    whatIf?.relabel();
    replayBar?.relabel();
    skipped.relabel();
    counterfactual?.relabel();
    jobStrip.relabel();
    resources?.relabel();
    if (tokensButton) setText(tokensButton, t("tokensButton"));
    reportLink?.relabel();
    tokenPanel?.relabel();
    invalidate(true);
  }

  function showConnection(connected: boolean): void {
    el.conn.className = connected ? "conn conn-on" : "conn conn-off";
    // a replay is connected, not live (#16): "Live" beside a paused replay clock said the opposite of the truth
    setText(el.conn, connected ? (replay ? crewText("replayConnected") : t("live")) : t("offline"));
  }

  const live = connectLive(token, detail.id, log, (after) => api.events(detail.id, after), {
    joined: (state) => {
      offsetMs = Date.parse(state.at) - Date.now();
      // clock changes made while disconnected were not sent to this board
      if (replay) void api.replayClock(detail.id).then((c) => c && acceptClock(c)).catch(() => {});
    },
    clock: acceptClock,
    job: (job) => {
      counterfactual?.job(job);
      jobStrip.job(job);
      reportLink?.job(job);
    },
    changed: () => {
      invalidate(false);
      recountDelivered();
    },
    plan: acceptPlan,
    alert: (alert) => {
      pushed.set(alert.id, alert);
      void loadThresholds();
      invalidate(false);
    },
    ack: acceptAck,
    connection: showConnection,
    refused: (message) => planPanel.fail(message),
    unauthorized: () => { forgetToken("board"); location.reload(); },
  });

  planPanel.show(plan, previousPlan);
  relabel();
  void loadThresholds();
  void api.acks(detail.id).then((list) => { for (const a of list) acks.set(a.event, a); feed.setAcks(acks); invalidate(false); }, () => {});
  setInterval(refresh, 1000);
  window.addEventListener("resize", () => invalidate(true));
}

/**
 * #16: `current` − `previous` with both on the current state: the previous plan's remaining assignments (stops not
 * yet switched on at the current plan's instant) evaluated by POST …/plans/evaluate, against the current (latest)
 * plan on that same state. A stop the state no longer allows (its compound back on the grid) is dropped and the
 * rest evaluated again; null when nothing evaluable is left or the server cannot evaluate.
 */
async function compareOnSameState(api: Api, incident: string, previous: StoredPlan, current: StoredPlan): Promise<{ deltaCustomerHours: number; at: string } | null> {
  const fromMs = Date.parse(current.plan.at ?? current.createdAt);
  let trucks = previous.plan.trucks.map((x) => ({ id: x.id, stops: x.stops.filter((s) => Date.parse(s.switchOn) > fromMs).map((s) => ({ compound: s.compound })) }));
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      const e = await api.evaluate(incident, { trucks });
      if (!e.latestPlan || e.latestPlan.id !== current.id) return null;
      return { deltaCustomerHours: e.latestPlan.sameStateCustomerOutageHours - e.customerOutageHours, at: e.at };
    } catch (err) {
      const path = err instanceof ApiError && err.status === 422 ? err.details[0]?.path ?? "" : "";
      const m = /^trucks\[(\d+)\]\.stops\[(\d+)\]/.exec(path);
      if (!m) return null;
      const [ti, si] = [Number(m[1]), Number(m[2])];
      trucks = trucks.map((x, i) => (i === ti ? { ...x, stops: x.stops.filter((_, j) => j !== si) } : x));
    }
  }
  return null;
}

type TitleKey = "compounds" | "trucks" | "plan" | "curve" | "feed" | "replayPanel";

/** The board's frame: header, KPI strip, and the panels' containers. */
function buildLayout(root: HTMLElement, name: string, time: TimeBar, actions: { switchLang(): void; signOut(): void },
  parts: { replayBar: HTMLElement | null; replayPanel: boolean; tokensButton: HTMLElement | null; reportButton: HTMLElement | null }) {
  const titles = {} as Record<TitleKey, HTMLElement>;
  const title = (key: TitleKey) => (titles[key] = h("h3", {}, t(key)));
  const el = {
    clock: h("span", { class: "clock-now" }),
    conn: h("span", { class: "conn conn-off" }),
    lateCount: h("span", { class: "chip count-chip", "data-late-count": 0 }),
    unackedCount: h("span", { class: "chip count-chip", "data-unacked-count": 0 }),
    alertCount: h("span", { class: "chip count-chip", "data-alert-count": 0 }),
    kpis: h("section", { class: "kpis" }),
    map: h("div", { class: "map" }),
    compounds: h("div", { class: "panel-body" }),
    trucks: h("div", { class: "panel-body" }),
    plan: h("div", { class: "panel-body" }),
    curve: h("div", { class: "panel-body curve-box" }),
    feed: h("div", { class: "panel-body scroll" }),
    langButton: h("button", { class: "chip", onclick: actions.switchLang }),
    replayPanel: parts.replayPanel ? h("div", { class: "panel-body replay-panel" }) : null,
    titles,
  };
  replaceChildren(root,
    h("header", { class: "topbar" },
      h("a", { class: "brand", href: "/" }, "连心 Lianxin"),
      h("span", { class: "incident-name" }, name),
      h("span", { class: "spacer" }),
      time.controls, el.clock, el.conn, el.lateCount, el.unackedCount, el.alertCount, parts.reportButton, parts.tokensButton, el.langButton,
      h("button", { class: "chip", onclick: actions.signOut }, t("signOut"))),
    parts.replayBar,
    time.banner,
    el.kpis,
    h("main", { class: "board" },
      h("section", { class: "panel area-map" }, el.map),
      h("section", { class: "panel area-list" }, title("compounds"), el.compounds),
      h("section", { class: "panel area-trucks" }, title("trucks"), el.trucks),
      h("aside", { class: "area-side" },
        h("section", { class: "panel" }, title("plan"), el.plan),
        h("section", { class: "panel" }, title("curve"), el.curve),
        el.replayPanel && h("section", { class: "panel replay-section" }, title("replayPanel"), el.replayPanel),
        h("section", { class: "panel grow" }, title("feed"), el.feed))));
  return el as typeof el & { titles: Record<TitleKey, HTMLElement> };
}

void main();
