import {
  assert,
  assertEquals,
  assertStringIncludes,
  assertThrows,
} from "@std/assert";
import { assertClose } from "../../fixtures/stats/reference.ts";
import {
  compareForks,
  type CompareOptions,
  compareSamples,
  type ComparisonDesign,
  findRegressions,
  type GateCandidate,
  isRegression,
  type RegressionCandidate,
  verdict,
} from "./compare.ts";
import { mannWhitneyU } from "./mann_whitney.ts";
import { createRandom } from "./prng.ts";

const settings: CompareOptions = {
  level: 0.95,
  resamples: 500,
  seed: 1,
  alpha: 0.05,
  noiseThreshold: 0.01,
};
const PAIRED: ComparisonDesign = { kind: "paired-rounds" };
const UNPAIRED: ComparisonDesign = { kind: "unpaired" };

function lognormal(n: number, seed: number, scale: number): number[] {
  const r = createRandom(seed);
  return Array.from(
    { length: n },
    () => scale * Math.exp(0.3 * r.nextNormal()),
  );
}

Deno.test("verdict: not significant is 'no change' whatever the ratio", () => {
  assertEquals(verdict(0.2, { lower: 1.5, upper: 2 }), "no change");
  assertEquals(verdict(0.05, { lower: 1.5, upper: 2 }), "no change");
});

Deno.test("verdict: significant and beyond the noise threshold is slower/faster by direction", () => {
  assertEquals(verdict(0.001, { lower: 1.02, upper: 1.1 }), "slower");
  assertEquals(verdict(0.001, { lower: 0.8, upper: 0.9 }), "faster");
  const bigger = { direction: "bigger" as const };
  assertEquals(verdict(0.001, { lower: 1.02, upper: 1.1 }, bigger), "faster");
  assertEquals(verdict(0.001, { lower: 0.8, upper: 0.9 }, bigger), "slower");
});

Deno.test("verdict: significant but the CI reaches into ±threshold is 'within noise'", () => {
  assertEquals(verdict(0.001, { lower: 1.005, upper: 1.02 }), "within noise");
  assertEquals(verdict(0.001, { lower: 0.98, upper: 0.995 }), "within noise");
  assertEquals(
    verdict(0.001, { lower: 1.02, upper: 1.04 }, { noiseThreshold: 0.03 }),
    "within noise",
  );
});

Deno.test("verdict rejects a p outside [0, 1], a bad alpha, threshold or direction", () => {
  const ci = { lower: 1, upper: 1 };
  assertThrows(() => verdict(-0.1, ci), RangeError, "p-value");
  assertThrows(() => verdict(0.1, ci, { alpha: 0 }), RangeError, "alpha");
  assertThrows(
    () => verdict(0.1, ci, { noiseThreshold: -1 }),
    RangeError,
    "noise",
  );
  assertThrows(
    // @ts-expect-error: testing a bad direction from untyped callers
    () => verdict(0.1, ci, { direction: "up" }),
    RangeError,
    '"up"',
  );
});

Deno.test("isRegression: 'slower' with the whole CI beyond the gate on the worse side", () => {
  const slower = (
    ratio: RegressionCandidate["ratio"],
    direction: "smaller" | "bigger" = "smaller",
  ): RegressionCandidate => ({ verdict: "slower", direction, ratio });
  assertEquals(isRegression(slower({ lower: 1.06, upper: 1.1 }), 0.05), true);
  // The CI reaches into 1 + 5%: not worse by more than the gate.
  assertEquals(isRegression(slower({ lower: 1.04, upper: 1.1 }), 0.05), false);
  assertEquals(isRegression(slower({ lower: 1.05, upper: 1.1 }), 0.05), false);
  assertEquals(isRegression(slower({ lower: 1.04, upper: 1.1 }), 0.01), true);
  // Bigger is better: the worse side is below 1.
  const drop = slower({ lower: 0.8, upper: 0.9 }, "bigger");
  assertEquals(isRegression(drop, 0.05), true);
  assertEquals(isRegression(drop, 0.1), false);
  assertEquals(
    isRegression(slower({ lower: 1.06, upper: 1.1 }, "bigger"), 0),
    false,
  );
});

