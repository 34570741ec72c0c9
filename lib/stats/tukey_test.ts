import { assertEquals, assertThrows } from "@std/assert";
import { classifyOutliers, classifyValue, tukeyFences } from "./tukey.ts";

Deno.test("fences sit at q1 − 3/1.5 IQR and q3 + 1.5/3 IQR with type-7 quartiles", () => {
  // 1..9: q1 = 3, q3 = 7, IQR = 4.
  const { q1, q3, iqr, fences } = tukeyFences([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assertEquals([q1, q3, iqr], [3, 7, 4]);
  assertEquals(fences, {
    lowSevere: -9,
    lowMild: -3,
    highMild: 13,
    highSevere: 19,
  });
});

Deno.test("classifies a value on the 1.5 IQR fence as not an outlier", () => {
  const fences = { lowSevere: -9, lowMild: -3, highMild: 13, highSevere: 19 };
  assertEquals(classifyValue(13, fences), "normal");
  assertEquals(classifyValue(-3, fences), "normal");
  assertEquals(classifyValue(13.000001, fences), "highMild");
  assertEquals(classifyValue(-3.000001, fences), "lowMild");
});

Deno.test("classifies a value on the 3 IQR fence as mild, beyond it as severe", () => {
  const fences = { lowSevere: -9, lowMild: -3, highMild: 13, highSevere: 19 };
  assertEquals(classifyValue(19, fences), "highMild");
  assertEquals(classifyValue(19.5, fences), "highSevere");
  assertEquals(classifyValue(-9, fences), "lowMild");
  assertEquals(classifyValue(-9.5, fences), "lowSevere");
});

Deno.test("counts every class and keeps every sample, in the input's order", () => {
  // 20 values 10..29 (q1 = 14.75, q3 = 24.25, IQR = 9.5) plus four outliers.
  const base = Array.from({ length: 20 }, (_, i) => 10 + i);
  const sample = [...base, -20, 0, 40, 60];
  const c = classifyOutliers(sample);
  assertEquals(c.classes.length, sample.length);
  // Quartiles of all 24 values: q1 = 13.75, q3 = 25.25, IQR = 11.5.
  assertEquals([c.q1, c.q3, c.iqr], [13.75, 25.25, 11.5]);
  // Fences: −20.75, −3.5, 42.5, 59.75.
  assertEquals(c.counts, {
    lowSevere: 0,
    lowMild: 1, // −20 lies between −20.75 and −3.5
    normal: 22, // the 20 base values, and 0 and 40, are inside
    highMild: 0,
    highSevere: 1, // 60 > 59.75
  });
  assertEquals(c.outliers, 2);
  assertEquals(c.classes[20], "lowMild");
  assertEquals(c.classes[23], "highSevere");
});

Deno.test("a 24% slow cluster far above the rest is counted as 24 high severe among 100", () => {
  const fast = Array.from({ length: 76 }, (_, i) => 100 + (i % 7));
  const slow = Array.from({ length: 24 }, (_, i) => 600 + (i % 5));
  const c = classifyOutliers([...fast, ...slow]);
  assertEquals(c.counts.highSevere, 24);
  assertEquals(c.outliers, 24);
});

Deno.test("rejects an empty sample and non-finite values", () => {
  assertThrows(() => classifyOutliers([]), RangeError, "empty");
  assertThrows(
    () => classifyOutliers([1, NaN]),
    RangeError,
    "sample[1] is NaN",
  );
  assertThrows(
    () => classifyOutliers([1, Infinity]),
    RangeError,
    "only finite numbers",
  );
});
