/**
 * Seeded malformed requests for every API route (#13 item 4): each request starts from a well-formed one and is
 * spoiled in one or two ways — its path (bad percent-encoding, unknown ids, odd segments), method, query string,
 * token, Content-Type, Content-Encoding (a body that does not decode), Content-Length, or its JSON (malformed,
 * truncated, nested too deep, over the route's limit, a field replaced by a wrong value: a year-0000 or
 * 30-February time, a huge number, a string where an object belongs). Used by test/integration/fuzz-api.test.ts
 * (a few thousand, asserting no 5xx) and bench/fuzz-bench.ts (many more against a real server process).
 *
 * The same seed gives the same requests; sending them (sendRaw) uses node:http so that headers the fetch API
 * forbids or fixes (Content-Length, Content-Encoding, Transfer-Encoding) can be wrong on purpose.
 */
import { request as httpRequest, Agent } from "node:http";
import { gzipSync, brotliCompressSync, deflateSync } from "node:zlib";
import { randomInt, seededRandom } from "../../../shared/seeded-random.ts";
import { tinyScenario } from "./store-scenario.ts";

export interface FuzzTargets {
  /** an incident every token may read (the crew token's trucks T1 are on it) */
  incident: string;
  /** a replay incident (its clock routes) */
  replay: string;
  /** a stored plan of `incident` */
  planId: string;
  /** a job's id (an export) */
  jobId: string;
  tokens: { commander: string; viewer: string; crew: string; scoped: string };
}

export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** what was spoiled, for a failure message */
  label: string;
}

type Json = unknown;

interface Route {
  method: string;
  path: string;
  body?: () => Json;
  query?: Record<string, string>;
}

const at = (dayHour: string) => `2021-07-${dayHour}:00+08:00`;

/** Every route of README's API table, each with a well-formed body where it takes one. */
function routes(): Route[] {
  return [
    { method: "GET", path: "/api/health" },
    { method: "GET", path: "/api/me" },
    { method: "GET", path: "/api/incidents" },
    { method: "POST", path: "/api/incidents", body: () => tinyScenario("fuzz") },
    { method: "GET", path: "/api/incidents/:id" },
    { method: "GET", path: "/api/incidents/:id/state", query: { at: at("25T22:00") } },
    { method: "GET", path: "/api/incidents/:id/curve", query: { from: at("25T20:00"), to: at("26T20:00"), stepMinutes: "60" } },
    { method: "POST", path: "/api/incidents/:id/events", body: () => ({ id: "10000000-0000-4000-8000-000000000001", type: "truck.dispatched", at: at("25T20:30"), truck: "T1", compound: "C1", note: "fuzz" }) },
    { method: "POST", path: "/api/incidents/:id/events", body: () => ({ id: "10000000-0000-4000-8000-000000000002", type: "road.closed", at: at("25T20:30"), zone: { type: "Polygon", coordinates: [[[113.6, 34.7], [113.61, 34.7], [113.61, 34.71], [113.6, 34.7]]] } }) },
    { method: "POST", path: "/api/incidents/:id/events", body: () => ({ id: "10000000-0000-4000-8000-000000000003", type: "compound.reported", at: at("25T20:30"), compound: "C9", details: { id: "C9", name: "New", location: [113.62, 34.72], households: 10, loadKw: 50, substation: "S1", outageStart: at("20T18:00") } }) },
    { method: "GET", path: "/api/incidents/:id/events", query: { after: "0" } },
    { method: "POST", path: "/api/incidents/:id/plans", body: () => ({ at: at("25T22:00"), timeLimitSeconds: 0.2, seed: 1 }), query: { wait: "false" } },
    { method: "GET", path: "/api/incidents/:id/plans" },
    { method: "GET", path: "/api/incidents/:id/plans/latest" },
    { method: "GET", path: "/api/incidents/:id/plans/:planId" },
    { method: "POST", path: "/api/incidents/:id/plans/:planId/approve" },
    { method: "GET", path: "/api/incidents/:id/audit" },
    { method: "POST", path: "/api/incidents/:id/exports", body: () => ({ format: "csv" }) },
    { method: "GET", path: "/api/incidents/:id/jobs" },
    { method: "GET", path: "/api/jobs/:jobId" },
    { method: "GET", path: "/api/jobs/:jobId/result" },
    { method: "POST", path: "/api/replays", body: () => ({ scenario: tinyScenario("fuzz-replay"), from: at("25T20:00"), speed: 60, paused: true }) },
    { method: "GET", path: "/api/incidents/:replay/replay" },
    { method: "POST", path: "/api/incidents/:replay/replay", body: () => ({ paused: true, speed: 30, at: at("25T21:00") }) },
    { method: "POST", path: "/api/incidents/:replay/counterfactual", body: () => ({ decisionTimes: [at("25T21:00")], timeLimitMs: 200, seed: 1 }) },
    { method: "GET", path: "/api/incidents/:replay/counterfactual" },
    { method: "GET", path: "/api/tokens" },
    { method: "POST", path: "/api/tokens", body: () => ({ role: "crew", name: "Fuzz crew", incident: ":id", trucks: ["T1"] }) },
    { method: "DELETE", path: "/api/tokens/:tokenId" },
  ];
}

