import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertStringIncludes,
} from "@std/assert";
import type { CaseRecord, MetricAnalysis } from "../artifact/types.ts";
import { findKnee } from "../stats/mod.ts";
import {
  type AnalysisSettings,
  analyzeMetric,
  buildSweeps,
  compareForks,
  expandedTail,
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

/** A fork of `n` samples around `centre`, spread ±1% by a fixed pattern. */
function fork(centre: number, n = 40): number[] {
  return Array.from(
    { length: n },
    (_, i) => centre * (1 + (((i * 37) % 11) - 5) / 500),
  );
}

const bench = { kind: "bench", unit: "ns" } as const;

Deno.test("analyzeMetric: tight forks around one centre give no warning", () => {
  const r = analyzeMetric(
    [fork(100), fork(101), fork(99), fork(100), fork(100)],
    settings,
    bench,
  );
  assertEquals(r.warnings, []);
  assertEquals(r.analysis!.centre.forks, 5);
  assert(r.analysis!.centre.includesBetweenForkVariance);
});

Deno.test("analyzeMetric: forks that disagree by ±50% give a wide CI, with its half-width", () => {
  const r = analyzeMetric(
    [fork(100), fork(150), fork(70), fork(120), fork(90)],
    settings,
    bench,
  );
  // The value pins today's seeded hierarchical bootstrap (seed 1).
  assertEquals(r.warnings, ["wide CI: ±39.8% of the centre"]);
  const c = r.analysis!.centre;
  assertEquals(c.relativeHalfWidth, (c.upper - c.lower) / 2 / c.point);
});

Deno.test("analyzeMetric: a first fork 30% slower than the rest is flagged, for times only and from three forks", () => {
  const forks = [fork(130), fork(100), fork(101), fork(99), fork(100)];
  const slow = "the first fork was 30% slower than the others: " +
    "the machine may have been warming up";
  assertEquals(analyzeMetric(forks, settings, bench).warnings, [
    "wide CI: ±15.3% of the centre",
    slow,
  ]);
  // An experiment in ms is a time too.
  assertStringIncludes(
    analyzeMetric(forks, settings, { kind: "experiment", unit: "ms" })
      .warnings.join("\n"),
    slow,
  );
  // A count is not "slower" when it is larger.
  assertEquals(
    analyzeMetric(forks, settings, { kind: "experiment", unit: "count" })
      .warnings,
    ["wide CI: ±15.3% of the centre"],
  );
  // Two forks: no "rest" to judge the first against.
  assertEquals(
    analyzeMetric([fork(130), fork(100)], settings, bench).warnings,
    ["wide CI: ±13.5% of the centre"],
  );
});

Deno.test("analyzeMetric: a bench centre below 1 ns is 'likely optimised away'; an experiment's is not", () => {
  const forks = [fork(0.3), fork(0.3), fork(0.3)];
  assertEquals(analyzeMetric(forks, settings, bench).warnings, [
    "0.30 ns per call is faster than any real work: likely optimised away " +
    "(return the result or pass it to doNotOptimize)",
  ]);
  assertEquals(
    analyzeMetric(forks, settings, { kind: "experiment", unit: "ns" })
      .warnings,
    [],
  );
});

Deno.test("analyzeMetric: an experiment's times on three values flag a coarse clock; a bench's are not counted", () => {
  const ticks = (f: number) =>
    Array.from({ length: 50 }, (_, i) => [1, 2, 3][(i + f) % 3]);
  const forks = [ticks(0), ticks(1), ticks(2)];
  assertEquals(
    analyzeMetric(forks, settings, { kind: "experiment", unit: "ms" })
      .warnings,
    [
      "only 3 distinct values in 150 samples: the clock or timer " +
      "resolution may be too coarse for this case",
    ],
  );
  assertEquals(
    analyzeMetric(forks, settings, { kind: "bench", unit: "ms" }).warnings,
    [],
  );
  // Fewer than 20 samples: too few to judge the clock by.
  const few = analyzeMetric(
    [ticks(0).slice(0, 6), ticks(1).slice(0, 6), ticks(2).slice(0, 6)],
    settings,
    { kind: "experiment", unit: "ms" },
  );
  assertEquals(few.warnings, ["wide CI: ±50.0% of the centre"]);
});

Deno.test("analyzeMetric: fewer than 10 samples and one fork are said; no samples gives no analysis", () => {
  assertEquals(
    analyzeMetric([[10, 11, 10], [11, 10, 12]], settings, bench).warnings,
    ["only 6 samples: too few for a 95% CI to be trusted"],
  );
  const one = analyzeMetric([fork(100)], settings, bench);
  assertEquals(one.warnings, [
    "one fork: the CI excludes between-process variance",
  ]);
  assertEquals(one.analysis!.centre.includesBetweenForkVariance, false);
  assertEquals(analyzeMetric([[], []], settings, bench), {
    analysis: null,
    warnings: ["no samples were recorded"],
  });
});

Deno.test("the expanded percentile tail matches scipy: Φ(−√(n/(n−1))·t_{n−1}(1 − α/2))", () => {
  // scipy 1.x: stats.norm.cdf(-math.sqrt(n / (n - 1)) * stats.t.ppf(1 - a, n - 1))
  const reference: [number, number, number][] = [
    [0.95, 2, 1.6952190726058738e-72],
    [0.95, 3, 6.834137311941282e-08],
    [0.95, 5, 0.0009541005518824907],
    [0.95, 10, 0.008550639024406366],
    [0.95, 30, 0.01875390027822054],
    [0.99, 3, 2.684889234038339e-34],
    [0.99, 5, 1.3196619882925575e-07],
    [0.99, 10, 0.00030669054793700727],
    [0.99, 30, 0.002527506552649086],
  ];
  for (const [level, n, tail] of reference) {
    assertAlmostEquals(expandedTail(level, n), tail, tail * 1e-6);
  }
  // One fork: nothing to expand.
  assertEquals(expandedTail(0.95, 1), (1 - 0.95) / 2);
});

/** A passed bench case record of one metric "time" with the given centre. */
function sweepCase(
  x: number,
  centre: number,
  params: Record<string, number | string> = {},
  status: "passed" | "failed" = "passed",
): CaseRecord {
  const analysis = {
    centre: {
      point: centre,
      lower: centre * 0.99,
      upper: centre * 1.01,
      level: 0.95,
      forks: 1,
      includesBetweenForkVariance: false,
      relativeHalfWidth: 0.01,
    },
  } as MetricAnalysis;
  return {
    id: `s/c[n=${x}]`,
    suite: "s",
    case: "c",
    kind: "bench",
    description: null,
    params: { n: x, ...params },
    status,
    failure: null,
    forks: [],
    metrics: [{
      name: "time",
      unit: "ns",
      direction: "smaller",
      description: null,
      samples: [[centre]],
      analysis,
      warnings: [],
    }],
  };
}

/** ±5% of a fixed pattern, so that curves are not exactly smooth. */
const wiggle = (i: number) => (((i * 37) % 11) - 5) / 100;

/** The knee buildSweeps reports for one curve. */
function reportedKnee(xs: number[], ys: number[]) {
  const sweeps = buildSweeps(
    xs.map((x, i) => sweepCase(x, ys[i])),
    "n",
    "time",
  );
  assertEquals(sweeps.length, 1);
  return sweeps[0].knee;
}

Deno.test("buildSweeps: one curve per combination of the other parameters, ascending, passed cases only", () => {
  const records = [
    sweepCase(256, 30, { mode: "a" }),
    sweepCase(64, 10, { mode: "a" }),
    sweepCase(128, 20, { mode: "a" }),
    sweepCase(64, 11, { mode: "b" }),
    sweepCase(128, 21, { mode: "b" }),
    sweepCase(192, 99, { mode: "b" }, "failed"),
  ];
  const sweeps = buildSweeps(records, "n", "time");
  assertEquals(sweeps.map((s) => s.fixed), [{ mode: "a" }, { mode: "b" }]);
  assertEquals(sweeps[0].points.map((p) => [p.x, p.centre]), [
    [64, 10],
    [128, 20],
    [256, 30],
  ]);
  assertEquals(sweeps[0].points[0], {
    x: 64,
    centre: 10,
    lower: 9.9,
    upper: 10.1,
  });
  assertEquals(sweeps[0].unit, "ns");
  // Three points are enough for a growth class; two are not.
  assert(sweeps[0].complexity !== null);
  assertEquals(sweeps[1].points.length, 2);
  assertEquals(sweeps[1].complexity, null);
  assertEquals([sweeps[0].knee, sweeps[1].knee], [null, null]);
});

Deno.test("knee relevance: a real bend in a 12-point curve is kept", () => {
  const xs = Array.from({ length: 12 }, (_, i) => (i + 1) * 64);
  const ys = xs.map((x, i) =>
    (x <= 512 ? 100 + 0.1 * x : 151.2 + 2 * (x - 512)) * (1 + wiggle(i) / 10)
  );
  const knee = reportedKnee(xs, ys);
  assert(knee !== null);
  assertAlmostEquals(knee!.x, 512, 1);
});

Deno.test("knee relevance: a smooth n² curve bends somewhere, but has no knee", () => {
  const xs = Array.from({ length: 12 }, (_, i) => (i + 1) * 64);
  const ys = xs.map((x) => x * x);
  assert(findKnee(xs, ys) !== null);
  assertEquals(reportedKnee(xs, ys), null);
});

Deno.test("knee relevance: a flat, noisy curve has no knee", () => {
  const xs = Array.from({ length: 12 }, (_, i) => (i + 1) * 64);
  const ys = xs.map((_, i) => 100 * (1 + wiggle(i)));
  assert(findKnee(xs, ys) !== null);
  assertEquals(reportedKnee(xs, ys), null);
});

Deno.test("knee relevance: fewer than six points, or fewer than two on a side, give no knee", () => {
  const xs5 = [64, 128, 192, 256, 320];
  const ys5 = xs5.map((x) => (x <= 192 ? 100 : 100 + 5 * (x - 192)));
  assert(findKnee(xs5, ys5) !== null);
  assertEquals(reportedKnee(xs5, ys5), null);
  // A bend before the last point: one point after it.
  const xs8 = Array.from({ length: 8 }, (_, i) => (i + 1) * 64);
  const ys8 = xs8.map((x, i) =>
    x <= 448 ? 100 * (1 + wiggle(i) / 10) : 100 + 10 * (x - 448)
  );
  const raw = findKnee(xs8, ys8)!;
  assertEquals(xs8.filter((x) => x > raw.x).length, 1);
  assertEquals(reportedKnee(xs8, ys8), null);
});
