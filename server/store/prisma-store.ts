/**
 * The Store on Prisma: the same code for PGlite and PostgreSQL (only the driver adapter differs).
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { LianxinError, ErrorCode } from "../../shared/errors.ts";
import type { StoredEvent } from "../../shared/events.ts";
import type { Plan } from "../../shared/plan.ts";
import { visibleLog, type ReplayClockState, type Rewind } from "../../shared/replay-clock-math.ts";
import type { Scenario } from "../../shared/scenario.ts";
import type { AlertThresholds } from "../../shared/board-alerts.ts";
import type { AlertThresholdsInfo, CounterfactualReport, EventAck, IncidentDetail, IncidentSummary, PlanSummary, StoredPlan } from "../../shared/wire.ts";
import { systemClock, type Clock } from "../clock/clock.ts";
import { createEventAppender, lockIncident, toStoredEvent } from "./append-events.ts";
import { Prisma, type PrismaClient } from "./generated/client.ts";
import type { Actor, AuditEntry, NewIncidentOptions, NewToken, Store, StoredCounterfactual, TokenRecord } from "./store.ts";

type Tx = Prisma.TransactionClient;
type PlanRow = Prisma.PlanGetPayload<object>;
type TokenRow = Prisma.ApiTokenGetPayload<object>;
type ReplayClockRow = Prisma.ReplayClockGetPayload<object>;

export interface PrismaStoreOptions {
  clock?: Clock;
  /** runs after the client disconnects (closes PGlite, releases the directory lock) */
  onClose?: () => Promise<void>;
}

// PGlite runs one transaction at a time, so under load a transaction may queue for a while before it starts:
// generous limits keep a burst of reports from failing instead of waiting its turn.
const TX_OPTIONS = { maxWait: 60_000, timeout: 60_000 };

/**
 * @example
 * const store = createPrismaStore(new PrismaClient({ adapter }), { clock: systemClock });
 */
