/**
 * Quoting input in error messages: a bad value is shown as JSON, cut to a
 * short prefix, so that a message about a huge value stays one short line
 * and a control character in it reaches the terminal escaped.
 *
 * @module
 */

/** Characters of a value that an error message quotes, at most. */
export const MAX_QUOTE_CHARS = 60;

/**
 * Quotes a value read from input for an error message: JSON for what JSON
 * can hold (strings escaped, so no control character is printed raw), the
 * JavaScript name for what it cannot (`Infinity`, `NaN`, `undefined`,
 * `10n`), and at most {@link MAX_QUOTE_CHARS} characters of it, ending in
 * `…` when cut. A long string also says how long it was.
 *
 * @param value the value to quote
 * @returns the quoted prefix
 *
 * @example
 * ```ts
 * import { quoteInput } from "@looplab/looplab/artifact";
 * import { assertEquals } from "@std/assert";
 * assertEquals(quoteInput("2x"), '"2x"');
 * assertEquals(quoteInput(JSON.parse("1e999")), "Infinity");
 * assertEquals(quoteInput("a".repeat(100)).endsWith('…" (100 characters)'), true);
 * ```
 */
export function quoteInput(value: unknown): string {
  if (typeof value === "string" && value.length > MAX_QUOTE_CHARS) {
    return `${
      JSON.stringify(value.slice(0, MAX_QUOTE_CHARS)).slice(0, -1)
    }…" (${value.length} characters)`;
  }
  const parts: string[] = [];
  let length = 0;
  // Stops writing once past the limit, so a value of millions of elements
  // costs no more than its first few.
  const write = (text: string): boolean => {
    parts.push(text);
    length += text.length;
    return length <= MAX_QUOTE_CHARS;
  };
  const visit = (v: unknown): boolean => {
    if (Array.isArray(v)) {
      if (!write("[")) return false;
      for (let i = 0; i < v.length; i++) {
        if ((i > 0 && !write(",")) || !visit(v[i])) return false;
      }
      return write("]");
    }
    if (typeof v === "object" && v !== null) {
      if (!write("{")) return false;
      let first = true;
      for (const key in v) {
        if (!first && !write(",")) return false;
        first = false;
        if (!write(`${JSON.stringify(key)}:`)) return false;
        if (!visit((v as Record<string, unknown>)[key])) return false;
      }
      return write("}");
    }
    return write(scalar(v));
  };
  if (visit(value)) return parts.join("");
  return `${parts.join("").slice(0, MAX_QUOTE_CHARS)}…`;
}

function scalar(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return typeof v === "function" ? "a function" : String(v);
}
