/**
 * socket.io across several server processes: with REDIS_URL set, every server shares broadcasts through Redis
 * pub/sub, so a report stored by server B reaches a board connected to server A. Without it, socket.io's default
 * in-memory adapter serves the single process.
 */
import { createAdapter } from "@socket.io/redis-adapter";
import { Redis } from "ioredis";
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
    await Promise.all([connectOrFail(pubClient), connectOrFail(subClient)]);
  } catch (error) {
    for (const client of [pubClient, subClient]) client.disconnect();
    throw error;
  }
  io.adapter(createAdapter(pubClient, subClient, { key: options.key ?? "socket.io" }));
  return async () => {
    // QUIT waits in line behind pending commands (the adapters' unsubscribes), so they finish first
    await Promise.allSettled([pubClient.quit(), subClient.quit()]);
  };
}

/** the first connection gives up after three quick retries (see createRedisClient) */
const firstConnectRetries = 3;

/**
 * A start against an unreachable Redis fails within a second (ioredis would otherwise retry the first connection
 * forever and the server would hang silently); once connected, a lost connection is retried without end.
 */
function createRedisClient(url: string, onError: (error: Error) => void): Redis {
  let connected = false;
  const client = new Redis(url, {
    lazyConnect: true,
    // the adapter never awaits its publishes: a command rejected during an outage would be an unhandled rejection,
    // so commands wait for the reconnection instead (as they did with node-redis)
    maxRetriesPerRequest: null,
    retryStrategy: (times) => (connected ? Math.min(200 * times, 5000) : times <= firstConnectRetries ? 100 : null),
  });
  client.on("ready", () => {
    connected = true;
  });
  // ioredis emits "error" on every failed attempt; without a listener that would crash the server
  client.on("error", onError);
  return client;
}

/**
 * Resolves once `client` is ready; rejects with the last connection error (ECONNREFUSED and the like) once its
 * retry strategy gives up. ioredis's own connect() would reject with a bare "Connection is closed." instead.
 */
function connectOrFail(client: Redis): Promise<void> {
  return new Promise((resolve, reject) => {
    let lastError: Error = new Error("Redis connection closed before it was ready");
    const remember = (error: Error) => {
      lastError = error;
    };
    const settle = () => {
      client.off("error", remember);
      client.off("ready", ready);
      client.off("end", end);
    };
    const ready = () => {
      settle();
      resolve();
    };
    const end = () => {
      settle();
      reject(lastError);
    };
    client.on("error", remember);
    client.once("ready", ready);
    client.once("end", end);
    // the promise connect() returns rejects after the first failed attempt, while the retries still run
    client.connect().catch(() => {});
  });
}
