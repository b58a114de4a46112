/**
 * An INDEPENDENT checker of a plan against the issue #2 rules. It shares nothing with the planner but the contract
 * types: it rebuilds the road graph with graphology, closes flooded segments with turf, snaps sites by a linear
 * scan, routes with graphology-shortest-path, and integrates the outage itself.
 * Returns one message per broken rule (empty: the plan respects every rule).
 */
import { MultiDirectedGraph } from "graphology";
import { bidirectional } from "graphology-shortest-path/dijkstra";
import { booleanIntersects, distance, lineString } from "@turf/turf";
import { DateTime } from "luxon";
import type { LonLat, Scenario } from "../shared/scenario.ts";
import type { Plan, PlanStop } from "../shared/plan.ts";

const H = 3_600_000;
/** plan times are written to the second */
const TOL_H = 2 / 3600;

interface Seg { a: string; b: string; hours: number; oneway: boolean; ax: number; ay: number; bx: number; by: number }

const ms = (iso: string): number => DateTime.fromISO(iso, { setZone: true }).toMillis();
const key = (p: number[]): string => `${p[0].toFixed(7)},${p[1].toFixed(7)}`;

/** Road hours between two node keys for a trip departing at `t` (ms), Infinity when no open route. */
function roadRouter(s: Scenario): { nodes: string[]; coords: Map<string, LonLat>; road(a: string, b: string, t: number): number } {
  const speed = s.defaults?.speedKmh ?? 30;
  const segs: Seg[] = [];
  const coords = new Map<string, LonLat>();
  for (const f of s.roads.features) {
    const lines = f.geometry.type === "LineString" ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const line of lines) {
      for (let i = 1; i < line.length; i++) {
        const a = key(line[i - 1]);
        const b = key(line[i]);
        const pa: LonLat = [Number(line[i - 1][0].toFixed(7)), Number(line[i - 1][1].toFixed(7))];
        const pb: LonLat = [Number(line[i][0].toFixed(7)), Number(line[i][1].toFixed(7))];
        coords.set(a, pa);
        coords.set(b, pb);
        if (a === b) continue;
        const km = distance(pa, pb, { units: "kilometers" });
        segs.push({ a, b, hours: km / (f.properties?.speedKmh ?? speed), oneway: f.properties?.oneway === true, ax: pa[0], ay: pa[1], bx: pb[0], by: pb[1] });
      }
    }
  }
  const zones = (s.floodZones?.features ?? []).map((z) => ({
    from: z.properties?.from ? ms(z.properties.from) : -Infinity,
    until: z.properties?.until ? ms(z.properties.until) : Infinity,
    closed: new Set(segs.map((g, i) => (booleanIntersects(lineString([[g.ax, g.ay], [g.bx, g.by]]), z.geometry) ? i : -1)).filter((i) => i >= 0)),
  }));
  const graphs = new Map<string, MultiDirectedGraph>();
  const graphAt = (t: number): MultiDirectedGraph => {
    const closed = new Set<number>();
    const active = zones.map((z, i) => (z.from <= t && t < z.until ? i : -1)).filter((i) => i >= 0);
    for (const i of active) for (const g of zones[i].closed) closed.add(g);
    const k = active.join(",");
    let g = graphs.get(k);
    if (!g) {
      g = new MultiDirectedGraph();
      for (const n of coords.keys()) g.addNode(n);
      segs.forEach((sg, i) => {
        if (closed.has(i)) return;
        g!.addEdge(sg.a, sg.b, { hours: sg.hours });
        if (!sg.oneway) g!.addEdge(sg.b, sg.a, { hours: sg.hours });
      });
      graphs.set(k, g);
    }
    return g;
  };
  return {
    nodes: [...coords.keys()],
    coords,
    road(a: string, b: string, t: number): number {
      if (a === b) return 0;
      const g = graphAt(t);
      const path = bidirectional(g, a, b, "hours") as string[] | null;
      if (!path || path.length < 2) return Infinity;
      let total = 0;
      for (let i = 1; i < path.length; i++) {
        let best = Infinity;
        g.forEachOutEdge(path[i - 1], path[i], (_e, attr) => { best = Math.min(best, attr.hours as number); });
        total += best;
      }
      return total;
    },
  };
}

