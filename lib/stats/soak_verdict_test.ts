import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { createRandom } from "./prng.ts";
import { DEFAULT_SOAK_MIN_SAMPLES, judgeSeries } from "./soak_verdict.ts";

/** Two hours after warm-up, a sample a minute: 120 samples. */
const MINUTE = 60_000;
const times = Array.from({ length: 120 }, (_, i) => (30 + i) * MINUTE);

/** Normal noise of `sd` around `level(tMs)`, from a seed. */
function series(seed: number, sd: number, level: (tMs: number) => number) {
  const r = createRandom(seed);
  return times.map((t) => level(t) + sd * r.nextNormal());
}

const rss = { threshold: 8, kind: "growth", unit: "MiB/h" } as const;
const throughput = { threshold: -5, kind: "decline" } as const;

Deno.test("judgeSeries passes memory that has reached its plateau", () => {
  // 200 MiB rising by 30 MiB with a 5-minute time constant, from t = 0;
  // judged from minute 30, when 0.07 MiB of the rise is left.
  const values = series(
    1,
    0.5,
    (t) => 200 + 30 * (1 - Math.exp(-t / (5 * MINUTE))),
  );
  const j = judgeSeries(times, values, rss);
  assertEquals(j.verdict, "pass");
  assertEquals(
    j.reason,
    "+0.0863 MiB/h [-0.0766 … 0.236], Mann–Kendall p 0.319: within the 8 MiB/h threshold",
  );
});

Deno.test("judgeSeries fails a linear leak, matching scipy's slope", () => {
  const values = series(2, 0.5, (t) => 200 + (20 * t) / 3_600_000);
  const j = judgeSeries(times, values, rss);
  assertEquals(j.verdict, "fail");
  // scipy.stats.theilslopes(values, times, method="joint") × 3.6e6 on this
  // series (printed with JSON.stringify): 20.120346248437205,
  // [19.934024425997492, 20.292346078546814].
  assertAlmostEquals(j.slopePerHour!, 20.120346248437205, 1e-9);
  assertAlmostEquals(j.lower!, 19.934024425997492, 1e-9);
  assertAlmostEquals(j.upper!, 20.292346078546814, 1e-9);
  assertEquals(
    j.reason,
    "+20.1 MiB/h [19.9 … 20.3], Mann–Kendall p 1e-56: above the 8 MiB/h threshold",
  );
});

Deno.test("judgeSeries passes a significant trend smaller than the threshold", () => {
  const values = series(3, 0.1, (t) => 200 + (2 * t) / 3_600_000);
  const j = judgeSeries(times, values, rss);
  assertEquals(j.verdict, "pass");
  assertEquals(
    j.reason,
    "+2.02 MiB/h [1.99 … 2.05], Mann–Kendall p 2e-53: a significant trend, within the 8 MiB/h threshold",
  );
});

Deno.test("judgeSeries passes one wild sample, and fails a step that stays mid-window", () => {
  const spike = series(4, 0.5, () => 200);
  spike[60] += 500;
  const s = judgeSeries(times, spike, rss);
  assertEquals(s.verdict, "pass");
  assertEquals(
    s.reason,
    "+0.0307 MiB/h [-0.128 … 0.185], Mann–Kendall p 0.725: within the 8 MiB/h threshold",
  );
  // A 20 MiB step that stays, at the middle of the window: half the pairs
  // straddle it, so Theil–Sen reads growth (+11.8 MiB/h), and within the
  // window it is growth — memory rose and did not come back. An expected
  // one-off allocation belongs in the warm-up.
  const step = series(4, 0.5, (t) => t < times[60] ? 200 : 220);
  const j = judgeSeries(times, step, rss);
  assertEquals(j.verdict, "fail");
  assertEquals(
    j.reason,
    "+11.8 MiB/h [4.23 … 14], Mann–Kendall p 5e-17: above the 8 MiB/h threshold",
  );
});

Deno.test("judgeSeries fails a slow decline in throughput and passes a stable one", () => {
  // 8% of the starting rate lost per hour is 9.1% of the median per hour:
  // the median (~880) is the rate at the window's middle.
  const falling = series(5, 10, (t) => 1000 * (1 - (0.08 * t) / 3_600_000));
  const f = judgeSeries(times, falling, throughput);
  assertEquals(f.verdict, "fail");
  assertEquals(
    f.reason,
    "-9.09%/h [-9.47 … -8.71], Mann–Kendall p 7e-46: below the -5%/h threshold",
  );
  const stable = series(6, 10, () => 1000);
  const s = judgeSeries(times, stable, throughput);
  assertEquals(s.verdict, "pass");
  assertEquals(
    s.reason,
    "-0.00369%/h [-0.3 … 0.346], Mann–Kendall p 0.976: within the -5%/h threshold",
  );
});

Deno.test("judgeSeries fails closed on too few samples", () => {
  const values = series(7, 0.5, () => 200).slice(
    0,
    DEFAULT_SOAK_MIN_SAMPLES - 1,
  );
  assertEquals(judgeSeries(times.slice(0, values.length), values, rss), {
    samples: 29,
    slopePerHour: null,
    lower: null,
    upper: null,
    trendP: null,
    line: null,
    verdict: "too few samples",
    reason: "29 samples, fewer than the 30 needed to judge a slope",
  });
});

Deno.test("judgeSeries fails a series holding a NaN, naming where", () => {
  const values = series(8, 0.5, () => 200);
  values[17] = NaN;
  const j = judgeSeries(times, values, rss);
  assertEquals([j.verdict, j.slopePerHour, j.trendP], ["fail", null, null]);
  assertEquals(
    j.reason,
    "sample 17 of 120 is not a number (it is NaN): a broken sampler fails the soak",
  );
});

Deno.test("judgeSeries fails a throughput whose median is 0", () => {
  const j = judgeSeries(times, times.map(() => 0), throughput);
  assertEquals(j.verdict, "fail");
});

Deno.test("judgeSeries refuses bad input with what and where", () => {
  const values = times.map(() => 1);
  assertThrows(
    () => judgeSeries(times, values, { threshold: 5, kind: "decline" }),
    RangeError,
    "a decline threshold must be a finite number ≤ 0 (a decline), got 5",
  );
  assertThrows(
    () => judgeSeries(times, values, { threshold: -1, kind: "growth" }),
    RangeError,
    "a growth threshold must be a finite number ≥ 0, got -1",
  );
  assertThrows(
    () => judgeSeries([0, 2, 1], [1, 1, 1], rss),
    RangeError,
    "timesMs must be in time order: timesMs[2] = 1 < timesMs[1] = 2",
  );
  assertThrows(
    () => judgeSeries([0, 1], [1], rss),
    RangeError,
    "timesMs and values must have the same length, got 2 and 1",
  );
});
