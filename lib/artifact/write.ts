/**
 * Writing artifacts: serialised as JSON and written atomically (a temporary
 * file in the same folder, then a rename), so a crash or a full disk never
 * leaves half an artifact behind. Nothing here loads the validator, so a
 * fork that imports the package pays nothing for it.
 *
 * @module
 */

import type { Artifact } from "./types.ts";
import { ArtifactError } from "./error.ts";
import { releaseOnEndingSignal, removeOnEndingSignal } from "../_signals.ts";

/**
 * Serialises an artifact (NaN becomes null, as the schema allows).
 *
 * @param artifact the artifact
 * @param pretty indent by two spaces
 * @returns the JSON text, ending in a newline
 *
 * @example
 * ```ts ignore
 * const text = artifactToJson(artifact);
 * ```
 */
export function artifactToJson(artifact: Artifact, pretty = true): string {
  return JSON.stringify(artifact, null, pretty ? 2 : undefined) + "\n";
}

/**
 * Writes text to a file atomically: into a temporary file beside it, then
 * renamed over it. On failure the temporary file is removed and the target
 * is untouched; so it is when SIGINT or SIGTERM ends the process during the
 * write (the signal is then raised again, to do what it would have done).
 *
 * @param path the file to write
 * @param text its content
 * @throws {ArtifactError} when the folder does not exist or is not writable
 *
 * @example
 * ```ts ignore
 * await writeFileAtomic("out/result.json", artifactToJson(artifact));
 * ```
 */
export async function writeFileAtomic(
  path: string,
  text: string,
): Promise<void> {
  const { dir, temporary } = placeOf(path);
  removeOnEndingSignal(temporary);
  try {
    await Deno.writeTextFile(temporary, text);
    await Deno.rename(temporary, path);
  } catch (error) {
    await Deno.remove(temporary).catch(() => {});
    if (error instanceof Deno.errors.NotFound) {
      throw new ArtifactError(`${path}: the folder ${dir} does not exist`);
    }
    throw new ArtifactError(
      `${path}: cannot write: ${(error as Error).message}`,
    );
  } finally {
    releaseOnEndingSignal(temporary);
  }
}

/**
 * Checks that {@link writeFileAtomic} could write a file: its folder exists
 * and takes a new file (one is created beside the target and removed), and
 * the target is not a folder. A command calls it before a long run, so
 * that a bad output path fails before the results exist, not after.
 *
 * @param path the file to be written
 * @throws {ArtifactError} naming the path and what is wrong
 *
 * @example
 * ```ts
 * import { ArtifactError, checkWritable } from "@looplab/looplab/artifact";
 * import { assertEquals, assertRejects } from "@std/assert";
 * const dir = await Deno.makeTempDir();
 * await checkWritable(`${dir}/result.json`);
 * assertEquals([...Deno.readDirSync(dir)], []); // nothing left behind
 * await assertRejects(
 *   () => checkWritable(dir),
 *   ArtifactError,
 *   "is a folder; give the name of a file in it",
 * );
 * await Deno.remove(dir);
 * ```
 */
export async function checkWritable(path: string): Promise<void> {
  const { dir, temporary } = placeOf(path);
  let folder: Deno.FileInfo;
  try {
    folder = await Deno.stat(dir);
  } catch (error) {
    throw new ArtifactError(
      error instanceof Deno.errors.NotFound
        ? `${path}: the folder ${dir} does not exist; create it first`
        : `${path}: cannot write in ${dir}: ${(error as Error).message}`,
    );
  }
  if (!folder.isDirectory) {
    throw new ArtifactError(`${path}: ${dir} is not a folder`);
  }
  const target = await Deno.stat(path).catch(() => undefined);
  if (target?.isDirectory) {
    throw new ArtifactError(
      `${path}: is a folder; give the name of a file in it`,
    );
  }
  try {
    (await Deno.open(temporary, { write: true, createNew: true })).close();
    await Deno.remove(temporary);
  } catch (error) {
    throw new ArtifactError(
      `${path}: cannot write in ${dir}: ${(error as Error).message}`,
    );
  }
}

/** The folder of a file and a fresh hidden temporary name beside it. */
function placeOf(path: string): { dir: string; temporary: string } {
  const slash = path.lastIndexOf("/");
  const dir = slash >= 0 ? path.slice(0, slash) || "/" : ".";
  const base = slash >= 0 ? path.slice(slash + 1) : path;
  return { dir, temporary: `${dir}/.${base}.${crypto.randomUUID()}.tmp` };
}
