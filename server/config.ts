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
   * optional extension (LIANXIN_REPLAY_FROM, ISO with offset): the server's clock starts at this instant (ms) and
   * runs at 1×, to watch a past incident such as Zhengzhou 2021 as it unfolded; null = the real time
   */
  replayFrom?: number | null;
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
  const replayText = nonEmpty(env.LIANXIN_REPLAY_FROM);
  const replayFrom = replayText === null ? null : Date.parse(replayText);
  if (replayText !== null && (!/T.*(Z|[+-]\d{2}:?\d{2})$/i.test(replayText) || Number.isNaN(replayFrom))) {
    details.push({ path: "LIANXIN_REPLAY_FROM", message: "must be an ISO 8601 time with an offset, e.g. 2021-07-22T14:00:00+08:00" });
  }
  if (details.length > 0) throw new LianxinError(ErrorCode.invalidInput, "invalid configuration", details);
  return {
    port,
    databaseUrl,
    dataDir: path.resolve(nonEmpty(env.LIANXIN_DATA_DIR) ?? "data"),
    redisUrl,
    tileUrl: nonEmpty(env.LIANXIN_TILE_URL),
    seedDemo: env.LIANXIN_SEED_DEMO !== "0",
    replayFrom,
  };
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value.trim() === "" ? null : value.trim();
}