Deno.test("isRegression: only a 'slower' verdict is a regression, and one without a ratio always is", () => {
  const ratio = { lower: 1.5, upper: 2 };
  for (const v of ["faster", "no change", "within noise"] as const) {
    assertEquals(
      isRegression({ verdict: v, direction: "smaller", ratio }, 0.01),
      false,
      v,
    );
  }
  // A change from zero: NaN in memory, null once written as JSON.
  for (const none of [NaN, null]) {
    assertEquals(
      isRegression({
        verdict: "slower",
        direction: "bigger",
        ratio: { lower: none, upper: none },
      }, 0.5),
      true,
    );
  }
});

Deno.test("isRegression agrees with verdict when the gate is the noise threshold", () => {
  const cis = [
    { lower: 1.02, upper: 1.1 },
    { lower: 1.005, upper: 1.02 },
    { lower: 0.8, upper: 0.9 },
    { lower: 0.98, upper: 0.995 },
    { lower: 0.9, upper: 1.1 },
  ];
  for (const direction of ["smaller", "bigger"] as const) {
    for (const threshold of [0, 0.01, 0.03, 0.15]) {
      for (const ci of cis) {
        const v = verdict(0.001, ci, { noiseThreshold: threshold, direction });
        assertEquals(
          isRegression({ verdict: v, direction, ratio: ci }, threshold),
          v === "slower",
          `${direction} ${threshold} ${JSON.stringify(ci)}`,
        );
      }
    }
  }
});

Deno.test("isRegression rejects a bad threshold or direction", () => {
  const c: RegressionCandidate = {
    verdict: "slower",
    direction: "smaller",
    ratio: { lower: 1.1, upper: 1.2 },
  };
  assertThrows(() => isRegression(c, -0.01), RangeError, "threshold");
  assertThrows(() => isRegression(c, NaN), RangeError, "threshold");
  assertThrows(
    // @ts-expect-error: testing a bad direction from untyped callers
    () => isRegression({ ...c, direction: "up" }, 0.01),
    RangeError,
    '"up"',
  );
});

Deno.test("isRegression with an adjusted p: a regression only when it is below alpha too", () => {
  const c: RegressionCandidate = {
    verdict: "slower",
    direction: "smaller",
    ratio: { lower: 1.1, upper: 1.2 },
  };
  assertEquals(isRegression(c, 0.01, { adjustedP: 0.049 }), true);
  assertEquals(isRegression(c, 0.01, { adjustedP: 0.05 }), false);
  assertEquals(isRegression(c, 0.01, { adjustedP: 0.02, alpha: 0.01 }), false);
  // The other conditions still hold with a tiny adjusted p.
  assertEquals(isRegression(c, 0.15, { adjustedP: 0.001 }), false);
  assertEquals(
    isRegression({ ...c, verdict: "within noise" }, 0.01, { adjustedP: 0 }),
    false,
  );
  const fromZero = { ...c, ratio: { lower: null, upper: null } };
  assertEquals(isRegression(fromZero, 0.01, { adjustedP: 0.3 }), false);
  assertEquals(isRegression(fromZero, 0.01, { adjustedP: 0.01 }), true);
  assertThrows(
    () => isRegression(c, 0.01, { adjustedP: 1.2 }),
    RangeError,
    "adjusted p-value must be in [0, 1], got 1.2",
  );
  assertThrows(
    () => isRegression(c, 0.01, { adjustedP: 0.01, alpha: 0 }),
    RangeError,
    "alpha",
  );
});

function gateCandidate(
  verdict: GateCandidate["verdict"],
  p: number,
  ratio = { lower: 1.02, upper: 1.2 },
): GateCandidate {
  return { verdict, direction: "smaller", ratio, p };
}

Deno.test("findRegressions: p = 0.02 among 20 comparisons is not a regression after Holm; a strong one still is", () => {
  const unchanged = gateCandidate("no change", 0.6, {
    lower: 0.95,
    upper: 1.05,
  });
  const weak = gateCandidate("slower", 0.02);
  const strong = gateCandidate("slower", 0.0001);
  // Alone, each "slower" comparison passes the old rule.
  assertEquals(isRegression(weak, 0.01), true);
  const family = [weak, strong, ...Array(18).fill(unchanged)];
  // Holm: 0.0001 × 20 = 0.002; 0.02 × 19 = 0.38 (statsmodels agrees).
  const found = findRegressions(family);
  assertEquals(found.map((r) => r.comparison), [strong]);
  assertClose(found[0].adjustedP, 0.002, 1e-12, "holm");
  assertEquals(
    findRegressions(family, { correction: "benjamini-hochberg" }).map((r) =>
      r.comparison
    ),
    [strong],
  );
  // A family of one is judged as before.
  assertEquals(findRegressions([weak]).map((r) => r.comparison), [weak]);
});

