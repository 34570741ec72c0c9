/**
 * Distribution functions for the tests looplab runs: the standard normal
 * (CDF, survival, density, quantile) and Student's t (CDF, survival).
 *
 * Written here rather than imported: the numerics packages on npm that are
 * accurate in the far tails pull in dozens of micro-packages, while these need
 * ~150 lines. Accuracy is pinned against scipy in `distributions_test.ts`
 * (relative error below 1e-9 down to p ≈ 1e-300).
 *
 * Methods: log-gamma by Lanczos (g = 7, 9 terms; ~1e-15 relative); the
 * regularized incomplete gamma by its series below a + 1 and Lentz's
 * continued fraction above (Numerical Recipes §6.2), which gives erfc with
 * full relative precision in the tail; the regularized incomplete beta by
 * Lentz's continued fraction (NR §6.4); the normal quantile from a rational
 * first guess (Abramowitz & Stegun 26.2.23) polished by Halley steps.
 *
 * @module
 */

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993,
  676.5203681218851,
  -1259.1392167224028,
  771.32342877765313,
  -176.61502916214059,
  12.507343278686905,
  -0.13857109526572012,
  9.9843695780195716e-6,
  1.5056327351493116e-7,
];
const LOG_SQRT_2PI = 0.9189385332046728;
const EPSILON = 1e-16;
const TINY = 1e-300;
const MAX_ITERATIONS = 10_000;

/**
 * The natural log of the gamma function for x > 0.
 *
 * @param x a positive number
 * @returns ln Γ(x)
 *
 * @example
 * ```ts
 * import { logGamma } from "@looplab/looplab/stats";
 * import { assertAlmostEquals } from "@std/assert";
 * assertAlmostEquals(Math.exp(logGamma(5)), 24, 1e-12); // Γ(5) = 4!
 * ```
 */
export function logGamma(x: number): number {
  if (x < 0.5) {
    // Reflection keeps the Lanczos sum in its accurate range.
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) -
      logGamma(1 - x);
  }
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return LOG_SQRT_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Regularized lower incomplete gamma P(a, x) by its power series. */
function gammaSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPSILON) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

/** Regularized upper incomplete gamma Q(a, x) by Lentz's continued fraction. */
function gammaContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

/** Regularized upper incomplete gamma Q(a, x) = 1 − P(a, x). */
function upperGamma(a: number, x: number): number {
  if (x <= 0) return 1;
  return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x);
}

/** Regularized lower incomplete gamma P(a, x). */
function lowerGamma(a: number, x: number): number {
  if (x <= 0) return 0;
  return x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x);
}

/**
 * The complementary error function, accurate in relative terms far into the
 * tail (erfc(26) ≈ 5.7e-296).
 *
 * @param x any number
 * @returns erfc(x) = 1 − erf(x)
 *
 * @example
 * ```ts
 * import { erfc } from "@looplab/looplab/stats";
 * import { assertEquals } from "@std/assert";
 * assertEquals(erfc(0), 1);
 * ```
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const q = x * x;
  return x >= 0 ? upperGamma(0.5, q) : 1 + lowerGamma(0.5, q);
}

/**
 * The standard normal cumulative distribution function Φ(x).
 *
 * @param x any number
 * @returns P(Z ≤ x) for Z ~ N(0, 1)
 *
 * @example
 * ```ts
 * import { normalCdf } from "@looplab/looplab/stats";
 * import { assertAlmostEquals } from "@std/assert";
 * assertAlmostEquals(normalCdf(1.96), 0.975, 1e-5); // scipy: 0.9750021
 * ```
 */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/**
 * The standard normal survival function 1 − Φ(x), accurate in the upper
 * tail where 1 − normalCdf(x) would round to 0.
 *
 * @param x any number
 * @returns P(Z > x) for Z ~ N(0, 1)
 *
 * @example
 * ```ts
 * import { normalSf } from "@looplab/looplab/stats";
 * import { assertAlmostEquals } from "@std/assert";
 * assertAlmostEquals(normalSf(10), 7.619853e-24, 1e-30); // scipy norm.sf(10)
 * ```
 */
export function normalSf(x: number): number {
  return 0.5 * erfc(x / Math.SQRT2);
}

/**
 * The standard normal density φ(x).
 *
 * @param x any number
 * @returns the density at x
 *
 * @example
 * ```ts
 * import { normalPdf } from "@looplab/looplab/stats";
 * import { assertAlmostEquals } from "@std/assert";
 * assertAlmostEquals(normalPdf(0), 1 / Math.sqrt(2 * Math.PI), 1e-15);
 * ```
 */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x - LOG_SQRT_2PI);
}

