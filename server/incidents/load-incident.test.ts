import { expect } from "chai";
import type { IncidentDetail } from "../../shared/wire.ts";
import type { Store } from "../store/store.ts";
import { loadIncident, MAX_CACHED } from "./load-incident.ts";

/** a store that counts its reads; each incident's scenario holds `bytes` characters of text */
function countingStore(bytes = 10): { store: Store; reads: string[] } {
  const reads: string[] = [];
  const store = {
    async getIncident(id: string) {
      reads.push(id);
      return { id, scenario: { id, note: "x".repeat(bytes) } } as unknown as IncidentDetail;
    },
  } as unknown as Store;
  return { store, reads };
}

describe("loadIncident", () => {
  it("reads an incident once, then serves it from memory", async () => {
    const { store, reads } = countingStore();
    await loadIncident(store, "a");
    await loadIncident(store, "a");
    expect(reads).to.deep.equal(["a"]);
  });

  it("keeps the most recently used MAX_CACHED incidents", async () => {
    const { store, reads } = countingStore();
    for (let i = 0; i <= MAX_CACHED; i++) await loadIncident(store, `i${i}`); // i0 … i16: i0 is evicted
    await loadIncident(store, `i${MAX_CACHED}`); // still cached
    await loadIncident(store, "i0"); // read again
    expect(reads.filter((r) => r === "i0")).to.have.length(2);
    expect(reads.filter((r) => r === `i${MAX_CACHED}`)).to.have.length(1);
  });

  it("keeps at most 32 MB of scenario text, but always the one just read", async () => {
    // 12 MB each: a (12) + b (24) fit, c makes 36 > 32 and evicts a
    const { store, reads } = countingStore(12 * 1024 * 1024);
    for (const id of ["a", "b", "c", "b", "a"]) await loadIncident(store, id);
    expect(reads).to.deep.equal(["a", "b", "c", "a"]);
  });
});
