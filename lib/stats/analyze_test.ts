import { assert, assertEquals } from "@std/assert";
import { analyzeSample, analyzeSeries } from "./analyze.ts";
import { centreInterval } from "./centre.ts";
import { createRandom } from "./prng.ts";
import { classifyOutliers } from "./tukey.ts";

Deno.test("the pipeline reports summary, outliers, outlier variance, modality and CIs together", () => {
  const r = createRandom(1);
  const fast = Array.from({ length: 760 }, () => 100 + 5 * r.nextNormal());
  const slow = Array.from({ length: 240 }, () => 600 + 20 * r.nextNormal());
  const sample = [...fast, ...slow];
  const a = analyzeSample(sample, { iterationsPerSample: 100 });
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

Deno.test("outlier variance needs batched samples with a positive mean; otherwise it is null, not a wrong figure", () => {
  assertEquals(analyzeSample([1, 2, 3, 4]).outlierVariance, null);
  assertEquals(
    analyzeSample([-3, -2, -1, 0, 1], { iterationsPerSample: 10 })
      .outlierVariance,
    null,
  );
});

Deno.test("a tight batched sample is unaffected by outliers", () => {
  const r = createRandom(2);
  const sample = Array.from({ length: 500 }, () => 100 + 0.05 * r.nextNormal());
  const a = analyzeSample(sample, { iterationsPerSample: 100 });
  assertEquals(a.outlierVariance?.effect, "unaffected");
});

Deno.test("analyzeSeries is analyzeSample with the centre's one-fork interval as the median's CI", () => {
  const series = [10, 12, 11, 13, 10, 12, 14, 11, 10, 12, 11, 13];
  const options = { bootstrap: { level: 0.9, seed: 7 } };
  const centre = centreInterval([series], { level: 0.9, seed: 7 });
  assertEquals(analyzeSeries(series, options), {
    ...analyzeSample(series, options),
    medianCI: {
      point: centre.point,
      lower: centre.lower,
      upper: centre.upper,
      level: 0.9,
      method: "percentile",
      resamples: centre.resamples,
    },
  });
  assertEquals(analyzeSeries([5]).medianCI, null);
});
