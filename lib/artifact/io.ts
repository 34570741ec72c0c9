/**
 * Reading, validating and writing artifacts. Writing is atomic (a temporary
 * file in the same folder, then a rename), so a crash or a full disk never
 * leaves half an artifact behind. Reading validates against the JSON Schema
 * and names the file and the field path of the first problems.
 *
 * @module
 */

import { Ajv, type ErrorObject } from "ajv";
import schema from "./schema.json" with { type: "json" };
import { type Artifact, SCHEMA_VERSION } from "./types.ts";

/** An artifact (or another input file) that cannot be used, with why. */
export class ArtifactError extends Error {
  /** Names the error in stack traces. */
  override name = "ArtifactError";
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validateSchema = ajv.compile(schema);
/** Problems listed in one error message, at most. */
const MAX_PROBLEMS = 5;

/**
 * Checks a parsed value against the artifact schema.
 *
 * @param value the parsed JSON
 * @param source the file name (or another label) for messages
 * @returns the value, typed
 * @throws {ArtifactError} naming the source and the field paths at fault,
 *   or saying the artifact is of a newer schema version
 *
 * @example
 * ```ts ignore
 * validateArtifact(JSON.parse(text), "main.json");
 * ```
 */
export function validateArtifact(value: unknown, source: string): Artifact {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ArtifactError(
      `${source}: not a looplab artifact (not an object)`,
    );
  }
  const version = (value as Record<string, unknown>).schemaVersion;
  if (typeof version === "number" && version > SCHEMA_VERSION) {
    throw new ArtifactError(
      `${source}: schemaVersion ${version} was written by a newer looplab; ` +
        `this one reads schema versions up to ${SCHEMA_VERSION}`,
    );
  }
  if (validateSchema(value)) return value as unknown as Artifact;
  const problems = (validateSchema.errors ?? []).slice(0, MAX_PROBLEMS).map(
    describeProblem,
  );
  const more = (validateSchema.errors?.length ?? 0) - problems.length;
  throw new ArtifactError(
    `${source}: not a valid looplab artifact: ${problems.join("; ")}` +
      (more > 0 ? ` (and ${more} more)` : ""),
  );
}

function describeProblem(error: ErrorObject): string {
  const path = error.instancePath === ""
    ? "(top level)"
    : error.instancePath.slice(1).replaceAll("/", ".");
  if (error.keyword === "required") {
    return `${path}: missing "${error.params.missingProperty}"`;
  }
  if (error.keyword === "additionalProperties") {
    return `${path}: unknown field "${error.params.additionalProperty}"`;
  }
  return `${path}: ${error.message}`;
}

/**
 * Reads and validates an artifact file.
 *
 * @param path the file
 * @returns the artifact
 * @throws {ArtifactError} when the file is missing, unreadable, not JSON, or
 *   not a valid artifact — the message names the file and the field
 *
 * @example
 * ```ts ignore
 * const base = await readArtifact("main.json");
 * ```
 */
export async function readArtifact(path: string): Promise<Artifact> {
  return validateArtifact(await readJsonFile(path), path);
}

/**
 * Reads a JSON file with errors that name it.
 *
 * @param path the file
 * @returns the parsed value
 * @throws {ArtifactError} when it is missing, unreadable or not JSON
 *
 * @example
 * ```ts ignore
 * const samples = await readJsonFile("samples.json");
 * ```
 */
export async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new ArtifactError(`${path}: no such file`);
    }
    throw new ArtifactError(
      `${path}: cannot read: ${(error as Error).message}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ArtifactError(
      `${path}: not valid JSON (${(error as Error).message}); ` +
        "was the file cut short?",
    );
  }
}

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
