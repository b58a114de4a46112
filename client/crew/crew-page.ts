/**
 * `/crew`: a crew's phone. Sign in with a crew token; see the crew's trucks and each one's next assignment from the
 * latest plan; report each step with one big button. Reports go through the outbox (outbox.ts): kept on the phone,
 * sent when there is a network, exactly once, and a refusal is shown with the server's own message.
 */
import { DateTime } from "luxon";
import type { EventInput, EventType } from "../../shared/events.ts";
import type { Compound, Scenario } from "../../shared/scenario.ts";
import { DEFAULTS } from "../../shared/scenario.ts";
import type { IncidentState } from "../../shared/state.ts";
import type { StoredPlan } from "../../shared/wire.ts";
import { ApiError, createApi, type Api, type Me } from "../common/api.ts";
import { byId, h, replaceChildren } from "../common/dom.ts";
import { formatClockTime, formatHours, formatNumber, formatTime, zoneLabel } from "../common/format.ts";
import { chooseLang, eventKey, lang, setLang, t, tk } from "../common/i18n.ts";
import { obtainToken } from "../common/sign-in.ts";
import { shortName } from "../common/names.ts";
import { forgetToken } from "../common/token-store.ts";
import { createOutbox, newEventId, type Send } from "./outbox.ts";

const STEPS: { type: EventType; tone: string }[] = [
  { type: "truck.dispatched", tone: "" },
  { type: "truck.arrived", tone: "" },
  { type: "cable.laid", tone: "" },
  { type: "switched.on", tone: "go" },
  { type: "truck.released", tone: "" },
  { type: "truck.broken", tone: "danger" },
];

