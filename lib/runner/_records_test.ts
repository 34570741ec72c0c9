import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import {
  type AnalysisSettings,
  analyzeMetric,
  compareForks,
} from "./_records.ts";

const settings: AnalysisSettings = {
  level: 0.95,
  resamples: 500,
  seed: 1,
  alpha: 0.05,
  noiseThreshold: 0.01,
};

Deno.test("a rise from zero is judged on the difference and can be 'slower'", () => {
  const base = [[0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0]];
  const candidate = [[3, 3, 3], [4, 4, 4], [3, 3, 3], [4, 4, 4]];
  const c = compareForks(base, candidate, "smaller", settings, true);
  assertEquals(c.verdict, "slower");
  assert(Number.isNaN(c.ratio.lower) && Number.isNaN(c.ratio.upper));
  assertStringIncludes(c.warnings.join(" "), "compared as a difference");
  assertEquals([c.baseCentre, c.candidateCentre], [0, 3.5]);
});

Deno.test("unpaired: equal means with spread between forks give a CI that is not zero-wide", () => {
  const base = [[1, 1], [3, 3], [1, 1], [3, 3]];
  const candidate = [[3, 3], [1, 1], [3, 3], [1, 1]];
  const c = compareForks(base, candidate, "smaller", settings, false);
  assertEquals(c.test, "welch t on log fork medians");
  assert(c.ratio.upper - c.ratio.lower > 0.5, JSON.stringify(c.ratio));
  assertEquals(c.verdict, "no change");
});

Deno.test("paired: a constant 10% shift in every round is 'slower' with a CI at 1.10", () => {
  const base = [[100], [130], [90], [110], [105]];
  const candidate = base.map(([x]) => [x * 1.1]);
  const c = compareForks(base, candidate, "smaller", settings, true);
  assertEquals(c.test, "paired t on log fork medians");
  assertEquals(c.verdict, "slower");
  assert(Math.abs(c.ratio.point - 1.1) < 1e-12);
  assert(Math.abs(c.ratio.lower - 1.1) < 1e-12); // no spread in the pairs
});

Deno.test("one fork on a side falls back to pooled Mann–Whitney, with a warning", () => {
  const c = compareForks(
    [[10, 11, 10, 12]],
    [[20, 21, 22, 20]],
    "smaller",
    settings,
    true,
  );
  assertEquals(c.test, "mann-whitney on pooled samples");
  assertStringIncludes(c.warnings[0], "fewer than two forks");
});

Deno.test("a count that takes a few values is a lattice: its values are not reported as modes", () => {
  // 0 … 6 requests queued ahead, thousands of times: KDE finds a "mode" at
  // every integer.
  const queued = Array.from(
    { length: 5 },
    (_, f) => Array.from({ length: 400 }, (_, i) => (i * 7 + f) % 7),
  );
  const count = analyzeMetric(queued, settings, {
    kind: "experiment",
    unit: "count",
  });
  assertEquals(count.analysis!.modality.multimodal, false);
  // The same values as a time are read for modes: a timer's ticks are real.
  const ticks = analyzeMetric(
    queued.map((f) => f.map((x) => (x < 2 ? 1 : 2) + x * 1e-3)),
    settings,
    { kind: "experiment", unit: "ms" },
  );
  assertEquals(ticks.analysis!.modality.multimodal, true);
});
