/**
 * The CSV report: one row per case × metric with the main estimates, for
 * spreadsheets and pandas. Quoted per RFC 4180 (CRLF line ends, fields with
 * a comma, quote or line break in double quotes, quotes doubled). Text from
 * suites and artifacts that a spreadsheet would read as a formula is
 * neutralised as OWASP's CSV injection guidance says; numbers stay numbers.
 *
 * @module
 */

import type { Artifact } from "../artifact/mod.ts";

/** The columns, in order. */
export const CSV_COLUMNS: readonly string[] = [
  "suite",
  "case",
  "id",
  "params",
  "status",
  "metric",
  "unit",
  "direction",
  "n",
  "forks",
  "centre",
  "centre_lower",
  "centre_upper",
  "ci_level",
  "mean",
  "median",
  "std_dev",
  "mad",
  "min",
  "max",
  "p75",
  "p90",
  "p99",
  "p999",
  "outliers_low_severe",
  "outliers_low_mild",
  "outliers_high_mild",
  "outliers_high_severe",
  "modes",
  "failure",
];

/**
 * Quotes one field per RFC 4180 when it needs it.
 *
 * @param value the field's value
 * @returns the field as written
 *
 * @example
 * ```ts
 * import { csvField } from "./csv.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(csvField('say "hi", then go'), '"say ""hi"", then go"');
 * assertEquals(csvField(NaN), "");
 * ```
 */
export function csvField(value: string | number | null): string {
  if (value === null) return "";
  const text = typeof value === "number"
    ? (Number.isFinite(value) ? String(value) : "")
    : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * What a spreadsheet reads as the start of a formula (OWASP, CSV
 * injection): `=`, `+`, `-`, `@`, tab and carriage return; NUL too (OWASP
 * ASVS 1.2.10).
 */
const FORMULA_START = /^[=+\-@\t\r\0]/;

/**
 * Writes a text field (a name, id, unit or message, never a number looplab
 * computed): one that starts like a formula gets a single quote before it
 * and is quoted, as OWASP recommends, so that a spreadsheet shows it as
 * text; any other is {@link csvField}.
 *
 * @param text the text, or null for an empty field
 * @returns the field as written
 *
 * @example
 * ```ts
 * import { csvTextField } from "./csv.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(csvTextField('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
 * assertEquals(csvTextField("sum"), "sum");
 * ```
 */
export function csvTextField(text: string | null): string {
  if (text === null || !FORMULA_START.test(text)) return csvField(text);
  return `"'${text.replaceAll('"', '""')}"`;
}

/**
 * Renders an artifact as CSV.
 *
 * @param artifact the run
 * @returns the CSV text, a header and one row per case × metric
 *
 * @example
 * ```ts ignore
 * await Deno.writeTextFile("run.csv", renderCsv(artifact));
 * ```
 */
export function renderCsv(artifact: Artifact): string {
  const rows: string[][] = [CSV_COLUMNS.map(csvField)];
  for (const c of artifact.cases) {
    const metrics = c.metrics.length > 0 ? c.metrics : [null];
    for (const m of metrics) {
      const a = m?.analysis ?? null;
      const s = a?.summary;
      // Text from suites and artifacts, then looplab's own numbers.
      const text = [
        c.suite,
        c.case,
        c.id,
        JSON.stringify(c.params),
        c.status,
        m?.name ?? null,
        m?.unit ?? null,
        m?.direction ?? null,
      ];
      const numbers = [
        s?.n ?? null,
        a?.centre.forks ?? null,
        a?.centre.point ?? null,
        a?.centre.lower ?? null,
        a?.centre.upper ?? null,
        a?.centre.level ?? null,
        s?.mean ?? null,
        s?.median ?? null,
        s?.stdDev ?? null,
        s?.mad ?? null,
        s?.min ?? null,
        s?.max ?? null,
        s?.p75 ?? null,
        s?.p90 ?? null,
        s?.p99 ?? null,
        s?.p999 ?? null,
        a?.outliers.lowSevere ?? null,
        a?.outliers.lowMild ?? null,
        a?.outliers.highMild ?? null,
        a?.outliers.highSevere ?? null,
        a
          ? a.modality.modes.map((x) => `${x.location}@${x.share}`).join(";")
          : null,
      ];
      rows.push([
        ...text.map(csvTextField),
        ...numbers.map(csvField),
        csvTextField(
          c.failure ? `${c.failure.kind}: ${c.failure.message}` : null,
        ),
      ]);
    }
  }
  return rows.map((r) => r.join(",")).join("\r\n") + "\r\n";
}
