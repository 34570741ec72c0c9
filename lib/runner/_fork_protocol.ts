/**
 * What a parent sends a fork and how the fork answers: one JSON request
 * line on stdin, one result line on stdout behind a marker with a per-fork
 * nonce, so that whatever a case prints cannot be mistaken for the result.
 * The fork then waits for its stdin to close before it exits, so that the
 * parent can read what the host did to it from `/proc` while it still
 * exists; a parent that dies closes it too.
 *
 * @module
 */

import type { ForkResult, ForkSettings } from "./_measure_fork_here.ts";
import type { Params, SuiteOrigin } from "./suite.ts";

/** The request a parent writes to a fork's stdin. */
export interface ForkRequest {
  /**
   * The suites the members belong to, each with where to rebuild it from:
   * one, or two revisions' suites whose module graphs share no local
   * module.
   */
  suites: { origin: SuiteOrigin; name: string }[];
  /**
   * The case to measure, or a group's cases to measure interleaved (bench
   * cases), each naming its suite by its place in `suites`.
   */
  members: { suite: number; case: string; params: Params }[];
  /** How to measure. */
  settings: ForkSettings;
  /** Tags the result line. */
  nonce: string;
}

/** The prefix of the result line, before the nonce. */
export const RESULT_MARKER = "\u001eLOOPLAB-RESULT:";

/**
 * The line a fork prints for its result.
 *
 * @param nonce the request's nonce
 * @param results the fork's results, one per member
 * @returns one line, ending in a newline
 *
 * @example
 * ```ts ignore
 * resultLine("abc", result);
 * ```
 */
export function resultLine(nonce: string, results: ForkResult[]): string {
  return `${RESULT_MARKER}${nonce}:${JSON.stringify(results)}\n`;
}

/**
 * Finds the last line behind the result marker and a nonce in a process's
 * stdout and parses it: a fork's results, a listing fork's listing.
 *
 * @param stdout everything the process printed
 * @param nonce the request's nonce
 * @returns the parsed value, or null when there is none or it is not JSON
 *
 * @example
 * ```ts
 * import { parseMarked, RESULT_MARKER } from "./_fork_protocol.ts";
 * import { assertEquals } from "@std/assert";
 * const out = `hello\n${RESULT_MARKER}n1:{"a":1}\n`;
 * assertEquals(parseMarked(out, "n1"), { a: 1 });
 * assertEquals(parseMarked(out, "n2"), null);
 * ```
 */
export function parseMarked(stdout: string, nonce: string): unknown {
  const prefix = `${RESULT_MARKER}${nonce}:`;
  const start = stdout.lastIndexOf(prefix);
  if (start < 0) return null;
  const end = stdout.indexOf("\n", start);
  try {
    return JSON.parse(
      stdout.slice(start + prefix.length, end < 0 ? undefined : end),
    );
  } catch {
    return null;
  }
}

/**
 * Finds the result line in a fork's stdout.
 *
 * @param stdout everything the fork printed
 * @param nonce the request's nonce
 * @returns the results, one per member, or null when there are none
 *
 * @example
 * ```ts ignore
 * parseResult(stdout, "abc");
 * ```
 */
export function parseResult(
  stdout: string,
  nonce: string,
): ForkResult[] | null {
  const results = parseMarked(stdout, nonce);
  return Array.isArray(results) ? results as ForkResult[] : null;
}
