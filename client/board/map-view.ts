/**
 * The incident map (Leaflet, GeoJSON only: no tile server needed; an optional tile layer for users online).
 * Layers: roads, flood zones and reported road closures active now, substations, compounds coloured by status,
 * trucks where the log puts them, and the latest plan's routes along the roads (#16: GET …/routes; straight until they arrive).
 */
import "./leaflet-2d.ts";
import L from "leaflet";
import type { StoredEvent } from "../../shared/events.ts";
import type { PlanRoutes, StoredPlan } from "../../shared/wire.ts";
import type { Compound, LonLat, Scenario } from "../../shared/scenario.ts";
import type { CompoundState, IncidentState, TruckState } from "../../shared/state.ts";
import { roadClosures } from "../../shared/restoration/road-closures.ts";
import { formatDuration, formatNumber } from "../common/format.ts";
import { lang, t, tk } from "../common/i18n.ts";
import { shortName } from "../common/names.ts";
import { markOf, outlineOf, provenanceTitle, scenarioHasMarks } from "./provenance.ts";
import { createResourceLayers, resourceLegendHtml } from "./resource-layers.ts";
import { scenarioHasResources } from "./truck-resources.ts";

export const STATUS_COLOURS = { dark: "#ff4d4f", partial: "#ffb020", generator: "#3ea6ff", grid: "#3ccf6e" } as const;

export interface MapView {
  update(state: IncidentState, events: readonly StoredEvent[], plan: StoredPlan | null, nowMs: number): void;
  focusCompound(id: string): void;
  relabel(): void;
}

/**
 * `loadRoutes` (#16): a plan's legs along the roads (GET …/plans/:planId/routes); drawn when they arrive, straight
 * stop-to-stop lines until then or if they cannot be had.
 */
