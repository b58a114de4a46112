/**
 * The crew app's cards, as plain DOM builders: the truck picker, the next assignment, the step buttons and the
 * outbox. State and actions live in crew-page.ts.
 */
import type { EventType } from "../../shared/events.ts";
import type { PlanStop } from "../../shared/plan.ts";
import { DEFAULTS, type Compound, type Scenario, type Truck } from "../../shared/scenario.ts";
import type { TruckState } from "../../shared/state.ts";
import { h } from "../common/dom.ts";
import { formatClockTime, formatHours, formatNumber, formatTime, zoneLabel } from "../common/format.ts";
import { eventKey, lang, t, tk } from "../common/i18n.ts";
import { shortName } from "../common/names.ts";
import { crewText, refusalOf } from "../common/refusal-text.ts";
import type { DeliveredItem, OutboxItem } from "./outbox.ts";

const STEPS: { type: EventType; tone: string }[] = [
  { type: "truck.dispatched", tone: "" },
  { type: "truck.arrived", tone: "" },
  { type: "cable.laid", tone: "" },
  { type: "switched.on", tone: "go" },
  { type: "truck.released", tone: "" },
  { type: "truck.broken", tone: "danger" },
];

export function truckCard(trucks: Truck[], selected: Truck | undefined, status: TruckState | undefined, pick: (id: string) => void): HTMLElement {
  return h("section", { class: "crew-card" },
    h("h2", {}, t("yourTrucks")),
    h("div", { class: "truck-tabs" }, ...trucks.map((x) => h("button", {
      class: x.id === selected?.id ? "chip active" : "chip", "data-truck": x.id, onclick: () => pick(x.id),
    }, `${x.id} · ${x.name}`))),
    selected ? h("div", { class: "sub" }, `${selected.origin ?? ""} · ${formatNumber(selected.capacityKw, lang())} kW · ${status ? tk("truck_" + status.status) : ""}`) : null);
}

/** The compound to go to (or the one being worked on): address, planned times, setup steps. */
export function assignmentCard(scenario: Scenario, compoundId: string | undefined, stop: PlanStop | undefined): HTMLElement {
  const c: Compound | undefined = scenario.compounds.find((x) => x.id === compoundId);
  const zone = scenario.timezone;
  const d = { ...DEFAULTS, ...scenario.defaults };
  return h("section", { class: "crew-card", "data-assignment": compoundId ?? "" },
    h("h2", {}, t("assignment")),
    !c ? h("p", { class: "muted" }, t("noAssignment")) : h("div", { class: "assignment" },
      h("div", { class: "assign-name" }, c.name),
      h("div", { class: "sub" }, `${t("address")}: ${c.address ?? "—"} · ${formatNumber(c.households, lang())} ${t("households")} · ${formatNumber(c.loadKw, lang())} kW`),
      stop?.compound === c.id ? h("div", { class: "route" },
        `${t("route")}: ${t("departBy", { t: formatTime(stop.depart, zone) })} → ${t("arriveBy", { t: formatTime(stop.arrive, zone) })} → ${t("switchOnBy", { t: formatTime(stop.switchOn, zone) })} (${zoneLabel(zone, Date.parse(stop.arrive))})`) : null,
      h("a", { class: "maplink", href: `geo:${c.location[1]},${c.location[0]}` }, `${t("location")}: ${c.location[1].toFixed(5)}, ${c.location[0].toFixed(5)}`),
      h("h3", {}, t("setupSteps")),
      h("ol", { class: "setup-steps" },
        h("li", {}, c.setupHours !== undefined ? formatHours(c.setupHours, lang()) : t("stepPlan", { h: formatHours(d.planHours, lang(), 2) })),
        h("li", {}, t("stepCable", { m: formatNumber(c.cableLengthM ?? 100, lang()) })),
        h("li", {}, t("stepSwitch")))));
}

export interface StepsCardOptions {
  scenario: Scenario;
  compoundId: string | undefined;
  /** kept across renders, so a refresh never wipes what the crew is typing */
  note: HTMLInputElement;
  enabled: boolean;
  flash: string;
  pickCompound(id: string): void;
  report(type: EventType): void;
}

/** the steps made at a compound: not reportable until one is chosen */
const NEEDS_COMPOUND = new Set<EventType>(["truck.dispatched", "truck.arrived", "cable.laid", "switched.on"]);

/** the select's first entry, "choose a compound", selected while none is */
function placeholder(selected: boolean): HTMLOptionElement {
  const option = h("option", { value: "" }, crewText("chooseCompound"));
  option.selected = selected;
  return option;
}

export function stepsCard(o: StepsCardOptions): HTMLElement {
  return h("section", { class: "crew-card" },
    h("label", {}, t("compound"),
      h("select", { class: "compound-select", onchange: (e: Event) => o.pickCompound((e.target as HTMLSelectElement).value) },
        placeholder(o.compoundId === undefined),
        ...o.scenario.compounds.map((c) => {
          const option = h("option", { value: c.id }, c.name);
          option.selected = c.id === o.compoundId;
          return option;
        }))),
    o.note,
    h("div", { class: "step-buttons" }, ...STEPS.map((s) => h("button", {
      class: `step ${s.tone}`, "data-step": s.type, disabled: !o.enabled || (NEEDS_COMPOUND.has(s.type) && o.compoundId === undefined), onclick: () => o.report(s.type),
    }, tk(eventKey(s.type))))),
    o.flash ? h("div", { class: "flash", role: "status" }, o.flash) : null);
}

/** Reports still on the phone (pending, or refused with the server's reason) and the last ones delivered. */
export function outboxCard(scenario: Scenario, items: OutboxItem[], delivered: DeliveredItem[], dismiss: (id: string) => void): HTMLElement {
  const zone = scenario.timezone;
  const name = (id: string | undefined) => (id ? shortName(scenario.compounds.find((c) => c.id === id)?.name ?? id) : "");
  const pending = items.filter((i) => i.state === "pending").length;
  const refused = items.length - pending;
  return h("section", { class: "crew-card" },
    h("h2", {}, `${t("pending")} (${pending})${refused ? ` · ${t("rejected")} (${refused})` : ""}`),
    items.length === 0 ? h("p", { class: "muted" }, t("pendingNone")) : h("ul", { class: "outbox" }, ...items.map((i) =>
      h("li", { class: `outbox-item ${i.state}`, "data-report-id": i.input.id, "data-state": i.state },
        h("b", {}, `${i.input.truck} · ${tk(eventKey(i.input.type))}`),
        ` ${name(i.input.compound)} · ${formatClockTime(i.input.at, zone)} ${zoneLabel(zone, Date.parse(i.input.at))}`,
        i.state === "refused"
          ? h("div", { class: "error", role: "alert" }, `${t("rejected")}: ${refusalOf(i.status ?? 0, i.code, i.details, scenario)} `,
            h("button", { class: "chip", onclick: () => dismiss(i.input.id) }, t("dismiss")))
          : h("span", { class: "muted" }, ` · ${t("pending")}`)))),
    h("h2", {}, t("delivered")),
    h("ul", { class: "delivered" }, ...delivered.slice(0, 6).map((d) => h("li", { "data-report-id": d.input.id },
      `#${d.seq} ${d.input.truck} · ${tk(eventKey(d.input.type))} ${name(d.input.compound)} · ${formatClockTime(d.input.at, zone)}`))));
}
