import { expect } from "chai";
import { createReadiness } from "./readiness.ts";

const up = (name: string) => ({ name, check: async () => {} });
const down = (name: string, message: string) => ({ name, check: async () => Promise.reject(new Error(message)) });

describe("createReadiness", () => {
  it("is ready when every check answers, naming what it checked", async () => {
    const readiness = createReadiness([up("store"), up("queues")], { timeoutMs: 1000 });
    expect(await readiness.check()).to.deep.equal({ ready: true, checked: ["store", "queues"] });
  });

  it("names every check that failed, with its reason, and not those that answered", async () => {
    const readiness = createReadiness([down("store", "connection refused"), up("queues"), down("redis", "ECONNREFUSED")], { timeoutMs: 1000 });
    expect(await readiness.check()).to.deep.equal({
      ready: false,
      down: [{ path: "store", message: "connection refused" }, { path: "redis", message: "ECONNREFUSED" }],
    });
  });

  it("counts a check that never answers as down once its deadline passes", async () => {
    const hangs = { name: "redis", check: () => new Promise<void>(() => {}) };
    const result = await createReadiness([hangs, up("store")], { timeoutMs: 10 }).check();
    expect(result).to.deep.equal({ ready: false, down: [{ path: "redis", message: "did not answer within 10 ms" }] });
  });

  it("is not ready once draining, without asking its dependencies", async () => {
    let asked = 0;
    const readiness = createReadiness([{ name: "store", check: async () => void asked++ }], { timeoutMs: 1000 });
    readiness.drain();
    expect(readiness.draining()).to.equal(true);
    expect(await readiness.check()).to.deep.equal({ ready: false, down: [{ path: "server", message: "draining: shutting down" }] });
    expect(asked).to.equal(0);
  });
});
