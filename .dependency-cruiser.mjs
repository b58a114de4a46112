// Import cycles fail `npm run lint` (#19): type-only imports and dynamic import() count too, because a cycle of
// types still ties two modules into one and a run-time cycle through import() can still meet a half-initialised
// module. ESLint's import plugins skip type-only imports, hence dependency-cruiser.
/** @type {import("dependency-cruiser").IConfiguration} */
export default {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Move what both modules need into a module both import, named after what it holds.",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|server/store/generated|client/dist|data|coverage|test-output)/" },
    // keep `import type` (TypeScript erases it before any bundler or runtime would see it)
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    // our code is TypeScript; the only .js files are tools' configs
    includeOnly: { path: "\\.(ts|tsx|mts|cts)$" },
    cache: false,
  },
};
