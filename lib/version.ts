/**
 * looplab's version, as in deno.json (a test keeps the two equal).
 *
 * @module
 */

/**
 * The package version.
 *
 * @example
 * ```ts
 * import { VERSION } from "@looplab/looplab";
 * import { assertMatch } from "@std/assert";
 * assertMatch(VERSION, /^\d+\.\d+\.\d+/); // semver, as JSR requires
 * ```
 */
export const VERSION = "0.1.0";
