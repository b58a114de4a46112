/**
 * #17: the schedule when trucks need cable crews and fuel. Two steps, both greedy and deterministic:
 * 1. crews (`scheduleCrewedStops`): trucks' arrivals in time order; each truck without its own crew waits on site
 *    for a crew, which stays for the whole setup (switch-on = crew start + setup). The planner takes the crew that
 *    can be there soonest (it drives from where it last worked); the commander's rule the crew free first.
 * 2. fuel (`scheduleFuel`): the trucks' burn follows from step 1 (fuel never moves a truck: a dry truck stays until
 *    its release, then drives on dry); tankers are sent to the most urgent truck first. The planner sends the
 *    tanker that reaches it soonest, timed to arrive TANKER_MARGIN_H before it would run dry, but not before half
 *    the tank is burnt (early visits spread the tankers' work when many trucks run low together; a half-empty tank
 *    makes a visit worth its trip); the commander's rule sends the nearest tanker as soon as the truck is down to a quarter of its
 *    tank. A tanker short of the litres needed fills up at its nearest fuel depot first.
 * A stop's supply stops when its truck runs dry (`fuelOut`) and resumes when a tanker refuels it on that stop.
 */
import { FUEL_IDLE_FLOOR } from "../../shared/scenario.ts";
import type { Instance, InstanceResources, ResourcePolicy, Routes } from "./instance.ts";
import type { StopSchedule } from "./stop-schedule.ts";
import { chooseMvSets } from "./mv-sets.ts";

/** the planner's tanker aims to arrive this long (hours) before the truck would run dry (at most half a tank early) */
export const TANKER_MARGIN_H = 6;
/** the commander's rule sends a tanker when a truck is down to this share of its tank */
export const RULE_LOW_SHARE = 0.25;

export interface CrewStop { truck: number; compound: number; start: number; end: number }
export interface TankerVisit { truck: number; compound: number; arrive: number; litres: number }
export interface TankerRefill { depot: number; arrive: number; litres: number }
export interface TankerRoute { visits: TankerVisit[]; refills: TankerRefill[] }

/** One stretch of a stop's supply while the truck has fuel. */
export interface SupplyWindow { from: number; until: number }

/**
 * The trucks' stops after their kept ones (`prefix`), from `starts`, with crews: per truck its stops, per crew its
 * stops. A stop that could only switch on at or after its grid return (waiting for a crew) is dropped.
 *
 * @example
 * scheduleCrewedStops(inst, routes, "planner", prefix, starts).crews[0]; // [{ truck, compound, start, end }, ...]
 */
export function scheduleCrewedStops(inst: Instance, routes: Routes, policy: ResourcePolicy, prefix: StopSchedule[][],
  starts: { site: number; free: number }[]): { trucks: StopSchedule[][]; crews: CrewStop[][] } {
  const res = inst.resources!;
  const K = inst.trucks.length;
  const trucks = prefix.map((p) => p.slice());
  const crews = res.crews.map((c) => ({ site: c.site, free: c.availableAt }));
  const crewStops: CrewStop[][] = res.crews.map(() => []);
  const pos = new Int32Array(K);
  const site = starts.map((s) => s.site);
  const free = starts.map((s) => s.free);
  const next = new Float64Array(K).fill(NaN);
  const route = (k: number): readonly number[] => routes[k] ?? [];
  const advance = (k: number): void => {
    const r = route(k);
    next[k] = pos[k] < r.length ? free[k] + inst.travel(site[k], stopSite(inst, k, r[pos[k]]), free[k]) : NaN;
    if (next[k] === Infinity) {
      // unreachable: the rest of the route as scheduleRoute times it (never switched on)
      for (; pos[k] < r.length; pos[k]++) {
        const j = r[pos[k]];
        const depart = free[k];
        trucks[k].push({ compound: j, depart, arrive: depart + inst.travel(site[k], j, depart), switchOn: Infinity, release: Infinity, fixed: false });
        site[k] = j;
        free[k] = Infinity;
      }
      next[k] = NaN;
    }
  };
  for (let k = 0; k < K; k++) advance(k);
  for (;;) {
    let k = -1;
    for (let x = 0; x < K; x++) if (!Number.isNaN(next[x]) && (k < 0 || next[x] < next[k])) k = x;
    if (k < 0) break;
    const j = route(k)[pos[k]];
    const c = inst.compounds[j];
    const arrive = next[k];
    const at = stopSite(inst, k, j);
    let crew = -1;
    let start = arrive;
    if (res.needsCrew[k]) {
      [crew, start] = chooseCrew(inst, crews, at, arrive, policy);
    }
    const switchOn = crew < 0 && res.needsCrew[k] ? Infinity : start + c.setupHours;
    pos[k]++;
    if (!(switchOn < c.gridReturn)) {
      // useless (no crew in time): the truck does not go; it stays free where it was
      advance(k);
      continue;
    }
    const stop: StopSchedule = { compound: j, depart: free[k], arrive, switchOn, release: Math.max(c.gridReturn, switchOn), fixed: false };
    if (at !== j) {
      stop.site = at;
      stop.supplies = mvSupplies(inst, k, j, switchOn);
      stop.usedKw = Math.min(inst.trucks[k].capacityKw, stop.supplies.reduce((a, i) => a + inst.compounds[i].loadKw, 0));
    }
    if (crew >= 0) {
      stop.crew = crew;
      stop.crewStart = start;
      crews[crew] = { site: at, free: switchOn };
      crewStops[crew].push({ truck: k, compound: j, start, end: switchOn });
    }
    trucks[k].push(stop);
    site[k] = at;
    free[k] = stop.release;
    advance(k);
  }
  // each MV stop's set again, now that every stop's switch-on is known (no compound fed twice while another is dark)
  chooseMvSets(inst, trucks);
  return { trucks, crews: crewStops };
}

