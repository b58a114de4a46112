/**
 * PGlite's settings for one server's incident data. shared_buffers at 32 MB (PostgreSQL's default is 128 MB): an
 * open of an existing directory then takes ~140 MB instead of ~200 MB (measured, Node 20, PGlite 0.5), for one
 * session on a few hundred thousand rows at most, whose pages the OS caches anyway (PGlite reads its files through
 * Node's fs).
 */
export const PGLITE_OPTIONS = { postgresqlconf: ["shared_buffers = 32MB"] };
