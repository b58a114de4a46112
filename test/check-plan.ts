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

/**
 * @example
 * expect(checkPlan(scenario, plan)).to.deep.equal([]);
 */
export function checkPlan(s: Scenario, plan: Plan, at?: number): string[] {
  const errors: string[] = [];
  const router = roadRouter(s);
  const accessSpeed = s.defaults?.accessSpeedKmh ?? 15;
  const snap = (p: LonLat): { node: string; hours: number; place: string } => {
    let best = "";
    let bestKm = Infinity;
    for (const n of router.nodes) {
      const km = distance(p, router.coords.get(n)!, { units: "kilometers" });
      if (km < bestKm) { bestKm = km; best = n; }
    }
    return { node: best, hours: bestKm / accessSpeed, place: key(p) };
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
  const supplies = new Map<string, { t: number; f: number; truck: string }[]>(s.compounds.map((c) => [c.id, []]));

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
        const drive = travel(where, c.location, dep);
        if (drive === Infinity) errors.push(`${label}: no open route`);
        else if (Math.abs(arr - dep - drive * H) > TOL_H * H) errors.push(`${label}: arrival ${stop.arrive} ≠ depart + ${drive.toFixed(4)} h drive`);
        if (Math.abs(on - arr - setupH.get(c.id)! * H) > TOL_H * H) errors.push(`${label}: switch-on ≠ arrival + setup`);
        if (dep > free + TOL_H * H) errors.push(`${label}: waits although it departs when free`);
      }
      if (Math.abs(rel - Math.max(g, on)) > TOL_H * H) errors.push(`${label}: release ≠ grid return`);
      supplies.get(c.id)!.push({ t: on, f: Math.min(1, truck.capacityKw / c.loadKw), truck: truck.id });
      where = c.location;
      free = rel;
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
    let t = start, f = 0, hours = 0;
    for (const x of list) {
      if (x.t >= g) break;
      const from = Math.max(x.t, start);
      if (from > t) { hours += (1 - f) * (from - t); t = from; }
      f = Math.min(1, f + x.f);
    }
    if (g > t) hours += (1 - f) * (g - t);
    hours /= H;
    total += (c.priority ?? 1) * c.households * hours;
    tolerance += (c.priority ?? 1) * c.households * TOL_H;
    if (Math.abs(pc.outageHours - hours) > 1e-6 * Math.max(1, hours) + TOL_H) errors.push(`compound ${c.id}: outageHours ${pc.outageHours} ≠ ${hours}`);
    const servedBy = [...new Set(list.map((x) => x.truck))].sort();
    if (JSON.stringify([...pc.servedBy].sort()) !== JSON.stringify(servedBy)) errors.push(`compound ${c.id}: servedBy ${pc.servedBy} ≠ ${servedBy}`);
    const useful = list.filter((x) => x.t < g);
    const first = Math.min(g, ...useful.map((x) => Math.max(x.t, start)));
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
