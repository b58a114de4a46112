/**
 * The crew app's outbox: every report is kept on the device (localStorage) with its client-generated id until the
 * server has answered it, so a report made with no network is sent when the network returns, and sent once: a
 * retry carries the same id, which the server stores only once (201 first, 200 for a repeat).
 *
 * Answers: 201/200 delivered; 400/403/409/422 (and 401) refused, with the server's message kept for the crew and no
 * further retries; no answer or 5xx: kept and retried later, in order.
 *
 * @example
 * const outbox = createOutbox(localStorage);
 * outbox.enqueue("zz", { id: newEventId(), type: "truck.arrived", at, truck: "T1", compound: "C1" });
 * await outbox.flush(send);
 */
import type { ErrorDetail } from "../../shared/errors.ts";
import type { EventInput } from "../../shared/events.ts";

export interface OutboxItem {
  incident: string;
  input: EventInput;
  state: "pending" | "refused";
  /** the server's message when refused */
  message?: string;
  /** HTTP status of the refusal */
  status?: number;
  /** #16: the refusal's error code and details (rule, params), so the crew reads it in its language */
  code?: string;
  details?: ErrorDetail[];
  attempts: number;
}

export interface DeliveredItem {
  incident: string;
  input: EventInput;
  seq: number;
}

export type SendOutcome =
  | { kind: "delivered"; seq: number }
  | { kind: "refused"; status: number; message: string; code?: string; details?: ErrorDetail[] }
  /** no answer, or a server error: try again later */
  | { kind: "retry"; message: string };

export type Send = (incident: string, input: EventInput) => Promise<SendOutcome>;

/** The part of Storage the outbox uses (localStorage in the browser, a Map in tests). */
export interface KeyValue {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface Outbox {
  items(): OutboxItem[];
  delivered(): DeliveredItem[];
  enqueue(incident: string, input: EventInput): void;
  /** sends pending reports oldest first; stops at the first that gets no answer (order matters to the server) */
  flush(send: Send): Promise<{ delivered: number; refused: number; waiting: number }>;
  /** removes a refused report once the crew has read its message */
  dismiss(id: string): void;
}

const KEY = "lianxin.outbox";
const DELIVERED_KEY = "lianxin.delivered";
const KEEP_DELIVERED = 20;

export function createOutbox(storage: KeyValue): Outbox {
  const load = <T>(key: string): T[] => {
    try {
      const v = JSON.parse(storage.getItem(key) ?? "[]") as unknown;
      return Array.isArray(v) ? (v as T[]) : [];
    } catch {
      return [];
    }
  };
  const save = (key: string, value: unknown) => storage.setItem(key, JSON.stringify(value));
  // flushes run one after another, never side by side: two concurrent flushes would send the same report twice
  let chain: Promise<unknown> = Promise.resolve();

  function update(id: string, change: (item: OutboxItem) => OutboxItem | null): void {
    // re-read: another tab may have changed the outbox meanwhile
    const items = load<OutboxItem>(KEY).flatMap((item) => (item.input.id === id ? [change(item)].filter((x): x is OutboxItem => x !== null) : [item]));
    save(KEY, items);
  }

  async function flushOnce(send: Send): Promise<{ delivered: number; refused: number; waiting: number }> {
    let delivered = 0;
    let refused = 0;
    for (const item of load<OutboxItem>(KEY)) {
      if (item.state !== "pending") continue;
      const outcome = await send(item.incident, item.input);
      if (outcome.kind === "retry") {
        update(item.input.id, (x) => ({ ...x, attempts: x.attempts + 1 }));
        break;
      }
      if (outcome.kind === "delivered") {
        delivered++;
        update(item.input.id, () => null);
        save(DELIVERED_KEY, [{ incident: item.incident, input: item.input, seq: outcome.seq }, ...load<DeliveredItem>(DELIVERED_KEY)].slice(0, KEEP_DELIVERED));
      } else {
        refused++;
        update(item.input.id, (x) => ({
          ...x, state: "refused", status: outcome.status, message: outcome.message, attempts: x.attempts + 1,
          ...(outcome.code === undefined ? {} : { code: outcome.code }), ...(outcome.details === undefined ? {} : { details: outcome.details }),
        }));
      }
    }
    const waiting = load<OutboxItem>(KEY).filter((x) => x.state === "pending").length;
    return { delivered, refused, waiting };
  }

  return {
    items: () => load<OutboxItem>(KEY),
    delivered: () => load<DeliveredItem>(DELIVERED_KEY),
    enqueue(incident, input) {
      save(KEY, [...load<OutboxItem>(KEY), { incident, input, state: "pending", attempts: 0 }]);
    },
    flush(send) {
      const run = chain.then(() => flushOnce(send));
      chain = run.catch(() => undefined);
      return run;
    },
    dismiss(id) {
      update(id, (x) => (x.state === "refused" ? null : x));
    },
  };
}

/** A random UUID v4; crypto.randomUUID exists only on https or localhost, a phone on a LAN address may lack it. */
export function newEventId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
