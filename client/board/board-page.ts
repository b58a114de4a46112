/**
 * `/incidents/<id>`: the commander's board.
 *
 * Live updates: the page keeps its own copy of the event log (REST once, then socket.io `event` messages, deduped by
 * seq and gap-filled over REST) and derives the state in the browser with the same pure `deriveState` the server
 * uses. So a stored event shows on the board as soon as its message arrives (no extra round trip), the outage clocks
 * tick every second without polling, and the board and the API cannot disagree about a figure.
 */
import { io, type Socket } from "socket.io-client";
import type { StoredEvent } from "../../shared/events.ts";
import { deriveState } from "../../shared/restoration/derive-state.ts";
import type { IncidentState } from "../../shared/state.ts";
import type { ClientToServerEvents, IncidentDetail, ServerToClientEvents, StoredPlan } from "../../shared/wire.ts";
import { ApiError, createApi, type Api } from "../common/api.ts";
import { byId, h, replaceChildren, setText } from "../common/dom.ts";
import { formatFullTime, zoneLabel } from "../common/format.ts";
import { chooseLang, lang, setLang, t } from "../common/i18n.ts";
import { readPageConfig } from "../common/page-config.ts";
import { obtainToken } from "../common/sign-in.ts";
import { forgetToken } from "../common/token-store.ts";
import { createCompoundList } from "./compound-list.ts";
import { renderCurve } from "./curve-chart.ts";
import { actualSeries, planSeries } from "./curves.ts";
import { renderFeed } from "./event-feed.ts";
import { createEventLog } from "./event-log.ts";
import { renderKpis } from "./kpi-bar.ts";
import { createMapView } from "./map-view.ts";
import { createPlanPanel } from "./plan-panel.ts";
import { createTruckPanel } from "./truck-panel.ts";

type BoardSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

async function main(error?: string): Promise<void> {
  const root = byId("app");
  const incidentId = decodeURIComponent(location.pathname.split("/")[2] ?? "");
  setLang(chooseLang("Asia/Shanghai"));
  const token = await obtainToken(root, "board", "tokenPrompt", error);
  const api = createApi(token);
  let detail: IncidentDetail;
  try {
    detail = await api.incident(incidentId);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      forgetToken("board");
      return main(t("badToken"));
    }
    replaceChildren(root, h("div", { class: "error page-error" }, e instanceof Error ? e.message : String(e), " ", h("a", { href: "/" }, t("incidents"))));
    return;
  }
  setLang(chooseLang(detail.scenario.timezone));
  const [me, events, plan, state] = await Promise.all([api.me().catch(() => null), api.events(incidentId), api.latestPlan(incidentId), api.state(incidentId)]);
  startBoard(root, api, token, detail, { canCommand: me === null || me.role === "commander", events, plan, state });
}

interface Initial {
  canCommand: boolean;
  events: StoredEvent[];
  plan: StoredPlan | null;
  state: IncidentState;
}