export function createPrismaStore(prisma: PrismaClient, options: PrismaStoreOptions = {}): Store {
  const clock = options.clock ?? systemClock;
  const now = () => new Date(clock.now());
  // reports of one incident are stored by group commit, one transaction per batch (append-events.ts)
  const appendEvent = createEventAppender({ prisma, now, txOptions: TX_OPTIONS });

  async function createIncident(scenario: Scenario, actor: Actor, options: NewIncidentOptions = {}): Promise<IncidentSummary> {
    const id = randomUUID();
    await prisma.$transaction(async (tx) => {
      await tx.incident.create({
        data: { id, name: scenario.name, timezone: scenario.timezone, scenario: json(scenario), createdAt: now(), createdBy: actor.name },
      });
      await tx.site.createMany({ data: sitesOf(id, scenario) });
      await tx.truck.createMany({
        data: scenario.trucks.map((t) => ({ incidentId: id, id: t.id, name: t.name, capacityKw: t.capacityKw, data: json(t) })),
      });
      await tx.roadNetwork.create({
        data: { incidentId: id, roads: json(scenario.roads), floodZones: scenario.floodZones ? json(scenario.floodZones) : Prisma.DbNull },
      });
      await auditIn(tx, { actor: actor.name, action: "incident.created", incident: id, detail: { scenario: scenario.id, name: scenario.name } });
      if (options.replay) {
        await tx.replayClock.create({ data: { incidentId: id, ...toReplayClockRow(options.replay) } });
        await auditIn(tx, { actor: actor.name, action: "replay.started", incident: id, detail: replayDetail(options.replay) });
      }
    }, TX_OPTIONS);
    const detail = await getIncident(id);
    if (!detail) throw new LianxinError(ErrorCode.internal, `incident ${id} vanished after creation`);
    const { scenario: _scenario, ...summary } = detail;
    return summary;
  }

  async function listIncidents(): Promise<IncidentSummary[]> {
    const rows = await prisma.incident.findMany({
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: {
        id: true, name: true, timezone: true, createdAt: true,
        _count: { select: { sites: { where: { kind: "compound" } }, trucks: true } },
      },
    });
    return rows.map((r) => ({
      id: r.id, name: r.name, timezone: r.timezone, createdAt: r.createdAt.toISOString(),
      compounds: r._count.sites, trucks: r._count.trucks,
    }));
  }

  async function getIncident(id: string): Promise<IncidentDetail | null> {
    const row = await prisma.incident.findUnique({
      where: { id },
      include: { _count: { select: { sites: { where: { kind: "compound" } }, trucks: true } } },
    });
    if (!row) return null;
    return {
      id: row.id, name: row.name, timezone: row.timezone, createdAt: row.createdAt.toISOString(),
      compounds: row._count.sites, trucks: row._count.trucks, scenario: row.scenario as unknown as Scenario,
    };
  }

  async function listEvents(incident: string, afterSeq = 0): Promise<StoredEvent[]> {
    const rows = await prisma.event.findMany({ where: { incidentId: incident, seq: { gt: afterSeq } }, orderBy: { seq: "asc" } });
    return rows.map(toStoredEvent);
  }

  async function savePlan(incident: string, plan: Plan, basedOnSeq: number, actor: Actor): Promise<StoredPlan> {
    const row = await prisma.$transaction(async (tx) => {
      await lockIncident(tx, incident);
      const row = await tx.plan.create({
        data: {
          id: randomUUID(), incidentId: incident, createdAt: now(), createdBy: actor.name, status: "proposed", basedOnSeq,
          plan: json(plan), customerOutageHours: plan.customerOutageHours,
          baselineCustomerOutageHours: plan.baselineCustomerOutageHours, lowerBound: plan.lowerBound ?? null,
        },
      });
      await auditIn(tx, { actor: actor.name, action: "plan.proposed", incident, detail: { plan: row.id, basedOnSeq } });
      return row;
    }, TX_OPTIONS);
    return toStoredPlan(row);
  }

  async function latestPlan(incident: string): Promise<StoredPlan | null> {
    const row = await prisma.plan.findFirst({ where: { incidentId: incident }, orderBy: { serial: "desc" } });
    return row ? toStoredPlan(row) : null;
  }

  async function getPlan(incident: string, planId: string): Promise<StoredPlan | null> {
    const row = await prisma.plan.findFirst({ where: { incidentId: incident, id: planId } });
    return row ? toStoredPlan(row) : null;
  }

  async function listPlans(incident: string): Promise<PlanSummary[]> {
    // the documents can be megabytes each: the history lists the figures stored beside them
    const rows = await prisma.plan.findMany({ where: { incidentId: incident }, orderBy: { serial: "desc" }, omit: { plan: true } });
    return rows.map((row) => {
      const { plan: _document, ...summary } = toStoredPlan({ ...row, plan: null });
      return {
        ...summary,
        customerOutageHours: row.customerOutageHours,
        baselineCustomerOutageHours: row.baselineCustomerOutageHours,
        ...(row.lowerBound !== null ? { lowerBound: row.lowerBound } : {}),
      };
    });
  }

  async function approvePlan(incident: string, planId: string, actor: Actor): Promise<StoredPlan> {
    const row = await prisma.$transaction(async (tx) => {
      await lockIncident(tx, incident);
      const plan = await tx.plan.findFirst({ where: { incidentId: incident, id: planId } });
      if (!plan) throw new LianxinError(ErrorCode.notFound, `no plan ${planId} in incident ${incident}`);
      if (plan.status === "approved") return plan;
      if (plan.status === "superseded") throw new LianxinError(ErrorCode.conflict, `plan ${planId} was superseded and cannot be approved`);
      const at = now();
      await tx.plan.updateMany({ where: { incidentId: incident, status: "approved" }, data: { status: "superseded" } });
      const approved = await tx.plan.update({ where: { id: planId }, data: { status: "approved", approvedAt: at, approvedBy: actor.name } });
      await auditIn(tx, { actor: actor.name, action: "plan.approved", incident, detail: { plan: planId } });
      return approved;
    }, TX_OPTIONS);
    return toStoredPlan(row);
  }

  async function getReplayClock(incident: string): Promise<ReplayClockState | null> {
    const row = await prisma.replayClock.findUnique({ where: { incidentId: incident } });
    return row ? fromReplayClockRow(row) : null;
  }

  async function updateReplayClock(incident: string, change: (clock: ReplayClockState, lastSeq: number) => ReplayClockState): Promise<ReplayClockState> {
    return prisma.$transaction(async (tx) => {
      await lockIncident(tx, incident);
      const row = await tx.replayClock.findUnique({ where: { incidentId: incident } });
      if (!row) throw new LianxinError(ErrorCode.notFound, `incident ${incident} is not a replay`, [{ path: "id", message: "not a replay incident" }]);
      // read under the lock every append takes: no report can land between this seq and the new clock (a rewind's)
      const last = await tx.event.findFirst({ where: { incidentId: incident }, orderBy: { seq: "desc" }, select: { seq: true } });
      const next = change(fromReplayClockRow(row), last?.seq ?? 0);
      await tx.replayClock.update({ where: { incidentId: incident }, data: toReplayClockRow(next) });
      return next;
    }, TX_OPTIONS);
  }

  async function listReplayClocks(): Promise<{ incident: string; clock: ReplayClockState }[]> {
    const rows = await prisma.replayClock.findMany({ orderBy: { incidentId: "asc" } });
    return rows.map((row) => ({ incident: row.incidentId, clock: fromReplayClockRow(row) }));
  }

  async function saveCounterfactual(incident: string, report: CounterfactualReport): Promise<StoredCounterfactual> {
    const row = await prisma.counterfactualReport.create({ data: { incidentId: incident, createdAt: now(), report: json(report) } });
    return { createdAt: row.createdAt.toISOString(), report: row.report as unknown as CounterfactualReport };
  }

  async function latestCounterfactual(incident: string): Promise<StoredCounterfactual | null> {
    const row = await prisma.counterfactualReport.findFirst({ where: { incidentId: incident }, orderBy: { id: "desc" } });
    return row ? { createdAt: row.createdAt.toISOString(), report: row.report as unknown as CounterfactualReport } : null;
  }

  async function createToken(token: NewToken, actor?: Actor): Promise<{ secret: string; record: TokenRecord }> {
    const incident = token.incident ?? null;
    if (incident !== null && !(await prisma.incident.findUnique({ where: { id: incident }, select: { id: true } }))) {
      throw new LianxinError(ErrorCode.notFound, `no incident ${incident}`);
    }
    const secret = `lx_${randomBytes(32).toString("base64url")}`;
    const row = await prisma.$transaction(async (tx) => {
      const row = await tx.apiToken.create({
        data: {
          id: randomUUID(), secretHash: hashSecret(secret), name: token.name, role: token.role,
          incidentId: incident, trucks: token.trucks ?? [], createdAt: now(),
        },
      });
      await auditIn(tx, { actor: actor?.name ?? "system", action: "token.created", incident, detail: { token: row.id, name: row.name, role: row.role, trucks: row.trucks } });
      return row;
    }, TX_OPTIONS);
    return { secret, record: toTokenRecord(row) };
  }

  async function findToken(secret: string): Promise<TokenRecord | null> {
    const row = await prisma.apiToken.findUnique({ where: { secretHash: hashSecret(secret) } });
    return row && row.revokedAt === null ? toTokenRecord(row) : null;
  }

  async function listTokens(filter: { incident?: string } = {}): Promise<TokenRecord[]> {
    const rows = await prisma.apiToken.findMany({
      where: filter.incident === undefined ? {} : { incidentId: filter.incident },
      orderBy: { seq: "asc" },
    });
    return rows.map(toTokenRecord);
  }

  async function revokeToken(id: string, actor: Actor): Promise<TokenRecord | null> {
    const row = await prisma.$transaction(async (tx) => {
      const found = await tx.apiToken.findUnique({ where: { id } });
      if (!found || found.revokedAt !== null) return found;
      // only the first revocation counts: a concurrent one finds revokedAt set and leaves it
      const { count } = await tx.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now() } });
      if (count === 1) {
        await auditIn(tx, { actor: actor.name, action: "token.revoked", incident: found.incidentId, detail: { token: id, name: found.name, role: found.role } });
      }
      return tx.apiToken.findUnique({ where: { id } });
    }, TX_OPTIONS);
    return row ? toTokenRecord(row) : null;
  }

  async function auditIn(tx: Tx, entry: Omit<AuditEntry, "at">): Promise<void> {
    await tx.auditEntry.create({
      data: { at: now(), actor: entry.actor, action: entry.action, incidentId: entry.incident, detail: entry.detail === undefined || entry.detail === null ? Prisma.JsonNull : json(entry.detail) },
    });
  }

  async function ackEvent(incident: string, eventId: string, actor: Actor): Promise<{ created: boolean; ack: EventAck } | null> {
    return prisma.$transaction(async (tx) => {
      const event = await tx.event.findUnique({ where: { incidentId_clientId: { incidentId: incident, clientId: eventId } }, select: { seq: true } });
      if (!event) return null;
      // two commanders at once: the key keeps one row, and the other answers with it
      const { count } = await tx.eventAck.createMany({ data: [{ incidentId: incident, eventId, seq: event.seq, ackedBy: actor.name, ackedAt: now() }], skipDuplicates: true });
      if (count === 1) await auditIn(tx, { actor: actor.name, action: "event.acknowledged", incident, detail: { event: eventId, seq: event.seq } });
      const row = await tx.eventAck.findUniqueOrThrow({ where: { incidentId_eventId: { incidentId: incident, eventId } } });
      return { created: count === 1, ack: toAck(row) };
    }, TX_OPTIONS);
  }

  async function listAcks(incident: string): Promise<EventAck[]> {
    return (await prisma.eventAck.findMany({ where: { incidentId: incident }, orderBy: { seq: "asc" } })).map(toAck);
  }

  async function getAlertThresholds(incident: string): Promise<AlertThresholdsInfo | null> {
    const row = await prisma.alertThresholds.findUnique({ where: { incidentId: incident } });
    return row ? toThresholds(row) : null;
  }

  async function setAlertThresholds(incident: string, thresholds: AlertThresholds, actor: Actor): Promise<AlertThresholdsInfo> {
    return prisma.$transaction(async (tx) => {
      const data = { ...thresholds, updatedAt: now(), updatedBy: actor.name };
      const row = await tx.alertThresholds.upsert({ where: { incidentId: incident }, create: { incidentId: incident, ...data }, update: data });
      await auditIn(tx, { actor: actor.name, action: "alert-thresholds.set", incident, detail: thresholds });
      return toThresholds(row);
    }, TX_OPTIONS);
  }

  async function listAudit(incident: string | null): Promise<AuditEntry[]> {
    const rows = await prisma.auditEntry.findMany({ where: incident === null ? {} : { incidentId: incident }, orderBy: { id: "asc" } });
    return rows.map((r) => ({ at: r.at.toISOString(), actor: r.actor, action: r.action, incident: r.incidentId, detail: r.detail }));
  }

  // #16: a replay's jumps back undo what was stored after the time jumped to; every reader of the log (state, rules,
  // planner, board, exports) sees the log as it stands after them. A live incident is remembered as such (an
  // incident is a replay from its creation or never), so its reads cost no extra query.
  const liveIncidents = new Set<string>();
  async function rewindsOf(incident: string): Promise<Rewind[] | undefined> {
    if (liveIncidents.has(incident)) return undefined;
    const clock = await getReplayClock(incident);
    if (!clock) liveIncidents.add(incident);
    return clock?.rewinds;
  }

  return {
    createIncident, listIncidents, getIncident,
    async appendEvent(incident, input, actor, validate) {
      const rewinds = await rewindsOf(incident);
      return appendEvent(incident, input, actor, rewinds ? (log) => validate(visibleLog(log, rewinds)) : validate);
    },
    async listEvents(incident, afterSeq) {
      const [events, rewinds] = await Promise.all([listEvents(incident, afterSeq), rewindsOf(incident)]);
      return visibleLog(events, rewinds);
    },
    savePlan, latestPlan, getPlan, listPlans, approvePlan,
    getReplayClock, updateReplayClock, listReplayClocks, saveCounterfactual, latestCounterfactual,
    createToken, findToken, countTokens: () => prisma.apiToken.count(), listTokens, revokeToken,
    audit: (entry) => prisma.$transaction((tx) => auditIn(tx, entry), TX_OPTIONS),
    listAudit, ackEvent, listAcks, getAlertThresholds, setAlertThresholds,
    async appliedMigrations() {
      const rows = await prisma.$queryRaw<{ migration_name: string }[]>`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
      return rows.map((r) => r.migration_name);
    },
    async close() {
      await prisma.$disconnect();
      await options.onClose?.();
    },
  };
}

function toAck(row: Prisma.EventAckGetPayload<object>): EventAck {
  return { incident: row.incidentId, event: row.eventId, seq: row.seq, by: row.ackedBy, at: row.ackedAt.toISOString() };
}

function toThresholds(row: Prisma.AlertThresholdsGetPayload<object>): AlertThresholdsInfo {
  return {
    prioritySiteDarkHours: row.prioritySiteDarkHours, truckSilentHours: row.truckSilentHours, stepLateMinutes: row.stepLateMinutes,
    set: true, updatedAt: row.updatedAt.toISOString(), updatedBy: row.updatedBy,
  };
}

/** sha-256 of the whole token string; a leaked table gives no usable token. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

function sitesOf(incidentId: string, s: Scenario): Prisma.SiteCreateManyInput[] {
  const site = (kind: "substation" | "compound" | "depot", x: { id: string; name: string; location: [number, number] }) => ({
    incidentId, kind, id: x.id, name: x.name, lon: x.location[0], lat: x.location[1], data: json(x),
  });
  return [
    ...s.substations.map((x) => site("substation", x)),
    ...s.compounds.map((x) => site("compound", x)),
    ...s.depots.map((x) => site("depot", x)),
  ];
}

function toStoredPlan(row: PlanRow): StoredPlan {
  return {
    id: row.id, incident: row.incidentId, createdAt: row.createdAt.toISOString(), createdBy: row.createdBy, status: row.status,
    ...(row.approvedAt ? { approvedAt: row.approvedAt.toISOString() } : {}),
    ...(row.approvedBy ? { approvedBy: row.approvedBy } : {}),
    basedOnSeq: row.basedOnSeq, plan: row.plan as unknown as Plan,
  };
}

function toReplayClockRow(c: ReplayClockState) {
  return {
    anchorScenarioAt: new Date(c.anchorScenarioMs), anchorWallAt: new Date(c.anchorWallMs), speed: c.speed, paused: c.paused,
    startsAt: new Date(c.startsAtMs), endsAt: new Date(c.endsAtMs), rewinds: json(c.rewinds ?? []),
  };
}

function fromReplayClockRow(row: ReplayClockRow): ReplayClockState {
  return {
    anchorScenarioMs: row.anchorScenarioAt.getTime(), anchorWallMs: row.anchorWallAt.getTime(), speed: row.speed, paused: row.paused,
    startsAtMs: row.startsAt.getTime(), endsAtMs: row.endsAt.getTime(),
    ...(Array.isArray(row.rewinds) && row.rewinds.length > 0 ? { rewinds: row.rewinds as unknown as Rewind[] } : {}),
  };
}

function replayDetail(c: ReplayClockState) {
  return { from: new Date(c.anchorScenarioMs).toISOString(), speed: c.speed, paused: c.paused };
}

function toTokenRecord(row: TokenRow): TokenRecord {
  return {
    id: row.id, name: row.name, role: row.role, incident: row.incidentId, trucks: row.trucks, createdAt: row.createdAt.toISOString(),
    ...(row.revokedAt ? { revokedAt: row.revokedAt.toISOString() } : {}),
  };
}

function json(value: unknown): Prisma.InputJsonValue {
  return value as Prisma.InputJsonValue;
}
