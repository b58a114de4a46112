/**
 * Placeholder signature owned by the board/crew client work (issue #5): mounts the pages (/, /incidents/:id, /crew)
 * and their static assets on the express app. Replaced by the real implementation.
 */
import type { Express } from "express";
import type { Config } from "../config.ts";

export function mountClient(_app: Express, _config: Config): void {}