/** Where truck k stands to supply compound j: an MV truck at j's feeder's RMU, else at j. */
export function stopSite(inst: Instance, k: number, j: number): number {
  const res = inst.resources!;
  const f = res.mv[k] ? res.feederOf[j] : -1;
  return f < 0 ? j : res.feeders[f].site;
}

/**
 * The compounds an MV truck at j's RMU supplies from `switchOn`: j first (all of it, or the share its capacity
 * carries), then the feeder's other compounds dark while the truck is there (until j's grid return), by
 * customer-hours saved there per kW (ties to the lower index), each whole while its load fits what is left of the
 * capacity.
 *
 * @example
 * mvSupplies(inst, 0, 3, 5); // [3, 7, 4]
 */
export function mvSupplies(inst: Instance, k: number, j: number, switchOn: number): number[] {
  const res = inst.resources!;
  const cap = inst.trucks[k].capacityKw;
  let left = cap - Math.min(cap, inst.compounds[j].loadKw);
  const out = [j];
  // the truck leaves at its release (j's grid return): another compound is worth its weight for the hours it is
  // dark while the truck is there
  const release = Math.max(inst.compounds[j].gridReturn, switchOn);
  const worth = (i: number): number => {
    const c = inst.compounds[i];
    return (c.weight * (Math.min(c.gridReturn, release) - Math.max(switchOn, c.outageStart))) / c.loadKw;
  };
  const others = res.feeders[res.feederOf[j]].compounds
    .filter((i) => i !== j && worth(i) > 0)
    .sort((a, b) => worth(b) - worth(a) || a - b);
  for (const i of others) {
    if (inst.compounds[i].loadKw <= left) { out.push(i); left -= inst.compounds[i].loadKw; }
  }
  return out;
}

/** [crew, start]: the planner's crew that can start soonest, or the rule's crew free first; [-1, ∞] when none can come. */
function chooseCrew(inst: Instance, crews: { site: number; free: number }[], j: number, arrive: number, policy: ResourcePolicy): [number, number] {
  let best = -1;
  let bestStart = Infinity;
  let bestFree = Infinity;
  for (let x = 0; x < crews.length; x++) {
    const cr = crews[x];
    if (policy === "rule") {
      if (!(cr.free < bestFree)) continue;
      const start = Math.max(arrive, cr.free + inst.travel(cr.site, j, cr.free));
      if (start === Infinity) continue;
      best = x; bestStart = start; bestFree = cr.free;
    } else {
      // no crew can be there before it is free: skip the trip when it cannot win
      if (!(Math.max(arrive, cr.free) < bestStart)) continue;
      const start = Math.max(arrive, cr.free + inst.travel(cr.site, j, cr.free));
      if (start < bestStart) { best = x; bestStart = start; }
    }
  }
  return [best, bestStart];
}

/**
 * One piece of a truck's tank timeline: from t0 to t1 at stop `stop` burning `rate` L/h, `level` litres at t0;
 * `known`: before the known level's instant (supplied, read as full, skipped when levels are asked for).
 */