/** A truck's stop as the plan times it (ms). */
interface TruckStop { compound: string; arr: number; on: number; rel: number; fuelOut: number | null; label: string; supplies: string[] }

/**
 * #17: the compounds a stop supplies: its own, and for an MV truck at its feeder's RMU the stop's `supplies`, which
 * must start with it, lie on that feeder and fit the truck's capacity (its own compound counted up to the capacity).
 */
function mvSupplies(s: Scenario, truck: Scenario["trucks"][number], compoundId: string, stop: PlanStop, label: string, errors: string[]): string[] {
  const c = s.compounds.find((x) => x.id === compoundId)!;
  const atRmu = truck.voltage === "mv" && c.feeder !== undefined;
  if (!atRmu) {
    if (stop.supplies !== undefined && JSON.stringify(stop.supplies) !== JSON.stringify([compoundId])) errors.push(`${label}: an LV stop supplies only its compound`);
    return [compoundId];
  }
  const list = stop.supplies ?? [compoundId];
  if (list[0] !== compoundId) errors.push(`${label}: supplies must start with the stop's compound`);
  if (new Set(list).size !== list.length) errors.push(`${label}: supplies a compound twice`);
  let kw = 0;
  for (const id of list) {
    const x = s.compounds.find((y) => y.id === id);
    if (!x) { errors.push(`${label}: supplies unknown compound ${id}`); continue; }
    if (x.feeder !== c.feeder) errors.push(`${label}: supplies ${id}, which is not on feeder ${c.feeder}`);
    kw += id === compoundId ? Math.min(truck.capacityKw, x.loadKw) : x.loadKw;
  }
  if (kw > truck.capacityKw + 1e-6) errors.push(`${label}: supplies ${kw} kW from a ${truck.capacityKw} kW truck`);
  return list.filter((id) => s.compounds.some((y) => y.id === id));
}

type Travel = (a: LonLat, b: LonLat, t: number) => number;

/** #17: where a truck stands at a compound: an MV truck at the RMU of the compound's feeder, else at the compound. */
function placeOf(s: Scenario, truckId: string, compoundId: string): LonLat | undefined {
  const truck = s.trucks.find((t) => t.id === truckId);
  const c = s.compounds.find((x) => x.id === compoundId);
  if (!c) return undefined;
  const feeder = truck?.voltage === "mv" && c.feeder !== undefined ? s.feeders?.find((f) => f.id === c.feeder) : undefined;
  return feeder ? feeder.rmu : c.location;
}

/**
 * #17: each crew's stops in time order, driving between them: the first from its base or location no earlier than
 * its availableAt, each next from the last compound once that setup ended; every stop is a truck's stop it set up.
 */
