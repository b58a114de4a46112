/**
 * The notifier of a process that serves no boards (`npm run worker`): a socket.io server with no HTTP, on the
 * servers' Redis adapter, forwarding what its jobs store to every server with serverSideEmit, exactly as a
 * server forwards to its peers (attach-realtime.ts); each server then delivers to its own board rooms.
 */
import { Server } from "socket.io";
import type { Notifier } from "./notifier.ts";
import { applyRedisAdapter } from "../realtime/redis-adapter.ts";

export interface RemoteNotifier extends Notifier {
  close(): Promise<void>;
}

/**
 * @example
 * const notifier = await createRemoteNotifier(config.redisUrl);
 * notifier.planStored(stored); // boards on every server receive `plan`
 */
export async function createRemoteNotifier(redisUrl: string, options: { key?: string } = {}): Promise<RemoteNotifier> {
  const io = new Server({ serveClient: false });
  const closeAdapter = await applyRedisAdapter(io, redisUrl, { key: options.key });
  // the adapter drops serverSideEmit arguments it cannot serialise: plain data only, as the servers send
  const emit = (event: string, data: unknown) => io.serverSideEmit(event, data);
  return {
    eventStored: (event) => emit("lianxin:event", event),
    planStored: (plan) => emit("lianxin:plan", plan),
    clockChanged: (clock) => emit("lianxin:clock", clock),
    jobUpdated: (job) => emit("lianxin:job", job),
    async close() {
      await io.of("/").adapter.close();
      io.engine?.close();
      await closeAdapter();
    },
  };
}