interface Piece { t0: number; t1: number; stop: number; rate: number; level: number; known?: true }

interface Refuel { t: number; litres: number }

type FuelOf = NonNullable<InstanceResources["fuel"][number]>;

/** Litres an hour truck k burns while switched on at compound j: its full burn × the share in use, floored. */
export function burnRate(inst: Instance, k: number, j: number, usedKw = inst.compounds[j].loadKw): number {
  const f = inst.resources!.fuel[k]!;
  return f.burnFull * Math.max(FUEL_IDLE_FLOOR, Math.min(1, usedKw / inst.trucks[k].capacityKw));
}

/**
 * A stretch a truck is switched on at one of its stops: burning `rate` L/h, or (`known`) before the instant of its
 * known level, when what it burnt is in that figure: supplied, nothing counted.
 */
interface Burn { from: number; to: number; stop: number; rate: number; known?: true }

/** The burning stretches of a truck's stops. */
function burnSegments(inst: Instance, k: number, stops: readonly StopSchedule[]): Burn[] {
  const out: Burn[] = [];
  const t0 = inst.trucks[k].availableAt;
  const knownAt = inst.resources!.fuel[k]!.level?.t ?? -Infinity;
  stops.forEach((s, i) => {
    if (!Number.isFinite(s.release)) return;
    const from = Math.max(s.switchOn, t0);
    // a re-plan's connection switched on before the level was read: supplied until then, as the log says
    if (from < knownAt) out.push({ from, to: Math.min(s.release, knownAt), stop: i, rate: 0, known: true });
    const burnFrom = Math.max(from, knownAt);
    if (s.release > burnFrom) out.push({ from: burnFrom, to: s.release, stop: i, rate: burnRate(inst, k, s.compound, s.usedKw) });
  });
  return out;
}

/** Litres in the tank before its first burn: the known level, else full. */
function startLevel(fuel: FuelOf): number {
  return fuel.level?.litres ?? fuel.tank;
}

/**
 * The tank timeline: pieces split at segment ends and refuels (a refuel at t counts from t on); level ≥ 0. A piece
 * before the known level's instant reads as a full tank (it supplied; its burn is in the known level).
 */
function tankPieces(fuel: FuelOf, segments: readonly Burn[], refuels: readonly Refuel[]): Piece[] {
  const pieces: Piece[] = [];
  const tank = fuel.tank;
  let level = startLevel(fuel);
  let r = 0;
  for (const { from, to, stop, rate, known } of segments) {
    if (known) {
      pieces.push({ t0: from, t1: to, stop, rate: 0, level: tank, known: true });
      continue;
    }
    while (r < refuels.length && refuels[r].t <= from) level = Math.min(tank, level + refuels[r++].litres);
    let t = from;
    while (t < to) {
      const cut = r < refuels.length && refuels[r].t < to ? refuels[r].t : to;
      pieces.push({ t0: t, t1: cut, stop, rate, level });
      level = Math.max(0, level - rate * (cut - t));
      t = cut;
      if (cut < to) level = Math.min(tank, level + refuels[r++].litres);
    }
  }
  return pieces;
}

/** First instant > after (within a piece) at which the level is at or below `litres`; Infinity when none. */
function firstAtOrBelow(pieces: readonly Piece[], litres: number, after: number): { t: number; stop: number } {
  for (const p of pieces) {
    if (p.t1 <= after || p.known) continue;
    const from = Math.max(p.t0, after);
    const atFrom = Math.max(0, p.level - p.rate * (from - p.t0));
    if (atFrom <= litres) {
      // a tank already down there: only its own moment counts (progress: strictly after `after`, or a new piece)
      if (from > after || p.t0 > after) return { t: from, stop: p.stop };
      continue;
    }
    const t = p.t0 + (p.level - litres) / p.rate;
    if (t < p.t1) return { t, stop: p.stop };
  }
  return { t: Infinity, stop: -1 };
}

/** Litres in the tank just before t (a refuel at t not counted). */
function levelAt(pieces: readonly Piece[], fuel: FuelOf, t: number, refuels: readonly Refuel[]): number {
  const tank = fuel.tank;
  let level = startLevel(fuel);
  let at = -Infinity;
  for (const p of pieces) {
    if (p.t0 >= t) break;
    if (p.known) continue;
    level = Math.max(0, p.level - p.rate * (Math.min(t, p.t1) - p.t0));
    at = Math.min(t, p.t1);
  }
  // refuels after the last piece that ended before t (between stops) are in the tank already
  for (const r of refuels) if (r.t >= at && r.t < t && at < t) level = Math.min(tank, level + r.litres);
  return level;
}