function checkCrews(s: Scenario, plan: Plan, travel: Travel, errors: string[], at?: number): void {
  const depots = new Map(s.depots.map((x) => [x.id, x.location]));
  const comp = new Map(s.compounds.map((c) => [c.id, c]));
  const planCrews = new Map((plan.crews ?? []).map((c) => [c.id, c]));
  const truckStops = new Map(plan.trucks.flatMap((t) => t.stops.map((x) => [`${t.id}/${x.compound}`, x] as const)));
  if ((s.crews ?? []).length > 0 && planCrews.size !== s.crews!.length) errors.push("plan must list every crew once");
  for (const crew of s.crews ?? []) {
    const pc = planCrews.get(crew.id);
    if (!pc) continue;
    let where: LonLat = crew.location ?? depots.get(crew.base!)!;
    let free = Math.max(ms(crew.availableAt), at ?? -Infinity);
    for (const [n, x] of pc.stops.entries()) {
      const label = `crew ${crew.id} stop ${n} (${x.truck} at ${x.compound})`;
      const c = comp.get(x.compound);
      if (!c) { errors.push(`${label}: unknown compound`); continue; }
      const [start, end] = [ms(x.start), ms(x.end)];
      const place = placeOf(s, x.truck, x.compound)!;
      const drive = travel(where, place, free);
      if (drive === Infinity) errors.push(`${label}: no open route`);
      else if (start < free + drive * H - TOL_H * H) errors.push(`${label}: starts before it can be there (two places at once or no time to drive)`);
      const stop = truckStops.get(`${x.truck}/${x.compound}`);
      if (!stop) errors.push(`${label}: the truck has no such stop`);
      else if (stop.crew !== undefined && stop.crew !== crew.id) errors.push(`${label}: the stop names crew ${stop.crew}`);
      if (end < start) errors.push(`${label}: ends before it starts`);
      where = place;
      free = end;
    }
  }
}

/**
 * #17: every fuelled truck's tank. It is full at the truck's first free instant (or holds its `fuelLevel` at that
 * level's instant, burning nothing before it) and burns fuelLitresPerHourAtFull ×
 * max(0.3, load / capacity) while switched on; tanker stops credit it on site (never above the tank). Returns, per
 * truck and stop, the windows [from, to) in which it had fuel; checks that a truck runs dry only where its stop says
 * `fuelOut` (at that instant), and each tanker's route: its drives, its litres (never more than it holds), its refills.
 */
function checkFuel(s: Scenario, plan: Plan, stopsOf: Map<string, TruckStop[]>, travel: Travel, errors: string[], at?: number): Map<string, [number, number][][]> {
  const out = new Map<string, [number, number][][]>();
  const comp = new Map(s.compounds.map((c) => [c.id, c]));
  const credits = new Map<string, { t: number; litres: number; compound: string }[]>();
  for (const tk of plan.tankers ?? []) for (const x of tk.stops) {
    const list = credits.get(x.truck) ?? (credits.set(x.truck, []), credits.get(x.truck)!);
    list.push({ t: ms(x.arrive), litres: x.litres, compound: x.compound });
  }
  const tolL = 1;
  for (const truck of s.trucks) {
    const stops = stopsOf.get(truck.id) ?? [];
    const mine = (credits.get(truck.id) ?? []).sort((a, b) => a.t - b.t);
    if (truck.fuelLitres === undefined || truck.fuelLitresPerHourAtFull === undefined) {
      if (mine.length > 0) errors.push(`truck ${truck.id}: refuelled but has no tank`);
      continue;
    }
    for (const cr of mine) {
      if (!stops.some((st) => st.compound === cr.compound && st.arr - TOL_H * H <= cr.t && cr.t <= st.rel + TOL_H * H)) errors.push(`truck ${truck.id}: a tanker refuels it at ${cr.compound} when it is not there`);
    }
    const tank = truck.fuelLitres;
    const t0 = Math.max(ms(truck.availableAt), at ?? -Infinity, truck.fuelLevel ? ms(truck.fuelLevel.at) : -Infinity);
    let level = truck.fuelLevel ? Math.min(tank, truck.fuelLevel.litres) : tank;
    let ci = 0;
    const credit = (until: number): void => {
      for (; ci < mine.length && mine[ci].t <= until; ci++) {
        if (level + mine[ci].litres > tank + tolL) errors.push(`truck ${truck.id}: overfilled at ${new Date(mine[ci].t).toISOString()}`);
        level = Math.min(tank, level + mine[ci].litres);
      }
    };
    const perStop: [number, number][][] = [];
    for (const st of stops) {
      // the load carried: an MV stop's whole set (its own compound up to the capacity)
      const kw = st.supplies.reduce((a, id) => a + comp.get(id)!.loadKw, 0);
      const rate = truck.fuelLitresPerHourAtFull * Math.max(0.3, Math.min(1, kw / truck.capacityKw)) / H;
      const from = Math.max(st.on, t0);
      const windows: [number, number][] = [];
      let dry: number | null = null;
      credit(from);
      let t = from;
      let on: number | null = level > 0 ? st.on : null;
      if (level <= 0 && from < st.rel) {
        dry = from;
        // switched on before a known level of 0: it supplied until that level was read
        if (st.on < from) windows.push([st.on, from]);
      }
      while (t < st.rel) {
        const next = ci < mine.length && mine[ci].t < st.rel ? mine[ci].t : st.rel;
        const empty = level > 0 ? t + level / rate : t;
        if (level > 0 && empty < next) {
          if (dry === null) dry = empty;
          windows.push([on!, empty]);
          on = null;
          level = 0;
        } else if (level > 0) level -= rate * (next - t);
        t = next;
        if (next < st.rel) {
          credit(next);
          if (on === null && level > 0) on = next;
        }
      }
      if (on !== null) windows.push([on, Infinity]);
      if (dry !== null && st.fuelOut === null) errors.push(`${st.label}: runs dry at ${new Date(dry).toISOString()} without fuelOut`);
      if (st.fuelOut !== null && (dry === null || Math.abs(dry - st.fuelOut) > 30_000)) errors.push(`${st.label}: fuelOut ${new Date(st.fuelOut).toISOString()} but the tank ${dry === null ? "never runs dry there" : `runs dry at ${new Date(dry).toISOString()}`}`);
      perStop.push(windows);
    }
    credit(Infinity);
    out.set(truck.id, perStop);
  }
  checkTankers(s, plan, travel, errors, at);
  return out;
}