export function createMapView(container: HTMLElement, scenario: Scenario, tileUrl: string | null,
  hooks: { loadRoutes?: (planId: string) => Promise<PlanRoutes>; openCompound?: (id: string) => void } = {}): MapView {
  const loadRoutes = hooks.loadRoutes;
  const map = L.map(container, { preferCanvas: true, zoomControl: true, attributionControl: tileUrl !== null });
  if (tileUrl) L.tileLayer(tileUrl, { maxZoom: 19, attribution: "© OpenStreetMap contributors" }).addTo(map);
  const compoundsById = new Map<string, Compound>(scenario.compounds.map((c) => [c.id, c]));

  const roads = L.geoJSON(scenario.roads, { style: { color: "#5b6b82", weight: 1.2, opacity: 0.75 }, interactive: false }).addTo(map);
  const flood = L.layerGroup().addTo(map);
  const substations = L.layerGroup().addTo(map);
  const routes = L.layerGroup().addTo(map);
  const compounds = L.layerGroup().addTo(map);
  const trucks = L.layerGroup().addTo(map);
  // #17: tanker routes and MV supply lines, when the scenario has such resources
  const resources = scenarioHasResources(scenario) ? createResourceLayers(map, container, scenario) : null;

  const marked = scenarioHasMarks(scenario);
  /** " · assumed · basis: …" for a marked entity's tooltip, "" for any other */
  const provenanceNote = (x: Compound | Scenario["trucks"][number] | Scenario["substations"][number] | undefined) =>
    x && markOf(x.provenance) ? ` · ${provenanceTitle(x)}` : "";
  const substationMarkers = scenario.substations.map((s) => {
    const mark = markOf(s.provenance);
    const m = L.marker(latLng(s.location), {
      icon: L.divIcon({ className: mark ? `map-substation prov-site prov-site-${mark}` : "map-substation", html: "⚡", iconSize: [16, 16] }),
      title: `${s.name} ${s.voltageKv} kV`,
    }).addTo(substations);
    return { s, m };
  });
  const truckMarks = new Map(scenario.trucks.map((x) => [x.id, markOf(x.provenance)]));
  const truckMark = (id: string) => truckMarks.get(id) ?? null;
  const markers = new Map<string, L.CircleMarker>();
  for (const c of scenario.compounds) {
    const m = L.circleMarker(latLng(c.location), { radius: 4 + Math.sqrt(c.households) / 6, ...outlineOf(markOf(c.provenance)), fillOpacity: 0.9 });
    // #16: a marker opens its compound's card
    m.on("click", () => hooks.openCompound?.(c.id));
    m.addTo(compounds);
    markers.set(c.id, m);
  }

  const bounds = L.latLngBounds([...scenario.compounds.map((c) => latLng(c.location)), ...scenario.depots.map((d) => latLng(d.location))]);
  if (bounds.isValid()) map.fitBounds(bounds.pad(0.08));
  else map.fitBounds(roads.getBounds());

  const control = L.control.layers(undefined, {}, { collapsed: true }).addTo(map);
  const legend = new L.Control({ position: "bottomleft" });
  const legendBox = L.DomUtil.create("div", "map-legend");
  legend.onAdd = () => legendBox;
  legend.addTo(map);
  function relabel(): void {
    // Leaflet writes its own controls' titles in English once, at creation: worded here in the page's language (#16 item 6)
    for (const [selector, key] of [[".leaflet-control-zoom-in", "mapZoomIn"], [".leaflet-control-zoom-out", "mapZoomOut"], [".leaflet-control-layers-toggle", "mapLayers"]] as const) {
      const el = container.querySelector(selector);
      if (el) { el.setAttribute("title", t(key)); el.setAttribute("aria-label", t(key)); }
    }
    for (const layer of [roads, flood, substations, compounds, trucks, routes]) control.removeLayer(layer);
    control.addOverlay(roads, t("layerRoads"));
    control.addOverlay(flood, t("layerFlood"));
    control.addOverlay(substations, t("layerSubstations"));
    control.addOverlay(compounds, t("layerCompounds"));
    control.addOverlay(trucks, t("layerTrucks"));
    control.addOverlay(routes, t("layerRoutes"));
    if (resources) for (const [layer, key] of [[resources.tankers, "layerTankers"], [resources.supplies, "layerMvSupply"]] as const) { control.removeLayer(layer); control.addOverlay(layer, t(key)); }
    legendBox.innerHTML = (["dark", "partial", "generator", "grid"] as const)
      .map((s) => `<span><i style="background:${STATUS_COLOURS[s]}"></i>${escapeHtml(tk("status_" + s))}</span>`).join("")
      + `<span><i class="lg-flood"></i>${escapeHtml(t("layerFlood"))}</span><span><i class="lg-route"></i>${escapeHtml(t("layerRoutes"))}</span>`
      + (resources ? resourceLegendHtml({ tankers: t("layerTankers"), supply: t("layerMvSupply") }, escapeHtml) : "")
      + (marked ? (["assumed", "synthetic"] as const).map((p) => `<span><i class="lg-prov lg-prov-${p}"></i>${escapeHtml(tk("prov_" + p))}</span>`).join("") : "");
    for (const { s, m } of substationMarkers) m.bindTooltip(escapeHtml(`${s.name} · ${s.voltageKv} kV${provenanceNote(s)}`));
  }
  relabel();

  let floodKey = "";
  let routesPlan = "";

  function drawFlood(events: readonly StoredEvent[], nowMs: number): void {
    const active = roadClosures(scenario, events).filter((c) => (c.fromMs ?? -Infinity) <= nowMs && nowMs < (c.untilMs ?? Infinity));
    const key = active.map((c) => `${c.seq}:${c.featureIndex}`).join(",");
    if (key === floodKey) return;
    floodKey = key;
    flood.clearLayers();
    for (const c of active) {
      // a scenario zone drawn from an assumption or made up is outlined like a marked site
      const mark = c.seq === null ? markOf(scenario.floodZones?.features[c.featureIndex ?? -1]?.properties?.provenance) : null;
      L.geoJSON(c.zone, {
        style: c.seq === null
          ? { color: "#5aa9ff", weight: 2, fillColor: "#2a6fc4", fillOpacity: 0.55, ...(mark ? { color: "#9cc8ff", weight: 1.4, dashArray: outlineOf(mark).dashArray } : {}) }
          : { color: "#ff7a45", weight: 1.5, dashArray: "4 3", fillColor: "#ff7a45", fillOpacity: 0.18 },
        interactive: false,
      }).addTo(flood);
    }
  }

  function drawRoutes(plan: StoredPlan | null): void {
    const key = plan ? plan.id : "";
    if (key === routesPlan) return;
    routesPlan = key;
    routes.clearLayers();
    if (!plan) return;
    drawStraightRoutes(plan);
    void loadRoutes?.(plan.id).then((legs) => {
      if (routesPlan !== plan.id) return;
      routes.clearLayers();
      // each truck's first leg is what its crew drives now: bright; later legs are intentions: faint
      const seen = new Set<string>();
      for (const leg of legs.features) {
        const first = !seen.has(leg.properties.truck);
        seen.add(leg.properties.truck);
        L.polyline(leg.geometry.coordinates.map((p) => latLng(p as LonLat)), first
          ? { color: "#e8c547", weight: 2.5, opacity: 0.9, interactive: false, className: "route-leg" }
          : { color: "#e8c547", weight: 1.5, opacity: 0.45, dashArray: "3 4", interactive: false, className: "route-leg" }).addTo(routes);
      }
      container.setAttribute("data-route-legs", String(legs.features.length));
    }, () => {});
  }

  /** stop to stop, straight: what the map shows before the road legs arrive */
  function drawStraightRoutes(plan: StoredPlan): void {
    for (const truck of plan.plan.trucks) {
      const start = truckStart(scenario, truck.id);
      const path = [start, ...truck.stops.map((s) => compoundsById.get(s.compound)?.location)].filter((p): p is LonLat => p !== undefined);
      if (path.length < 2) continue;
      // the first leg is what crews are driving now: bright; later legs are intentions: faint
      L.polyline(path.slice(0, 2).map(latLng), { color: "#e8c547", weight: 2, opacity: 0.85, dashArray: "6 5", interactive: false }).addTo(routes);
      if (path.length > 2) L.polyline(path.slice(1).map(latLng), { color: "#e8c547", weight: 1, opacity: 0.3, dashArray: "2 4", interactive: false }).addTo(routes);
    }
  }

  const trucksById = new Map(scenario.trucks.map((x) => [x.id, x]));
  /** one marker per place with trucks, kept while the same trucks with the same statuses stand there */
  let truckMarkers = new Map<string, L.Marker>();
  function drawTrucks(state: IncidentState, events: readonly StoredEvent[], nowMs: number): void {
    const last = lastSites(events);
    // trucks at one place (a depot, a compound) share one label: twelve stacked labels read as noise
    const groups = new Map<string, { pos: LonLat; members: TruckState[] }>();
    for (const ts of state.trucks) {
      const pos = truckPosition(scenario, ts, last.get(ts.id), nowMs);
      if (!pos) continue;
      const key = `${pos[0].toFixed(5)},${pos[1].toFixed(5)}`;
      const group = groups.get(key) ?? { pos, members: [] };
      group.members.push(ts);
      groups.set(key, group);
    }
    // the markers are DOM elements: a place's marker is made again only when its trucks or their statuses changed
    // (or the language did), and moved when they moved (a truck on its way, placed part-way along its line by the
    // clock, moves every second); at true scale remaking all of them on each report held the main thread
    const next = new Map<string, L.Marker>();
    for (const { pos, members } of groups.values()) {
      // a truck is in one group: its members name a group
      const key = `${lang()}|${members.map((m) => `${m.id}/${m.status}`).join(",")}`;
      const kept = truckMarkers.get(key);
      if (kept) {
        kept.setLatLng(latLng(pos));
        next.set(key, kept);
        continue;
      }
      const lead = members.find((m) => m.status !== "inbound" && m.status !== "free") ?? members[0];
      const label = members.length === 1 ? lead.id : `${lead.id} +${members.length - 1}`;
      const tooltip = members.map((m) => {
        const truck = trucksById.get(m.id);
        return `${escapeHtml(truck?.name ?? m.id)} · ${tk("truck_" + m.status)}${truck ? ` · ${truck.capacityKw} kW` : ""}${escapeHtml(provenanceNote(truck))}`;
      }).join("<br>");
      next.set(key, L.marker(latLng(pos), {
        icon: L.divIcon({ className: `map-truck truck-${lead.status}${truckMark(lead.id) ? ` prov-site prov-site-${truckMark(lead.id)}` : ""}`, html: `<span>${escapeHtml(label)}</span>`, iconSize: [0, 0] }),
        zIndexOffset: 1000,
      }).bindTooltip(tooltip).addTo(trucks));
    }
    for (const [key, marker] of truckMarkers) if (!next.has(key)) trucks.removeLayer(marker);
    truckMarkers = next;
  }

  /** what each compound's tooltip says now: read when it opens, so a frame writes no tooltip */
  const compoundShown = new Map<string, CompoundState>();
  function compoundTip(id: string): string {
    const cs = compoundShown.get(id);
    if (!cs) return "";
    // Leaflet renders tooltip strings as HTML: names come from reports, so escape them
    return escapeHtml(`${shortName(cs.name)} · ${tk("status_" + cs.status)} · ${formatNumber(cs.households, lang())} ${t("households")} · ${formatDuration(cs.outageHours, lang())}${provenanceNote(compoundsById.get(cs.id))}`);
  }

  return {
    update(state, events, plan, nowMs) {
      drawFlood(events, nowMs);
      drawRoutes(plan);
      resources?.update(plan, nowMs);
      for (const cs of state.compounds) {
        let m = markers.get(cs.id);
        if (!m) {
          // a compound reported during the incident (compound.reported)
          const c = events.find((e) => e.type === "compound.reported" && e.compound === cs.id)?.details;
          if (!c) continue;
          m = L.circleMarker(latLng(c.location), { radius: 4 + Math.sqrt(c.households) / 6, weight: 1, color: "#0b0f17", fillOpacity: 0.9 }).addTo(compounds);
          const id = cs.id;
          m.on("click", () => hooks.openCompound?.(id));
          markers.set(cs.id, m);
          compoundsById.set(c.id, c);
        }
        // only what changed: restyling 495 markers and rewriting their tooltips each frame held the main thread
        const shown = compoundShown.get(cs.id);
        if (shown?.status !== cs.status) m.setStyle({ fillColor: STATUS_COLOURS[cs.status] });
        compoundShown.set(cs.id, cs);
        if (!m.getTooltip()) m.bindTooltip(() => compoundTip(cs.id));
        else if (m.isTooltipOpen()) m.getTooltip()!.update();
      }
      drawTrucks(state, events, nowMs);
    },
    focusCompound(id) {
      const m = markers.get(id);
      if (!m) return;
      map.setView(m.getLatLng(), Math.max(map.getZoom(), 14));
      m.openTooltip();
    },
    relabel,
  };
}

