/**
 * Event appends by group commit (#13, storm volume): the reports of one incident that arrive while its previous
 * transaction runs are queued, then checked one after the other (each against the log as extended by the ones
 * before it) and stored in ONE transaction, under the incident's row lock as before; every report is answered only
 * after that COMMIT. A refused report (422, 409) does not fail the others; retries keep their meaning within a
 * batch and across batches (same id and content → duplicate, same id and other content → conflict); seq stays
 * gap-free. Two servers on one PostgreSQL still serialise on the lock, now once per batch instead of per report.
 *
 * The events handed to `validate` are frozen and are the very objects kept in the log cache after the commit, so a
 * validator can index the log incrementally (shared/restoration/log-index.ts syncIndex).
 */
import { LianxinError, ErrorCode } from "../../shared/errors.ts";
import type { EventInput, StoredEvent } from "../../shared/events.ts";
import { hashContent } from "./content-hash.ts";
import { Prisma, type PrismaClient } from "./generated/client.ts";
import type { Actor, AppendOutcome } from "./store.ts";

type Tx = Prisma.TransactionClient;
type EventRow = Prisma.EventGetPayload<object>;

/** one transaction stores at most this many reports; a storm's queue drains in several */
const MAX_BATCH = 256;

export interface EventAppenderDeps {
  prisma: PrismaClient;
  now(): Date;
  /** PGlite may queue a transaction for a while under load */
  txOptions: { maxWait: number; timeout: number };
}

export type AppendEvent = (incident: string, input: EventInput, actor: Actor, validate: (log: StoredEvent[]) => void) => Promise<AppendOutcome>;

interface Pending {
  input: EventInput;
  actor: Actor;
  validate: (log: StoredEvent[]) => void;
  at: Date;
  contentHash: string;
  resolve(outcome: AppendOutcome): void;
  reject(error: unknown): void;
}

type Settled = { ok: true; outcome: AppendOutcome } | { ok: false; error: unknown };

/**
 * @example
 * const appendEvent = createEventAppender({ prisma, now: () => new Date(), txOptions });
 * await appendEvent(incident, input, actor, (log) => validateEvent(scenario, log, input));
 */
