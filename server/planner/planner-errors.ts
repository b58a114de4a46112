/**
 * Typed errors of the planning core, tested by class rather than by message (as graphology does).
 */

/** A road-network node index or key that does not exist. */
export class UnknownNodeError extends Error {
  readonly node: string | number;
  constructor(node: string | number) {
    super(`unknown road node ${JSON.stringify(node)}`);
    this.name = "UnknownNodeError";
    this.node = node;
  }
}

/** A site index outside the instance (compounds then truck starts). */
export class UnknownSiteError extends Error {
  readonly site: number;
  constructor(site: number) {
    super(`unknown site ${site}`);
    this.name = "UnknownSiteError";
    this.site = site;
  }
}

/** The bound's arcs between compounds broke their order (each arc leads to a later compound): a bug, not bad input. */
export class ArcOrderError extends Error {
  readonly from: number;
  readonly to: number;
  constructor(from: number, to: number) {
    super(`bound arc ${from} → ${to} does not lead to a later compound`);
    this.name = "ArcOrderError";
    this.from = from;
    this.to = to;
  }
}
