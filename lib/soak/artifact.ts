/**
 * Writing and reading soak artifacts: JSON Lines appended as the soak goes
 * (see `types.ts`). Each line is written whole in one call as soon as it is
 * known, so a soak killed at any moment leaves every earlier line intact;
 * reading tolerates a last line cut short, and a file without its verdict
 * line is read as interrupted.
 *
 * @module
 */

import { ArtifactError } from "../artifact/mod.ts";
import { judgeSoak } from "./_verdict.ts";
import {
  SOAK_SCHEMA_VERSION,
  type SoakEvent,
  type SoakHeader,
  type SoakLine,
  type SoakSample,
  type SoakVerdict,
} from "./types.ts";

/** Appends lines to a soak artifact. */
export interface SoakWriter {
  /**
   * Writes one line, whole, at once.
   *
   * @throws {ArtifactError} when the write fails; the lines before it stay
   */
  write(line: SoakLine): Promise<void>;
  /** Closes the file. */
  close(): void;
}

/**
 * Creates (or truncates) a soak artifact and returns its writer.
 *
 * @param path the file
 * @returns the writer
 * @throws {ArtifactError} when the file cannot be created
 *
 * @example
 * ```ts ignore
 * const out = await createSoakWriter("soak.jsonl");
 * await out.write(header);
 * ```
 */
export async function createSoakWriter(path: string): Promise<SoakWriter> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, {
      write: true,
      create: true,
      truncate: true,
    });
  } catch (error) {
    throw new ArtifactError(
      `${path}: cannot be written: ${(error as Error).message}`,
    );
  }
  const encoder = new TextEncoder();
  let queue = Promise.resolve();
  return {
    write(line) {
      const bytes = encoder.encode(`${JSON.stringify(line)}\n`);
      // In order, each line whole: one write after the other.
      queue = queue.then(async () => {
        let written = 0;
        try {
          while (written < bytes.length) {
            written += await file.write(bytes.subarray(written));
          }
        } catch (error) {
          // The disk filled, or the file went: the soak must stop, saying so.
          throw new ArtifactError(
            `${path}: writing the soak artifact failed: ${
              (error as Error).message
            }; every line before is kept`,
          );
        }
      });
      return queue;
    },
    close() {
      file.close();
    },
  };
}

/** A soak artifact as read. */
export interface SoakRecord {
  /** The header. */
  header: SoakHeader;
  /** The samples, in order. */
  samples: SoakSample[];
  /** The events, in order. */
  events: SoakEvent[];
  /**
   * The verdict: the soak's own, or, for a soak that did not reach its end
   * (`interrupted`), one judged here from the samples and events it left.
   */
  verdict: SoakVerdict;
  /** True when the file has no verdict line: the runner was stopped or killed. */
  interrupted: boolean;
  /** True when the last line was cut short (and left out). */
  cutOff: boolean;
}

/**
 * Whether a text is a soak artifact: its first line is a soak header.
 *
 * @param text the file's text (its first line is enough)
 * @returns true for a soak artifact
 *
 * @example
 * ```ts
 * import { isSoakArtifact } from "./artifact.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(isSoakArtifact('{"type":"header","kind":"soak"}\n'), true);
 * assertEquals(isSoakArtifact('{"schemaVersion":5,"kind":"run"}'), false);
 * ```
 */
export function isSoakArtifact(text: string): boolean {
  const first = text.slice(0, text.indexOf("\n") >>> 0);
  try {
    const line = JSON.parse(first);
    return line?.type === "header" && line?.kind === "soak";
  } catch {
    return false;
  }
}

