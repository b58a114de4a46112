/**
 * The link a crew opens on its phone to sign in (#13 item 3), and its QR code. The crew app reads `?token=` once,
 * remembers it and drops it from the address bar (client/common/token-store.ts); `?incident=` picks the incident.
 */
import QRCode from "qrcode";

/**
 * Medium error correction (15 % of the code may be smudged or glared) and the standard four-module quiet zone, drawn
 * at 5 px a module: a 120-character link is a 45-module code, 265 px square, that a phone reads off a laptop screen
 * from arm's length.
 */
export const QR_OPTIONS = { errorCorrectionLevel: "M", margin: 4, scale: 5 } as const;

/**
 * @example
 * crewLink("https://lianxin.example", "zz-2021", "lx_abc"); // "https://lianxin.example/crew?incident=zz-2021&token=lx_abc"
 */
export function crewLink(origin: string, incident: string, secret: string): string {
  return `${origin}/crew?incident=${encodeURIComponent(incident)}&token=${encodeURIComponent(secret)}`;
}

/** The link's QR code as a PNG data URL (drawn on a canvas in the browser). */
export function qrDataUrl(link: string): Promise<string> {
  return QRCode.toDataURL(link, { ...QR_OPTIONS, type: "image/png" });
}