/** what the page remembers between visits, so a reload on a bad network still shows the assignment */
interface Cached {
  scenario: Scenario;
  plan: StoredPlan | null;
  state: IncidentState | null;
  /** server clock − device clock, ms */
  offsetMs: number;
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
    incident = me?.incident ?? new URL(location.href).searchParams.get("incident") ?? (await api.incidents())[0]?.id ?? "";
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      forgetToken("crew");
      return main(t("badToken"));
    }
    // no network: carry on with the incident this phone worked on last (its scenario and plan are cached)
    const last = localStorage.getItem("lianxin.crew.incident") ?? "";
    if (!readCache(last)) return replaceChildren(root, h("div", { class: "error" }, e instanceof Error ? e.message : String(e)));
    me = null;
    incident = last;
  }
  if (!incident) return replaceChildren(root, h("p", { class: "muted" }, t("noIncidents")));
  localStorage.setItem("lianxin.crew.incident", incident);
  startCrew(root, api, incident, me);
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

  const send: Send = async (inc, input) => {
    try {
      const { event } = await api.report(inc, input);
      return { kind: "delivered", seq: event.seq };
    } catch (e) {
      if (!(e instanceof ApiError) || e.status === 0 || e.status >= 500 || e.status === 429) return { kind: "retry", message: e instanceof Error ? e.message : String(e) };
      return { kind: "refused", status: e.status, message: e.message };
    }
  };

  async function sync(): Promise<void> {
    try {
      const [detail, plan, state] = await Promise.all([api.incident(incident), api.latestPlan(incident), api.state(incident)]);
      cache = { scenario: detail.scenario, plan, state, offsetMs: Date.parse(state.at) - Date.now() };
      localStorage.setItem(`lianxin.crew.cache.${incident}`, JSON.stringify(cache));
      setLang(chooseLang(detail.scenario.timezone));
    } catch {
      // offline: keep showing what we had
    }
    render();
  }

  async function flush(): Promise<void> {
    const before = outbox.items().length;
    const r = await outbox.flush(send);
    // the "saved, waiting" note is stale once the outbox has answers; the lists below say what happened
    if (r.waiting === 0) flash = "";
    if (r.delivered > 0 || r.refused > 0 || outbox.items().length !== before) await sync();
    else render();
  }

  function report(type: EventType, compound: string | undefined, note: string): void {
    if (!cache || !truckId) return;
    // a truck's own steps stay in order even if a clock re-sync jumped back a little since its last report
    // (equal times are fine: the server orders ties by arrival, and the outbox sends in order)
    const previous = [...outbox.items(), ...outbox.delivered()].filter((x) => x.input.truck === truckId).map((x) => Date.parse(x.input.at));
    const nowMs = Math.max(Date.now() + cache.offsetMs, ...previous);
    const input: EventInput = {
      id: newEventId(),
      type,
      at: DateTime.fromMillis(nowMs, { zone: cache.scenario.timezone }).toISO({ suppressMilliseconds: true }) ?? new Date(nowMs).toISOString(),
      truck: truckId,
      ...(compound ? { compound } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    outbox.enqueue(incident, input);
    flash = `${tk(eventKey(type))} · ${t("queued")}`;
    render();
    void flush();
  }

  function render(): void {
    if (!cache) return replaceChildren(root, h("p", { class: "muted" }, "…"));
    const scenario = cache.scenario;
    const zone = scenario.timezone;
    const mine = me && me.role === "crew" && me.trucks.length > 0 ? scenario.trucks.filter((x) => me.trucks.includes(x.id)) : scenario.trucks;
    if (!truckId || !mine.some((x) => x.id === truckId)) truckId = mine[0]?.id ?? null;
    if (truckId) localStorage.setItem("lianxin.crew.truck", truckId);
    const truck = mine.find((x) => x.id === truckId);
    const ts = cache.state?.trucks.find((x) => x.id === truckId);
    const nowMs = Date.now() + cache.offsetMs;
    const stops = cache.plan?.plan.trucks.find((x) => x.id === truckId)?.stops ?? [];
    // on a job (driving there, setting up, supplying): that compound; otherwise the plan's next stop
    const busy = ts !== undefined && ts.compound !== undefined && ["en-route", "setting-up", "connected"].includes(ts.status);
    const stop = (busy ? stops.find((s) => s.compound === ts.compound) : undefined) ?? stops.find((s) => Date.parse(s.release) > nowMs && s.compound !== ts?.compound);
    const assigned = busy ? ts.compound : stop?.compound;
    const compoundId = compoundChoice ?? assigned ?? scenario.compounds[0]?.id;
    const compound = scenario.compounds.find((c) => c.id === compoundId);
    const noteInput = h("input", { type: "text", class: "note", placeholder: t("note"), maxlength: 500 });
    const items = outbox.items();
    const online = navigator.onLine;

    replaceChildren(root,
      h("header", { class: "topbar crew-top" },
        h("span", { class: "brand" }, `${t("crewTitle")} · ${me?.name ?? ""}`),
        h("span", { class: "spacer" }),
        h("span", { class: online ? "conn conn-on" : "conn conn-off" }, online ? t("live") : "offline"),
        h("button", { class: "chip", onclick: () => { setLang(lang() === "zh" ? "en" : "zh"); render(); } }, t("language"))),
      online ? null : h("div", { class: "banner", role: "status" }, t("offlineBanner")),
      h("section", { class: "crew-card" },
        h("h2", {}, t("yourTrucks")),
        h("div", { class: "truck-tabs" }, ...mine.map((x) => h("button", {
          class: x.id === truckId ? "chip active" : "chip", "data-truck": x.id,
          onclick: () => { truckId = x.id; compoundChoice = null; render(); },
        }, `${x.id} · ${x.name}`))),
        truck ? h("div", { class: "sub" }, `${truck.origin ?? ""} · ${formatNumber(truck.capacityKw, lang())} kW · ${ts ? tk("truck_" + ts.status) : ""}`) : null),
      h("section", { class: "crew-card", "data-assignment": assigned ?? "" },
        h("h2", {}, t("assignment")),
        assigned ? assignmentView(scenario, assigned, stop, zone) : h("p", { class: "muted" }, t("noAssignment"))),
      h("section", { class: "crew-card" },
        h("label", {}, t("compound"),
          h("select", { class: "compound-select", onchange: (e: Event) => { compoundChoice = (e.target as HTMLSelectElement).value; render(); } },
            ...scenario.compounds.map((c) => { const o = h("option", { value: c.id }, c.name); o.selected = c.id === compoundId; return o; }))),
        noteInput,
        h("div", { class: "step-buttons" }, ...STEPS.map((s) => h("button", {
          class: `step ${s.tone}`, "data-step": s.type, disabled: !truck,
          onclick: () => report(s.type, compound?.id, noteInput.value),
        }, tk(eventKey(s.type))))),
        flash ? h("div", { class: "flash", role: "status" }, flash) : null),
      h("section", { class: "crew-card" },
        h("h2", {}, `${t("pending")} (${items.filter((i) => i.state === "pending").length})${items.some((i) => i.state === "refused") ? ` · ${t("rejected")} (${items.filter((i) => i.state === "refused").length})` : ""}`),
        items.length === 0 ? h("p", { class: "muted" }, t("pendingNone")) : h("ul", { class: "outbox" }, ...items.map((i) => h("li", {
          class: `outbox-item ${i.state}`, "data-report-id": i.input.id, "data-state": i.state,
        },
        h("b", {}, `${i.input.truck} · ${tk(eventKey(i.input.type))}`), ` ${nameOf(scenario, i.input.compound)} · ${formatClockTime(i.input.at, zone)} ${zoneLabel(zone, Date.parse(i.input.at))}`,
        i.state === "refused" ? h("div", { class: "error", role: "alert" }, `${t("rejected")} (${i.status}): ${i.message}`,
          h("button", { class: "chip", onclick: () => { outbox.dismiss(i.input.id); render(); } }, t("dismiss"))) : h("span", { class: "muted" }, ` · ${t("pending")}`)))),
        h("h2", {}, t("delivered")),
        h("ul", { class: "delivered" }, ...outbox.delivered().slice(0, 6).map((d) => h("li", { "data-report-id": d.input.id },
          `#${d.seq} ${d.input.truck} · ${tk(eventKey(d.input.type))} ${nameOf(scenario, d.input.compound)} · ${formatClockTime(d.input.at, zone)}`)))));
  }

  window.addEventListener("online", () => void flush());
  window.addEventListener("offline", () => render());
  setInterval(() => void flush(), 3000);
  void sync().then(flush);
}

function nameOf(scenario: Scenario, id: string | undefined): string {
  return id ? shortName(scenario.compounds.find((c) => c.id === id)?.name ?? id) : "";
}

function assignmentView(scenario: Scenario, compoundId: string, stop: { depart: string; arrive: string; switchOn: string } | undefined, zone: string): HTMLElement {
  const c: Compound | undefined = scenario.compounds.find((x) => x.id === compoundId);
  if (!c) return h("p", {}, compoundId);
  const d = { ...DEFAULTS, ...scenario.defaults };
  const cable = c.cableLengthM ?? 100;
  return h("div", { class: "assignment" },
    h("div", { class: "assign-name" }, c.name),
    h("div", { class: "sub" }, `${t("address")}: ${c.address ?? "—"} · ${formatNumber(c.households, lang())} ${t("households")} · ${formatNumber(c.loadKw, lang())} kW`),
    stop ? h("div", { class: "route" }, `${t("route")}: ${t("departBy", { t: formatTime(stop.depart, zone) })} → ${t("arriveBy", { t: formatTime(stop.arrive, zone) })} → ${t("switchOnBy", { t: formatTime(stop.switchOn, zone) })} (${zoneLabel(zone, Date.parse(stop.arrive))})`) : null,
    h("a", { class: "maplink", href: `geo:${c.location[1]},${c.location[0]}` }, `${t("location")}: ${c.location[1].toFixed(5)}, ${c.location[0].toFixed(5)}`),
    h("h3", {}, t("setupSteps")),
    h("ol", { class: "setup-steps" },
      h("li", {}, c.setupHours !== undefined ? formatHours(c.setupHours, lang()) : t("stepPlan", { h: formatHours(d.planHours, lang(), 2) })),
      h("li", {}, t("stepCable", { m: formatNumber(cable, lang()) })),
      h("li", {}, t("stepSwitch"))));
}

// keeps this page and its scripts on the phone, so it opens with no network (secure contexts only: https, localhost)
if ("serviceWorker" in navigator) void navigator.serviceWorker.register("/crew-sw.js", { scope: "/" }).catch(() => {});

void main();
