/**
 * The one typed door to `@std/cli`'s `parseArgs`. The npm build of Deno's
 * standard library ships JavaScript without declarations, so its exports type
 * as `any`; this file gives the call the signature we use, so that `any` does
 * not spread into the commands.
 *
 * @module
 */

import { parseArgs as untypedParseArgs } from "@std/cli/parse-args";

/** Options of {@link parseArgs}: the subset of `@std/cli`'s that looplab uses. */
export interface ParseOptions {
  /** Flags that take a string value. */
  string?: readonly string[];
  /** Flags that are on or off. */
  boolean?: readonly string[];
  /** Flags that may be given several times, collected into an array. */
  collect?: readonly string[];
  /** Short or alternative names: `{ h: "help" }`. */
  alias?: Record<string, string>;
  /** Values of flags that are not given. */
  default?: Record<string, string | boolean>;
  /**
   * Called with each flag not declared above; return false to leave it out
   * of the result (the commands use it to reject unknown flags).
   */
  unknown?: (arg: string, key?: string, value?: unknown) => boolean;
}

/** Parsed arguments: positional ones in `_`, flags by name. */
export interface ParsedArgs {
  /** Positional arguments, in order. */
  _: (string | number)[];
  /** Flags by name. */
  [flag: string]: unknown;
}

/**
 * Parses command-line arguments with `@std/cli`.
 *
 * @param args the arguments, e.g. `Deno.args`
 * @param options which flags take strings, which are booleans, aliases
 * @returns positional arguments and flags
 *
 * @example
 * ```ts
 * import { parseArgs } from "./_args.ts";
 * import { assertEquals } from "@std/assert";
 * const parsed = parseArgs(["run", "--quick"], { boolean: ["quick"] });
 * assertEquals(parsed._, ["run"]);
 * assertEquals(parsed.quick, true);
 * ```
 */
export function parseArgs(
  args: readonly string[],
  options: ParseOptions = {},
): ParsedArgs {
  return untypedParseArgs([...args], options) as ParsedArgs;
}
