/**
 * Creates API tokens on the database the server uses (same environment: DATABASE_URL or LIANXIN_DATA_DIR).
 * Prints the token alone on stdout, so `TOKEN=$(npm run --silent token -- create …)` works.
 *
 * @example
 * npm run --silent token -- create --role crew --name "Crew Wang" --incident 4f1c… --trucks T1,T2
 */
import { pathToFileURL } from "node:url";
import { LianxinError, ErrorCode } from "../../shared/errors.ts";
import type { Role } from "../../shared/wire.ts";
import { loadConfig } from "../config.ts";
import { openStore } from "../store/open-store.ts";
import type { NewToken } from "../store/store.ts";

const ROLES: readonly Role[] = ["commander", "crew", "viewer"];
const USAGE = "usage: token create --role commander|crew|viewer --name <name> [--incident <id>] [--trucks T1,T2]";

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
    const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      const { secret } = await store.createToken(token);
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

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runTokenCli(process.argv.slice(2), process.env, {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  });
}
