/**
 * The idempotency fingerprint of a reported event: sha-256 of its canonical JSON (keys sorted at every level,
 * undefined fields dropped), so a retry that serialises the same fields in another order is still "the same".
 */
import { createHash } from "node:crypto";

/**
 * @example
 * hashContent({ b: 1, a: [1, { d: 2, c: 3 }] }) === hashContent({ a: [1, { c: 3, d: 2 }], b: 1 }) // true
 */
export function hashContent(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex");
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}
