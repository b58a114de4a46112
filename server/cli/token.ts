/**
 * Creates API tokens on the database the server uses (same environment: DATABASE_URL or LIANXIN_DATA_DIR).
 * Prints the token alone on stdout, so `TOKEN=$(npm run --silent token -- create …)` works.
 *
 * While a server runs on the data directory (its `<dataDir>/server.json`, server-file.ts), the token is made through
 * that server's `POST /api/tokens` on 127.0.0.1, signed in with the local commander token the first run keeps in
 * `<dataDir>/commander-token`: the embedded store is the server's alone while it runs. Otherwise (no server, or
 * nothing listening where the file says) the CLI opens the store itself. The same rules apply either way
 * (token-service.ts): a crew token names its incident and trucks of it.
 *
 * @example
 * npm run --silent token -- create --role crew --name "Crew Wang" --incident 4f1c… --trucks T1,T2
 */
import { pathToFileURL } from "node:url";
import { LianxinError, ErrorCode } from "../../shared/errors.ts";
import type { Role } from "../../shared/wire.ts";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { ErrorBody } from "../../shared/errors.ts";
import type { CreatedToken } from "../../shared/wire.ts";
import { loadConfig } from "../config.ts";
import { checkNewToken } from "../incidents/token-service.ts";
import { readServerFile } from "../server-file.ts";
import { openStore } from "../store/open-store.ts";
import type { NewToken } from "../store/store.ts";

const ROLES: readonly Role[] = ["commander", "crew", "viewer"];
const USAGE = "usage: token create --role commander|crew|viewer --name <name> [--incident <id>] [--trucks T1,T2]\n       (a crew token needs --incident and --trucks)";

/**
 * Reads `create` and its flags; throws LianxinError(invalidInput) naming the offending flag.
 *
 * @example
 * parseTokenArgs(["create", "--role", "viewer", "--name", "Board"]) // → { role: "viewer", name: "Board", incident: null, trucks: [] }
 */
export function parseTokenArgs(argv: string[]): NewToken {
  const [command, ...rest] = argv;
  if (command !== "create") throw usageError("command", command === undefined ? "missing command" : `unknown command "${command}"`);
  const flags = new Map<string, string>();
  for (let i = 0; i < rest.length; i += 2) {
    const [flag, value] = [rest[i], rest[i + 1]];
    const match = /^--(role|name|incident|trucks)(?:=(.*))?$/.exec(flag);
    if (!match) throw usageError(flag, `unknown flag ${flag}`);
    const [, key, inline] = match;
    if (flags.has(key)) throw usageError(`--${key}`, `--${key} given twice`);
    if (inline !== undefined) {
      flags.set(key, inline);
      i -= 1; // the value was part of the flag
    } else if (value === undefined || value.startsWith("--")) {
      throw usageError(`--${key}`, `--${key} needs a value`);
    } else {
      flags.set(key, value);
    }
  }
  const role = flags.get("role");
  if (role === undefined) throw usageError("--role", "--role is required");
  if (!ROLES.includes(role as Role)) throw usageError("--role", `--role must be one of ${ROLES.join(", ")} (got "${role}")`);
  const name = flags.get("name")?.trim();
  if (!name) throw usageError("--name", "--name is required and must not be empty");
  const incident = flags.get("incident")?.trim() || null;
  if (flags.has("incident") && incident === null) throw usageError("--incident", "--incident must not be empty");
  const trucks = flags.has("trucks") ? (flags.get("trucks") ?? "").split(",").map((t) => t.trim()) : [];
  if (trucks.some((t) => t === "")) throw usageError("--trucks", "--trucks is a comma-separated list of truck ids, e.g. T1,T2");
  if (role === "crew" && incident === null) throw usageError("--incident", "a crew token must name its incident: --incident <id>");
  if (role === "crew" && trucks.length === 0) throw usageError("--trucks", "a crew token must name its trucks: --trucks T1,T2");
  return { role: role as Role, name, incident, trucks };
}

function usageError(path: string, message: string): LianxinError {
  return new LianxinError(ErrorCode.invalidInput, `${message}\n${USAGE}`, [{ path, message }]);
}

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** Runs the CLI; returns the exit code (0 ok, 2 bad usage, 1 anything else). */
export async function runTokenCli(argv: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  let token: NewToken;
  try {
    token = parseTokenArgs(argv);
  } catch (e) {
    io.err(`token: ${(e as Error).message}\n`);
    return 2;
  }
  try {
    const config = loadConfig(env);
    const running = await readServerFile(config.dataDir);
    const viaApi = running === null ? null : await createThroughApi(config.dataDir, running.port, token);
    if (viaApi !== null) {
      io.out(`${viaApi}\n`);
      return 0;
    }
    const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      const { secret } = await store.createToken(await checkNewToken(store, token), { id: "cli", name: "token CLI", role: "commander" });
      io.out(`${secret}\n`);
      return 0;
    } finally {
      await store.close();
    }
  } catch (e) {
    const details = e instanceof LianxinError ? e.details.map((d) => `\n  ${d.path}: ${d.message}`).join("") : "";
    io.err(`token: ${(e as Error).message}${details}\n`);
    return 1;
  }
}

/**
 * The token through the running server's API; null when nothing listens on the port (a server that was killed
 * left its server.json), so the caller opens the store itself. A server that answers with an error is reported.
 */
async function createThroughApi(dataDir: string, port: number, token: NewToken): Promise<string | null> {
  const tokenFile = path.join(dataDir, "commander-token");
  const commander = (await readFile(tokenFile, "utf8").catch(() => "")).trim();
  let response: Response;
  try {
    response = await fetch(`http://127.0.0.1:${port}/api/tokens`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(commander ? { authorization: `Bearer ${commander}` } : {}) },
      body: JSON.stringify(token),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (e) {
    const code = (e as { cause?: { code?: string } }).cause?.code;
    if (code === "ECONNREFUSED") return null;
    throw e;
  }
  const body = (await response.json().catch(() => null)) as CreatedToken | ErrorBody | null;
  if (response.status === 201 && body && "secret" in body) return body.secret;
  const error = body && "error" in body ? body.error : null;
  if (response.status === 401) {
    throw new LianxinError(ErrorCode.unauthorized, `a server runs on ${dataDir} (port ${port}) and refused the commander token in ${tokenFile}; pass the command to that server's board or API with a commander token`, error?.details ?? []);
  }
  throw new LianxinError(error?.code ?? ErrorCode.internal, `the server on port ${port} refused the token: ${error?.message ?? `HTTP ${response.status}`}`, error?.details ?? []);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runTokenCli(process.argv.slice(2), process.env, {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  });
}
