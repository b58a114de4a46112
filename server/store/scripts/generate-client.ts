/**
 * Generates the Prisma client in server/store/generated (not in git) from prisma/schema.prisma; npm runs it after
 * every install (the postinstall script), offline: the client needs no engine at run time (driver adapters).
 * `prisma generate` needs no engine, but first tries to download one; pointing it at /bin/false skips that.
 *
 * @example
 * npx tsx server/store/scripts/generate-client.ts
 */
import { spawnSync } from "node:child_process";

const result = spawnSync("npx", ["prisma", "generate"], {
  stdio: "inherit",
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? "/bin/false" },
});
process.exitCode = result.status ?? 1;