/**
 * The standard normal quantile Φ⁻¹(p).
 *
 * @param p a probability in [0, 1]
 * @returns x with Φ(x) = p (−Infinity at 0, Infinity at 1)
 * @throws {RangeError} when p is outside [0, 1]
 *
 * @example
 * ```ts
 * import { normalQuantile } from "@looplab/looplab/stats";
 * import { assertAlmostEquals } from "@std/assert";
 * assertAlmostEquals(normalQuantile(0.975), 1.959964, 1e-6); // scipy norm.ppf
 * ```
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) {
    throw new RangeError(`probability must be in [0, 1], got ${p}`);
  }
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  // Work in the lower tail so that Φ(x) − p keeps its relative precision.
  const lower = p < 0.5;
  const q = lower ? p : 1 - p;
  const t = Math.sqrt(-2 * Math.log(q));
  let x = -(t -
    (2.515517 + 0.802853 * t + 0.010328 * t * t) /
      (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t));
  for (let i = 0; i < 4; i++) {
    const pdf = normalPdf(x);
    if (pdf === 0) break;
    const error = normalCdf(x) - q;
    const u = error / pdf;
    // Halley's step for Φ(x) = q: x −= u / (1 + x·u / 2).
    x -= u / (1 + (x * u) / 2);
  }
  return lower ? x : -x;
}

/** Continued fraction for the incomplete beta (NR §6.4, modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return h;
}

/**
 * The regularized incomplete beta function I_x(a, b).
 *
 * @param x a number in [0, 1]
 * @param a first shape, > 0
 * @param b second shape, > 0
 * @returns I_x(a, b)
 *
 * @example
 * ```ts
 * import { incompleteBeta } from "@looplab/looplab/stats";
 * import { assertAlmostEquals } from "@std/assert";
 * assertAlmostEquals(incompleteBeta(0.5, 2, 2), 0.5, 1e-12); // by symmetry
 * ```
 */
export function incompleteBeta(x: number, a: number, b: number): number {
  return incompleteBetaSplit(x, 1 - x, a, b);
}

/**
 * I_x(a, b) given both x and y = 1 − x, so that a caller who knows y more
 * precisely than 1 − x would give (x near 1) loses no digits.
 */
function incompleteBetaSplit(
  x: number,
  y: number,
  a: number,
  b: number,
): number {
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  const logFront = logGamma(a + b) - logGamma(a) - logGamma(b) +
    a * Math.log(x) + b * Math.log(y);
  // The fraction converges fast for x < (a + 1) / (a + b + 2); use symmetry
  // I_x(a, b) = 1 − I_y(b, a) beyond it.
  if (x < (a + 1) / (a + b + 2)) {
    return (Math.exp(logFront) * betaContinuedFraction(a, b, x)) / a;
  }
  return 1 - (Math.exp(logFront) * betaContinuedFraction(b, a, y)) / b;
}

/**
 * Student's t cumulative distribution function.
 *
 * @param t any number
 * @param df degrees of freedom, > 0 (need not be an integer)
 * @returns P(T ≤ t)
 * @throws {RangeError} when df is not positive
 *
 * @example
 * ```ts
 * import { studentTCdf } from "@looplab/looplab/stats";
 * import { assertEquals } from "@std/assert";
 * assertEquals(studentTCdf(0, 5), 0.5);
 * ```
 */
export function studentTCdf(t: number, df: number): number {
  return t > 0 ? 1 - studentTTail(t, df) : studentTTail(-t, df);
}

/**
 * Student's t survival function P(T > t), accurate in the upper tail.
 *
 * @param t any number
 * @param df degrees of freedom, > 0
 * @returns P(T > t)
 * @throws {RangeError} when df is not positive
 *
 * @example
 * ```ts
 * import { studentTSf } from "@looplab/looplab/stats";
 * import { assertAlmostEquals } from "@std/assert";
 * assertAlmostEquals(studentTSf(2.228, 10), 0.0250059, 1e-7); // scipy t.sf
 * ```
 */
export function studentTSf(t: number, df: number): number {
  return t >= 0 ? studentTTail(t, df) : 1 - studentTTail(-t, df);
}

/** P(T > t) for t ≥ 0, via I_{df/(df+t²)}(df/2, 1/2) / 2. */
function studentTTail(t: number, df: number): number {
  if (!(df > 0)) {
    throw new RangeError(`degrees of freedom must be > 0, got ${df}`);
  }
  if (t === 0) return 0.5;
  // x = df / (df + t²) rounds towards 1 when t² ≪ df; its complement
  // t² / (df + t²) keeps the digits, so both are passed on.
  const t2 = t * t;
  return 0.5 * incompleteBetaSplit(df / (df + t2), t2 / (df + t2), df / 2, 0.5);
}

/**
 * Student's t quantile: the t with P(T ≤ t) = p, by bisection on
 * the survival function {@link studentTSf}, to full double precision.
 *
 * @param p a probability in (0, 1)
 * @param df degrees of freedom, > 0
 * @returns the quantile
 * @throws {RangeError} when p is outside (0, 1) or df is not positive
 *
 * @example
 * ```ts
 * import { studentTQuantile } from "@looplab/looplab/stats";
 * import { assertAlmostEquals } from "@std/assert";
 * // scipy.stats.t.ppf(0.975, 4) = 2.7764451
 * assertAlmostEquals(studentTQuantile(0.975, 4), 2.776445, 1e-6);
 * ```
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) {
    throw new RangeError(`probability must be in (0, 1), got ${p}`);
  }
  if (!(df > 0)) {
    throw new RangeError(`degrees of freedom must be > 0, got ${df}`);
  }
  if (p === 0.5) return 0;
  // Search the upper tail, where the survival function keeps its digits.
  const upper = p > 0.5;
  const tail = upper ? 1 - p : p;
  let lo = 0;
  let hi = 1;
  while (studentTSf(hi, df) > tail) {
    lo = hi;
    hi *= 2;
  }
  for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (studentTSf(mid, df) > tail) lo = mid;
    else hi = mid;
  }
  const t = (lo + hi) / 2;
  return upper ? t : -t;
}
