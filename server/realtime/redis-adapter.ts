/**
 * socket.io across several server processes: with REDIS_URL set, every server shares broadcasts through Redis
 * pub/sub, so a report stored by server B reaches a board connected to server A. Without it, socket.io's default
 * in-memory adapter serves the single process.
 */
import { createAdapter } from "@socket.io/redis-adapter";
import { createClient } from "redis";
import type { Server } from "socket.io";

export interface RedisAdapterOptions {
  /** channel prefix; servers that should share broadcasts use the same one; default "socket.io" */
  key?: string;
  /** connection errors after start (the clients reconnect by themselves); default console.error */
  onError?: (error: Error) => void;
}

/**
 * Switches `io` to the Redis adapter and returns a closer for its two Redis connections; rejects when Redis cannot
 * be reached (within about a second). Call the closer after
 * `io.close()`: closing the server unsubscribes its adapters, which needs the connections still open.
 *
 * @example
 * const closeAdapter = await applyRedisAdapter(io, config.redisUrl);
 * // on shutdown
 * await new Promise((resolve) => io.close(resolve));
 * await closeAdapter();
 */
export async function applyRedisAdapter(io: Server, redisUrl: string, options: RedisAdapterOptions = {}): Promise<() => Promise<void>> {
  const onError = options.onError ?? ((error: Error) => console.error(`[realtime] redis adapter: ${error.message}`));
  // Two connections: a subscribed connection can send nothing else, and the adapter also publishes.
  const pubClient = createRedisClient(redisUrl, onError);
  const subClient = createRedisClient(redisUrl, onError);
  try {
    await Promise.all([pubClient.connect(), subClient.connect()]);
  } catch (error) {
    for (const client of [pubClient, subClient]) if (client.isOpen) client.destroy();
    throw error;
  }
  io.adapter(createAdapter(pubClient, subClient, { key: options.key ?? "socket.io" }));
  return async () => {
    // close() lets pending commands (the adapters' unsubscribes) finish first
    await Promise.allSettled([pubClient.close(), subClient.close()]);
  };
}

/**
 * A start against an unreachable Redis fails within a second (node-redis would otherwise retry the first connection
 * forever and the server would hang silently); once connected, a lost connection is retried without end.
 */
function createRedisClient(url: string, onError: (error: Error) => void) {
  let connected = false;
  const client = createClient({
    url,
    socket: { reconnectStrategy: (retries, cause) => (connected ? Math.min(200 * (retries + 1), 5000) : retries < 3 ? 100 : cause) },
  });
  client.on("ready", () => {
    connected = true;
  });
  // node-redis emits "error" on every failed attempt; without a listener that would crash the server
  client.on("error", onError);
  return client;
}