/** values that are wrong in some field of some body; times that must be refused at parsing */
const BAD_TIMES = [
  "0000-01-01T00:00:00Z", "0000-07-22T10:00:00+08:00", "1000-07-22T10:00:00+08:00", "1899-12-31T23:59:59Z",
  "2021-02-30T10:00:00+08:00", "2021-13-01T00:00:00Z", "2021-07-22T25:00:00Z", "2021-07-22T10:00:60Z",
  "2021-W29-4T10:00Z", "2021-203T10:00Z", "2021-07-22T10:00+08", "+012021-07-22T10:00:00Z", "-000001-01-01T00:00:00Z",
  "2021-07-22T10:00:00", "2021-07-22", "yesterday", "", "2099-07-22T10:00:00+08:00",
];
const BAD_PERCENT = ["%E0%A4%A", "%", "%zz", "%C0%80%", "%%", "%u0041", "a%2", "%FF%FE"];
// ASCII only: node:http refuses to send a path with raw non-ASCII or spaces
const WEIRD_SEGMENTS = ["x".repeat(3000), "..", ".", "%2F", "%00", "%20", "%E4%B8%AD%E6%96%87", "null", "-1", "1e309", "%5Bobject%20Object%5D", "%F0%9F%92%A9"];

/**
 * @example
 * for (const r of fuzzRequests(42, 3000, targets)) await sendRaw(base, r);
 */
export function* fuzzRequests(seed: number, count: number, targets: FuzzTargets): Generator<FuzzRequest> {
  const rnd = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[randomInt(rnd, list.length)];
  const all = routes();
  for (let n = 0; n < count; n++) {
    const route = pick(all);
    yield spoil(route, targets, rnd, pick);
  }
}

