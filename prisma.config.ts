// Prisma CLI configuration. At run time the app does not read this file: server/store/open-store.ts
// builds the driver adapter itself and applies prisma/migrations with the WebAssembly schema engine.
// On a machine with Prisma's native engines, `prisma migrate deploy` works on the same folder.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  // `prisma generate` needs no database; the migrate commands read DATABASE_URL.
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/lianxin" },
});
