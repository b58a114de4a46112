// Loaded by mocha before every spec (see .mocharc.json). Integration suites read
// DATABASE_URL / REDIS_URL themselves; nothing global is configured here yet.
export {};