Deno.test("findRegressions: faster comparisons are in the family; under Benjamini–Hochberg they let a weak 'slower' through, under Holm they do not", () => {
  const faster = gateCandidate("faster", 1e-6, { lower: 0.5, upper: 0.6 });
  const unchanged = gateCandidate("no change", 0.5, {
    lower: 0.95,
    upper: 1.05,
  });
  const weak = gateCandidate("slower", 0.02);
  const family = [
    ...Array(40).fill(faster),
    weak,
    ...Array(40).fill(unchanged),
  ];
  // statsmodels: holm 0.82, fdr_bh 0.0395 for the weak one.
  assertEquals(findRegressions(family), []);
  const bh = findRegressions(family, { correction: "benjamini-hochberg" });
  assertEquals(bh.map((r) => r.comparison), [weak]);
  assertClose(bh[0].adjustedP, 0.03951219512195122, 1e-12, "fdr_bh");
});

Deno.test("findRegressions holds the gate's threshold and alpha, and names a bad p-value", () => {
  const strong = gateCandidate("slower", 0.0001, { lower: 1.03, upper: 1.2 });
  assertEquals(findRegressions([strong], { threshold: 0.05 }), []);
  assertEquals(findRegressions([strong], { alpha: 0.00005 }), []);
  assertEquals(findRegressions([]), []);
  assertThrows(
    () => findRegressions([strong, gateCandidate("slower", NaN)]),
    RangeError,
    "p[1] must be in [0, 1], got NaN",
  );
});

Deno.test("compareSamples: a 10% slowdown on 500 vs 500 lognormal samples is 'slower' with a CI that covers 1.10", () => {
  const base = lognormal(500, 1, 100);
  const slow = lognormal(500, 2, 110);
  const c = compareSamples(base, slow);
  assertEquals(c.verdict, "slower");
  assert(c.ratio.lower <= 1.1 && 1.1 <= c.ratio.upper, JSON.stringify(c.ratio));
  assert(c.ratio.upper - c.ratio.lower < 0.12, "CI too wide to be useful");
  assert(c.p < 1e-6);
  assertEquals(c.test, "mann-whitney on pooled samples");
  assertEquals(c.n, { base: 500, candidate: 500 });
  assertEquals(c.forks, { base: 1, candidate: 1 });
});

Deno.test("compareSamples: A/A: over 1,000 seeded pairs from one distribution the test is significant 4–6% of the time", () => {
  let significant = 0;
  for (let seed = 0; seed < 1000; seed++) {
    const c = compareSamples(
      lognormal(200, 2 * seed, 100),
      lognormal(200, 2 * seed + 1, 100),
      { resamples: 50 },
    );
    if (c.p < 0.05) significant++;
    if (c.verdict !== "no change") {
      assert(c.p < 0.05, "a verdict other than 'no change' needs p < alpha");
    }
  }
  // Binomial(1000, 0.05) has s.e. 0.69%; 4–6% is ±1.45 s.e.
  assert(significant >= 40 && significant <= 60, `${significant} of 1000`);
});