function latLng(p: LonLat): L.LatLng {
  return L.latLng(p[1], p[0]);
}

/**
 * Where things stand in a scenario, by id: placing 358 trucks by searching the scenario's lists on every redraw took
 * ~175,000 comparisons a frame at true scale.
 */
interface Places {
  compound: Map<string, LonLat>;
  truckStart: Map<string, LonLat | undefined>;
}
const placesOf = new WeakMap<Scenario, Places>();
function places(scenario: Scenario): Places {
  let p = placesOf.get(scenario);
  if (!p) {
    const depots = new Map(scenario.depots.map((d) => [d.id, d.location]));
    p = {
      compound: new Map(scenario.compounds.map((c) => [c.id, c.location])),
      truckStart: new Map(scenario.trucks.map((t) => [t.id, t.location ?? (t.depot === undefined ? undefined : depots.get(t.depot))])),
    };
    placesOf.set(scenario, p);
  }
  return p;
}

function truckStart(scenario: Scenario, truckId: string): LonLat | undefined {
  return places(scenario).truckStart.get(truckId);
}

/** The last compound each truck arrived at, from the log: where an en-route truck set off from. */
function lastSites(events: readonly StoredEvent[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of events) if (e.type === "truck.arrived" && e.truck && e.compound) out.set(e.truck, e.compound);
  return out;
}

function truckPosition(scenario: Scenario, ts: TruckState, lastCompound: string | undefined, nowMs: number): LonLat | undefined {
  const at = (id: string | undefined) => (id === undefined ? undefined : places(scenario).compound.get(id));
  const from = at(lastCompound) ?? truckStart(scenario, ts.id);
  if (ts.status === "en-route") {
    const to = at(ts.compound);
    if (!to || !from) return to ?? from;
    // no GPS: place it part-way along the straight line, assuming about an hour's drive
    const f = ts.since ? Math.min(0.85, Math.max(0.1, (nowMs - Date.parse(ts.since)) / 3_600_000)) : 0.5;
    return [from[0] + (to[0] - from[0]) * f, from[1] + (to[1] - from[1]) * f];
  }
  if (ts.compound) return at(ts.compound) ?? from;
  return from;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
