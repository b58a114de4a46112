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
import type { JobStatus } from "../../shared/wire.ts";
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

    const score = await scoreOf(s, ex.trainee.secret, id);
    const f = score.figures;
    expect(score.at).to.equal("2021-07-21T12:00:00+08:00");
    expect(Math.abs(f.trainee.customerOutageHours - f.plannerWithoutForesight.customerOutageHours) / f.plannerWithoutForesight.customerOutageHours, JSON.stringify(f)).to.be.at.most(0.01);
    for (const x of Object.values(f)) expect(x.customerOutageHours).to.be.at.least(f.lowerBound.customerOutageHours - 1e-9);
    expect(score.decisions).to.have.length(2);

    // the after-action report, from the board's own link (the route needs the token: the board fetches it and opens
    // it as a blob in a new tab)
    await board.waitForSelector("[data-action=after-action-report]", { timeout: HANG_MS });
    expect(await board.textContent("[data-action=after-action-report]")).to.equal("After-action report");
    const [report] = await Promise.all([context.waitForEvent("page", { timeout: HANG_MS }), board.click("[data-action=after-action-report]")]);
    await report.waitForURL(/^blob:/, { timeout: HANG_MS });
    await report.waitForSelector("h1", { timeout: HANG_MS });
    expect(await report.textContent("h1")).to.include("After-action report");
    expect(await report.textContent("body")).to.include("Trainee Wang").and.include("planner without foresight").and.include("the planner's answer at that moment");
    await report.close();
  });

  it("shows no after-action report link on a board that is not an exercise's", async () => {
    const page = await context.newPage();
    await page.goto(`${s.base}/incidents/${encodeURIComponent(s.incident)}?token=${s.commanderToken}`);
    await page.waitForSelector("[data-action=replan]", { timeout: HANG_MS });
    expect(await page.$("[data-action=after-action-report]")).to.equal(null);
    await page.close();
  });

  it("a trainee who does nothing scores the no-truck outage; the board's report link waits for the first score job", async () => {
    const ex = await start("Trainee Idle");
    await seek(ex.exercise.id, "2021-07-21T12:00:00+08:00");
    // nothing scored yet: the link's tab says so, then shows the report when the board hears the score job complete
    const page = await context.newPage();
    await page.goto(`${s.base}/incidents/${encodeURIComponent(ex.exercise.id)}?token=${ex.trainee.secret}`);
    await page.waitForSelector(".replay-bar[data-replay-clock='2021-07-21T12:00:00+08:00']", { timeout: HANG_MS });
    const [report] = await Promise.all([context.waitForEvent("page", { timeout: HANG_MS }), page.click("[data-action=after-action-report]")]);
    await report.waitForURL(/^blob:/, { timeout: HANG_MS });
    await report.waitForSelector("h1", { timeout: HANG_MS });
    expect(await report.textContent("body")).to.include("Trainee Idle").and.include("the trainee approved no plan");
    await report.close();
    await page.close();
    const f = (await scoreOf(s, ex.trainee.secret, ex.exercise.id)).figures;
    expect(f.trainee.customerOutageHours).to.be.closeTo(f.noTrucks.customerOutageHours, 1e-6);
    expect(f.trainee.customerOutageHours).to.be.greaterThan(f.plannerWithoutForesight.customerOutageHours);
    expect(f.trainee.customerOutageHours).to.be.at.least(f.lowerBound.customerOutageHours);
  });
});

/** the scorecard of the exercise as it stands: while the score job computes it (202, or a stale one), wait on that job */
async function scoreOf(s: BoardServer, token: string, id: string): Promise<ExerciseScore> {
  for (;;) {
    const res = await fetch(`${s.base}/api/exercises/${encodeURIComponent(id)}/score`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as ExerciseScore & { stale?: true; job?: JobStatus };
    if (res.status === 202) await s.jobs.wait((body as unknown as JobStatus).id);
    else if (res.status === 200 && body.stale) await s.jobs.wait(body.job!.id);
    else if (res.status === 200) return body;
    else throw new Error(`GET score: ${res.status} ${JSON.stringify(body)}`);
  }
}

async function call<T = unknown>(s: BoardServer, token: string, method: string, path: string, body: unknown, status: number): Promise<T> {
  const res = await fetch(s.base + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (res.status !== status) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