Deno.test("compareSamples is compareForks with one fork a side: same ratio, p and verdict", () => {
  const base = lognormal(100, 3, 100);
  const fast = lognormal(100, 4, 70);
  const c = compareSamples(base, fast, settings);
  assertEquals(c, compareForks([base], [fast], UNPAIRED, settings));
  assertEquals(c.p, mannWhitneyU(fast, base).p);
  assertEquals(c.verdict, "faster");
  // One fork a side: the ratio is the median of fast over the median of
  // base (even n: the mean of the two middle values).
  const median = (xs: number[]) => {
    const s = [...xs].sort((x, y) => x - y);
    return (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  assertClose(c.ratio.point, median(fast) / median(base), 1e-12, "ratio");
  assert(c.ratio.lower <= 0.7 && 0.7 <= c.ratio.upper, JSON.stringify(c.ratio));
  assertStringIncludes(c.warnings[0], "fewer than two forks");
});

Deno.test("an unknown design, a side without samples and a non-finite value are errors", () => {
  assertThrows(
    // @ts-expect-error: testing a bad design from untyped callers
    () => compareForks([[1, 2]], [[3, 4]], { kind: "blocks" }),
    RangeError,
    '"blocks"',
  );
  assertThrows(
    () => compareForks([[], []], [[3, 4]], UNPAIRED),
    RangeError,
    "base has no samples",
  );
  assertThrows(
    () => compareForks([[1]], [[3, NaN]], UNPAIRED),
    RangeError,
    "candidate[0][1]",
  );
});

Deno.test("a rise from zero is judged on the difference and can be 'slower'", () => {
  const base = [[0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0]];
  const candidate = [[3, 3, 3], [4, 4, 4], [3, 3, 3], [4, 4, 4]];
  const c = compareForks(base, candidate, PAIRED, settings);
  assertEquals(c.verdict, "slower");
  assert(Number.isNaN(c.ratio.lower) && Number.isNaN(c.ratio.upper));
  assertStringIncludes(c.warnings.join(" "), "compared as a difference");
  assertEquals([c.baseCentre, c.candidateCentre], [0, 3.5]);
  assertEquals(c.test, "paired t on fork medians");
});

Deno.test("unpaired: equal means with spread between forks give a CI that is not zero-wide", () => {
  const base = [[1, 1], [3, 3], [1, 1], [3, 3]];
  const candidate = [[3, 3], [1, 1], [3, 3], [1, 1]];
  const c = compareForks(base, candidate, UNPAIRED, settings);
  assertEquals(c.test, "welch t on log fork medians");
  assert(c.ratio.upper - c.ratio.lower > 0.5, JSON.stringify(c.ratio));
  assertEquals(c.verdict, "no change");
});

Deno.test("paired: a constant 10% shift in every round is 'slower' with a CI at 1.10", () => {
  const base = [[100], [130], [90], [110], [105]];
  const candidate = base.map(([x]) => [x * 1.1]);
  const c = compareForks(base, candidate, PAIRED, settings);
  assertEquals(c.test, "paired t on log fork medians");
  assertEquals(c.verdict, "slower");
  assert(Math.abs(c.ratio.point - 1.1) < 1e-12);
  assert(Math.abs(c.ratio.lower - 1.1) < 1e-12); // no spread in the pairs
});

Deno.test("one fork on a side falls back to pooled Mann–Whitney, with a warning", () => {
  const c = compareForks(
    [[10, 11, 10, 12]],
    [[20, 21, 22, 20]],
    PAIRED,
    settings,
  );
  assertEquals(c.test, "mann-whitney on pooled samples");
  assertStringIncludes(c.warnings[0], "fewer than two forks");
});

Deno.test("paired rounds: p and the ratio CI are scipy's ttest_rel on the log fork medians", () => {
  // scipy: r = stats.ttest_rel(log(b), log(a)); r.pvalue,
  // exp(r.confidence_interval(0.95)), exp(mean(log(b) − log(a)))
  const base = [[100], [130], [90], [110], [105]];
  const candidate = [[112], [139], [97], [123], [113]];
  const c = compareForks(base, candidate, PAIRED, settings);
  assertClose(c.p, 0.0009448215901822414, 1e-8, "p");
  assertClose(c.ratio.lower, 1.0619238266479498, 1e-12, "lower");
  assertClose(c.ratio.upper, 1.1230387486971207, 1e-12, "upper");
  assertClose(c.ratio.point, 1.0920538473401262, 1e-12, "ratio");
  assertClose(
    c.candidateCentre / c.baseCentre,
    c.ratio.point,
    1e-12,
    "centres",
  );
  assertEquals(c.verdict, "slower");
  // Bigger is better: the same change is "faster".
  assertEquals(
    compareForks(base, candidate, PAIRED, { ...settings, direction: "bigger" })
      .verdict,
    "faster",
  );
});

Deno.test("unpaired forks, or paired rounds that do not pair up, use scipy's Welch t on the log fork medians", () => {
  // scipy: r = stats.ttest_ind(log(b), log(a), equal_var=False); r.pvalue,
  // exp(r.confidence_interval(0.95)); df 5.3044
  const base = [[100], [130], [90], [110]];
  const candidate = [[112], [139], [97], [123], [113], [120]];
  for (const design of [UNPAIRED, PAIRED]) {
    const c = compareForks(base, candidate, design, settings);
    assertEquals(c.test, "welch t on log fork medians");
    assertClose(c.p, 0.3660404131902663, 1e-8, "p");
    assertClose(c.ratio.lower, 0.8680244195581709, 1e-10, "lower");
    assertClose(c.ratio.upper, 1.3816622849236242, 1e-10, "upper");
    assertEquals(c.verdict, "no change");
    assertEquals(c.forks, { base: 4, candidate: 6 });
  }
});

Deno.test("a one-fork comparison past the analysis bound bootstraps evenly thinned samples, and says so", () => {
  const base = Array.from({ length: 60_000 }, (_, i) => 100 + (i % 17));
  const candidate = base.map((x) => x * 1.5);
  const c = compareSamples(base, candidate, { resamples: 200 });
  assertEquals(c.verdict, "slower");
  assertEquals(c.warnings.slice(0, 2), [
    "base: analysed 30000 of 60000 samples (one in 2 of a fork, in order): the most one analysis reads",
    "candidate: analysed 30000 of 60000 samples (one in 2 of a fork, in order): the most one analysis reads",
  ]);
});

/**
 * Simulated interleaved forks: each fork has its own level (process luck,
 * ±10%), a drift inside it (up to ±20% over its rounds, as a noisy host
 * gives) and per-sample noise (5%); both sides share the fork's level and
 * drift, as interleaved blocks do, and the candidate is `shift` slower.
 */
function interleavedForks(
  seed: number,
  shift: number,
  forks = 5,
  rounds = 60,
  block = 4,
): { base: number[][]; candidate: number[][] } {
  const r = createRandom(seed);
  const base: number[][] = [];
  const candidate: number[][] = [];
  for (let f = 0; f < forks; f++) {
    const level = 100 * Math.exp(0.1 * r.nextNormal());
    const drift = 0.2 * (2 * r.next() - 1);
    // The two sides differ a little from process to process (code layout).
    const layout = Math.exp(0.004 * r.nextNormal());
    const a: number[] = [];
    const b: number[] = [];
    for (let k = 0; k < rounds; k++) {
      const now = level * (1 + (drift * k) / rounds);
      for (let s = 0; s < block; s++) {
        a.push(now * Math.exp(0.05 * r.nextNormal()));
        b.push(now * (1 + shift) * layout * Math.exp(0.05 * r.nextNormal()));
      }
    }
    base.push(a);
    candidate.push(b);
  }
  return { base, candidate };
}

Deno.test("interleaved design: simulated A/A is called a change about alpha of the time, and a 3% shift found nearly always", () => {
  const design = { kind: "interleaved", blockSamples: 4 } as const;
  let falsePositives = 0;
  let significant = 0;
  let found = 0;
  const runs = 400;
  for (let i = 0; i < runs; i++) {
    const aa = interleavedForks(1000 + i, 0);
    const c = compareForks(aa.base, aa.candidate, design);
    if (c.verdict === "faster" || c.verdict === "slower") falsePositives++;
    if (c.p < 0.05) significant++;
    assertEquals(c.test, "t on interleaved fork log ratios");
    const ab = interleavedForks(5000 + i, 0.03);
    if (compareForks(ab.base, ab.candidate, design).verdict === "slower") {
      found++;
    }
  }
  // The test holds its level: p < 0.05 in about 20 of 400 A/A runs
  // (binomial 95% range 11–30); a verdict also needs the 1% noise
  // threshold, so false verdicts are fewer still.
  assert(significant >= 11 && significant <= 30, `${significant}`);
  assert(falsePositives / runs <= 0.05, `${falsePositives}`);
  assert(found / runs >= 0.9, `power ${found / runs}`);
});

Deno.test("interleaved design: rounds before a fork's first steady round are left out, and one fork says what it ignores", () => {
  const { base, candidate } = interleavedForks(7, 0.1, 1);
  // The first 20 rounds of the candidate are twice as slow (warm-up).
  for (let i = 0; i < 80; i++) candidate[0][i] *= 2;
  const all = compareForks(base, candidate, {
    kind: "interleaved",
    blockSamples: 4,
  });
  const steady = compareForks(base, candidate, {
    kind: "interleaved",
    blockSamples: 4,
    fromRound: [20],
  });
  assertEquals(steady.test, "t on interleaved round log ratios");
  assert(Math.abs(steady.ratio.point - 1.1) < 0.02, `${steady.ratio.point}`);
  assert(all.ratio.point > steady.ratio.point);
  assertEquals(
    steady.warnings[0],
    "one fork: the test treats its rounds as independent and ignores between-process variance",
  );
  assertThrows(
    () =>
      compareForks(base, [...candidate, candidate[0]], {
        kind: "interleaved",
        blockSamples: 4,
      }),
    RangeError,
    "the same forks on both sides",
  );
});
