import { assertEquals, assertThrows } from "@std/assert";
import { assertClose, reference } from "../../fixtures/stats/reference.ts";
import {
  erfc,
  incompleteBeta,
  logGamma,
  normalCdf,
  normalPdf,
  normalQuantile,
  normalSf,
  studentTCdf,
  studentTSf,
} from "./distributions.ts";

// scipy rounds tails below ~1e-308 to 0 where we return a subnormal; values
// that small are compared absolutely.
const SUBNORMAL = 1e-300;

Deno.test("normal CDF, survival and density match scipy.stats.norm to 1e-12 relative", () => {
  for (const { x, cdf, sf, pdf } of reference.normal) {
    assertClose(normalCdf(x), cdf, 1e-12, `cdf(${x})`, SUBNORMAL);
    assertClose(normalSf(x), sf, 1e-12, `sf(${x})`, SUBNORMAL);
    assertClose(normalPdf(x), pdf, 1e-12, `pdf(${x})`, SUBNORMAL);
  }
});

Deno.test("normal quantile matches scipy.stats.norm.ppf to 1e-12 relative, down to p = 1e-300", () => {
  for (const { p, x } of reference.normal_ppf) {
    assertClose(normalQuantile(p), x, 1e-12, `ppf(${p})`, 1e-15);
  }
  assertEquals(normalQuantile(0), -Infinity);
  assertEquals(normalQuantile(1), Infinity);
});

Deno.test("Student's t CDF and survival match scipy.stats.t to 1e-9 relative, for non-integer df too", () => {
  for (const { t, df, cdf, sf } of reference.student_t) {
    assertClose(studentTCdf(t, df), cdf, 1e-9, `cdf(${t}; ${df})`, SUBNORMAL);
    assertClose(studentTSf(t, df), sf, 1e-9, `sf(${t}; ${df})`, SUBNORMAL);
  }
});

Deno.test("special functions hit closed forms", () => {
  assertClose(Math.exp(logGamma(10)), 362880, 1e-13, "Γ(10)");
  assertClose(logGamma(0.5), Math.log(Math.sqrt(Math.PI)), 1e-14, "lnΓ(½)");
  assertClose(erfc(1), 0.15729920705028513, 1e-14, "erfc(1)");
  assertEquals(erfc(0), 1);
  // I_x(1, 1) = x; I_x(a, b) = 1 − I_{1−x}(b, a).
  assertClose(incompleteBeta(0.3, 1, 1), 0.3, 1e-14, "I_0.3(1,1)");
  assertClose(
    incompleteBeta(0.2, 2.5, 4) + incompleteBeta(0.8, 4, 2.5),
    1,
    1e-14,
    "symmetry",
  );
});

Deno.test("bad arguments are errors, not NaN", () => {
  assertThrows(() => normalQuantile(1.5), RangeError, "[0, 1], got 1.5");
  assertThrows(() => studentTCdf(1, 0), RangeError, "degrees of freedom");
  assertThrows(() => studentTSf(1, -3), RangeError, "degrees of freedom");
});
