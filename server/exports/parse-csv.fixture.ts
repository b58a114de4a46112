/**
 * An RFC 4180 reader for the export tests, written apart from csv-table.ts (a state machine over characters, not
 * the writer's regex) so that a test parses what the writer wrote instead of trusting it. Throws on a stray quote.
 */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') {
      if (cell !== "") throw new Error(`a quote inside an unquoted field at ${i}`);
      quoted = true;
    } else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += ch;
  }
  if (quoted) throw new Error("an unclosed quote");
  if (cell !== "" || row.length > 0) throw new Error("the last row does not end with CRLF");
  const [header, ...body] = rows;
  if (!header) throw new Error("no header row");
  return body.map((r, n) => {
    if (r.length !== header.length) throw new Error(`row ${n + 1} has ${r.length} fields, the header ${header.length}`);
    return Object.fromEntries(header.map((h, k) => [h, r[k]]));
  });
}
