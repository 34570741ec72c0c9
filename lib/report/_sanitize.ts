/**
 * Text that did not come from looplab — names, descriptions, units and
 * failure messages from suites and artifacts, a fork's stderr — made safe
 * to print on a terminal, where an escape sequence can retitle the window,
 * clear the screen or hide lines.
 *
 * @module
 */

// ECMA-48: a CSI (ESC [ or C1 0x9b) runs to its final byte; an OSC, DCS,
// SOS, PM or APC string (ESC ] P X ^ _, or C1 0x9d 0x90 0x98 0x9e 0x9f) runs
// to BEL or ST (ESC \ or 0x9c); any other ESC takes the one byte after it.
const ESCAPE_SEQUENCE = new RegExp(
  [
    "(?:\\x1b\\[|\\x9b)[\\x30-\\x3f]*[\\x20-\\x2f]*[\\x40-\\x7e]?",
    "(?:\\x1b[\\]PX^_]|[\\x90\\x98\\x9d-\\x9f])[^\\x07\\x1b\\x9c]*(?:\\x07|\\x1b\\\\|\\x9c)?",
    "\\x1b[\\x20-\\x7e]?",
  ].join("|"),
  "g",
);
/** C0 controls but newline and tab, DEL, and C1 controls. */
// deno-lint-ignore no-control-regex -- matching them is the point
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/**
 * Strips what a terminal would act on from text looplab did not write:
 * escape sequences whole, then every other control character (C0 but
 * newline and tab, DEL, C1). Applied to an object or array, returns a copy
 * with every string in it (keys too) stripped, sharing what had none to
 * strip.
 *
 * @param value a string, or plain data (JSON-like objects and arrays)
 *   holding strings
 * @returns the value without control characters
 *
 * @example
 * ```ts
 * import { terminalSafe } from "@looplab/looplab/report";
 * import { assertEquals } from "@std/assert";
 * assertEquals(terminalSafe("a\x1b]0;title\x07b\x1b[2Jc\rd"), "abcd");
 * assertEquals(terminalSafe({ id: ["x\x9b2Jy"], n: 1 }), { id: ["xy"], n: 1 });
 * ```
 */
export function terminalSafe<T>(value: T): T {
  if (typeof value === "string") {
    return value.replace(ESCAPE_SEQUENCE, "").replace(CONTROL, "") as T;
  }
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    // Samples: shared as they are, not copied.
    if (value.every((x) => typeof x === "number")) return value;
    const items = value.map(terminalSafe);
    return (items.every((x, i) => x === value[i]) ? value : items) as T;
  }
  const entries = Object.entries(value);
  // Keys too: a parameter's name is printed beside its value.
  const safe = entries.map(([k, v]) => [terminalSafe(k), terminalSafe(v)]);
  return (safe.every(([k, v], i) => k === entries[i][0] && v === entries[i][1])
    ? value
    : Object.fromEntries(safe)) as T;
}
