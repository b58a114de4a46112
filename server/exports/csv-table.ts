/**
 * CSV as RFC 4180 writes it: CRLF line ends, a header row, a field quoted when it holds a quote, comma or line end.
 * Hand-written: three lines, and the export must not differ by a library's defaults (BOM, quoting all fields).
 */

/**
 * @example
 * csvTable(["a", "b"], [["1", 'say "hi"']]); // 'a,b\r\n1,"say ""hi"""\r\n'
 */
export function csvTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

export function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
