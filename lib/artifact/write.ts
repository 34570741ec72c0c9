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
 * is untouched.
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
  const slash = path.lastIndexOf("/");
  const dir = slash >= 0 ? path.slice(0, slash) || "/" : ".";
  const base = slash >= 0 ? path.slice(slash + 1) : path;
  const temporary = `${dir}/.${base}.${crypto.randomUUID()}.tmp`;
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
  }
}
