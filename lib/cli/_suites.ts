/**
 * Turning `run` arguments into suites: a built-in suite's name, or the path
 * or URL of a module whose exported suites (and suite factories, called
 * with their default options) are taken.
 *
 * @module
 */

import { quoteInput } from "../artifact/mod.ts";
import { FACTORY, isSuite, type Suite } from "../runner/mod.ts";
import { type BuiltinSet, builtinSuites } from "../../suites/mod.ts";
import { UsageError } from "./_usage.ts";

/**
 * Resolves suite arguments; none means every built-in suite, as the tour
 * unless `set` asks for the full set. A built-in suite named on its own
 * runs with its full default options.
 *
 * @param args suite names or module paths/URLs
 * @param set which built-in set to run when no suite is named
 * @returns the suites, in the order given
 * @throws {UsageError} on an unknown name, a module that cannot be loaded
 *   or one that exports no suite
 *
 * @example
 * ```ts ignore
 * await resolveSuites(["calibration", "./bench/my_suite.ts"]);
 * ```
 */
export async function resolveSuites(
  args: readonly string[],
  set: BuiltinSet = "tour",
): Promise<Suite[]> {
  if (args.length === 0) return builtinSuites(set);
  const builtins = builtinSuites("full");
  const suites: Suite[] = [];
  for (const arg of args) {
    const builtin = builtins.find((s) => s.name === arg);
    if (builtin) {
      suites.push(builtin);
      continue;
    }
    if (!/[/\\.]/.test(arg)) {
      throw new UsageError(
        `unknown suite ${quoteInput(arg)}; built-in suites: ${
          builtins.map((s) => s.name).join(", ")
        }; or give the path of a module that exports suites`,
      );
    }
    suites.push(...await suitesFromModule(arg));
  }
  return suites;
}

async function suitesFromModule(arg: string): Promise<Suite[]> {
  const url = /^[a-z]+:/.test(arg)
    ? arg
    : new URL(arg, `file://${Deno.cwd()}/`).href;
  let exports: Record<string, unknown>;
  try {
    exports = await import(url);
  } catch (error) {
    throw new UsageError(
      `cannot load suite module ${arg}: ${
        (error as Error).message.split("\n")[0]
      }`,
    );
  }
  const found: Suite[] = [];
  for (const value of Object.values(exports)) {
    if (isSuite(value)) found.push(value);
    else if (
      typeof value === "function" &&
      FACTORY in value
    ) {
      found.push((value as unknown as () => Suite)());
    }
  }
  if (found.length === 0) {
    throw new UsageError(
      `${arg} exports no suites; export the result of defineSuite() or a ` +
        "defineSuiteFactory() factory",
    );
  }
  return found;
}
