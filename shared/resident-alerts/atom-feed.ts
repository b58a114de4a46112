/**
 * Every resident alert of an incident as an Atom 1.0 feed (RFC 4287), newest first: each entry links to its CAP
 * document (the CAP feeds convention: rel="alternate" type="application/cap+xml") and carries the alert's headline
 * and description in both languages.
 */
import { escapeXml } from "./cap-xml.ts";
import type { ResidentAlert } from "./resident-alerts.ts";

export interface AtomOptions {
  incident: string;
  incidentName: string;
  /** the feed's own URL path, e.g. /api/incidents/<id>/alerts.atom */
  selfPath: string;
  /** the CAP document of one alert */
  capPath: (alert: ResidentAlert) => string;
  /** when the feed was made, ISO with offset (used when there is no alert yet) */
  updated: string;
}

/**
 * @example
 * res.type("application/atom+xml").send(atomFeed(alerts, { incident, incidentName, selfPath, capPath, updated }));
 */
export function atomFeed(alerts: readonly ResidentAlert[], options: AtomOptions): string {
  const newest = [...alerts].reverse();
  const entries = newest.flatMap((a) => [
    "  <entry>",
    `    <id>urn:lianxin:alert:${escapeXml(a.identifier)}</id>`,
    `    <title>${escapeXml(`${a.headline["zh-CN"]} / ${a.headline.en}`)}</title>`,
    `    <updated>${a.sent}</updated>`,
    `    <published>${a.sent}</published>`,
    `    <category term="${a.kind}"/>`,
    `    <link rel="alternate" type="application/cap+xml" href="${escapeXml(options.capPath(a))}"/>`,
    `    <summary type="text">${escapeXml(`${a.description["zh-CN"]}\n${a.description.en}`)}</summary>`,
    "  </entry>",
  ]);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>urn:lianxin:incident:${escapeXml(options.incident)}:alerts</id>`,
    `  <title>${escapeXml(`${options.incidentName}: 居民停电通知 / resident alerts`)}</title>`,
    `  <updated>${newest[0]?.sent ?? options.updated}</updated>`,
    "  <author><name>Lianxin</name></author>",
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(options.selfPath)}"/>`,
    ...entries,
    "</feed>",
    "",
  ].join("\n");
}
