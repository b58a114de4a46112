/**
 * Restoration events: what crews and commanders report (issue #4 contract).
 * The log is append-only; the server assigns `seq` per incident.
 */
import type { MultiPolygon, Polygon } from "geojson";
import type { Compound, IsoTime } from "./compound.ts";

export const EventType = {
  truckDispatched: "truck.dispatched",
  truckArrived: "truck.arrived",
  cableLaid: "cable.laid",
  switchedOn: "switched.on",
  truckReleased: "truck.released",
  truckBroken: "truck.broken",
  gridRestored: "grid.restored",
  substationRestored: "substation.restored",
  roadClosed: "road.closed",
  roadOpened: "road.opened",
  compoundReported: "compound.reported",
} as const;
export type EventType = (typeof EventType)[keyof typeof EventType];
export const EVENT_TYPES: readonly EventType[] = Object.values(EventType);

/** What a client sends to POST /api/incidents/:id/events. */
export interface EventInput {
  /** client-generated UUID: the idempotency key */
  id: string;
  type: EventType;
  /** when it happened in the field (ISO with offset) */
  at: IsoTime;
  truck?: string;
  compound?: string;
  substation?: string;
  note?: string;
  /** road.closed / road.opened: the closed (or reopened) area */
  zone?: Polygon | MultiPolygon;
  /** compound.reported: the newly reported dark compound (its id is also in `compound`) */
  details?: Compound;
}

/** An event as stored and echoed back. */
export interface StoredEvent extends EventInput {
  incident: string;
  /** server-assigned, 1, 2, 3 ... per incident */
  seq: number;
  /** when the server stored it (ISO, UTC) */
  receivedAt: IsoTime;
  /** name of the token that reported it */
  by: string;
}