function startBoard(root: HTMLElement, api: Api, token: string, detail: IncidentDetail, initial: Initial): void {
  const scenario = detail.scenario;
  const zone = scenario.timezone;
  const log = createEventLog(initial.events);
  let plan = initial.plan;
  let previousPlan: StoredPlan | null = null;
  // the server's clock (a replay may run in the past): now = Date.now() + offset, re-synced on every join
  let offsetMs = Date.parse(initial.state.at) - Date.now();
  const now = () => Date.now() + offsetMs;
  // replay: the board can show any instant (the derivation is pure); null = live. `?at=<ISO>` opens at an instant.
  const firstOutageMs = Math.min(...scenario.compounds.map((c) => Date.parse(c.outageStart)));
  const horizonMs = Date.parse(scenario.horizonEnd);
  const atParam = Date.parse(new URL(location.href).searchParams.get("at") ?? "");
  let viewMs: number | null = Number.isFinite(atParam) ? atParam : null;
  const shown = () => viewMs ?? now();

  const el = {
    clock: h("span", { class: "clock-now" }),
    conn: h("span", { class: "conn conn-off" }),
    kpis: h("section", { class: "kpis" }),
    map: h("div", { class: "map" }),
    compounds: h("div", { class: "panel-body" }),
    trucks: h("div", { class: "panel-body" }),
    plan: h("div", { class: "panel-body" }),
    curve: h("div", { class: "panel-body curve-box" }),
    feed: h("div", { class: "panel-body scroll" }),
    titles: {} as Record<string, HTMLElement>,
    langButton: h("button", { class: "chip", onclick: () => switchLang() }),
    slider: h("input", { type: "range", class: "time-slider", step: 300_000, "aria-label": t("timeBar") }),
    liveButton: h("button", { class: "chip live-button", onclick: () => setView(null) }),
    replayBadge: h("span", { class: "replay-badge" }),
    banner: h("div", { class: "board-banner", hidden: true }),
  };
  el.slider.addEventListener("input", () => setView(Number(el.slider.value)));
  const title = (key: Parameters<typeof t>[0]) => (el.titles[key] = h("h3", {}, t(key)));
  replaceChildren(root,
    h("header", { class: "topbar" },
      h("a", { class: "brand", href: "/" }, "连心 Lianxin"),
      h("span", { class: "incident-name" }, detail.name),
      h("span", { class: "spacer" }),
      h("span", { class: "timebar" }, el.slider, el.liveButton),
      el.replayBadge, el.clock, el.conn, el.langButton,
      h("button", { class: "chip", onclick: () => { forgetToken("board"); location.href = "/"; } }, t("signOut"))),
    el.banner,
    el.kpis,
    h("main", { class: "board" },
      h("section", { class: "panel area-map" }, el.map),
      h("section", { class: "panel area-list" }, title("compounds"), el.compounds),
      h("section", { class: "panel area-trucks" }, title("trucks"), el.trucks),
      h("aside", { class: "area-side" },
        h("section", { class: "panel" }, title("plan"), el.plan),
        h("section", { class: "panel" }, title("curve"), el.curve),
        h("section", { class: "panel grow" }, title("feed"), el.feed))));

  const map = createMapView(el.map, scenario, readPageConfig().tileUrl);
  const list = createCompoundList(el.compounds, scenario, (id) => map.focusCompound(id));
  const trucks = createTruckPanel(el.trucks, scenario);
  const planPanel = createPlanPanel(el.plan, scenario, {
    replan: async () => { acceptPlan(await api.replan(detail.id)); },
    approve: async (planId) => { acceptPlan(await api.approve(detail.id, planId)); },
  }, initial.canCommand);

  function acceptPlan(next: StoredPlan): void {
    if (plan && plan.id !== next.id) previousPlan = plan;
    plan = next;
    planPanel.show(plan, previousPlan);
    curveDirty = true;
    curveAt = -Infinity;
    refresh();
  }

  let curveDirty = true;
  let curveAt = -Infinity;
  let state: IncidentState = initial.state;

  /** the slider's end: live now, but no later than shortly after the horizon (nothing changes after it) */
  const sliderEnd = (liveMs: number) => Math.min(Math.max(liveMs, horizonMs), horizonMs + 12 * 3_600_000);

  function setView(ms: number | null): void {
    // the slider's last step is live: it should not freeze the board just short of now
    const live = now();
    viewMs = ms === null || ms >= Math.min(live, sliderEnd(live)) - 5 * 60_000 ? null : ms;
    // the curve follows within 3 s (it is the costly part): dragging the time bar stays smooth
    curveDirty = true;
    scheduleRefresh();
  }

  let pending = false;
  function scheduleRefresh(): void {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      refresh();
    });
  }

  function showTimebar(liveMs: number): void {
    el.slider.min = String(firstOutageMs - 2 * 3_600_000);
    el.slider.max = String(sliderEnd(liveMs));
    if (document.activeElement !== el.slider) el.slider.value = String(viewMs ?? sliderEnd(liveMs));
    el.liveButton.hidden = viewMs === null;
    setText(el.liveButton, t("backToLive"));
    setText(el.replayBadge, viewMs === null ? "" : t("replay"));
    el.replayBadge.hidden = viewMs === null;
    const over = viewMs === null && liveMs > horizonMs;
    el.banner.hidden = !over;
    if (over) setText(el.banner, t("afterHorizon", { t: `${formatFullTime(horizonMs, zone).slice(0, 16)} ${zoneLabel(zone, horizonMs)}` }));
  }

  function refresh(): void {
    const liveMs = now();
    const nowMs = shown();
    const all = log.events();
    // in a replay the feed, the map and the timelines show what was known then
    const events = viewMs === null ? all : all.filter((e) => Date.parse(e.at) <= nowMs);
    state = deriveState(scenario, events, nowMs);
    showTimebar(liveMs);
    setText(el.clock, `${formatFullTime(nowMs, zone)} ${zoneLabel(zone, nowMs)}`);
    renderKpis(el.kpis, state);
    list.update(state, nowMs);
    map.update(state, events, plan, nowMs);
    // the Gantt, the feed and the curve move slowly: redraw them on news and once a minute, not every second.
    // The curve re-derives the state at ~120 instants (~150 ms for Zhengzhou): at most every 3 s in a burst of news.
    const wall = performance.now();
    if (curveDirty || wall - curveAt > 60_000) {
      trucks.update(state, events, plan, nowMs);
      renderFeed(el.feed, scenario, events);
      if (wall - curveAt > 3_000) {
        drawCurve(events, nowMs);
        curveDirty = false;
        curveAt = wall;
      }
    }
  }

  function drawCurve(events: readonly StoredEvent[], nowMs: number): void {
    const fromMs = firstOutageMs;
    // the incident's span; long after its horizon nothing changes, so the axis stops there (plus a margin)
    const toMs = Math.min(Math.max(nowMs, horizonMs), horizonMs + 12 * 3_600_000);
    const width = Math.max(260, el.curve.clientWidth - 4);
    const actual = actualSeries(scenario, events, fromMs, Math.min(nowMs, toMs));
    const forecast = plan ? planSeries(scenario, plan.plan, Math.max(fromMs, Date.parse(plan.plan.at ?? plan.createdAt)), toMs) : [];
    replaceChildren(el.curve, renderCurve(actual, forecast, fromMs, toMs, nowMs, zone, width, 150),
      h("div", { class: "legend" },
        h("span", { class: "legend-item" }, h("i", { class: "swatch curve-actual-swatch" }), t("curveActual")),
        h("span", { class: "legend-item" }, h("i", { class: "swatch curve-plan-swatch" }), t("curvePlan"))));
  }

  function switchLang(): void {
    setLang(lang() === "zh" ? "en" : "zh");
    relabel();
  }

  function relabel(): void {
    setText(el.langButton, t("language"));
    for (const [key, node] of Object.entries(el.titles)) setText(node, t(key as Parameters<typeof t>[0]));
    setText(el.conn, socket.connected ? t("live") : t("offline"));
    list.relabel();
    map.relabel();
    planPanel.relabel();
    curveDirty = true;
    curveAt = -Infinity;
    refresh();
  }

  const socket: BoardSocket = io({ auth: { token }, transports: ["websocket", "polling"] });
  let filling = false;
  async function fillGap(): Promise<void> {
    if (filling) return;
    filling = true;
    try {
      if (log.addAll(await api.events(detail.id, log.contiguousSeq())) > 0) {
        curveDirty = true;
        refresh();
      }
    } finally {
      filling = false;
    }
  }
  socket.on("connect", () => {
    socket.emit("join", { incident: detail.id }, (reply) => {
      if (!reply.ok) {
        planPanel.fail(reply.message);
        return;
      }
      offsetMs = Date.parse(reply.data.at) - Date.now();
      el.conn.className = "conn conn-on";
      setText(el.conn, t("live"));
      // events stored while we were away are not replayed by the server: fetch what we missed
      void fillGap();
    });
  });
  socket.on("disconnect", () => {
    el.conn.className = "conn conn-off";
    setText(el.conn, t("offline"));
  });
  socket.on("connect_error", (e) => {
    if (e.message === "unauthorized") {
      forgetToken("board");
      location.reload();
    }
  });
  socket.on("event", (event) => {
    const { added, gap } = log.add(event);
    if (gap) void fillGap();
    if (added) {
      curveDirty = true;
      // coalesced to one refresh per frame: a burst of reports must not queue a derivation per report
      scheduleRefresh();
    }
  });
  socket.on("plan", (next) => acceptPlan(next));

  planPanel.show(plan, previousPlan);
  relabel();
  setInterval(refresh, 1000);
  window.addEventListener("resize", () => { curveDirty = true; curveAt = -Infinity; scheduleRefresh(); });
}

void main();
