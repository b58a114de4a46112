// Lint: typescript-eslint's recommended rules, plus the one architectural rule we care about:
// the planner core and shared/ stay pure (no transport, storage, jobs, env or wall clock).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const impure = ["express", "socket.io", "socket.io-client", "bull", "ioredis", "redis", "pg", "@prisma/*", "prisma", "@electric-sql/*", "pglite-prisma-adapter", "node:fs", "fs", "node:child_process"];

export default tseslint.config(
  { ignores: ["node_modules/**", "data/**", "client/dist/**", "server/store/generated/**", "coverage/**", "**/*.js", "!eslint.config.js"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["server/planner/**/*.ts", "shared/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: impure }],
      "no-restricted-properties": ["error",
        { object: "process", property: "env", message: "Pass config down; the core is pure." },
        { object: "Date", property: "now", message: "Inject a clock; the core is pure." }],
    },
  },
);
