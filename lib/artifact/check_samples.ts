/**
 * What the schema cannot say about an artifact's samples: that a metric
 * with an analysis has samples to compare, and that every sample is finite
 * (`1e999` in a file parses as Infinity, which the schema's "number"
 * accepts). A comparison needs both, so a baseline is checked before a run
 * spends minutes only to fail at the end.
 *
 * @module
 */

import type { Artifact } from "./types.ts";
import { ArtifactError } from "./error.ts";

/**
 * Checks that every analysed metric of an artifact has samples and that all
 * its samples are finite numbers.
 *
 * @param artifact a schema-valid artifact, as {@link readArtifact} returns it
 * @param source the file name (or another label) for messages
 * @throws {ArtifactError} naming the source, the field path and the case
 *
 * @example
 * ```ts
 * import {
 *   ArtifactError,
 *   checkArtifactSamples,
 *   readArtifact,
 * } from "@looplab/looplab/artifact";
 * import { assertThrows } from "@std/assert";
 * const artifact = await readArtifact("fixtures/report/run_v2.json");
 * checkArtifactSamples(artifact, "main.json");
 * artifact.cases[0].metrics[0].samples = [];
 * assertThrows(
 *   () => checkArtifactSamples(artifact, "main.json"),
 *   ArtifactError,
 *   "main.json: cases.0.metrics.0.samples: metric \"time\" of calibration/sum has an analysis but no samples",
 * );
 * ```
 */
export function checkArtifactSamples(artifact: Artifact, source: string): void {
  artifact.cases.forEach((c, i) => {
    c.metrics.forEach((metric, j) => {
      const field = `cases.${i}.metrics.${j}.samples`;
      metric.samples.forEach((fork, k) => {
        const at = fork.findIndex((x) => !Number.isFinite(x));
        if (at >= 0) {
          throw new ArtifactError(
            `${source}: ${field}.${k}.${at}: ${
              fork[at]
            } is not a finite number`,
          );
        }
      });
      if (
        metric.analysis !== null && metric.samples.every((f) => f.length === 0)
      ) {
        throw new ArtifactError(
          `${source}: ${field}: metric "${metric.name}" of ${c.id} has an ` +
            "analysis but no samples",
        );
      }
    });
  });
}
