/**
 * Configuration, read once from the environment at start and passed down as a typed object.
 */
import path from "node:path";
import { LianxinError, ErrorCode } from "../shared/errors.ts";

export interface Config {
  port: number;
  /** postgresql://… for a real PostgreSQL; null = embedded PGlite under dataDir */
  databaseUrl: string | null;
  /** directory for the embedded database and other local state */
  dataDir: string;
  /** redis://… enables Bull jobs and the socket.io Redis adapter; null = in-process */
  redisUrl: string | null;
  /** optional map tile URL template for users online, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png */
  tileUrl: string | null;
  /** load the Zhengzhou 2021 scenario as an incident when the store is empty */
  seedDemo: boolean;
  /**
   * LIANXIN_REPLAY_FROM: the server's clock.
   * - an ISO time with offset: the clock starts at that instant (ms here) and runs at 1×, to watch a past incident
   *   as it unfolded;
   * - "off": the real time, and the first run's Zhengzhou 2021 demo is a plain incident;
   * - unset ("auto"): continue a server-wide anchor an earlier version left in the data directory, else the real
   *   time; the first run loads the demo as a replay incident (#6) whose own clock starts at 22 Jul 2021 14:00
   *   (+08:00), so the demo board is live.
   */
  replay: number | "off" | "auto";
  /** background jobs (server/jobs): who runs them and how they are retried */
  jobs: JobsConfig;
  /** logs, readiness, metrics, rate limits and the SIGTERM drain (server/ops) */
  ops: OpsConfig;
  /** #18 resident alerts (server/resident-alerts) */
  alerts: AlertsConfig;
}

export interface AlertsConfig {
  /** LIANXIN_ALERT_SENDER: the CAP <sender> of every resident alert; default "lianxin@localhost" */
  sender: string;
  /** LIANXIN_ALERT_WEBHOOK_URL: an SMS gateway each new alert is POSTed to; default none */
  webhookUrl: string | null;
  /** LIANXIN_ALERT_WEBHOOK_SECRET: sent as header LIANXIN_ALERT_WEBHOOK_HEADER (default X-Lianxin-Secret); default none */
  webhookSecret: string | null;
  webhookHeader: string;
}

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface OpsConfig {
  /** LIANXIN_LOG_LEVEL: pino level of the JSON logs on stdout; default "info" */
  logLevel: LogLevel;
  /** LIANXIN_METRICS_TOKEN: a bearer secret (≥ 16 characters) that may read /metrics besides commander tokens; default none */
  metricsToken: string | null;
  /** LIANXIN_READY_TIMEOUT_MS: how long /api/ready waits for each dependency; default 2000 */
  readyTimeoutMs: number;
  /** LIANXIN_DRAIN_MS: on SIGTERM, how long requests in flight may take to finish before their connections are cut; default 10000 */
  drainMs: number;
  rateLimit: RateLimitConfig;
}

/**
 * Writes (POST/PUT/PATCH/DELETE under /api) per token in a fixed window; 0 = no limit. The defaults never limit a
 * crew reporting normally (a truck's report every few minutes) nor the storm bench (200 crews at 1,000 reports/s
 * overall is 5 a second, 300 a minute, per crew token; 10,000 in 10 s if one commander token sends them all).
 */
export interface RateLimitConfig {
  /** LIANXIN_RATE_WINDOW_MS: default 60000 */
  windowMs: number;
  /** LIANXIN_RATE_WRITES: writes per window of a crew (or viewer) token; default 600 */
  writes: number;
  /** LIANXIN_RATE_COMMANDER_WRITES: writes per window of a commander token; default 60000 */
  commanderWrites: number;
  /** LIANXIN_RATE_PREFIX: Redis key prefix of the shared counters (with REDIS_URL); default "lianxin:rl:" */
  prefix: string;
}

export interface JobsConfig {
  /** LIANXIN_SERVER_JOBS: this server also runs jobs (default); "off" = only `npm run worker` processes do (needs REDIS_URL) */
  process: boolean;
  /** LIANXIN_JOB_PREFIX: Redis key prefix of the Bull queue; default "bull" (servers and workers must agree) */
  prefix: string;
  /** LIANXIN_JOB_ATTEMPTS: attempts before a job fails for good; default 3 */
  attempts: number;
  /** LIANXIN_JOB_BACKOFF_MS: first retry delay, doubling after; default 2000 */
  backoffMs: number;
  /** LIANXIN_JOB_CONCURRENCY: light jobs (replay steps, exports) one process runs at once; default 2. Plans and counterfactuals: one at a time */
  concurrency: number;
  /** LIANXIN_JOB_LOCK_MS: Bull lock of a running job, renewed at half; a dead worker's job is retried after it; default 30000 */
  lockMs: number;
  /** LIANXIN_JOB_STALLED_MS: how often processors look for jobs of dead workers; default 30000 */
  stalledIntervalMs: number;
}

