/**
 * Deterministic event ids for a replay: entry `index` of a scenario's timeline, delivered to incident `incidentId`,
 * always gets the same UUID. A replay that restarts, or two servers delivering the same entry, send the same id, and
 * the event log's idempotency (one event per client id) stores it once.
 */

/**
 * 128 bits from a string: cyrb128 (bryc, public domain), four interleaved 32-bit multiply-xor lanes.
 * Why not node:crypto: shared/ is also bundled into the browser client and must stay synchronous and free of Node
 * built-ins (the browser's crypto.subtle digest is async). The ids only need to be stable and distinct for distinct
 * (incident, index) pairs, not secret or collision-proof against an adversary; 128 well-mixed bits are plenty.
 *
 * @example
 * hash128("a"); // four unsigned 32-bit integers, the same on every run and platform
 */
export function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/**
 * The event id of timeline entry `index` (its position in `scenario.events`, not in delivery order) replayed into
 * incident `incidentId`: a UUID (version 8, "custom", RFC 9562) whose other 122 bits come from hash128.
 *
 * @example
 * timelineEventId("inc-1", 0); // "xxxxxxxx-xxxx-8xxx-[89ab]xxx-xxxxxxxxxxxx", the same on every call
 */
export function timelineEventId(incidentId: string, index: number): string {
  return uuidOf(`lianxin-timeline\u0000${incidentId}\u0000${index}`);
}

/**
 * The id of a timeline entry delivered again after `generation` rewinds of its replay (#16): the first delivery
 * keeps its id (generation 0), each later one gets its own, so the log's idempotency does not take it for the
 * entry a rewind undid.
 *
 * @example
 * timelineGenerationId(id, 0) === id; // true
 */
export function timelineGenerationId(id: string, generation: number): string {
  return generation === 0 ? id : uuidOf(`lianxin-timeline-again\u0000${id}\u0000${generation}`);
}

function uuidOf(text: string): string {
  const words = hash128(text);
  const hex = words.map((w) => w.toString(16).padStart(8, "0")).join("");
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
