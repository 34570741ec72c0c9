import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertThrows,
} from "@std/assert";
import { findModes, silvermanBandwidth } from "./modality.ts";
import { createRandom } from "./prng.ts";

function mixture(
  n: number,
  share: number,
  gapSd: number,
  seed: number,
): number[] {
  const r = createRandom(seed);
  return Array.from(
    { length: n },
    () =>
      r.next() < share
        ? 100 + 5 * r.nextNormal()
        : 100 + 5 * gapSd + 5 * r.nextNormal(),
  );
}

Deno.test("a 76/24 mixture of two normals 5 s.d. apart is bimodal with shares within 3 points", () => {
  for (const [n, seed] of [[200, 1], [1000, 2], [10000, 3]]) {
    const sample = mixture(n, 0.76, 5, seed);
    const trueFast = sample.filter((x) => x < 112.5).length / n;
    const m = findModes(sample);
    assert(m.multimodal, `n = ${n}`);
    assertEquals(m.modes.length, 2);
    assertAlmostEquals(m.modes[0].share, 0.76, 0.03);
    assertAlmostEquals(m.modes[1].share, 0.24, 0.03);
    assertAlmostEquals(m.modes[0].share, trueFast, 0.01);
    assertAlmostEquals(m.modes[0].location, 100, 3);
    assertAlmostEquals(m.modes[1].location, 125, 3);
    assertEquals(m.modes[0].count + m.modes[1].count, n);
  }
});

Deno.test("a 76/24 mixture 4 s.d. apart is found bimodal from 1,000 samples", () => {
  const m = findModes(mixture(1000, 0.76, 4, 4));
  assert(m.multimodal);
  // Closer modes overlap more, and the valley cut misplaces a few samples.
  assertAlmostEquals(m.modes[1].share, 0.24, 0.04);
});

Deno.test("a single lognormal is unimodal at every size and skew tried", () => {
  for (const sigma of [0.25, 0.5, 1, 1.5]) {
    for (const n of [50, 500, 5000]) {
      const r = createRandom(n + 10 * sigma);
      const sample = Array.from(
        { length: n },
        () => Math.exp(sigma * r.nextNormal()),
      );
      const m = findModes(sample);
      assertEquals(m.multimodal, false, `σ = ${sigma}, n = ${n}`);
      assertEquals(m.modes[0].share, 1);
    }
  }
});

Deno.test("normal, exponential and uniform samples are not reported multimodal (60 seeded samples)", () => {
  let falseModes = 0;
  for (let seed = 0; seed < 20; seed++) {
    const r = createRandom(seed);
    for (
      const draw of [
        () => r.nextNormal(),
        () => -Math.log(1 - r.next()),
        () => r.next(),
      ]
    ) {
      if (findModes(Array.from({ length: 300 }, draw)).multimodal) falseModes++;
    }
  }
  assertEquals(falseModes, 0);
});

Deno.test("a third, 10% mode is found and the shares sum to 1", () => {
  const r = createRandom(5);
  const sample = Array.from({ length: 3000 }, () => {
    const u = r.next();
    const centre = u < 0.6 ? 0 : u < 0.9 ? 10 : 20;
    return centre + r.nextNormal();
  });
  const m = findModes(sample);
  assertEquals(m.modes.length, 3);
  const total = m.modes.reduce((s, x) => s + x.share, 0);
  assertAlmostEquals(total, 1, 1e-12);
  assertAlmostEquals(m.modes[2].share, 0.1, 0.02);
});

Deno.test("a mode below minShare is merged into its neighbour", () => {
  const sample = mixture(2000, 0.97, 8, 6);
  assert(findModes(sample, { minShare: 0.02 }).multimodal);
  assertEquals(findModes(sample, { minShare: 0.05 }).multimodal, false);
});

Deno.test("Silverman's bandwidth is 0.9·min(s, IQR/1.34)·n^(−1/5)", () => {
  // 1..5: s = √2.5, IQR = 2 → IQR/1.34 = 1.4925… < s.
  const h = silvermanBandwidth(new Float64Array([1, 2, 3, 4, 5]));
  assertAlmostEquals(h, 0.9 * (2 / 1.34) * Math.pow(5, -0.2), 1e-12);
});

Deno.test("too few samples or no spread: one mode, said plainly", () => {
  const few = findModes([1, 2, 3, 100, 101, 102]);
  assertEquals(few.tooFewSamples, true);
  assertEquals(few.multimodal, false);
  const flat = findModes(new Array(50).fill(7));
  assertEquals(flat.modes, [{
    location: 7,
    share: 1,
    count: 50,
    lower: 7,
    upper: 7,
    density: NaN,
  }]);
});

Deno.test("bad options are errors", () => {
  const xs = mixture(100, 0.5, 5, 7);
  assertThrows(() => findModes(xs, { minShare: 0.7 }), RangeError, "minShare");
  assertThrows(
    () => findModes(xs, { maxValleyRatio: 1 }),
    RangeError,
    "maxValleyRatio",
  );
  assertThrows(() => findModes(xs, { bandwidth: -1 }), RangeError, "bandwidth");
  assertThrows(() => findModes(xs, { dipZ: NaN }), RangeError, "dipZ");
  assertThrows(() => findModes([]), RangeError, "empty");
});
