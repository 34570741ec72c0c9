/**
 * What a parent sends a fork and how the fork answers: one JSON request on
 * stdin, one result line on stdout behind a marker with a per-fork nonce, so
 * that whatever a case prints cannot be mistaken for the result.
 *
 * @module
 */

import type { ForkResult, ForkSettings } from "./_measure_fork_here.ts";
import type { Params, SuiteOrigin } from "./suite.ts";

/** The request a parent writes to a fork's stdin. */
export interface ForkRequest {
  /** Where to rebuild the suite from. */
  origin: SuiteOrigin;
  /** The suite's name. */
  suite: string;
  /** The case's name. */
  case: string;
  /** The parameter values. */
  params: Params;
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
 * @param result the fork's result
 * @returns one line, ending in a newline
 *
 * @example
 * ```ts ignore
 * resultLine("abc", result);
 * ```
 */
export function resultLine(nonce: string, result: ForkResult): string {
  return `${RESULT_MARKER}${nonce}:${JSON.stringify(result)}\n`;
}

/**
 * Finds the result line in a fork's stdout.
 *
 * @param stdout everything the fork printed
 * @param nonce the request's nonce
 * @returns the result, or null when there is none
 *
 * @example
 * ```ts ignore
 * parseResult(stdout, "abc");
 * ```
 */
export function parseResult(stdout: string, nonce: string): ForkResult | null {
  const prefix = `${RESULT_MARKER}${nonce}:`;
  const start = stdout.lastIndexOf(prefix);
  if (start < 0) return null;
  const end = stdout.indexOf("\n", start);
  const json = stdout.slice(start + prefix.length, end < 0 ? undefined : end);
  try {
    return JSON.parse(json) as ForkResult;
  } catch {
    return null;
  }
}
