/**
 * The thin socket.io adapter around the board rooms (board-room.ts).
 *
 * Contract (issue #5): `io(url, { auth: { token } })`; a bad token is refused at the handshake (connect_error
 * "unauthorized"); the client emits `join` with `{ incident }` and is acknowledged with `Reply<IncidentState>`; the
 * server then emits `event` for every stored restoration event and `plan` for every stored (or approved) plan.
 *
 * With REDIS_URL set, several server processes share one Redis: what one process stores is forwarded to the others
 * with serverSideEmit (through H7's Redis adapter) and each process delivers it to its own room members.
 *
 * A revoked token (#13): its sockets are disconnected on this process at once and, through the same adapter, on the
 * others, which also forget it from their token cache; a `join` asks for the token again, so a server the broadcast
 * missed closes the socket at its next join (and its API refuses the token once its 5 s cache entry expires).
 */
import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import type { Config } from "../config.ts";
import type { Notifier } from "../notifiers/notifier.ts";
import type { Store, TokenRecord } from "../store/store.ts";
import type { StoredEvent } from "../../shared/events.ts";
import type { IncidentState } from "../../shared/state.ts";
import type { BoardAlert } from "../../shared/board-alerts.ts";
import type { ClientToServerEvents, EventAck, JobStatus, ReplayClock, ServerToClientEvents, StoredPlan } from "../../shared/wire.ts";
import { createBoardRooms, type BoardRooms, type Member } from "./board-room.ts";

export interface RealtimeDeps {
  config: Config;
  store: Store;
  /** resolves a bearer secret to its token, null when unknown */
  authenticate(secret: string): Promise<TokenRecord | null>;
  /** current state of an incident (the join acknowledgement) */
  stateOf(incident: string): Promise<IncidentState>;
  /** a token revoked on another server: this server's cached look-up forgets it (authenticate.ts `forget`) */
  forgetToken?(tokenId: string): void;
  /**
   * optional: installs a cross-process adapter on the io server and returns its closer; defaults to the Redis
   * adapter when config.redisUrl is set, nothing otherwise
   */
  applyAdapter?: (io: Server) => Promise<() => Promise<void>>;
}

export interface Realtime {
  notifier: Notifier;
  close(): Promise<void>;
  /** sockets connected to this process now (the metrics' board sockets) */
  sockets(): number;
  /** optional extension: the rooms, for health output and tests */
  rooms?: BoardRooms;
}

/** Messages between server processes (only with a cross-process adapter). */
interface InterServerEvents {
  "lianxin:event": (event: StoredEvent) => void;
  "lianxin:plan": (plan: StoredPlan) => void;
  "lianxin:clock": (clock: ReplayClock) => void;
  "lianxin:job": (job: JobStatus) => void;
  "lianxin:token-revoked": (tokenId: string) => void;
  "lianxin:alert": (incident: string, alert: BoardAlert) => void;
  "lianxin:ack": (ack: EventAck) => void;
}

interface SocketData {
  token: TokenRecord;
  secret: string;
}

type IoServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/**
 * @example
 * const realtime = await attachRealtime(httpServer, { config, store, authenticate, stateOf });
 * const app = createApp({ ..., notifier: realtime.notifier });
 */
export async function attachRealtime(server: HttpServer, deps: RealtimeDeps): Promise<Realtime> {
  const io: IoServer = new Server(server, { serveClient: false, pingInterval: 10_000, pingTimeout: 5_000 });
  const rooms = createBoardRooms({ stateOf: deps.stateOf });
  const applyAdapter = deps.applyAdapter ?? defaultAdapter(deps.config);
  const closeAdapter = applyAdapter ? await applyAdapter(io as unknown as Server) : null;

  io.use(async (socket, next) => {
    const secret: unknown = socket.handshake.auth?.token;
    const token = typeof secret === "string" && secret !== "" ? await deps.authenticate(secret).catch(() => null) : null;
    if (!token) return next(new Error("unauthorized"));
    socket.data.token = token;
    socket.data.secret = secret as string;
    next();
  });

  io.on("connection", (socket) => {
    const member: Member = { token: socket.data.token, send: (event, ...args) => socket.emit(event, ...args) };
    socket.on("join", (request, ack) => {
      // A client that forgot the ack callback gets nothing back, but must not crash the server.
      const reply = typeof ack === "function" ? ack : () => {};
      // asked again (through the short cache): a token revoked where no broadcast reached still loses its socket
      void deps.authenticate(socket.data.secret).catch(() => null).then((still) => {
        if (still) return rooms.join(member, request, reply);
        reply({ ok: false, code: "unauthorized", message: "this token was revoked" });
        socket.disconnect(true);
      });
    });
    socket.on("disconnect", () => rooms.leave(member));
  });

  if (closeAdapter) {
    io.on("lianxin:event", (event) => rooms.publishEvent(event));
    io.on("lianxin:plan", (plan) => rooms.publishPlan(plan));
    io.on("lianxin:clock", (clock) => rooms.publishClock(clock));
    io.on("lianxin:job", (job) => rooms.publishJob(job));
    io.on("lianxin:alert", (incident, alert) => rooms.publishAlert(incident, alert));
    io.on("lianxin:ack", (ack) => rooms.publishAck(ack));
    io.on("lianxin:token-revoked", (tokenId) => {
      deps.forgetToken?.(tokenId);
      disconnectToken(tokenId);
    });
  }

  /** this process's sockets signed in with the token */
  function disconnectToken(tokenId: string): void {
    for (const socket of io.of("/").sockets.values()) {
      if (socket.data.token?.id === tokenId) socket.disconnect(true);
    }
  }

  const notifier: Notifier = {
    eventStored(event) {
      rooms.publishEvent(event);
      if (closeAdapter) io.serverSideEmit("lianxin:event", event);
    },
    planStored(plan) {
      rooms.publishPlan(plan);
      if (closeAdapter) io.serverSideEmit("lianxin:plan", plan);
    },
    clockChanged(clock) {
      rooms.publishClock(clock);
      if (closeAdapter) io.serverSideEmit("lianxin:clock", clock);
    },
    jobUpdated(job) {
      rooms.publishJob(job);
      if (closeAdapter) io.serverSideEmit("lianxin:job", job);
    },
    alertRaised(incident, alert) {
      rooms.publishAlert(incident, alert);
      if (closeAdapter) io.serverSideEmit("lianxin:alert", incident, alert);
    },
    eventAcked(ack) {
      rooms.publishAck(ack);
      if (closeAdapter) io.serverSideEmit("lianxin:ack", ack);
    },
    tokenRevoked(tokenId) {
      disconnectToken(tokenId);
      if (closeAdapter) io.serverSideEmit("lianxin:token-revoked", tokenId);
    },
  };

  return {
    notifier,
    rooms,
    sockets: () => io.of("/").sockets.size,
    async close() {
      // Not io.close(): that would also close the HTTP server, which belongs to whoever created it. The same steps
      // otherwise: sockets, then the adapter (it unsubscribes through Redis, so before its connections close).
      io.local.disconnectSockets(true);
      await io.of("/").adapter.close();
      io.engine.close();
      if (closeAdapter) await closeAdapter();
    },
  };
}

function defaultAdapter(config: Config): RealtimeDeps["applyAdapter"] | undefined {
  const url = config.redisUrl;
  if (url === null) return undefined;
  return async (io) => {
    // Imported lazily so a server without Redis never loads the Redis client.
    const { applyRedisAdapter } = await import("./redis-adapter.ts");
    return applyRedisAdapter(io, url);
  };
}
