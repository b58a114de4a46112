/**
 * The real server as a child process (`node --import tsx server/main.ts`: one process, so a SIGKILL hits the
 * server itself and not a launcher in front of it), with its listening port read from its log on stdout and its
 * first-run token from `<dataDir>/commander-token` (the log names the board without the token).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../../..");

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  base: string;
  /** the local commander token, when the server printed its "Board:" line (read from the data directory) */
  token: string | null;
  output(): string;
  /** sends the signal and resolves once the process is gone */
  kill(signal: NodeJS.Signals): Promise<void>;
}

export interface SpawnOptions {
  dataDir: string;
  /** null = the embedded store */
  databaseUrl: string | null;
  /** wait for the "Board:" line too (first run, or a token saved in the data dir) */
  expectBoardUrl?: boolean;
  timeoutMs?: number;
  /** more environment for the server (LIANXIN_LOG_LEVEL, LIANXIN_RATE_WRITES, …) */
  env?: Record<string, string>;
  /** node flags before the script, e.g. ["--cpu-prof", "--cpu-prof-dir=/tmp/prof"] (the HTTP bench's --cpu-prof) */
  nodeArgs?: string[];
}

/**
 * @example
 * const s = await spawnServer({ dataDir, databaseUrl: null, expectBoardUrl: true });
 * await fetch(`${s.base}/api/incidents`, { headers: { authorization: `Bearer ${s.token}` } });
 */
export function spawnServer(options: SpawnOptions): Promise<ServerProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: "0",
    LIANXIN_DATA_DIR: options.dataDir,
    LIANXIN_SEED_DEMO: "0",
    // the in-process job runner: the test is about the store, not the queue
    REDIS_URL: "",
    DATABASE_URL: options.databaseUrl ?? "",
    ...options.env,
  };
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), "--import", "tsx", "server/main.ts"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`server did not start in time:\n${out}`)), options.timeoutMs ?? 60_000);
    const fail = (e: Error) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(e);
    };
    const early = (code: number | null) => fail(new Error(`server exited (${code}) before listening:\n${out}`));
    child.once("exit", early);
    const check = () => {
      const port = /Lianxin listening on http:\/\/localhost:(\d+)/.exec(out);
      const board = /Board: http/.test(out);
      if (!port || (options.expectBoardUrl && !board)) return;
      clearTimeout(timer);
      child.off("exit", early);
      child.stdout!.off("data", check);
      resolve({
        child,
        port: Number(port[1]),
        base: `http://127.0.0.1:${port[1]}`,
        token: board ? readFileSync(path.join(options.dataDir, "commander-token"), "utf8").trim() : null,
        output: () => out,
        async kill(signal) {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
      });
    };
    child.stdout!.on("data", check);
  });
}
