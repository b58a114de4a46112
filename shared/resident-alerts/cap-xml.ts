/**
 * A resident alert as a CAP 1.2 document (OASIS Common Alerting Protocol, urn:oasis:names:tc:emergency:cap:1.2):
 * one <info> in zh-CN and one in en, category Infra, and an <area> circle of CAP_RADIUS_KM around the compound.
 * Element order is the schema's (test/fixtures/cap-1.2/CAP-v1.2.xsd; the tests validate against it).
 * Hand-written rather than through an XML library: the document is small and fixed, and escaping is the only rule.
 */
import type { Compound } from "../scenario.ts";
import type { ResidentAlert, ResidentAlertKind } from "./resident-alerts.ts";

/** the alert area: a circle of this radius (km) around the compound's location, a city block and its street */
export const CAP_RADIUS_KM = 0.3;

export interface CapOptions {
  sender: string;
  /** "Exercise" for a replay or an exercise, else "Actual" */
  status: "Actual" | "Exercise";
}

type Urgency = "Immediate" | "Expected" | "Future" | "Past";
type Severity = "Severe" | "Moderate" | "Minor";
type Certainty = "Observed" | "Likely";

/** what each kind means to a receiver (CAP's urgency, severity, certainty), and the event named in <event> */
export const CAP_VOCABULARY: Record<ResidentAlertKind, { urgency: Urgency; severity: Severity; certainty: Certainty; event: { "zh-CN": string; en: string } }> = {
  "outage.confirmed": { urgency: "Immediate", severity: "Moderate", certainty: "Observed", event: { "zh-CN": "停电确认", en: "Power outage confirmed" } },
  "generator.en-route": { urgency: "Expected", severity: "Moderate", certainty: "Likely", event: { "zh-CN": "发电车在途", en: "Generator on the way" } },
  "generator.powered": { urgency: "Immediate", severity: "Minor", certainty: "Observed", event: { "zh-CN": "发电车供电", en: "Power by generator" } },
  "grid.back": { urgency: "Past", severity: "Minor", certainty: "Observed", event: { "zh-CN": "电网恢复", en: "Grid power back" } },
};

export const escapeXml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c] ?? c);

/**
 * @example
 * res.type("application/cap+xml").send(capXml(alert, compound, { sender: "lianxin@localhost", status: "Actual" }));
 */
export function capXml(alert: ResidentAlert, compound: Compound, options: CapOptions): string {
  const v = CAP_VOCABULARY[alert.kind];
  const [lon, lat] = compound.location;
  const area = compound.address ? `${compound.name}, ${compound.address}` : compound.name;
  const info = (lang: "zh-CN" | "en") => [
    "  <info>",
    `    <language>${lang}</language>`,
    "    <category>Infra</category>",
    `    <event>${escapeXml(v.event[lang])}</event>`,
    `    <urgency>${v.urgency}</urgency>`,
    `    <severity>${v.severity}</severity>`,
    `    <certainty>${v.certainty}</certainty>`,
    `    <eventCode><valueName>lianxin</valueName><value>${alert.kind}</value></eventCode>`,
    `    <senderName>${escapeXml(lang === "zh-CN" ? "联新应急供电指挥部" : "Lianxin emergency power command")}</senderName>`,
    `    <headline>${escapeXml(alert.headline[lang])}</headline>`,
    `    <description>${escapeXml(alert.description[lang])}</description>`,
    ...(alert.etr
      ? ["earliest", "likely", "latest"].map((k) => `    <parameter><valueName>etr.${k}</valueName><value>${alert.etr![k as "earliest"]}</value></parameter>`)
      : []),
    "    <area>",
    `      <areaDesc>${escapeXml(area)}</areaDesc>`,
    `      <circle>${lat.toFixed(6)},${lon.toFixed(6)} ${CAP_RADIUS_KM}</circle>`,
    "    </area>",
    "  </info>",
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">',
    `  <identifier>${escapeXml(alert.identifier)}</identifier>`,
    `  <sender>${escapeXml(options.sender)}</sender>`,
    `  <sent>${alert.sent}</sent>`,
    `  <status>${options.status}</status>`,
    `  <msgType>${alert.msgType}</msgType>`,
    "  <scope>Public</scope>",
    ...(alert.references ? [`  <references>${escapeXml(alert.references)}</references>`] : []),
    `  <incidents>${escapeXml(alert.incident)}</incidents>`,
    ...info("zh-CN"),
    ...info("en"),
    "</alert>",
    "",
  ].join("\n");
}