/**
 * Tanker routes for the trucks' schedules and, per truck and stop, the windows in which it supplies (it has fuel)
 * and its first fuel-out (Infinity: none).
 *
 * @example
 * scheduleFuel(inst, trucks, "planner").windows[0][0]; // [{ from: switchOn, until: release }]
 */
export function scheduleFuel(inst: Instance, trucks: StopSchedule[][], policy: ResourcePolicy): { tankers: TankerRoute[]; windows: SupplyWindow[][][]; fuelOut: number[][] } {
  const res: InstanceResources = inst.resources!;
  const K = inst.trucks.length;
  const segments = trucks.map((stops, k) => (res.fuel[k] ? burnSegments(inst, k, stops) : []));
  const refuels: Refuel[][] = trucks.map(() => []);
  const pieces = trucks.map((_s, k) => (res.fuel[k] ? tankPieces(res.fuel[k]!, segments[k], []) : []));
  const tankers = res.tankers.map((t) => ({ site: t.site, free: t.availableAt, content: t.capacity }));
  const routes: TankerRoute[] = res.tankers.map(() => ({ visits: [], refills: [] }));
  const after = new Float64Array(K).fill(-Infinity);
  const threshold = (k: number): number => (policy === "rule" ? RULE_LOW_SHARE * res.fuel[k]!.tank : 0);
  const events = trucks.map((_s, k) => (res.fuel[k] && res.tankers.length > 0 ? firstAtOrBelow(pieces[k], threshold(k), after[k]) : { t: Infinity, stop: -1 }));
  for (let guard = 0; guard < 50 * K + 1000; guard++) {
    let k = -1;
    for (let x = 0; x < K; x++) if (events[x].t < Infinity && (k < 0 || events[x].t < events[k].t)) k = x;
    if (k < 0) break;
    const { t: due, stop } = events[k];
    const choice = chooseTanker(inst, k, trucks[k], stop, due, tankers, pieces[k], refuels[k], policy);
    if (choice === null) {
      after[k] = Infinity;
      events[k] = { t: Infinity, stop: -1 };
      continue;
    }
    const tk = tankers[choice.tanker];
    if (choice.refill) {
      const capacity = res.tankers[choice.tanker].capacity;
      routes[choice.tanker].refills.push({ depot: choice.refill.depot, arrive: choice.refill.arrive, litres: capacity - tk.content });
      tk.content = capacity;
    }
    const j = trucks[k][choice.stop].compound;
    routes[choice.tanker].visits.push({ truck: k, compound: j, arrive: choice.arrive, litres: choice.litres });
    tk.site = trucks[k][choice.stop].site ?? j;
    tk.free = choice.arrive + choice.litres / res.tankers[choice.tanker].pump;
    tk.content -= choice.litres;
    refuels[k].push({ t: choice.arrive, litres: choice.litres });
    refuels[k].sort((a, b) => a.t - b.t);
    pieces[k] = tankPieces(res.fuel[k]!, segments[k], refuels[k]);
    after[k] = Math.max(after[k], choice.arrive);
    events[k] = firstAtOrBelow(pieces[k], threshold(k), after[k]);
  }
  const windows: SupplyWindow[][][] = trucks.map((stops) => stops.map((s) => [{ from: s.switchOn, until: s.release }]));
  const fuelOut: number[][] = trucks.map((stops) => stops.map(() => Infinity));
  trucks.forEach((stops, k) => {
    if (!res.fuel[k]) return;
    const byStop = new Map<number, SupplyWindow[]>();
    for (const p of pieces[k]) {
      const list = byStop.get(p.stop) ?? (byStop.set(p.stop, []), byStop.get(p.stop)!);
      const dry = p.level <= 0 ? p.t0 : p.t0 + p.level / p.rate;
      if (dry < p.t1 && fuelOut[k][p.stop] === Infinity) fuelOut[k][p.stop] = dry;
      const until = Math.min(dry, p.t1);
      if (until > p.t0) {
        const last = list[list.length - 1];
        if (last && last.until === p.t0) last.until = until;
        else list.push({ from: p.t0, until });
      }
    }
    stops.forEach((s, i) => {
      if (!Number.isFinite(s.switchOn) || !Number.isFinite(s.release)) return;
      const list = byStop.get(i);
      // a stop burning nothing (released at switch-on, or before the tank is full at the start) keeps its supply
      if (!list) return;
      // a kept connection switched on before the truck's tank counts (its first free hour): supplied from switch-on
      const burnFrom = Math.max(s.switchOn, inst.trucks[k].availableAt);
      if (list.length > 0 && burnFrom > s.switchOn && list[0].from === burnFrom) list[0].from = s.switchOn;
      windows[k][i] = list;
    });
  });
  return { tankers: routes, windows, fuelOut };
}