function spoil(route: Route, targets: FuzzTargets, rnd: () => number, pick: <T>(list: readonly T[]) => T): FuzzRequest {
  const labels: string[] = [];
  const params: Record<string, string> = { id: targets.incident, replay: targets.replay, planId: targets.planId, jobId: targets.jobId, tokenId: "no-such-token" };
  let method = route.method;
  let segments = route.path.split("/");
  const query = new URLSearchParams(route.query ?? {});
  let token: string | null = pick([targets.tokens.commander, targets.tokens.commander, targets.tokens.viewer, targets.tokens.crew, targets.tokens.scoped]);
  let json: Json = route.body?.();
  if (json !== undefined) json = JSON.parse(JSON.stringify(json).replaceAll(":id", targets.incident));
  let raw: Buffer | undefined;
  const headers: Record<string, string> = {};
  let contentType: string | null = "application/json";
  let encoding: "identity" | "gzip" | "br" | "deflate" | "bad" = "identity";

  const spoilings = 1 + randomInt(rnd, 2);
  for (let k = 0; k < spoilings; k++) {
    const what = randomInt(rnd, 12);
    if (what === 0) {
      // a path parameter that does not decode, or an odd one
      const i = segments.findIndex((s) => s.startsWith(":"));
      if (i >= 0) {
        const bad = rnd() < 0.6 ? pick(BAD_PERCENT) : pick(WEIRD_SEGMENTS);
        labels.push(`param ${segments[i]}=${bad.slice(0, 20)}`);
        segments = segments.map((s, j) => (j === i ? bad : s));
      } else {
        labels.push("path+segment");
        segments = [...segments, pick([...BAD_PERCENT, ...WEIRD_SEGMENTS])];
      }
    } else if (what === 1) {
      labels.push("unknown route");
      segments = pick([["", "api", "nope"], ["", "api", "incidents", params.id, "nope"], ["", "api", "jobs"], ["", "api", ""], [...segments, "extra"]]);
    } else if (what === 2) {
      method = pick(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "PROPFIND"]);
      labels.push(`method ${method}`);
    } else if (what === 3) {
      const name = pick(["at", "from", "to", "stepMinutes", "after", "wait", "unknown"]);
      const value = pick([...BAD_TIMES, "-1", "0", "abc", "1e400", "NaN", " ", "true", "maybe", "1.5", "99999999999999999999"]);
      if (rnd() < 0.2) query.append(name, value); // the same parameter twice
      query.append(name, value);
      labels.push(`query ${name}=${value}`);
    } else if (what === 4) {
      token = pick([null, "", "nonsense", "Bearer", targets.tokens.viewer, targets.tokens.scoped, targets.tokens.crew, "x".repeat(5000)]);
      labels.push(`token ${String(token).slice(0, 12)}`);
      if (rnd() < 0.3) headers.authorization = pick(["Basic dXNlcjpwYXNz", "Bearer", "Bearer a b", "bearer  x  ", "\u00e9"]).replace(/[^\x20-\x7e]/g, "?");
    } else if (what === 5) {
      contentType = pick([null, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=latin1", "application/json; charset=utf-16", "application/xml", "garbage", ";", "application/merge-patch+json"]);
      labels.push(`content-type ${contentType}`);
      if (json === undefined) json = { any: "body" };
    } else if (what === 6) {
      encoding = pick(["gzip", "br", "deflate", "bad"]);
      labels.push(`content-encoding ${encoding}`);
      if (json === undefined) json = {};
    } else if (what === 7) {
      raw = Buffer.from(pick(['{"id": ', "{", "[", "nul", '"just a string"', "12", "{]", '{"a":1,}', "\u0000\u0001", '{"a":"\\ud800"}', "", "{}}"]));
      labels.push(`malformed ${raw.toString().slice(0, 12)}`);
    } else if (what === 8) {
      const depth = pick([40, 500, 20_000]);
      raw = Buffer.from(rnd() < 0.5 ? "[".repeat(depth) + "]".repeat(depth) : '{"a":'.repeat(depth) + "1" + "}".repeat(depth));
      labels.push(`nested ${depth}`);
    } else if (what === 9) {
      // over (or just under) the route's limit: a report 64 KB, a scenario 5 MB, the rest 16 KB
      const size = pick([70 * 1024, 20 * 1024, 1024 * 1024, ...(rnd() < 0.15 ? [6 * 1024 * 1024] : [])]);
      raw = Buffer.from(JSON.stringify({ ...(isRecord(json) ? json : {}), note: "x".repeat(size) }));
      labels.push(`large ${size}`);
    } else if (what === 10) {
      // a huge array of small things (numbers, or objects) inside a field
      const length = pick([10_000, 200_000]);
      json = setRandomLeaf(json ?? {}, rnd, pick, Array.from({ length }, (_, i) => (i % 2 === 0 ? i : { i })));
      labels.push(`array ${length}`);
    } else {
      const value = pick<Json>([...BAD_TIMES, null, true, 0, -1, 1e308, -0, 2 ** 53 + 1, "", "x".repeat(10_000), [], {}, [[]], { type: "Polygon" }, "中文", "\u202e"]);
      json = setRandomLeaf(json ?? {}, rnd, pick, value);
      labels.push(`field=${JSON.stringify(value)?.slice(0, 30)}`);
    }
  }

  if (raw === undefined && json !== undefined) raw = Buffer.from(JSON.stringify(json));
  if (raw !== undefined) {
    if (contentType !== null) headers["content-type"] = contentType;
    if (encoding === "gzip") raw = rnd() < 0.5 ? gzipSync(raw) : raw; // half the time: says gzip, is not
    else if (encoding === "br") raw = rnd() < 0.5 ? brotliCompressSync(raw) : Buffer.concat([raw, Buffer.from([0xff, 0x00])]);
    else if (encoding === "deflate") raw = rnd() < 0.5 ? deflateSync(raw) : gzipSync(raw);
    if (encoding !== "identity") headers["content-encoding"] = encoding === "bad" ? pick(["compress", "zstd", "x-foo", "gzip, br", "identity;q=0"]) : encoding;
  }
  if (raw !== undefined && raw.length > 0 && rnd() < 0.03) {
    // a Content-Length shorter than the body (the rest would be read as the next request, so close after it)
    headers["content-length"] = String(raw.length - 1);
    headers.connection = "close";
    labels.push("content-length short");
  }
  if (token !== null && headers.authorization === undefined) headers.authorization = `Bearer ${token}`;
  const path = segments.map((s) => (s.startsWith(":") ? encodeURIComponent(params[s.slice(1)] ?? s) : s)).join("/");
  const qs = query.toString();
  return { method, path: qs === "" ? path : `${path}?${qs}`, headers, body: raw, label: labels.join(", ") };
}

/** Replaces one leaf (or adds a field) somewhere in a copy of `doc`. */
function setRandomLeaf(doc: Json, rnd: () => number, pick: <T>(list: readonly T[]) => T, value: Json): Json {
  const copy = JSON.parse(JSON.stringify(doc)) as Json;
  if (!isRecord(copy) && !Array.isArray(copy)) return value;
  let node: Record<string, Json> | Json[] = copy;
  for (let depth = 0; depth < 8; depth++) {
    const keys: (string | number)[] = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
    if (keys.length === 0 || rnd() < 0.25) break;
    const key = pick(keys);
    const child: Json = (node as Record<string | number, Json>)[key];
    if (!isRecord(child) && !Array.isArray(child)) break;
    node = child;
  }
  const keys: (string | number)[] = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
  const key = keys.length === 0 || rnd() < 0.15 ? (Array.isArray(node) ? node.length : pick(["extra", "__proto__", "constructor", "id", "at"])) : pick(keys);
  if (rnd() < 0.1 && !Array.isArray(node)) delete (node as Record<string, Json>)[String(key)];
  else (node as Record<string | number, Json>)[key] = value;
  return copy;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export interface RawReply {
  status: number;
  contentType: string;
  body: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 16 });

/**
 * Sends one request exactly as built (headers as given, Content-Length set unless the request says
 * Transfer-Encoding); a connection the server cuts resolves as status 0. A request that failed on a kept-alive
 * socket before any answer is sent once more on another, as Node's documentation advises (request.reusedSocket):
 * the server may close an idle connection (keepAliveTimeout) just as the client writes on it, and a browser retries
 * then too. A server that cuts connections itself still shows, on the fresh socket.
 */
export async function sendRaw(base: string, r: FuzzRequest, timeoutMs = 30_000): Promise<RawReply> {
  const first = await sendOnce(base, r, timeoutMs);
  return first.staleSocket ? sendOnce(base, r, timeoutMs) : first;
}

function sendOnce(base: string, r: FuzzRequest, timeoutMs: number): Promise<RawReply & { staleSocket?: boolean }> {
  const url = new URL(base);
  return new Promise<RawReply & { staleSocket?: boolean }>((resolve) => {
    const headers: Record<string, string> = { ...r.headers };
    if (r.body !== undefined && headers["transfer-encoding"] === undefined) headers["content-length"] = String(r.body.length);
    const req = httpRequest({ host: url.hostname, port: url.port, method: r.method, path: r.path, headers, agent, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers["content-type"] ?? ""), body: Buffer.concat(chunks).toString() }));
      res.on("error", () => resolve({ status: 0, contentType: "", body: "" }));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    let answered = false;
    req.on("response", () => { answered = true; });
    req.on("error", (e: NodeJS.ErrnoException) => {
      const stale = req.reusedSocket && !answered && (e.code === "ECONNRESET" || e.code === "EPIPE");
      resolve({ status: 0, contentType: "", body: String(e), ...(stale ? { staleSocket: true } : {}) });
    });
    req.end(r.body);
  }).catch((e: unknown) => ({ status: -1, contentType: "", body: `not sent: ${String(e)}` }));
}

/** Ends the keep-alive connections sendRaw holds (so a test process can exit). */
export function closeFuzzAgent(): void {
  agent.destroy();
}
