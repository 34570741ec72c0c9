/**
 * The error every artifact reader and writer throws: a file that cannot be
 * used, with why.
 *
 * @module
 */

/** An artifact (or another input file) that cannot be used, with why. */
export class ArtifactError extends Error {
  /** Names the error in stack traces. */
  override name = "ArtifactError";
}
