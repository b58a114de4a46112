/**
 * Servers and workers as child processes sharing one Redis and one PostgreSQL schema, the way a deployment runs
 * them (`node --import tsx server/main.ts` / `server/worker.ts`: one process each, so a SIGKILL hits the server or
 * worker itself). Each cluster has its own Bull key prefix, so runs on the same Redis cannot take each other's jobs.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { io as connect, type Socket } from "socket.io-client";
import type { IncidentState } from "../../../shared/state.ts";
import type { ClientToServerEvents, Reply, ServerToClientEvents } from "../../../shared/wire.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");

export interface LianxinProcess {
  child: ChildProcess;
  output(): string;
  /** resolves once the output matches (checked on every chunk), rejects after timeoutMs */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** sends the signal and resolves once the process is gone */
  kill(signal: NodeJS.Signals): Promise<void>;
}

export interface ClusterServer extends LianxinProcess {
  base: string;
}

export type BoardSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface Cluster {
  /** LIANXIN_JOB_PREFIX of this cluster */
  prefix: string;
  /** a server; LIANXIN_SERVER_JOBS=off unless env says otherwise */
  server(env?: Record<string, string>): Promise<ClusterServer>;
  /** an `npm run worker` process, resolved once it takes jobs */
  worker(env?: Record<string, string>): Promise<LianxinProcess>;
  /** a board socket joined to an incident on a server */
  board(server: ClusterServer, token: string, incident: string): Promise<BoardSocket>;
  /** SIGKILLs whatever is still running, disconnects boards, removes the data directory */
  close(): Promise<void>;
}

export interface ClusterOptions {
  databaseUrl: string;
  redisUrl: string;
  /** extra environment for every process (e.g. short Bull locks) */
  env?: Record<string, string>;
}

/**
 * @example
 * const cluster = await startCluster({ databaseUrl: fixture.url, redisUrl });
 * const a = await cluster.server(); const worker = await cluster.worker();
 */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const prefix = `lianxin-test-${randomUUID()}`;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "lianxin-cluster-"));
  const processes: LianxinProcess[] = [];
  const sockets: BoardSocket[] = [];
  const baseEnv = {
    ...process.env,
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    LIANXIN_JOB_PREFIX: prefix,
    LIANXIN_DATA_DIR: dataDir,
    LIANXIN_SEED_DEMO: "0",
    LIANXIN_REPLAY_FROM: "off",
    ...options.env,
  };

  function start(script: string, env: Record<string, string>): LianxinProcess {
    const child = spawn(process.execPath, ["--import", "tsx", script], { cwd: ROOT, env: { ...baseEnv, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    const listeners = new Set<() => void>();
    const onData = (d: Buffer) => {
      out += d.toString();
      for (const listener of [...listeners]) listener();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const proc: LianxinProcess = {
      child,
      output: () => out,
      waitFor(pattern, timeoutMs = 60_000) {
        return new Promise((resolve, reject) => {
          const done = (fn: () => void) => {
            clearTimeout(timer);
            listeners.delete(check);
            child.off("exit", early);
            fn();
          };
          const check = () => {
            const match = pattern.exec(out);
            if (match) done(() => resolve(match));
          };
          const early = () => done(() => reject(new Error(`${script} exited before printing ${pattern}:\n${out}`)));
          const timer = setTimeout(() => done(() => reject(new Error(`${script} did not print ${pattern} in ${timeoutMs} ms:\n${out}`))), timeoutMs);
          listeners.add(check);
          child.once("exit", early);
          check();
        });
      },
      async kill(signal) {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        await exited;
      },
    };
    processes.push(proc);
    return proc;
  }

  return {
    prefix,
    async server(env = {}) {
      const proc = start("server/main.ts", { PORT: "0", LIANXIN_SERVER_JOBS: "off", ...env });
      const [, port] = await proc.waitFor(/Lianxin listening on http:\/\/localhost:(\d+)/);
      return { ...proc, base: `http://127.0.0.1:${port}` };
    },
    async worker(env = {}) {
      const proc = start("server/worker.ts", env);
      await proc.waitFor(/Lianxin worker ready/);
      return proc;
    },
    async board(server, token, incident) {
      const socket: BoardSocket = connect(server.base, { auth: { token }, transports: ["websocket"], reconnection: false });
      sockets.push(socket);
      const reply = await new Promise<Reply<IncidentState>>((resolve) => socket.emit("join", { incident }, resolve));
      if (!reply.ok) throw new Error(`join refused: ${reply.message}`);
      return socket;
    },
    async close() {
      for (const socket of sockets) socket.disconnect();
      await Promise.all(processes.map((p) => p.kill("SIGKILL")));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
