/**
 * How long the analysis takes, so that it is never what a user waits for.
 * Targets (issue #2): the full analysis of 10,000 samples under 50 ms median,
 * a 10,000 vs 10,000 comparison under 100 ms, on a 2-core machine; a
 * fork's steady state (issue #13) well under 50 ms for 10,000 samples.
 *
 * Run: deno task bench:stats
 */

import { analyzeSample } from "./analyze.ts";
import { bootstrapCentres } from "./bootstrap.ts";
import { compareForks, compareSamples } from "./compare.ts";
import { findModes } from "./modality.ts";
import { createRandom } from "./prng.ts";
import { classifySteadyState } from "./steady_state.ts";
import { summarize } from "./summary.ts";

function latencies(n: number, seed: number): Float64Array {
  const r = createRandom(seed);
  // A lognormal body with a 24% slow mode: the shape the seeds describe.
  return Float64Array.from(
    { length: n },
    () => (r.next() < 0.76 ? 100 : 600) * Math.exp(0.2 * r.nextNormal()),
  );
}

const base = latencies(10_000, 1);
const candidate = latencies(10_000, 2);

Deno.bench("full analysis of 10,000 samples", {
  group: "analysis",
  baseline: true,
}, () => {
  analyzeSample(base);
});
Deno.bench("  of which: summary", { group: "analysis" }, () => {
  summarize(base);
});
Deno.bench("  of which: modality", { group: "analysis" }, () => {
  findModes(base);
});
Deno.bench("  of which: bootstrap CIs of mean and median", {
  group: "analysis",
}, () => {
  bootstrapCentres(base);
});
Deno.bench(
  "comparison of 10,000 vs 10,000 samples",
  { group: "comparison" },
  () => {
    compareSamples(base, candidate);
  },
);

// What run and compare do with forks: five forks of 2,000 a side, paired.
const forksOf = (xs: Float64Array) =>
  [0, 1, 2, 3, 4].map((k) => xs.subarray(k * 2_000, (k + 1) * 2_000));
const baseForks = forksOf(base);
const candidateForks = forksOf(candidate);
Deno.bench(
  "comparison of 5 forks vs 5 forks of 2,000 (paired t on fork medians)",
  { group: "comparison" },
  () => {
    compareForks(baseForks, candidateForks, { kind: "paired-rounds" });
  },
);

// A fork that warms up over its first 15%, then holds; and one that is flat.
const warming = Float64Array.from(
  base,
  (x, i) => (i < 1_500 ? 1.2 : 1) * x,
);
Deno.bench("steady state of a warming fork of 10,000", {
  group: "steady state",
  baseline: true,
}, () => {
  classifySteadyState(warming);
});
Deno.bench("steady state of a flat fork of 10,000", {
  group: "steady state",
}, () => {
  classifySteadyState(base);
});
