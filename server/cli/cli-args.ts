/**
 * The CLIs' shared argument manners (issue #15): every flag declared once with its help line, `--help` prints the
 * usage with every flag (exit 0), an unknown flag names itself and points to `--help` (exit 2). A CLI adds a flag
 * by adding one entry to its spec; its own parser then reads the values (and checks them) from `ParsedArgs`.
 */

export interface FlagSpec {
  /** e.g. "--time-limit" */
  flag: string;
  /** placeholder of its value, e.g. "<seconds>"; absent for a switch */
  value?: string;
  /** may be given more than once (its values in order) */
  repeat?: boolean;
  help: string;
}

export interface CliSpec {
  /** how it is run, e.g. "npm run --silent plan --" */
  command: string;
  /** the positional arguments, e.g. "<scenario.json>" */
  positional: string;
  /** one paragraph: what it does */
  summary: string;
  flags: FlagSpec[];
}

export interface ParsedArgs {
  help: boolean;
  positional: string[];
  /** each flag given, with its values (switches: []) */
  flags: Map<string, string[]>;
}

/** Bad arguments: the message is one line naming what is wrong. */
export class UsageError extends Error {}

/**
 * @example
 * const spec = { command: "tool", positional: "<file>", summary: "…", flags: [{ flag: "--json", help: "…" }] };
 * parseCliArgs(["a.json", "--json"], spec).flags.has("--json"); // true
 * parseCliArgs(["--frob"], spec); // throws UsageError("unknown option --frob (see --help)")
 */
export function parseCliArgs(argv: string[], spec: CliSpec): ParsedArgs {
  const out: ParsedArgs = { help: false, positional: [], flags: new Map() };
  const byName = new Map(spec.flags.map((f) => [f.flag, f]));
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--help" || a === "-h") { out.help = true; continue; }
    if (!a.startsWith("-") || a === "-") { out.positional.push(a); continue; }
    const [name, inline] = a.startsWith("--") && a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const f = byName.get(name);
    if (!f) throw new UsageError(`unknown option ${name} (see --help)`);
    // given twice: a repeatable flag keeps every value, any other the last (lastValue)
    const values = out.flags.get(name) ?? [];
    if (f.value === undefined) {
      if (inline !== undefined) throw new UsageError(`${name} takes no value`);
    } else {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value ${f.value}`);
      values.push(v);
    }
    out.flags.set(name, values);
  }
  return out;
}

/** The one-line usage. */
export function usageLine(spec: CliSpec): string {
  const flags = spec.flags.map((f) => `[${f.flag}${f.value ? ` ${f.value}` : ""}]${f.repeat ? "..." : ""}`);
  return `usage: ${spec.command} ${spec.positional} ${flags.join(" ")}`.trimEnd();
}

/** What --help prints: the usage line, the summary and every flag with its help. */
export function helpText(spec: CliSpec): string {
  const rows = [...spec.flags.map((f) => [`${f.flag}${f.value ? ` ${f.value}` : ""}`, f.help]), ["--help, -h", "print this help and exit"]];
  const width = Math.max(...rows.map((r) => r[0].length));
  return [usageLine(spec), "", spec.summary, "", "Options:", ...rows.map(([l, h]) => `  ${l.padEnd(width)}  ${h}`), ""].join("\n");
}

/** The last value of a flag, or undefined. */
export function lastValue(args: ParsedArgs, flag: string): string | undefined {
  return args.flags.get(flag)?.at(-1);
}

/** --seed's value: an integer, 1 when not given. */
export function seedArg(args: ParsedArgs): number {
  const seed = lastValue(args, "--seed");
  if (seed === undefined) return 1;
  const n = Number(seed);
  if (!Number.isInteger(n)) throw new UsageError("--seed: must be an integer");
  return n;
}

/** The one positional argument, a file. */
export function fileArg(args: ParsedArgs, placeholder: string): string {
  const [file, extra] = args.positional;
  if (extra !== undefined) throw new UsageError(`unexpected argument ${extra}`);
  if (file === undefined) throw new UsageError(`missing ${placeholder}`);
  return file;
}