/**
 * @example
 * const config = loadConfig(process.env); // once, in main.ts
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const details: { path: string; message: string }[] = [];
  const port = env.PORT === undefined || env.PORT === "" ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) details.push({ path: "PORT", message: "must be an integer port 0-65535" });
  const databaseUrl = nonEmpty(env.DATABASE_URL);
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) details.push({ path: "DATABASE_URL", message: "must start with postgresql://" });
  const redisUrl = nonEmpty(env.REDIS_URL);
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) details.push({ path: "REDIS_URL", message: "must start with redis://" });
  const replay = parseReplay(nonEmpty(env.LIANXIN_REPLAY_FROM));
  if (replay === null) {
    details.push({ path: "LIANXIN_REPLAY_FROM", message: 'must be "off" or an ISO 8601 time with an offset, e.g. 2021-07-22T14:00:00+08:00' });
  }
  const jobs = parseJobsConfig(env, details);
  const ops = parseOpsConfig(env, details);
  const alerts = parseAlertsConfig(env, details);
  if (jobs.process === false && redisUrl === null) {
    details.push({ path: "LIANXIN_SERVER_JOBS", message: "off needs REDIS_URL: `npm run worker` processes then run the jobs" });
  }
  if (details.length > 0) throw new LianxinError(ErrorCode.invalidInput, "invalid configuration", details);
  return {
    port,
    databaseUrl,
    dataDir: path.resolve(nonEmpty(env.LIANXIN_DATA_DIR) ?? "data"),
    redisUrl,
    tileUrl: nonEmpty(env.LIANXIN_TILE_URL),
    seedDemo: env.LIANXIN_SEED_DEMO !== "0",
    replay: replay ?? "auto",
    jobs,
    ops,
    alerts,
  };
}

function parseAlertsConfig(env: Record<string, string | undefined>, details: { path: string; message: string }[]): AlertsConfig {
  const webhookUrl = nonEmpty(env.LIANXIN_ALERT_WEBHOOK_URL);
  if (webhookUrl !== null && !/^https?:\/\/\S+$/.test(webhookUrl)) details.push({ path: "LIANXIN_ALERT_WEBHOOK_URL", message: "must be an http:// or https:// URL" });
  const webhookHeader = nonEmpty(env.LIANXIN_ALERT_WEBHOOK_HEADER) ?? "X-Lianxin-Secret";
  if (!/^[A-Za-z0-9-]+$/.test(webhookHeader)) details.push({ path: "LIANXIN_ALERT_WEBHOOK_HEADER", message: "must be a header name (letters, digits, -)" });
  return { sender: nonEmpty(env.LIANXIN_ALERT_SENDER) ?? "lianxin@localhost", webhookUrl, webhookSecret: nonEmpty(env.LIANXIN_ALERT_WEBHOOK_SECRET), webhookHeader };
}

function parseOpsConfig(env: Record<string, string | undefined>, details: { path: string; message: string }[]): OpsConfig {
  const logLevel = (nonEmpty(env.LIANXIN_LOG_LEVEL) ?? "info").toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) details.push({ path: "LIANXIN_LOG_LEVEL", message: `must be one of ${LOG_LEVELS.join(", ")}` });
  const metricsToken = nonEmpty(env.LIANXIN_METRICS_TOKEN);
  if (metricsToken !== null && !/^\S{16,}$/.test(metricsToken)) details.push({ path: "LIANXIN_METRICS_TOKEN", message: "must be at least 16 characters with no spaces" });
  const integer = integerReader(env, details);
  return {
    logLevel: logLevel as LogLevel,
    metricsToken,
    readyTimeoutMs: integer("LIANXIN_READY_TIMEOUT_MS", 2000, 1),
    drainMs: integer("LIANXIN_DRAIN_MS", 10_000, 0),
    rateLimit: {
      windowMs: integer("LIANXIN_RATE_WINDOW_MS", 60_000, 1000),
      writes: integer("LIANXIN_RATE_WRITES", 600, 0),
      commanderWrites: integer("LIANXIN_RATE_COMMANDER_WRITES", 60_000, 0),
      prefix: nonEmpty(env.LIANXIN_RATE_PREFIX) ?? "lianxin:rl:",
    },
  };
}

function integerReader(env: Record<string, string | undefined>, details: { path: string; message: string }[]) {
  return (name: string, fallback: number, min: number): number => {
    const text = nonEmpty(env[name]);
    const n = text === null ? fallback : Number(text);
    if (!Number.isInteger(n) || n < min) details.push({ path: name, message: `must be an integer ≥ ${min}` });
    return n;
  };
}

function parseJobsConfig(env: Record<string, string | undefined>, details: { path: string; message: string }[]): JobsConfig {
  const serverJobs = (nonEmpty(env.LIANXIN_SERVER_JOBS) ?? "on").toLowerCase();
  if (serverJobs !== "on" && serverJobs !== "off") details.push({ path: "LIANXIN_SERVER_JOBS", message: 'must be "on" or "off"' });
  const integer = (name: string, fallback: number, min: number) => {
    const text = nonEmpty(env[name]);
    const n = text === null ? fallback : Number(text);
    if (!Number.isInteger(n) || n < min) details.push({ path: name, message: `must be an integer ≥ ${min}` });
    return n;
  };
  return {
    process: serverJobs !== "off",
    prefix: nonEmpty(env.LIANXIN_JOB_PREFIX) ?? "bull",
    attempts: integer("LIANXIN_JOB_ATTEMPTS", 3, 1),
    backoffMs: integer("LIANXIN_JOB_BACKOFF_MS", 2000, 0),
    concurrency: integer("LIANXIN_JOB_CONCURRENCY", 2, 1),
    lockMs: integer("LIANXIN_JOB_LOCK_MS", 30_000, 100),
    stalledIntervalMs: integer("LIANXIN_JOB_STALLED_MS", 30_000, 100),
  };
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value.trim() === "" ? null : value.trim();
}

function parseReplay(text: string | null): Config["replay"] | null {
  if (text === null) return "auto";
  if (text.toLowerCase() === "off") return "off";
  const ms = Date.parse(text);
  return /T.*(Z|[+-]\d{2}:?\d{2})$/i.test(text) && !Number.isNaN(ms) ? ms : null;
}
