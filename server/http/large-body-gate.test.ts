import { expect } from "chai";
import { EventEmitter } from "node:events";
import type { NextFunction, Request, Response } from "express";
import { createLargeBodyGate } from "./large-body-gate.ts";

/** a response that finishes or closes when told to */
function fakeResponse(): Response & { finish(): void; drop(): void } {
  const res = new EventEmitter() as unknown as Response & { finish(): void; drop(): void; destroyed: boolean };
  res.destroyed = false;
  res.finish = () => { res.emit("finish"); res.emit("close"); };
  res.drop = () => { res.destroyed = true; res.emit("close"); };
  return res;
}

describe("createLargeBodyGate", () => {
  const req = {} as Request;

  it("lets one request through per slot and the next in order once a response finishes", () => {
    const gate = createLargeBodyGate(1);
    const order: string[] = [];
    const [a, b, c] = [fakeResponse(), fakeResponse(), fakeResponse()];
    gate.enter(req, a, (() => order.push("a")) as NextFunction);
    gate.enter(req, b, (() => order.push("b")) as NextFunction);
    gate.enter(req, c, (() => order.push("c")) as NextFunction);
    expect(order).to.deep.equal(["a"]);
    expect([gate.active, gate.waiting]).to.deep.equal([1, 2]);
    a.finish();
    expect(order).to.deep.equal(["a", "b"]);
    b.finish();
    c.finish();
    expect(order).to.deep.equal(["a", "b", "c"]);
    expect([gate.active, gate.waiting]).to.deep.equal([0, 0]);
  });

  it("skips a waiter whose client went away, and frees the slot of one that drops while admitted", () => {
    const gate = createLargeBodyGate(1);
    const order: string[] = [];
    const [a, b, c] = [fakeResponse(), fakeResponse(), fakeResponse()];
    gate.enter(req, a, (() => order.push("a")) as NextFunction);
    gate.enter(req, b, (() => order.push("b")) as NextFunction);
    gate.enter(req, c, (() => order.push("c")) as NextFunction);
    b.drop(); // gave up while waiting
    a.drop(); // the admitted one's connection closes: its slot goes to c, not to the gone b
    expect(order).to.deep.equal(["a", "c"]);
    expect([gate.active, gate.waiting]).to.deep.equal([1, 0]);
  });

  it("frees a slot once even when both finish and close are emitted", () => {
    const gate = createLargeBodyGate(2);
    const a = fakeResponse();
    gate.enter(req, a, (() => {}) as NextFunction);
    a.finish(); // emits finish then close
    expect(gate.active).to.equal(0);
  });
});
