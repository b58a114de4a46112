/**
 * `/crew`: a crew's phone. Sign in with a crew token; see the crew's trucks and each one's next assignment from the
 * latest plan; report each step with one big button. Reports go through the outbox (outbox.ts): kept on the phone,
 * sent when there is a network, exactly once, and a refusal is shown with the server's own message.
 */
import { DateTime } from "luxon";
import type { EventInput, EventType } from "../../shared/events.ts";
import type { PlanStop } from "../../shared/plan.ts";
import type { Scenario } from "../../shared/scenario.ts";
import type { IncidentState, TruckState } from "../../shared/state.ts";
import type { ReplayClock, StoredPlan } from "../../shared/wire.ts";
import { createScenarioClock } from "../board/replay-clock.ts";
import { ApiError, createApi, type Api, type Me } from "../common/api.ts";
import { byId, h, replaceChildren } from "../common/dom.ts";
import { chooseLang, eventKey, lang, setLang, t, tk } from "../common/i18n.ts";
import { obtainToken } from "../common/sign-in.ts";
import { forgetToken } from "../common/token-store.ts";
import { assignmentCard, outboxCard, stepsCard, truckCard } from "./crew-views.ts";
import { createOutbox, newEventId, type Send } from "./outbox.ts";

/** what the page remembers between visits, so a reload on a bad network still shows the assignment */
interface Cached {
  scenario: Scenario;
  plan: StoredPlan | null;
  state: IncidentState | null;
  /** server clock − device clock, ms */
  offsetMs: number;
  /** a replay incident's scenario clock as last read, and the device's time then (#16: reports stamp on it) */
  replay?: { clock: ReplayClock; localMs: number } | null;
}

async function main(error?: string): Promise<void> {
  const root = byId("app");
  setLang(chooseLang("Asia/Shanghai"));
  const token = await obtainToken(root, "crew", "crewTokenPrompt", error);
  const api = createApi(token);
  let me: Me | null;
  let incident: string;
  try {
    me = await api.me();
    // #16: kept for a reload with no network, so the crew still sees only its own trucks and its name
    if (me) localStorage.setItem("lianxin.crew.me", JSON.stringify(me));
    incident = me?.incident ?? new URL(location.href).searchParams.get("incident") ?? (await api.incidents())[0]?.id ?? "";
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      forgetToken("crew");
      return main(t("badToken"));
    }
    // no network: carry on with the incident this phone worked on last (its scenario and plan are cached)
    const last = localStorage.getItem("lianxin.crew.incident") ?? "";
    if (!readCache(last)) return replaceChildren(root, h("div", { class: "error" }, e instanceof Error ? e.message : String(e)));
    me = readMe();
    incident = last;
  }
  if (!incident) return replaceChildren(root, h("p", { class: "muted" }, t("noIncidents")));
  localStorage.setItem("lianxin.crew.incident", incident);
  startCrew(root, api, incident, me);
}

function readMe(): Me | null {
  try {
    return JSON.parse(localStorage.getItem("lianxin.crew.me") ?? "null") as Me | null;
  } catch {
    return null;
  }
}

function readCache(incident: string): Cached | null {
  try {
    return JSON.parse(localStorage.getItem(`lianxin.crew.cache.${incident}`) ?? "null") as Cached | null;
  } catch {
    return null;
  }
}