/** #17: each tanker's drives (visits and refills in time order), pumping time and contents. */
function checkTankers(s: Scenario, plan: Plan, travel: Travel, errors: string[], at?: number): void {
  const fuelDepots = new Map((s.fuelDepots ?? []).map((x) => [x.id, x.location]));
  const planTankers = new Map((plan.tankers ?? []).map((t) => [t.id, t]));
  if ((s.tankers ?? []).length > 0 && planTankers.size !== s.tankers!.length) errors.push("plan must list every tanker once");
  for (const tanker of s.tankers ?? []) {
    const pt = planTankers.get(tanker.id);
    if (!pt) continue;
    const legs = [
      ...pt.stops.map((x) => ({ t: ms(x.arrive), litres: -x.litres, where: placeOf(s, x.truck, x.compound), label: `tanker ${tanker.id} at ${x.truck}` })),
      ...pt.refills.map((x) => ({ t: ms(x.arrive), litres: x.litres, where: fuelDepots.get(x.fuelDepot), label: `tanker ${tanker.id} refill at ${x.fuelDepot}` })),
    ].sort((a, b) => a.t - b.t);
    let where: LonLat = tanker.location ?? fuelDepots.get(tanker.fuelDepot!)!;
    let free = Math.max(ms(tanker.availableAt), at ?? -Infinity);
    let content = tanker.capacityLitres;
    for (const leg of legs) {
      if (!leg.where) { errors.push(`${leg.label}: unknown place`); continue; }
      const drive = travel(where, leg.where, free);
      if (!(leg.t >= free + drive * H - TOL_H * H)) errors.push(`${leg.label}: arrives before it can be there`);
      content += leg.litres;
      if (content < -1 || content > tanker.capacityLitres + 1) errors.push(`${leg.label}: holds ${content.toFixed(1)} L, outside 0–${tanker.capacityLitres} L`);
      where = leg.where;
      free = leg.t + (Math.abs(leg.litres) / tanker.pumpLitresPerHour) * H;
    }
  }
}

/**
 * @example
 * expect(checkPlan(scenario, plan)).to.deep.equal([]);
 */
