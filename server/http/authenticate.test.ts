import { expect } from "chai";
import { fakeClock } from "../clock/clock.ts";
import type { TokenRecord } from "../store/store.ts";
import { cachedTokenLookup } from "./authenticate.ts";

const crew: TokenRecord = { id: "tok-1", name: "Crew Wang", role: "crew", incident: "inc-1", trucks: ["T1"], createdAt: "2021-07-25T12:00:00.000Z" };

/** a store whose findToken answers from `tokens` and counts the look-ups; `hold` keeps them pending until released */
function fakeStore() {
  const tokens = new Map<string, TokenRecord>([["lx_secret", crew]]);
  let asked = 0;
  let held: (() => void)[] | null = null;
  const find = async (secret: string) => {
    asked++;
    if (held) await new Promise<void>((resolve) => held!.push(resolve));
    return tokens.get(secret) ?? null;
  };
  return {
    tokens, find,
    asked: () => asked,
    hold: () => void (held = []),
    release: () => {
      const waiting = held ?? [];
      held = null;
      for (const resolve of waiting) resolve();
    },
  };
}

describe("cachedTokenLookup", () => {
  it("asks the store once for a token used again within 5 s", async () => {
    const clock = fakeClock(0);
    const store = fakeStore();
    const lookup = cachedTokenLookup(store.find, clock);
    expect(await lookup("lx_secret")).to.deep.equal(crew);
    clock.advance(3_999);
    expect(await lookup("lx_secret")).to.deep.equal(crew);
    expect(store.asked()).to.equal(1);
  });

  it("answers a token used in its entry's last second from the cache and looks it up again in the background", async () => {
    const clock = fakeClock(0);
    const store = fakeStore();
    const lookup = cachedTokenLookup(store.find, clock);
    await lookup("lx_secret");
    clock.advance(4_500);
    store.hold();
    // answered while the refresh is still waiting on the store: a busy token never waits for it
    expect(await lookup("lx_secret")).to.deep.equal(crew);
    expect(await lookup("lx_secret")).to.deep.equal(crew);
    expect(store.asked()).to.equal(2);
    store.release();
    await new Promise((resolve) => setImmediate(resolve));
    // the refresh at 4.5 s keeps the entry until 9.5 s: at 7.5 s it has 2 s left, no refresh yet
    clock.advance(3_000);
    expect(await lookup("lx_secret")).to.deep.equal(crew);
    expect(store.asked()).to.equal(2);
  });

  it("drops a token that a refresh finds revoked: refused from the next request on", async () => {
    const clock = fakeClock(0);
    const store = fakeStore();
    const lookup = cachedTokenLookup(store.find, clock);
    await lookup("lx_secret");
    store.tokens.delete("lx_secret");
    clock.advance(4_500);
    // still within the 5 s the last look-up vouched for
    expect(await lookup("lx_secret")).to.deep.equal(crew);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await lookup("lx_secret")).to.equal(null);
  });

  it("keeps a token forgotten while its refresh was running out of the cache", async () => {
    const clock = fakeClock(0);
    const store = fakeStore();
    const lookup = cachedTokenLookup(store.find, clock);
    await lookup("lx_secret");
    clock.advance(4_500);
    store.hold();
    await lookup("lx_secret");
    lookup.forget(crew.id);
    store.release();
    await new Promise((resolve) => setImmediate(resolve));
    // the refresh read the token before it was forgotten (revoked): the next request asks the store again
    store.tokens.delete("lx_secret");
    expect(await lookup("lx_secret")).to.equal(null);
    expect(store.asked()).to.equal(3);
  });
});
