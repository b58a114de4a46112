/**
 * Placeholder signature owned by the realtime work (issue #5): attaches socket.io to the HTTP server and returns
 * the Notifier the HTTP layer calls after storing. Replaced by the real implementation.
 */
import type { Server as HttpServer } from "node:http";
import type { Config } from "../config.ts";
import type { Notifier } from "../notifier.ts";
import type { Store, TokenRecord } from "../store/store.ts";
import type { IncidentState } from "../../shared/state.ts";

export interface RealtimeDeps {
  config: Config;
  store: Store;
  /** resolves a bearer secret to its token, null when unknown */
  authenticate(secret: string): Promise<TokenRecord | null>;
  /** current state of an incident (the join acknowledgement) */
  stateOf(incident: string): Promise<IncidentState>;
}

export interface Realtime {
  notifier: Notifier;
  close(): Promise<void>;
}

export async function attachRealtime(_server: HttpServer, _deps: RealtimeDeps): Promise<Realtime> {
  throw new Error("attachRealtime: not implemented yet");
}