/**
 * Reads a soak artifact's text: a header, then samples, events and, once
 * the soak ended, its verdict. A last line cut short is left out and said;
 * any other line that is not JSON, or of no known type, is an error naming
 * the file and the line.
 *
 * @param text the file's text
 * @param name the file's name, for messages
 * @returns the soak as read
 * @throws {ArtifactError} on a file that is not a soak artifact, of a newer
 *   schema version, or with a bad line
 *
 * @example
 * ```ts
 * import { parseSoakArtifact } from "./artifact.ts";
 * import { assertEquals } from "@std/assert";
 * const settings = {
 *   durationMs: 1000, warmupMs: 0, intervalMs: 100, restart: false,
 *   hangMs: 5000, minSamples: 30, alpha: 0.05,
 *   thresholds: [{ resource: "fds", perHour: 10, unit: "fds/h" }],
 * };
 * const header = { type: "header", kind: "soak", schemaVersion: 1, settings };
 * const sample = { type: "sample", tMs: 100, child: 0, fds: 12 };
 * const soak = parseSoakArtifact(
 *   `${JSON.stringify(header)}\n${JSON.stringify(sample)}\n{"type":"sam`,
 *   "soak.jsonl",
 * );
 * assertEquals([soak.samples.length, soak.interrupted, soak.cutOff], [1, true, true]);
 * // Judged from what it left: one sample of fds, not the 30 it needs.
 * assertEquals(soak.verdict.passed, false);
 * assertEquals(soak.verdict.series[0].verdict, "too few samples");
 * ```
 */
export function parseSoakArtifact(text: string, name: string): SoakRecord {
  const lines = text.split("\n");
  // A file written whole ends with a newline: its last piece is "".
  const last = lines.pop() ?? "";
  const cutOff = last.trim() !== "";
  const parsed: SoakLine[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    try {
      parsed.push(JSON.parse(line) as SoakLine);
    } catch {
      throw new ArtifactError(
        `${name}: line ${i + 1} is not JSON: ${line.slice(0, 60)}`,
      );
    }
  });
  if (cutOff) {
    // The last line may still be whole JSON written without its newline.
    try {
      parsed.push(JSON.parse(last) as SoakLine);
    } catch {
      // Cut short: left out, and said.
    }
  }
  const header = parsed[0];
  if (header?.type !== "header" || header.kind !== "soak") {
    throw new ArtifactError(
      `${name}: not a soak artifact (its first line is not a soak header)`,
    );
  }
  if (
    typeof header.schemaVersion !== "number" ||
    header.schemaVersion > SOAK_SCHEMA_VERSION
  ) {
    throw new ArtifactError(
      `${name}: soak schema version ${header.schemaVersion}; this looplab ` +
        `reads up to ${SOAK_SCHEMA_VERSION}`,
    );
  }
  const samples: SoakSample[] = [];
  const events: SoakEvent[] = [];
  let verdict: SoakVerdict | null = null;
  parsed.slice(1).forEach((line, i) => {
    switch (line.type) {
      case "sample":
        samples.push(line);
        break;
      case "event":
        events.push(line);
        break;
      case "verdict":
        verdict = line;
        break;
      default:
        throw new ArtifactError(
          `${name}: line ${i + 2} has type ${
            JSON.stringify((line as { type?: unknown }).type)
          }; expected sample, event or verdict`,
        );
    }
  });
  const lastMs = Math.max(
    0,
    ...samples.map((s) => s.tMs),
    ...events.map((e) => e.tMs),
  );
  return {
    header,
    samples,
    events,
    verdict: verdict ?? interruptedVerdict(
      judgeSoak(samples, events, header.settings, lastMs),
      header.settings.durationMs,
    ),
    interrupted: verdict === null,
    cutOff: cutOff && !isWhole(last),
  };
}

/**
 * The verdict of a soak that did not reach its end: each series judged on
 * what it left, but never a pass — it did not run as planned.
 */
function interruptedVerdict(
  judged: SoakVerdict,
  durationMs: number,
): SoakVerdict {
  return {
    ...judged,
    passed: false,
    reasons: [
      `interrupted at ${(judged.tMs / 1000).toFixed(1)} s of ${
        (durationMs / 1000).toFixed(1)
      } s planned: the file has no verdict line`,
      ...judged.reasons,
    ],
  };
}

function isWhole(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads a soak artifact from a file.
 *
 * @param path the file
 * @returns the soak as read
 * @throws {ArtifactError} when it cannot be read or is not a soak artifact
 *
 * @example
 * ```ts ignore
 * const soak = await readSoakArtifact("soak.jsonl");
 * ```
 */
export async function readSoakArtifact(path: string): Promise<SoakRecord> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    throw new ArtifactError(
      `${path}: cannot be read: ${(error as Error).message}`,
    );
  }
  return parseSoakArtifact(text, path);
}
