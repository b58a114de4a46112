/**
 * An exercise end to end in headless Chromium (#18), against the whole server started in-process: HQ starts an
 * exercise of a small town with a history, the trainee signs in on the board with the token the exercise gave,
 * re-plans and approves at the counterfactual's decision times (when T1, then T2, become available) while HQ moves
 * the clock, the board shows the compounds powered by the trainee's fleet, and the scorecard and after-action
 * report follow: within 1% of the planner without foresight, never below the bound; a trainee who does nothing
 * scores the no-truck outage.
 */
import { expect } from "chai";
import { readFile } from "node:fs/promises";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { Scenario, TimelineEvent } from "../../shared/scenario.ts";
import type { ExerciseScore } from "../../server/exercises/exercise-score.ts";
import type { StartedExercise } from "../../server/exercises/exercise-service.ts";
import { startBoardServer, type BoardServer } from "./board-server.ts";
import { launchBrowser } from "./launch-browser.ts";

/** a guard against hanging, not a claim about speed */
const HANG_MS = 60_000;

/** What happened in Tiny line town (20 Jul 2021, +08:00): T1 powers C2 at 21:15, T2 powers C1 at 23:10. */
const HISTORY: TimelineEvent[] = [
  { type: "truck.dispatched", at: "2021-07-20T20:00:00+08:00", truck: "T1", compound: "C2", source: "e2e" },
  { type: "truck.arrived", at: "2021-07-20T20:30:00+08:00", truck: "T1", compound: "C2", source: "e2e" },
  { type: "switched.on", at: "2021-07-20T21:15:00+08:00", truck: "T1", compound: "C2", source: "e2e" },
  { type: "truck.dispatched", at: "2021-07-20T22:00:00+08:00", truck: "T2", compound: "C1", source: "e2e" },
  { type: "truck.arrived", at: "2021-07-20T22:20:00+08:00", truck: "T2", compound: "C1", source: "e2e" },
  { type: "switched.on", at: "2021-07-20T23:10:00+08:00", truck: "T2", compound: "C1", source: "e2e" },
];

describe("an exercise in headless Chromium (#18)", function () {
  this.timeout(180_000);
  let s: BoardServer;
  let browser: Browser;
  let context: BrowserContext;
  let board: Page;
  let scenario: Scenario;

  before(async function () {
    [s, browser] = await Promise.all([startBoardServer(), launchBrowser()]);
    context = await browser.newContext({ viewport: { width: 1680, height: 1000 } });
    await context.addInitScript(() => localStorage.setItem("lianxin.lang", localStorage.getItem("lianxin.lang") ?? "en"));
    const tiny = JSON.parse(await readFile(new URL("../fixtures/tiny.json", import.meta.url), "utf8")) as Scenario;
    scenario = { ...tiny, id: "tiny-exercise", events: HISTORY };
  });

  after(async () => {
    await browser?.close();
    await s?.close();
  });

  const start = (name: string) => call<StartedExercise>(s, s.commanderToken, "POST", "/api/exercises",
    { scenario, from: "2021-07-20T20:00:00+08:00", paused: true, trainee: { name } }, 201);
  const seek = (id: string, at: string) => call(s, s.commanderToken, "POST", `/api/incidents/${id}/replay`, { at }, 200);

  it("a trainee who approves the planner's plans on the board scores within 1% of the planner without foresight, never below the bound", async () => {
    const ex = await start("Trainee Wang");
    const id = ex.exercise.id;
    board = await context.newPage();
    await board.goto(`${s.base}/incidents/${encodeURIComponent(id)}?token=${ex.trainee.secret}`);
    await board.waitForSelector(".replay-bar[data-replay-clock='2021-07-20T20:00:00+08:00']");
    for (const at of ["2021-07-20T20:00:00+08:00", "2021-07-20T22:00:00+08:00"]) {
      if (at !== "2021-07-20T20:00:00+08:00") {
        await seek(id, at);
        await board.waitForSelector(`.replay-bar[data-replay-clock='${at}']`, { timeout: HANG_MS });
      }
      await board.click("[data-action=replan]");
      await board.waitForSelector("[data-action=approve]", { timeout: HANG_MS });
      await board.click("[data-action=approve]");
      await board.waitForSelector(".plan-status.plan-approved", { timeout: HANG_MS });
    }
    // the trainee's plans move the fleet: at 23:30, before any grid return, C1 and C2 are powered by its trucks
    await seek(id, "2021-07-20T23:30:00+08:00");
    await board.waitForSelector(".replay-bar[data-replay-clock='2021-07-20T23:30:00+08:00']", { timeout: HANG_MS });
    await board.waitForSelector('[data-compound-id="C1"][data-status=generator]', { timeout: HANG_MS });
    await board.waitForSelector('[data-compound-id="C2"][data-status=generator]', { timeout: HANG_MS });
    await seek(id, "2021-07-21T12:00:00+08:00");

    const score = await call<ExerciseScore>(s, ex.trainee.secret, "GET", `/api/exercises/${id}/score`, undefined, 200);
    const f = score.figures;
    expect(score.at).to.equal("2021-07-21T12:00:00+08:00");
    expect(Math.abs(f.trainee.customerOutageHours - f.plannerWithoutForesight.customerOutageHours) / f.plannerWithoutForesight.customerOutageHours, JSON.stringify(f)).to.be.at.most(0.01);
    for (const x of Object.values(f)) expect(x.customerOutageHours).to.be.at.least(f.lowerBound.customerOutageHours - 1e-9);
    expect(score.decisions).to.have.length(2);

    // the after-action report, printable, in the browser with the trainee's token
    const report = await context.newPage();
    await report.setExtraHTTPHeaders({ authorization: `Bearer ${ex.trainee.secret}` });
    await report.goto(`${s.base}/api/exercises/${encodeURIComponent(id)}/report`);
    expect(await report.textContent("h1")).to.include("After-action report");
    expect(await report.textContent("body")).to.include("Trainee Wang").and.include("planner without foresight");
    await report.close();
  });

  it("a trainee who does nothing scores the no-truck outage", async () => {
    const ex = await start("Trainee Idle");
    await seek(ex.exercise.id, "2021-07-21T12:00:00+08:00");
    const f = (await call<ExerciseScore>(s, ex.trainee.secret, "GET", `/api/exercises/${ex.exercise.id}/score`, undefined, 200)).figures;
    expect(f.trainee.customerOutageHours).to.be.closeTo(f.noTrucks.customerOutageHours, 1e-6);
    expect(f.trainee.customerOutageHours).to.be.greaterThan(f.plannerWithoutForesight.customerOutageHours);
    expect(f.trainee.customerOutageHours).to.be.at.least(f.lowerBound.customerOutageHours);
  });
});

async function call<T = unknown>(s: BoardServer, token: string, method: string, path: string, body: unknown, status: number): Promise<T> {
  const res = await fetch(s.base + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (res.status !== status) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