export function createEventAppender(deps: EventAppenderDeps): AppendEvent {
  const { prisma } = deps;
  // Events already read, per incident (frozen, so callers cannot alter them). The log is append-only, so a cached
  // prefix stays true even with other processes writing: each batch still reads the tail after it under the lock.
  const logCache = new Map<string, StoredEvent[]>();
  const queues = new Map<string, Pending[]>();

  function appendEvent(incident: string, input: EventInput, actor: Actor, validate: (log: StoredEvent[]) => void): Promise<AppendOutcome> {
    const at = new Date(input.at);
    if (Number.isNaN(at.getTime())) {
      throw new LianxinError(ErrorCode.invalidInput, "event time is not an ISO 8601 instant", [{ path: "at", message: "not a valid time" }]);
    }
    return new Promise((resolve, reject) => {
      const pending: Pending = { input, actor, validate, at, contentHash: hashContent(input), resolve, reject };
      const queue = queues.get(incident);
      if (queue) return void queue.push(pending);
      queues.set(incident, [pending]);
      void drain(incident);
    });
  }

  /** One batch at a time per incident in this process; whatever queued meanwhile is the next batch. */
  async function drain(incident: string): Promise<void> {
    const queue = queues.get(incident)!;
    while (queue.length > 0) {
      // let the reports already on the wire join this batch: PGlite runs a whole transaction in promise callbacks,
      // so without a turn of the event loop no other request is read while one commits and every batch is 1
      await new Promise((resolve) => setImmediate(resolve));
      const batch = queue.splice(0, MAX_BATCH);
      const settled = await storeBatch(incident, batch);
      batch.forEach((p, i) => {
        const s = settled[i];
        if (s.ok) p.resolve(s.outcome);
        else p.reject(s.error);
      });
    }
    queues.delete(incident);
  }

  async function storeBatch(incident: string, batch: Pending[]): Promise<Settled[]> {
    try {
      const { settled, log } = await prisma.$transaction((tx) => checkAndInsert(tx, incident, batch), deps.txOptions);
      // only after commit: a rolled-back batch must not enter the cache
      logCache.set(incident, log);
      return settled;
    } catch (e) {
      // the transaction itself failed (not a refusal, which settles alone): each report alone, so one cannot sink
      // the others; a unique violation means someone stored this id first, so it is answered as a retry would be
      if (batch.length > 1) {
        const one: Settled[] = [];
        for (const p of batch) one.push(...(await storeBatch(incident, [p])));
        return one;
      }
      return [await afterFailure(incident, batch[0], e)];
    }
  }

  async function checkAndInsert(tx: Tx, incident: string, batch: Pending[]): Promise<{ settled: Settled[]; log: StoredEvent[] }> {
    await lockIncident(tx, incident);
    const ids = [...new Set(batch.map((p) => p.input.id))];
    const existing = new Map(
      (await tx.event.findMany({ where: { incidentId: incident, clientId: { in: ids } } })).map((row) => [row.clientId, row]),
    );
    const log = (await readLogLocked(tx, incident)).slice();
    const receivedAt = deps.now();
    const inBatch = new Map<string, { event: StoredEvent; contentHash: string }>();
    const rows: Prisma.EventCreateManyInput[] = [];
    const settled = batch.map((p): Settled => {
      try {
        const row = existing.get(p.input.id);
        if (row) return { ok: true, outcome: classifyRetry(row.clientId, row.seq, row.contentHash, toStoredEvent(row), p.contentHash) };
        const earlier = inBatch.get(p.input.id);
        if (earlier) return { ok: true, outcome: classifyRetry(p.input.id, earlier.event.seq, earlier.contentHash, earlier.event, p.contentHash) };
        p.validate(log);
        const seq = (log.at(-1)?.seq ?? 0) + 1;
        const event = frozenCopy<StoredEvent>({ ...p.input, incident, seq, receivedAt: receivedAt.toISOString(), by: p.actor.name });
        rows.push({
          incidentId: incident, seq, clientId: p.input.id, type: p.input.type, at: p.at,
          payload: p.input as unknown as Prisma.InputJsonValue, contentHash: p.contentHash, by: p.actor.name, receivedAt,
        });
        log.push(event);
        inBatch.set(p.input.id, { event, contentHash: p.contentHash });
        return { ok: true, outcome: { kind: "created", event } };
      } catch (error) {
        return { ok: false, error };
      }
    });
    if (rows.length > 0) await tx.event.createMany({ data: rows });
    return { settled, log };
  }

  async function afterFailure(incident: string, p: Pending, error: unknown): Promise<Settled> {
    if (!isUniqueViolation(error)) return { ok: false, error };
    const row = await prisma.event.findUnique({ where: { incidentId_clientId: { incidentId: incident, clientId: p.input.id } } });
    if (!row) return { ok: false, error };
    try {
      return { ok: true, outcome: classifyRetry(row.clientId, row.seq, row.contentHash, toStoredEvent(row), p.contentHash) };
    } catch (e) {
      return { ok: false, error: e };
    }
  }

  async function readLogLocked(tx: Tx, incident: string): Promise<StoredEvent[]> {
    const cached = logCache.get(incident) ?? [];
    const tail = await tx.event.findMany({
      where: { incidentId: incident, seq: { gt: cached.at(-1)?.seq ?? 0 } },
      orderBy: { seq: "asc" },
    });
    return tail.length === 0 ? cached : [...cached, ...tail.map((row) => frozenCopy(toStoredEvent(row)))];
  }

  return appendEvent;
}

/**
 * Serialises writers per incident: on PostgreSQL concurrent transactions queue on the row lock, so `seq` has no
 * gaps and an id is checked against everything committed before it. (PGlite runs one transaction at a time anyway.)
 */
export async function lockIncident(tx: Tx, incident: string): Promise<void> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM incidents WHERE id = ${incident} FOR UPDATE`;
  if (rows.length === 0) throw new LianxinError(ErrorCode.notFound, `no incident ${incident}`);
}

function classifyRetry(clientId: string, seq: number, storedHash: string, stored: StoredEvent, contentHash: string): AppendOutcome {
  if (storedHash !== contentHash) {
    throw new LianxinError(ErrorCode.conflict, `event ${clientId} was already stored with different content`, [
      { path: "id", message: `already used by event seq ${seq}` },
    ]);
  }
  return { kind: "duplicate", event: stored };
}

export function toStoredEvent(row: EventRow): StoredEvent {
  return { ...(row.payload as unknown as EventInput), incident: row.incidentId, seq: row.seq, receivedAt: row.receivedAt.toISOString(), by: row.by };
}

/** Cached events are shared by every later `validate` call: frozen, a validator that mutates one fails loudly. */
function frozenCopy<T>(value: T): T {
  const copy = structuredClone(value);
  const freeze = (v: unknown): void => {
    if (v === null || typeof v !== "object" || Object.isFrozen(v)) return;
    Object.freeze(v);
    for (const child of Object.values(v)) freeze(child);
  };
  freeze(copy);
  return copy;
}

function isUniqueViolation(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002";
}