interface TankerChoice { tanker: number; stop: number; arrive: number; litres: number; refill?: { depot: number; arrive: number } }

/** The tanker (and stop, arrival, litres) for truck k due at `due` on stop `stop`; null when none can help. */
function chooseTanker(inst: Instance, k: number, stops: readonly StopSchedule[], stop: number, due: number,
  tankers: { site: number; free: number; content: number }[], pieces: readonly Piece[], refuels: readonly Refuel[], policy: ResourcePolicy): TankerChoice | null {
  const res = inst.resources!;
  const tank = res.fuel[k]!.tank;
  // the planner's aim: TANKER_MARGIN_H before dry, but no earlier than half a tank before it
  const half = (0.5 * tank) / burnRate(inst, k, stops[stop].compound, stops[stop].usedKw);
  const aim = due - Math.min(TANKER_MARGIN_H, half);
  let best: TankerChoice | null = null;
  let bestKey = Infinity;
  const order = tankers.map((_t, x) => x);
  if (policy === "rule") {
    // the nearest tanker (travel to where the truck is when it is low), ties to the lower index
    const j = stops[stop].site ?? stops[stop].compound;
    const near = (x: number): number => tankers[x].content > 0 || res.fuelDepots.length > 0
      ? inst.travel(tankers[x].site, j, Math.max(tankers[x].free, due)) : Infinity;
    const dist = order.map(near);
    order.sort((a, b) => dist[a] - dist[b] || a - b);
    order.length = order.length > 0 && dist[order[0]] < Infinity ? 1 : 0;
  }
  for (const x of order) {
    const tk = tankers[x];
    const start = policy === "rule" ? Math.max(tk.free, due) : tk.free;
    const options: { site: number; ready: number; content: number; refill?: { depot: number; arrive: number } }[] = [];
    if (tk.content > 0) options.push({ site: tk.site, ready: start, content: tk.content });
    const needRefill = policy === "rule" ? tk.content < RULE_LOW_SHARE * res.tankers[x].capacity : tk.content < tank;
    if (needRefill && res.fuelDepots.length > 0) {
      let depot = -1;
      let at = Infinity;
      res.fuelDepots.forEach((d, i) => {
        const t = start + inst.travel(tk.site, d.site, start);
        if (t < at) { at = t; depot = i; }
      });
      if (depot >= 0) {
        const ready = at + (res.tankers[x].capacity - tk.content) / res.tankers[x].pump;
        // the rule always fills up when low; the planner weighs it against going straight
        if (policy === "rule") options.length = 0;
        options.push({ site: res.fuelDepots[depot].site, ready, content: res.tankers[x].capacity, refill: { depot, arrive: at } });
      }
    }
    for (const o of options) {
      for (let q = stop; q < stops.length; q++) {
        const s = stops[q];
        if (!Number.isFinite(s.release)) break;
        const reach = o.ready + inst.travel(o.site, s.site ?? s.compound, o.ready);
        const arrive = Math.max(reach, s.arrive, policy === "planner" ? aim : -Infinity);
        if (!(arrive < s.release)) continue;
        const litres = Math.min(o.content, tank - levelAt(pieces, res.fuel[k]!, arrive, refuels));
        if (!(litres > 1e-6)) break;
        // the planner: soonest useful arrival (capped at its aim), then more litres; the rule took its tanker already
        const key = policy === "rule" ? 0 : arrive * 1e6 - litres;
        if (best === null || key < bestKey) {
          best = { tanker: x, stop: q, arrive, litres, ...(o.refill ? { refill: o.refill } : {}) };
          bestKey = key;
          // no tanker arrives before the truck's stop and its aim, nor brings more than fills the tank then: later
          // ones can only tie, and ties go to the first (the same choice, without ~10 tankers' trips per refuel)
          if (policy === "planner" && q === stop && arrive <= Math.max(stops[stop].arrive, aim) && litres < o.content) return best;
        }
        break;
      }
    }
  }
  return best;
}
