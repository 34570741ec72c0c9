import { assert, assertAlmostEquals, assertEquals } from "@std/assert";
import type { ComparisonRecord } from "../artifact/mod.ts";
import { renderDesignReport, summarize } from "./_calibrate_command.ts";

function comparison(
  candidate: string,
  point: number,
  half: number,
  verdict: ComparisonRecord["verdict"],
  p = verdict === "no change" ? 0.5 : 1e-6,
): ComparisonRecord {
  return {
    source: "declared",
    design: "interleaved",
    base: "calibration/sum",
    candidate: `calibration/${candidate}`,
    metric: "time",
    unit: "ns",
    direction: "smaller",
    baseCentre: 100,
    candidateCentre: 100 * point,
    ratio: { point, lower: point - half, upper: point + half, level: 0.95 },
    p,
    test: "t on interleaved fork log ratios",
    verdict,
    warnings: [],
  };
}

Deno.test("summarize counts false positives, power at each shift and coverage, with Wilson intervals", () => {
  // 10 runs: A/A wrong once (and not covering 1 then); +10% found 9 times;
  // +3% found 5 times.
  const runs = Array.from({ length: 10 }, (_, i) => ({
    comparisons: [
      i === 0
        ? comparison("sum-again", 1.02, 0.005, "slower")
        : comparison("sum-again", 1.0, 0.003, "no change"),
      comparison(
        "sum-more",
        1.09 + i * 0.001,
        0.01,
        i < 9 ? "slower" : "no change",
      ),
      comparison(
        "sum-little-more",
        1.028,
        0.01,
        i < 5 ? "slower" : "no change",
      ),
    ],
    centres: [{ id: "calibration/sum", point: 100, lower: 99, upper: 101 }],
    wallMs: 12_000,
  }));
  const r = summarize("interleaved", runs);
  assertEquals([r.falsePositiveRate.k, r.falsePositiveRate.n], [1, 10]);
  assertEquals([r.power10.k, r.power3.k], [9, 5]);
  // scipy-checked Wilson bounds for 9/10: 0.5958…–0.9821…
  assertAlmostEquals(r.power10.lower, 0.5958499732, 1e-6);
  assertEquals(r.aa.coverage.k, 9);
  // The +10% CIs (±0.01) around 1.090…1.099 all hold their median, 1.0945.
  assertEquals(r.ab10.coverage.k, 10);
  assertAlmostEquals(r.ab10.medianRatio, 1.0945, 1e-12);
  assertEquals([r.coverage.k, r.coverage.n], [29, 30]);
  assertEquals(r.wallMsPerComparison, 4_000);
  // One A/A run in ten is a 2% slowdown at p = 1e-6: significant, past
  // Holm's strictest step (81 × 1e-6 < 0.05), and a plain regression, so
  // a family of 81 such would fail uncorrected 1 − 0.9^81 of the time.
  assertEquals(
    [r.gateFalseAlarm.aaSignificant.k, r.gateFalseAlarm.strictStep.k],
    [1, 1],
  );
  assertEquals(r.gateFalseAlarm.uncorrectedEach.k, 1);
  assertAlmostEquals(r.gateFalseAlarm.uncorrectedFamily, 1 - 0.9 ** 81, 1e-12);
  assert(!r.pass);
  const text = renderDesignReport(r);
  assert(
    text.includes("power at +10%        90.0% (9/10; 95% CI 59.6%–98.2%)"),
    text,
  );
  assert(text.endsWith("TARGET MISSED"));
});
