/**
 * `report ARTIFACT --format F [--out FILE]`: render a saved artifact in any
 * format — exactly what the run that wrote it would have rendered.
 *
 * @module
 */

import { quoteInput, readArtifact, writeFileAtomic } from "../artifact/mod.ts";
import { FORMATS, parseFormat, renderFormat } from "../report/mod.ts";
import { parseFlags } from "./_flags.ts";
import { UsageError } from "./_usage.ts";

/** The help text of `report`. */
export const REPORT_USAGE = `looplab report ARTIFACT.json [flags]

  --format F         ${FORMATS.join(", ")} (default terminal; md and gab
                     are accepted for markdown and github-action-benchmark)
  --out FILE         write to FILE (atomically) instead of stdout
  --direction D      github-action-benchmark: smaller (default) or bigger
  --compact          json: no indentation`;

/**
 * Runs the `report` command.
 *
 * @param args the arguments after `report`
 * @returns 0
 * @throws {UsageError} on bad arguments; ArtifactError on a bad artifact
 *
 * @example
 * ```ts ignore
 * await reportCommand(["run.json", "--format", "html", "--out", "run.html"]);
 * ```
 */
export async function reportCommand(args: readonly string[]): Promise<number> {
  const flags = parseFlags("report", args, {
    string: ["format", "out", "direction"],
    boolean: ["compact"],
  });
  if (flags.help) {
    console.log(REPORT_USAGE);
    return 0;
  }
  if (flags._.length !== 1) {
    throw new UsageError(`report takes one artifact; got ${flags._.length}`);
  }
  const name = flags.format === undefined ? "terminal" : String(flags.format);
  const format = parseFormat(name);
  if (format === null) {
    throw new UsageError(
      `unknown format ${quoteInput(name)}; accepted: ${FORMATS.join(", ")}`,
    );
  }
  const direction = flags.direction === undefined
    ? "smaller"
    : String(flags.direction);
  if (direction !== "smaller" && direction !== "bigger") {
    throw new UsageError(
      `--direction must be smaller or bigger, got ${quoteInput(direction)}`,
    );
  }
  const artifact = await readArtifact(String(flags._[0]));
  const text = renderFormat(artifact, format, {
    color: flags.out === undefined && Deno.stdout.isTerminal() &&
      !Deno.noColor,
    charts: flags.out === undefined && Deno.stdout.isTerminal(),
    direction,
    compact: flags.compact === true,
  });
  if (flags.out !== undefined) {
    await writeFileAtomic(String(flags.out), text);
  } else {
    await Deno.stdout.write(new TextEncoder().encode(text));
  }
  return 0;
}
