/**
 * The one place the browser tests get a browser: the Chromium at `LIANXIN_CHROMIUM` when that is set (Debian's
 * /usr/bin/chromium, a developer's Chrome), else the headless Chromium shipped in the npm package
 * @sparticuz/chromium (unpacked to /tmp/chromium on first use), driven by playwright-core. So `npm install && npm
 * test` runs the browser tests on a machine with Node and npm only: no apt, no `npx playwright install`, never a
 * skip for want of a browser.
 *
 * @example
 * const browser = await launchBrowser();
 * const page = await browser.newPage();
 */
import sparticuz from "@sparticuz/chromium";
import { chromium, type Browser } from "playwright-core";

/** Quiet and offline: no background requests, updates or sync, and no QUIC (the tests talk plain HTTP to 127.0.0.1). */
const QUIET = ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];

/** Flags of the package's list (made for AWS Lambda) a test must not run with. */
const LAMBDA_ONLY = new Set([
  // one process for everything: a crash in one tab would take the browser and every other context down
  "--single-process",
  "--no-zygote",
  // the board's pages must meet the same-origin rules a real browser applies
  "--disable-web-security",
  "--allow-running-insecure-content",
  "--disable-site-isolation-trials",
  "--disable-features=AudioServiceOutOfProcess,IsolateOrigins,site-per-process",
]);

export async function launchBrowser(env: NodeJS.ProcessEnv = process.env): Promise<Browser> {
  const named = env.LIANXIN_CHROMIUM?.trim();
  if (named) {
    return chromium.launch({ executablePath: named, headless: true, args: ["--no-sandbox", "--disable-gpu", ...QUIET] });
  }
  const executablePath = await sparticuz.executablePath();
  const args = sparticuz.args.filter((arg) => !LAMBDA_ONLY.has(arg));
  return chromium.launch({ executablePath, headless: true, args: [...args, ...QUIET] });
}