function startCrew(root: HTMLElement, api: Api, incident: string, me: Me | null): void {
  const outbox = createOutbox(localStorage);
  let cache = readCache(incident);
  let truckId = localStorage.getItem("lianxin.crew.truck");
  let compoundChoice: string | null = null;
  let flash = "";
  // one input for the whole visit: re-renders reuse it, so the crew never loses a half-typed note
  const note = h("input", { type: "text", class: "note", placeholder: t("note"), maxlength: 500 });

  const send: Send = async (inc, input) => {
    try {
      const { event } = await api.report(inc, input);
      return { kind: "delivered", seq: event.seq };
    } catch (e) {
      if (!(e instanceof ApiError) || e.status === 0 || e.status >= 500 || e.status === 429) return { kind: "retry", message: e instanceof Error ? e.message : String(e) };
      return { kind: "refused", status: e.status, message: e.message, code: e.code, details: e.details };
    }
  };

  async function sync(): Promise<void> {
    try {
      const [detail, plan, state, replay] = await Promise.all([api.incident(incident), api.latestPlan(incident), api.state(incident), api.replayClock(incident)]);
      cache = { scenario: detail.scenario, plan, state, offsetMs: Date.parse(state.at) - Date.now(), replay: replay && { clock: replay, localMs: Date.now() } };
      localStorage.setItem(`lianxin.crew.cache.${incident}`, JSON.stringify(cache));
      setLang(chooseLang(detail.scenario.timezone));
    } catch {
      // offline: keep showing what we had
    }
    render();
  }

  async function flush(): Promise<void> {
    const before = JSON.stringify(outbox.items());
    const r = await outbox.flush(send);
    // the "saved, waiting" note is stale once the outbox has answers; the lists below say what happened
    if (r.waiting === 0 && flash) {
      flash = "";
      render();
    }
    // redraw only on news: a redraw every few seconds would close a select the crew has open
    if (r.delivered > 0 || r.refused > 0) await sync();
    else if (JSON.stringify(outbox.items()) !== before) render();
  }

  function report(type: EventType, compound: string | undefined): void {
    if (!cache || !truckId) return;
    // a truck's own steps stay in order even if a clock re-sync jumped back a little since its last report
    // (equal times are fine: the server orders ties by arrival, and the outbox sends in order)
    const previous = [...outbox.items(), ...outbox.delivered()].filter((x) => x.input.truck === truckId).map((x) => Date.parse(x.input.at));
    const nowMs = Math.max(serverNow(cache), ...previous);
    const input: EventInput = {
      id: newEventId(),
      type,
      at: DateTime.fromMillis(nowMs, { zone: cache.scenario.timezone }).toISO({ suppressMilliseconds: true }) ?? new Date(nowMs).toISOString(),
      truck: truckId,
      ...(compound ? { compound } : {}),
      ...(note.value.trim() ? { note: note.value.trim() } : {}),
    };
    outbox.enqueue(incident, input);
    note.value = "";
    flash = `${tk(eventKey(type))} · ${t("queued")}`;
    render();
    void flush();
  }

  function render(): void {
    if (!cache) return replaceChildren(root, h("p", { class: "muted" }, "…"));
    const scenario = cache.scenario;
    const mine = me && me.role === "crew" && me.trucks.length > 0 ? scenario.trucks.filter((x) => me.trucks.includes(x.id)) : scenario.trucks;
    if (!truckId || !mine.some((x) => x.id === truckId)) truckId = mine[0]?.id ?? null;
    if (truckId) localStorage.setItem("lianxin.crew.truck", truckId);
    const truck = mine.find((x) => x.id === truckId);
    const ts = cache.state?.trucks.find((x) => x.id === truckId);
    const { compound: assigned, stop } = nextAssignment(cache, truckId, ts);
    const online = navigator.onLine;
    replaceChildren(root,
      h("header", { class: "topbar crew-top" },
        h("span", { class: "brand" }, `${t("crewTitle")} · ${me?.name ?? ""}`),
        h("span", { class: "spacer" }),
        h("span", { class: online ? "conn conn-on" : "conn conn-off" }, online ? t("live") : t("offlineShort")),
        h("button", { class: "chip", onclick: () => { setLang(lang() === "zh" ? "en" : "zh"); render(); } }, t("language"))),
      online ? null : h("div", { class: "banner", role: "status" }, t("offlineBanner")),
      truckCard(mine, truck, ts, (id) => { truckId = id; compoundChoice = null; render(); }),
      assignmentCard(scenario, assigned, stop),
      stepsCard({
        scenario, note, flash, enabled: truck !== undefined,
        // #16: no assignment and no choice is no compound, never the list's first entry
        compoundId: compoundChoice ?? assigned,
        pickCompound: (id) => { compoundChoice = id || null; render(); },
        report: (type) => report(type, compoundChoice ?? assigned),
      }),
      outboxCard(scenario, outbox.items(), outbox.delivered(), (id) => { outbox.dismiss(id); render(); }));
  }

  window.addEventListener("online", () => void flush());
  window.addEventListener("offline", () => render());
  setInterval(() => void flush(), 3000);
  void sync().then(flush);
}

/**
 * The incident's present: a replay's scenario clock (paused, it stands still; at ×3600 it runs an hour a second),
 * else the server's clock as last synced.
 */
function serverNow(cache: Cached): number {
  if (cache.replay) {
    const clock = createScenarioClock();
    clock.accept(cache.replay.clock, cache.replay.localMs);
    const ms = clock.now(Date.now());
    if (ms !== null) return ms;
  }
  return Date.now() + cache.offsetMs;
}

/** On a job (driving there, setting up, supplying): that compound; otherwise the plan's next stop. */
function nextAssignment(cache: Cached, truckId: string | null, ts: TruckState | undefined): { compound?: string; stop?: PlanStop } {
  const nowMs = serverNow(cache);
  // by the truck picked, not its state: a page cached without a state still shows the plan's next stop
  const stops = cache.plan?.plan.trucks.find((x) => x.id === truckId)?.stops ?? [];
  const busy = ts?.compound !== undefined && ["en-route", "setting-up", "connected"].includes(ts.status);
  const stop = (busy ? stops.find((s) => s.compound === ts.compound) : undefined) ?? stops.find((s) => Date.parse(s.release) > nowMs && s.compound !== ts?.compound);
  return { compound: busy ? ts.compound : stop?.compound, stop };
}

// keeps this page and its scripts on the phone, so it opens with no network (secure contexts only: https, localhost)
if ("serviceWorker" in navigator) void navigator.serviceWorker.register("/crew-sw.js", { scope: "/" }).catch(() => {});

void main();
