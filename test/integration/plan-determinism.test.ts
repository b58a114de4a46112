import { expect } from "chai";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { generateCity } from "../../scenarios/synthetic/generate-city.ts";
import type { Plan } from "../../shared/plan.ts";

const root = new URL("../../", import.meta.url).pathname;

/** The plan CLI with its defaults (no --time-limit: the work chosen from the size), as a commander runs it. */
function planCli(file: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "server/cli/plan.ts", file, "--json", "--seed", "7"], { cwd: root });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on("data", (d: Buffer) => { stderr += d.toString(); });
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** One process per core spinning until killed: the plan then shares every core with them. */
function busyLoops(): ChildProcess[] {
  return Array.from({ length: availableParallelism() }, () => spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" }));
}

describe("plan CLI determinism (issue #15)", function () {
  this.timeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), "lianxin-determinism-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("prints the same plan and lower bound for the same seed, idle and with every core busy", async () => {
    // Timed floods and mixed truck sizes: outside the core case, so the plan is a search under its tick budget and
    // the bound a fixed number of subgradient steps in its own thread, the parts a busy machine could sway.
    const file = join(dir, "city.json");
    writeFileSync(file, JSON.stringify(generateCity({ seed: 1515, compounds: 250, trucks: 40, gridSide: 40, floods: true, mixedSizes: true })));
    const idle = await planCli(file);
    const loops = busyLoops();
    let busy: Awaited<ReturnType<typeof planCli>>;
    try {
      busy = await planCli(file);
    } finally {
      for (const l of loops) l.kill("SIGKILL");
    }
    expect(idle.status, idle.stderr).to.equal(0);
    expect(busy.status, busy.stderr).to.equal(0);
    const a = JSON.parse(idle.stdout) as Plan;
    const b = JSON.parse(busy.stdout) as Plan;
    // a cap that bit would make the plan depend on the machine's speed: the budget must leave room for this
    expect(a.budget?.cut, "idle run cut by its cap").to.equal(false);
    expect(b.budget?.cut, "busy run cut by its cap").to.equal(false);
    expect(b.lowerBound).to.be.a("number").and.equal(a.lowerBound);
    expect({ ...b, runtimeMs: 0 }).to.deep.equal({ ...a, runtimeMs: 0 });
    // a plan outside the core case, with a bound strictly below it (the subgradient steps ran)
    expect(a.lowerBound!).to.be.below(a.customerOutageHours);
  });
});
