/**
 * Regenerates the committed Prisma client in server/store/generated from prisma/schema.prisma.
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
