/**
 * Strict flag parsing on top of `@std/cli`: an unknown flag is an error that
 * lists the accepted ones.
 *
 * @module
 */

import { parseArgs, type ParsedArgs } from "./_args.ts";
import { UsageError } from "./_usage.ts";

/**
 * Parses a command's arguments, rejecting flags it does not declare.
 *
 * @param command the command's name, for messages
 * @param args the arguments after the command
 * @param declared the flags that take strings and the boolean ones
 * @returns the parsed arguments
 * @throws {UsageError} on an unknown flag
 *
 * @example
 * ```ts
 * import { parseFlags } from "./_flags.ts";
 * import { UsageError } from "./_usage.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 * const declared = { boolean: ["quick"] };
 * assertEquals(parseFlags("run", ["--quick"], declared).quick, true);
 * assertThrows(
 *   () => parseFlags("run", ["--quik"], declared),
 *   UsageError,
 *   "run: unknown flag --quik; accepted: --quick",
 * );
 * ```
 */
export function parseFlags(
  command: string,
  args: readonly string[],
  declared: { string?: string[]; boolean?: string[] },
): ParsedArgs {
  const unknown: string[] = [];
  // `--json -` means stdout and `--forks -1` is a (bad) count: @std/cli
  // would read the lone "-" as positional and "-1" as a flag.
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const name = args[i].startsWith("--") ? args[i].slice(2) : "";
    const next = args[i + 1];
    if (
      declared.string?.includes(name) && next !== undefined &&
      (next === "-" || /^-\d/.test(next))
    ) {
      joined.push(`${args[i]}=${next}`);
      i++;
    } else {
      joined.push(args[i]);
    }
  }
  const parsed = parseArgs(joined, {
    string: declared.string,
    boolean: [...(declared.boolean ?? []), "help"],
    alias: { h: "help" },
    unknown: (arg) => {
      if (arg.startsWith("-") && arg !== "-") {
        unknown.push(arg.replace(/=.*$/, ""));
        return false;
      }
      return true;
    },
  });
  if (unknown.length > 0) {
    const accepted = [...(declared.string ?? []), ...(declared.boolean ?? [])]
      .map((f) => `--${f}`).join(", ");
    throw new UsageError(
      `${command}: unknown flag ${unknown[0]}; accepted: ${accepted || "none"}`,
    );
  }
  return parsed;
}
