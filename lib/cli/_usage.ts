/**
 * Usage errors and the parsing of option values: a bad value is a one-line
 * error that says what was wrong and what is accepted (exit code 2).
 *
 * @module
 */

import { quoteInput } from "../artifact/mod.ts";

/** The shell's code for a command ended by Ctrl-C (128 + SIGINT). */
export const INTERRUPTED_EXIT_CODE = 130;

/** A command-line mistake: printed as one line, exit code 2. */
export class UsageError extends Error {
  /** Names the error in stack traces. */
  override name = "UsageError";
}

/** Milliseconds in each unit a duration may be written in. */
const MS_PER: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * Parses a duration: `500ms`, `2s`, `1.5s`, `10m`, `12h`, or a bare number
 * of ms.
 *
 * @param flag the flag's name, for the message
 * @param value the text given
 * @param max the longest accepted, in ms, and why
 * @returns milliseconds
 * @throws {UsageError} on anything else, or past `max`
 *
 * @example
 * ```ts
 * import { parseDuration } from "./_usage.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(parseDuration("--time", "2s"), 2000);
 * assertEquals(parseDuration("--time", "750"), 750);
 * assertEquals(parseDuration("--duration", "12h"), 43_200_000);
 * ```
 */
export function parseDuration(
  flag: string,
  value: unknown,
  max?: { ms: number; reason: string },
): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(String(value).trim());
  const ms = match ? Number(match[1]) * MS_PER[match[2] ?? "ms"] : NaN;
  if (!(ms > 0) || !Number.isFinite(ms)) {
    throw new UsageError(
      `${flag} must be a duration like 500ms, 2s, 10m, 12h or 750 (ms), got ${
        quoteInput(String(value))
      }`,
    );
  }
  if (max !== undefined && ms > max.ms) {
    throw new UsageError(
      `${flag} must be at most ${max.ms}ms: ${max.reason}, got ${
        quoteInput(String(value))
      }`,
    );
  }
  return ms;
}

/**
 * Parses a whole number within bounds.
 *
 * @param flag the flag's name
 * @param value the text given
 * @param min smallest accepted
 * @param max largest accepted
 * @returns the number
 * @throws {UsageError} when it is not a whole number in range
 *
 * @example
 * ```ts
 * import { parseInteger, UsageError } from "./_usage.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 * assertEquals(parseInteger("--forks", "5", 1), 5);
 * assertThrows(() => parseInteger("--forks", "0", 1), UsageError, "≥ 1");
 * ```
 */
export function parseInteger(
  flag: string,
  value: unknown,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const text = String(value).trim();
  const n = /^-?\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER
      ? `a whole number ≥ ${min}`
      : `a whole number from ${min} to ${max}`;
    throw new UsageError(
      `${flag} must be ${range}, got ${quoteInput(text)}`,
    );
  }
  return n;
}

/**
 * Parses a percentage: `5`, `5%` or `0.5%`.
 *
 * @param flag the flag's name
 * @param value the text given
 * @returns the fraction (5% → 0.05)
 * @throws {UsageError} on anything else
 *
 * @example
 * ```ts
 * import { parsePercent } from "./_usage.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(parsePercent("--fail-on-regression", "5%"), 0.05);
 * ```
 */
export function parsePercent(flag: string, value: unknown): number {
  const match = /^(\d+(?:\.\d+)?)%?$/.exec(String(value).trim());
  const pct = match ? Number(match[1]) : NaN;
  if (!(pct >= 0) || !Number.isFinite(pct)) {
    throw new UsageError(
      `${flag} must be a percentage like 5 or 2.5%, got ${
        quoteInput(String(value))
      }`,
    );
  }
  return pct / 100;
}
