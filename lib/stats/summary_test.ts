import { assertEquals, assertThrows } from "@std/assert";
import { assertClose, reference } from "../../fixtures/stats/reference.ts";
import { geometricMean, meanOf, summarize } from "./summary.ts";

Deno.test("summaries match numpy/scipy (mean, median, sd with n−1, MAD × 1.4826, min, max)", () => {
  for (const ref of reference.summaries) {
    const s = summarize(ref.data);
    assertClose(s.mean, ref.mean, 1e-12, `${ref.name} mean`, 1e-12);
    assertClose(s.median, ref.median, 1e-12, `${ref.name} median`, 1e-12);
    assertClose(s.stdDev, ref.std, 1e-10, `${ref.name} std`);
    assertClose(s.mad, ref.mad, 1e-12, `${ref.name} mad`, 1e-12);
    assertEquals([s.min, s.max], [ref.min, ref.max]);
  }
});

Deno.test("percentiles in the summary are the type-7 quantiles", () => {
  const data = Array.from({ length: 1001 }, (_, i) => i);
  const s = summarize(data.toReversed());
  assertEquals(
    [s.p50, s.p75, s.p90, s.p99, s.p999],
    [500, 750, 900, 990, 999],
  );
});

Deno.test("a single observation has zero spread", () => {
  const s = summarize([42]);
  assertEquals([s.n, s.mean, s.median, s.stdDev, s.mad], [1, 42, 42, 0, 0]);
});

Deno.test("the compensated mean keeps digits a naive sum loses", () => {
  const sample = [1e16, 1, -1e16, 1];
  assertEquals(meanOf(sample), 0.5);
});

Deno.test("summarize rejects empty and non-finite samples", () => {
  assertThrows(() => summarize([]), RangeError, "empty");
  assertThrows(() => summarize([1, -Infinity]), RangeError, "-Infinity");
});

Deno.test("the geometric mean matches scipy.stats.gmean", () => {
  // scipy: gmean([1.1, 0.9, 1.25, 0.8]), gmean([1.05, 0.97, 1.2])
  assertClose(
    geometricMean([1.1, 0.9, 1.25, 0.8]),
    0.9974905699336811,
    1e-14,
    "four",
  );
  assertClose(
    geometricMean([1.05, 0.97, 1.2]),
    1.0691716300920031,
    1e-14,
    "three",
  );
  assertClose(geometricMean([3]), 3, 1e-15, "one value");
});

Deno.test("the geometric mean rejects an empty sample and values at or below zero", () => {
  assertThrows(() => geometricMean([]), RangeError, "empty");
  assertThrows(() => geometricMean([1, 0]), RangeError, "sample[1] is 0");
  assertThrows(() => geometricMean([-1, 2]), RangeError, "needs values > 0");
  assertThrows(() => geometricMean([1, Infinity]), RangeError, "sample[1]");
});
