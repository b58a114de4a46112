/**
 * A worker thread whose entry is a TypeScript module of this project.
 *
 * Why a bootstrap: Node 20 does not apply the parent's `--import tsx/esm` hooks to a worker's entry (neither
 * inherited nor via `execArgv`: "Unknown file extension .ts"), so each worker starts from a tiny JavaScript
 * bootstrap that calls tsx's `register()` (tsx/esm/api) and then imports the entry.
 */
import { Worker } from "node:worker_threads";

/**
 * @example
 * const worker = startTsWorker(new URL("./compute-worker.ts", import.meta.url), { handlerModule });
 */
export function startTsWorker(entry: URL, workerData?: unknown): Worker {
  const bootstrap = `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))})
  .then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}