export function checkPlan(s: Scenario, plan: Plan, at?: number): string[] {
  const errors: string[] = [];
  const router = roadRouter(s);
  const accessSpeed = s.defaults?.accessSpeedKmh ?? 15;
  // A site about as far from several road vertices (within a millimetre: the synthetic depots sit midway between
  // grid vertices) may be snapped to any of them: the planner's grid index (it compares an equirectangular
  // approximation) and this geodesic scan pick differently among them, and each is a valid reading (the medium
  // city's first stops from depots disagreed by up to 15 s). `ties` keeps them all; `travel` reads the nearest,
  // `travelChoices` every pairing (a truck's drive must match one).
  const snap = (p: LonLat): { node: string; hours: number; place: string; ties: string[] } => {
    let best = "";
    let bestKm = Infinity;
    const kms = router.nodes.map((n) => distance(p, router.coords.get(n)!, { units: "kilometers" }));
    kms.forEach((km, i) => { if (km < bestKm) { bestKm = km; best = router.nodes[i]; } });
    const ties = router.nodes.filter((_n, i) => kms[i] <= bestKm + 1e-6);
    return { node: best, hours: bestKm / accessSpeed, place: key(p), ties };
  };
  const travelChoices = (a: LonLat, b: LonLat, t: number): number[] => {
    const sa = snap(a);
    const sb = snap(b);
    if (sa.place === sb.place) return [0];
    return sa.ties.flatMap((na) => sb.ties.map((nb) => {
      const r = router.road(na, nb, t);
      return r === Infinity ? Infinity : sa.hours + r + sb.hours;
    }));
  };
  const travel = (a: LonLat, b: LonLat, t: number): number => {
    const sa = snap(a);
    const sb = snap(b);
    if (sa.place === sb.place) return 0;
    const r = router.road(sa.node, sb.node, t);
    return r === Infinity ? Infinity : sa.hours + r + sb.hours;
  };
  const horizon = ms(s.horizonEnd);
  const subs = new Map(s.substations.map((x) => [x.id, x]));
  const grid = new Map(s.compounds.map((c) => {
    const own = c.gridRestoredAt;
    const sub = subs.get(c.substation)!.restoredAt;
    const g = own !== undefined ? (own === null ? horizon : ms(own)) : sub === null ? horizon : ms(sub);
    return [c.id, g];
  }));
  const d = { planHours: 0.5, cableMetresPerHour: 200, switchOnHours: 0.25, ...s.defaults };
  const setupH = new Map(s.compounds.map((c) => [c.id, c.setupHours ?? d.planHours + (c.cableLengthM ?? 100) / d.cableMetresPerHour + d.switchOnHours]));
  const comp = new Map(s.compounds.map((c) => [c.id, c]));
  const depots = new Map(s.depots.map((x) => [x.id, x.location]));
  const kept = new Set([...(s.connections ?? []), ...(s.enRoute ?? [])].map((c) => `${c.truck}/${c.compound}`));
  const supplies = new Map<string, { t: number; windows: [number, number][]; f: number; truck: string }[]>(s.compounds.map((c) => [c.id, []]));
  const stopsOf = new Map<string, TruckStop[]>(s.trucks.map((t) => [t.id, []]));
  // #17: crews set up every truck without its own crew (when the scenario has crews)
  const crewed = (t: Scenario["trucks"][number]): boolean => (s.crews ?? []).length > 0 && t.ownCrew !== true;
  const crewStopOf = new Map((plan.crews ?? []).flatMap((cr) => cr.stops.map((x) => [`${x.truck}/${x.compound}`, { start: ms(x.start), end: ms(x.end) }] as const)));

  const planTrucks = new Map(plan.trucks.map((t) => [t.id, t]));
  if (plan.trucks.length !== s.trucks.length || planTrucks.size !== s.trucks.length) errors.push("plan must list every truck once");
  for (const truck of s.trucks) {
    const pt = planTrucks.get(truck.id);
    if (!pt) { errors.push(`truck ${truck.id} missing`); continue; }
    let where: LonLat = truck.location ?? depots.get(truck.depot!)!;
    let free = Math.max(ms(truck.availableAt), at ?? -Infinity);
    const seen = new Set<string>();
    pt.stops.forEach((stop: PlanStop, n) => {
      const label = `truck ${truck.id} stop ${n} (${stop.compound})`;
      const c = comp.get(stop.compound);
      if (!c) { errors.push(`${label}: unknown compound`); return; }
      if (seen.has(c.id)) errors.push(`${label}: serves the same compound twice`);
      seen.add(c.id);
      for (const f of ["depart", "arrive", "switchOn", "release"] as const) {
        if (!/(Z|[+-]\d\d:\d\d)$/.test(stop[f])) errors.push(`${label}: ${f} has no offset`);
      }
      const [dep, arr, on, rel] = [ms(stop.depart), ms(stop.arrive), ms(stop.switchOn), ms(stop.release)];
      const g = grid.get(c.id)!;
      const isKept = kept.has(`${truck.id}/${c.id}`);
      if (!isKept) {
        if (dep < free - TOL_H * H) errors.push(`${label}: departs before the truck is free`);
        const drive = travel(where, placeOf(s, truck.id, c.id)!, dep);
        const drives = travelChoices(where, placeOf(s, truck.id, c.id)!, dep);
        if (drives.every((x) => x === Infinity)) errors.push(`${label}: no open route`);
        else if (!drives.some((x) => Math.abs(arr - dep - x * H) <= TOL_H * H)) errors.push(`${label}: arrival ${stop.arrive} ≠ depart + ${drive.toFixed(4)} h drive`);
        // #17: a truck without its own crew is set up by a crew from the scenario's (checked with the crews below)
        const crewStop = crewed(truck) ? crewStopOf.get(`${truck.id}/${c.id}`) : undefined;
        if (crewed(truck) && crewStop === undefined) errors.push(`${label}: no crew sets it up`);
        const setupFrom = crewStop ? Math.max(arr, crewStop.start) : arr;
        if (crewStop && crewStop.start < arr - TOL_H * H) errors.push(`${label}: its crew starts before the truck arrives`);
        if (Math.abs(on - setupFrom - setupH.get(c.id)! * H) > TOL_H * H) errors.push(`${label}: switch-on ≠ ${crewStop ? "crew start" : "arrival"} + setup`);
        if (crewStop && Math.abs(crewStop.end - on) > TOL_H * H) errors.push(`${label}: its crew leaves before the switch-on`);
        if (dep > free + TOL_H * H) errors.push(`${label}: waits although it departs when free`);
      }
      if (Math.abs(rel - Math.max(g, on)) > TOL_H * H) errors.push(`${label}: release ≠ grid return`);
      stopsOf.get(truck.id)!.push({ compound: c.id, arr, on, rel, fuelOut: stop.fuelOut === undefined ? null : ms(stop.fuelOut), label, supplies: mvSupplies(s, truck, c.id, stop, label, errors) });
      where = placeOf(s, truck.id, c.id)!;
      free = rel;
    });
  }
  checkCrews(s, plan, travel, errors, at);
  const windows = checkFuel(s, plan, stopsOf, travel, errors, at);
  for (const truck of s.trucks) {
    (stopsOf.get(truck.id) ?? []).forEach((st, n) => {
      for (const id of st.supplies) {
        const x = comp.get(id)!;
        // an MV stop supplies its set only while the truck is there (until its release)
        const own = windows.get(truck.id)?.[n] ?? [[st.on, Infinity]];
        const clipped = own.map(([a, b]): [number, number] => [a, Math.min(b, st.rel)]);
        supplies.get(id)!.push({ t: st.on, windows: clipped, f: Math.min(1, truck.capacityKw / x.loadKw), truck: truck.id });
      }
    });
  }

  let total = 0;
  // plan times are rounded to the second: allow each compound that much of its weight
  let tolerance = 1e-6;
  const planCompounds = new Map(plan.compounds.map((c) => [c.id, c]));
  if (plan.compounds.length !== s.compounds.length) errors.push("plan must list every compound once");
  const unserved = new Map(plan.unserved.map((u) => [u.compound, u.reason]));
  for (const c of s.compounds) {
    const pc = planCompounds.get(c.id);
    if (!pc) { errors.push(`compound ${c.id} missing`); continue; }
    const start = ms(c.outageStart);
    const g = grid.get(c.id)!;
    const list = supplies.get(c.id)!.sort((a, b) => a.t - b.t);
    // supplied fraction min(1, Σ f of the windows on) integrated over [start, g] (#17: a dry truck supplies nothing)
    const steps: [number, number][] = list.flatMap((x) => x.windows.flatMap(([a, b]) => {
      const from = Math.max(a, start);
      const to = Math.min(b, g);
      return from < to ? [[from, x.f], [to, -x.f]] as [number, number][] : [];
    })).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let t = start, level = 0, hours = 0;
    for (const [when, df] of steps) {
      hours += (1 - Math.min(1, Math.max(0, level))) * (when - t);
      t = when;
      level += df;
    }
    if (g > t) hours += (1 - Math.min(1, Math.max(0, level))) * (g - t);
    hours /= H;
    total += (c.priority ?? 1) * c.households * hours;
    tolerance += (c.priority ?? 1) * c.households * TOL_H;
    if (Math.abs(pc.outageHours - hours) > 1e-6 * Math.max(1, hours) + TOL_H) errors.push(`compound ${c.id}: outageHours ${pc.outageHours} ≠ ${hours}`);
    const servedBy = [...new Set(list.map((x) => x.truck))].sort();
    if (JSON.stringify([...pc.servedBy].sort()) !== JSON.stringify(servedBy)) errors.push(`compound ${c.id}: servedBy ${pc.servedBy} ≠ ${servedBy}`);
    const useful = list.filter((x) => x.t < g);
    const first = Math.min(g, ...list.flatMap((x) => x.windows.filter(([a, b]) => a < g && b > a).map(([a]) => Math.max(a, start))));
    const powered = first < horizon ? first : null;
    if ((pc.poweredAt === null) !== (powered === null) || (powered !== null && Math.abs(ms(pc.poweredAt!) - powered) > 1000)) {
      errors.push(`compound ${c.id}: poweredAt ${pc.poweredAt}`);
    }
    if (useful.length === 0 && !unserved.has(c.id)) errors.push(`compound ${c.id}: unpowered by trucks but not listed as unserved`);
    if (useful.length > 0 && unserved.has(c.id)) errors.push(`compound ${c.id}: served but listed as unserved`);
    const reason = unserved.get(c.id);
    if (reason === "grid-already-restored" && !(at !== undefined && g <= at)) errors.push(`compound ${c.id}: grid not yet restored at the planning instant`);
    if (reason === "unreachable") {
      const reached = s.trucks.some((tr) => travel(tr.location ?? depots.get(tr.depot!)!, c.location, Math.max(ms(tr.availableAt), at ?? -Infinity)) < Infinity);
      if (reached) errors.push(`compound ${c.id}: listed unreachable but a truck reaches it`);
    }
  }
  if (Math.abs(total - plan.customerOutageHours) > tolerance) errors.push(`customerOutageHours ${plan.customerOutageHours} ≠ ${total}`);
  if (plan.customerOutageHours > plan.baselineCustomerOutageHours * (1 + 1e-9) + 1e-6) errors.push("plan is worse than the commander's rule");
  // a lower bound above the plan itself cannot be valid (no plan beats the bound)
  if (plan.lowerBound !== undefined && !(plan.lowerBound >= 0 && plan.lowerBound <= plan.customerOutageHours * (1 + 1e-9) + 1e-6)) {
    errors.push(`lowerBound ${plan.lowerBound} is not between 0 and the plan's ${plan.customerOutageHours}`);
  }
  return errors;
}
