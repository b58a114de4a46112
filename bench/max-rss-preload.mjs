// Preloaded into a CLI the cli bench section times (`node --import bench/max-rss-preload.mjs --import tsx ...`): at
// exit, one line on stderr with the process's peak resident set (kB, every thread included), which the bench reads
// and strips. Plain JavaScript, so that it loads before tsx and costs the timed process nothing measurable.
import process from "node:process";
import { writeSync } from "node:fs";

process.on("exit", () => {
  writeSync(2, `\nlianxin-bench-max-rss-kb ${process.resourceUsage().maxRSS}\n`);
});
