/**
 * The printable HTML pages of the exports (ICS 204, ICS 214, the situation report): escaping, and one page shell
 * with print CSS (A4, the fonts a Chinese and an English reader both have).
 */

/** Text for HTML content and attribute values; characters XML 1.0 forbids (C0 controls) are dropped. */
export function escapeHtml(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex -- exactly the controls HTML and XML refuse
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

export interface PageOptions {
  /** "zh-CN" or "en": the page's lang attribute */
  lang: string;
  title: string;
  /** extra CSS after the shared rules */
  css?: string;
  /** A4 portrait (default) or landscape */
  landscape?: boolean;
}

/**
 * A whole HTML document around `body` (already escaped HTML).
 *
 * @example
 * htmlPage({ lang: "en", title: "ICS 204" }, "<h1>…</h1>");
 */
export function htmlPage(options: PageOptions, body: string): string {
  const size = options.landscape ? "A4 landscape" : "A4";
  return `<!doctype html>
<html lang="${escapeHtml(options.lang)}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(options.title)}</title>
<style>
@page { size: ${size}; margin: 12mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans SC", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "Helvetica Neue", Arial, sans-serif; font-size: 10pt; color: #111; margin: 0; }
h1 { font-size: 15pt; margin: 0 0 2mm; }
h2 { font-size: 11pt; margin: 4mm 0 1.5mm; border-bottom: 0.3mm solid #444; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 0.2mm solid #999; padding: 0.6mm 1.2mm; text-align: left; vertical-align: top; }
th { background: #eee; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.meta { color: #333; margin: 0 0 2mm; }
.unit { break-inside: avoid; page-break-inside: avoid; }
@media print { .unit + .unit { break-before: page; page-break-before: always; } }
${options.css ?? ""}
</style>
</head>
<body>
${body}
</body>
</html>
`;
}
