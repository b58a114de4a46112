/**
 * The crew app's service worker: keeps the /crew page and its scripts on the phone, so the app opens (and its
 * outbox keeps its reports) even when the page is reloaded with no network. API calls are never cached: the page
 * keeps its own copy of the scenario and plan, and reports wait in the outbox.
 *
 * Served at /crew-sw.js; it handles only the /crew page and /assets/*, and leaves every other request alone.
 */

// Typed by hand: the WebWorker lib cannot share one TypeScript program with the DOM lib the pages use.
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(response: Promise<Response>): void;
}
interface WorkerScope {
  addEventListener(type: "install" | "activate", listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: "fetch", listener: (event: FetchEvent) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  location: Location;
}

const worker = self as unknown as WorkerScope;
const CACHE = "lianxin-crew-v1";
const PAGE = "/crew";

worker.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const manifest = (await (await fetch("/assets/manifest.json", { cache: "no-store" })).json()) as { files: string[] };
    const cache = await caches.open(CACHE);
    await cache.addAll([PAGE, ...manifest.files]);
    await worker.skipWaiting();
  })());
});

worker.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
    await worker.clients.claim();
  })());
});

worker.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== worker.location.origin) return;
  if (event.request.mode === "navigate" && url.pathname === PAGE) event.respondWith(networkFirst(event.request));
  else if (url.pathname.startsWith("/assets/") && !url.pathname.endsWith(".map")) event.respondWith(cacheFirst(event.request));
});

/** The page: fresh when the network answers (a new bundle version), the kept copy when it does not. */
async function networkFirst(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(PAGE, response.clone());
    return response;
  } catch {
    return (await cache.match(PAGE)) ?? Response.error();
  }
}

/** Assets: their URLs carry the bundle version, so a kept copy is never stale. */
async function cacheFirst(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}
