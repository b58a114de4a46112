import { expect } from "chai";
import { loadConfig } from "./config.ts";
import { fakeClock } from "./clock/clock.ts";
import { shiftableClock } from "./clock/shiftable-clock.ts";
import { LianxinError } from "../shared/errors.ts";

describe("loadConfig", () => {
  it("defaults to port 3000, the embedded store, in-process jobs and the automatic replay", () => {
    const config = loadConfig({});
    expect(config.port).to.equal(3000);
    expect(config.databaseUrl).to.equal(null);
    expect(config.redisUrl).to.equal(null);
    expect(config.replay).to.equal("auto");
  });

  it("reads LIANXIN_REPLAY_FROM as off or as an instant with an offset", () => {
    expect(loadConfig({ LIANXIN_REPLAY_FROM: "off" }).replay).to.equal("off");
    // 14:00 at +08:00 is 06:00 UTC
    expect(loadConfig({ LIANXIN_REPLAY_FROM: "2021-07-22T14:00:00+08:00" }).replay).to.equal(Date.UTC(2021, 6, 22, 6));
  });

  it("names every bad variable in one error", () => {
    try {
      loadConfig({ PORT: "http", DATABASE_URL: "mysql://x", REDIS_URL: "localhost", LIANXIN_REPLAY_FROM: "2021-07-22 14:00" });
      expect.fail("should throw");
    } catch (error) {
      expect(error).to.be.instanceOf(LianxinError);
      expect((error as LianxinError).details.map((d) => d.path)).to.deep.equal(["PORT", "DATABASE_URL", "REDIS_URL", "LIANXIN_REPLAY_FROM"]);
    }
  });
});

describe("loadConfig: background jobs", () => {
  it("runs jobs in every server by default, with 3 attempts and a 2 s first backoff", () => {
    const { jobs } = loadConfig({});
    expect(jobs).to.include({ process: true, prefix: "bull", attempts: 3, backoffMs: 2000, concurrency: 2 });
  });

  it("lets servers leave jobs to workers only when Redis is there to hand them over", () => {
    expect(loadConfig({ REDIS_URL: "redis://127.0.0.1:6379", LIANXIN_SERVER_JOBS: "off" }).jobs.process).to.equal(false);
    try {
      loadConfig({ LIANXIN_SERVER_JOBS: "off", LIANXIN_JOB_ATTEMPTS: "0" });
      expect.fail("should throw");
    } catch (error) {
      expect((error as LianxinError).details.map((d) => d.path)).to.deep.equal(["LIANXIN_JOB_ATTEMPTS", "LIANXIN_SERVER_JOBS"]);
    }
  });
});

describe("shiftableClock", () => {
  it("reads the anchor's instant at its wall time and runs at 1× from there", () => {
    const wall = fakeClock(1_000_000);
    const clock = shiftableClock(wall);
    clock.anchor({ from: 500, wallAt: 1_000_000 });
    wall.advance(60_000);
    // 500 + 60 000 ms elapsed
    expect(clock.now()).to.equal(60_500);
    clock.anchor(null);
    expect(clock.now()).to.equal(1_060_000);
  });
});

describe("loadConfig: operations", () => {
  it("logs at info, keeps no metrics token, waits 2 s per readiness check and drains for 10 s by default", () => {
    const { ops } = loadConfig({});
    expect(ops).to.include({ logLevel: "info", metricsToken: null, readyTimeoutMs: 2000, drainMs: 10_000 });
    // 600 a minute per crew token is twice what a crew posts in the storm bench (5 a second); commanders 60,000
    expect(ops.rateLimit).to.deep.equal({ windowMs: 60_000, writes: 600, commanderWrites: 60_000, prefix: "lianxin:rl:" });
  });

  it("reads the level, the metrics token and the limits, 0 meaning no limit", () => {
    const { ops } = loadConfig({ LIANXIN_LOG_LEVEL: "WARN", LIANXIN_METRICS_TOKEN: "m".repeat(16), LIANXIN_RATE_WRITES: "0", LIANXIN_RATE_COMMANDER_WRITES: "5", LIANXIN_DRAIN_MS: "0" });
    expect(ops).to.include({ logLevel: "warn", metricsToken: "m".repeat(16), drainMs: 0 });
    expect(ops.rateLimit).to.include({ writes: 0, commanderWrites: 5 });
  });

  it("names every bad operations variable", () => {
    try {
      loadConfig({ LIANXIN_LOG_LEVEL: "loud", LIANXIN_METRICS_TOKEN: "short", LIANXIN_READY_TIMEOUT_MS: "0", LIANXIN_RATE_WINDOW_MS: "10", LIANXIN_RATE_WRITES: "-1" });
      expect.fail("should throw");
    } catch (error) {
      expect((error as LianxinError).details.map((d) => d.path)).to.deep.equal(["LIANXIN_LOG_LEVEL", "LIANXIN_METRICS_TOKEN", "LIANXIN_READY_TIMEOUT_MS", "LIANXIN_RATE_WINDOW_MS", "LIANXIN_RATE_WRITES"]);
    }
  });
});
