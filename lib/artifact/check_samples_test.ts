import { assertThrows } from "@std/assert";
import { checkArtifactSamples } from "./check_samples.ts";
import { ArtifactError } from "./error.ts";
import { readArtifact } from "./read.ts";

const FIXTURE =
  new URL("../../fixtures/report/run_v2.json", import.meta.url).pathname;

Deno.test("an artifact whose analysed metric has no samples is refused, naming the field", async () => {
  const artifact = await readArtifact(FIXTURE);
  checkArtifactSamples(artifact, "main.json");
  artifact.cases[0].metrics[0].samples = [];
  assertThrows(
    () => checkArtifactSamples(artifact, "main.json"),
    ArtifactError,
    'main.json: cases.0.metrics.0.samples: metric "time" of calibration/sum ' +
      "has an analysis but no samples",
  );
  artifact.cases[0].metrics[0].samples = [[], []];
  assertThrows(
    () => checkArtifactSamples(artifact, "main.json"),
    ArtifactError,
    "has an analysis but no samples",
  );
});

Deno.test("an artifact holding a non-finite sample (1e999 reads as Infinity) is refused", async () => {
  const artifact = await readArtifact(FIXTURE);
  artifact.cases[0].metrics[0].samples[1][2] = Infinity;
  assertThrows(
    () => checkArtifactSamples(artifact, "main.json"),
    ArtifactError,
    "main.json: cases.0.metrics.0.samples.1.2: Infinity is not a finite number",
  );
});
