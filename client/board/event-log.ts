/**
 * The board's copy of an incident's event log. Live events may arrive twice (one already counted in the join state,
 * a reconnect) or with a gap (a message lost while disconnected): the log dedupes by `seq` and says from which
 * `seq` to re-fetch, so the board converges on the server's log.
 *
 * @example
 * const log = createEventLog(await api.events(id));
 * if (log.add(event).gap) log.addAll(await api.events(id, log.contiguousSeq()));
 */
import type { StoredEvent } from "../../shared/events.ts";

export interface EventLog {
  /** adds one event; `added` false for a duplicate; `gap` true when earlier events are missing */
  add(event: StoredEvent): { added: boolean; gap: boolean };
  addAll(events: readonly StoredEvent[]): number;
  /** every event, in seq order (a fresh array when something changed since the last call) */
  events(): StoredEvent[];
  /** highest seq such that every seq up to it is present (0 for none) */
  contiguousSeq(): number;
  /**
   * #16: replaces the log with the server's whole log (after a replay's rewind undid some events): the seqs it
   * lacks up to its last are gone, not missing
   */
  reset(events: readonly StoredEvent[]): void;
}

export function createEventLog(initial: readonly StoredEvent[] = []): EventLog {
  const bySeq = new Map<number, StoredEvent>();
  let contiguous = 0;
  let cache: StoredEvent[] | null = null;

  function add(event: StoredEvent): { added: boolean; gap: boolean } {
    if (bySeq.has(event.seq)) return { added: false, gap: false };
    bySeq.set(event.seq, event);
    cache = null;
    while (bySeq.has(contiguous + 1)) contiguous++;
    return { added: true, gap: event.seq > contiguous };
  }

  const log: EventLog = {
    add,
    addAll(events) {
      let n = 0;
      for (const e of events) if (add(e).added) n++;
      return n;
    },
    events() {
      cache ??= [...bySeq.values()].sort((a, b) => a.seq - b.seq);
      return cache;
    },
    contiguousSeq: () => contiguous,
    reset(events) {
      bySeq.clear();
      cache = null;
      contiguous = 0;
      for (const e of events) add(e);
      contiguous = Math.max(contiguous, events.length === 0 ? 0 : events[events.length - 1].seq);
    },
  };
  log.addAll(initial);
  return log;
}
