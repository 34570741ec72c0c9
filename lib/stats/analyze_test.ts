import { assert, assertEquals } from "@std/assert";
import { analyzeSample } from "./analyze.ts";
import { createRandom } from "./prng.ts";
import { classifyOutliers } from "./tukey.ts";

Deno.test("the pipeline reports summary, outliers, outlier variance, modality and CIs together", () => {
  const r = createRandom(1);
  const fast = Array.from({ length: 760 }, () => 100 + 5 * r.nextNormal());
  const slow = Array.from({ length: 240 }, () => 600 + 20 * r.nextNormal());
  const sample = [...fast, ...slow];
  const a = analyzeSample(sample);
  assertEquals(a.summary.n, 1000);
  assertEquals(a.outliers, classifyOutliers(sample).counts);
  assert(a.modality.multimodal);
  assertEquals(a.outlierVariance?.effect, "severe");
  assert(a.meanCI!.lower < a.summary.mean && a.summary.mean < a.meanCI!.upper);
  assertEquals(a.medianCI!.point, a.summary.median);
});

Deno.test("one sample: no CI, and the rest still reported", () => {
  const a = analyzeSample([5]);
  assertEquals([a.meanCI, a.medianCI], [null, null]);
  assertEquals(a.summary.median, 5);
});

Deno.test("a non-positive mean has no outlier-variance figure rather than a wrong one", () => {
  const a = analyzeSample([-3, -2, -1, 0, 1]);
  assertEquals(a.outlierVariance, null);
});
