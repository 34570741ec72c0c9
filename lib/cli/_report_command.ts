/**
 * `report ARTIFACT --format F [--out FILE]`: render a saved artifact in any
 * format — exactly what the run that wrote it would have rendered. A soak
 * artifact (JSON Lines, its first line a soak header) is rendered as a
 * soak, even one cut off mid-line.
 *
 * @module
 */

import {
  type Format,
  FORMATS,
  parseFormat,
  renderFormat,
  renderSoak,
} from "../report/mod.ts";
import { quoteInput, readArtifact, writeFileAtomic } from "../artifact/mod.ts";
import { isSoakArtifact, readSoakArtifact } from "../soak/mod.ts";
import { parseFlags } from "./_flags.ts";
import { UsageError } from "./_usage.ts";

/** The formats a soak artifact renders in (md is accepted for markdown). */
const SOAK_FORMATS: readonly Format[] = [
  "terminal",
  "markdown",
  "html",
  "json",
];

/** Bytes read to tell a soak artifact by its first line. */
const HEADER_BYTES = 64 * 1024;

/** The help text of `report`. */
export const REPORT_USAGE = `looplab report ARTIFACT [flags]

  ARTIFACT is a run's JSON or a soak's JSON Lines (an interrupted soak's too)

  --format F         ${FORMATS.join(", ")} (default terminal; md and gab
                     are accepted for markdown and github-action-benchmark);
                     a soak: ${SOAK_FORMATS.join(", ")} (json: the soak as read)
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
  const path = String(flags._[0]);
  const color = flags.out === undefined && Deno.stdout.isTerminal() &&
    !Deno.noColor;
  let text: string;
  if (await isSoakFile(path)) {
    if (!SOAK_FORMATS.includes(format)) {
      throw new UsageError(
        `${quoteInput(path)} is a soak artifact; --format ${name} is for ` +
          `runs. A soak renders as: ${
            SOAK_FORMATS.join(", ")
          } (md for markdown)`,
      );
    }
    const record = await readSoakArtifact(path);
    text = format === "json"
      ? `${JSON.stringify(record, null, flags.compact === true ? 0 : 2)}\n`
      : renderSoak(record, format as "terminal" | "markdown" | "html", {
        color,
      });
  } else {
    const artifact = await readArtifact(path);
    text = renderFormat(artifact, format, {
      color,
      charts: flags.out === undefined && Deno.stdout.isTerminal(),
      direction,
      compact: flags.compact === true,
    });
  }
  if (flags.out !== undefined) {
    await writeFileAtomic(String(flags.out), text);
  } else {
    await Deno.stdout.write(new TextEncoder().encode(text));
  }
  return 0;
}

/**
 * Whether a file's first line is a soak header. A file that cannot be read
 * is not: reading it as a run says what is wrong with it.
 */
async function isSoakFile(path: string): Promise<boolean> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch {
    return false;
  }
  try {
    const buffer = new Uint8Array(HEADER_BYTES);
    let filled = 0;
    while (filled < buffer.length) {
      const n = await file.read(buffer.subarray(filled));
      if (n === null) break;
      filled += n;
    }
    return isSoakArtifact(new TextDecoder().decode(buffer.subarray(0, filled)));
  } catch {
    return false;
  } finally {
    file.close();
  }
}
