import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import type { CaseRecord, MetricAnalysis } from "../artifact/types.ts";
import {
  type AnalysisSettings,
  analyzeMetric,
  buildSweeps,
  comparisonRecord,
} from "./_records.ts";

const settings: AnalysisSettings = {
  level: 0.95,
  resamples: 500,
  seed: 1,
  alpha: 0.05,
  noiseThreshold: 0.01,
};

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

Deno.test("comparisonRecord: declared comparisons pair forks by round, baseline ones do not", () => {
  const base = sweepCase(64, 100);
  const candidate = sweepCase(64, 110);
  base.metrics[0].samples = [[100], [130], [90], [110], [105]];
  candidate.metrics[0].samples = base.metrics[0].samples.map(([x]) => [
    x * 1.1,
  ]);
  const declared = comparisonRecord(
    base,
    candidate,
    "time",
    "declared",
    settings,
  )!;
  assertEquals(declared.test, "paired t on log fork medians");
  assertEquals(declared.design, "paired-rounds");
  assertEquals(declared.verdict, "slower");
  assertEquals(Object.keys(declared).sort(), [
    "base",
    "baseCentre",
    "candidate",
    "candidateCentre",
    "design",
    "direction",
    "metric",
    "p",
    "ratio",
    "source",
    "test",
    "unit",
    "verdict",
    "warnings",
  ]);
  assertEquals(Object.keys(declared.ratio), [
    "point",
    "lower",
    "upper",
    "level",
  ]);
  const baseline = comparisonRecord(
    base,
    candidate,
    "time",
    "baseline",
    settings,
  )!;
  assertEquals(baseline.test, "welch t on log fork medians");
  assertEquals(baseline.design, "unpaired");
  // A failed side or a missing metric gives no record.
  assertEquals(
    comparisonRecord(
      base,
      { ...candidate, status: "failed" },
      "time",
      "baseline",
      settings,
    ),
    null,
  );
  assertEquals(
    comparisonRecord(base, candidate, "heap", "baseline", settings),
    null,
  );
});

Deno.test("analyzeMetric: a span timed between marks under 10× the clock's cost is said, with both", () => {
  const forks = [fork(500), fork(510), fork(490)];
  assertEquals(
    analyzeMetric(forks, settings, { ...bench, clockCostNs: 80 }).warnings,
    [
      "the span timed between b.start() and b.end() is 500.0 ns, under 10× " +
      "the clock's cost per pair of readings (80.0 ns, subtracted): the " +
      "clock's own jitter is a large share of each sample; time more work " +
      "between the marks, or drop them so whole calls are timed in batches",
    ],
  );
  // 500 ns is ten times a 50 ns cost: no warning.
  assertEquals(
    analyzeMetric(forks, settings, { ...bench, clockCostNs: 50 }).warnings,
    [],
  );
});
