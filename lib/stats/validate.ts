/**
 * Input checks shared by every statistic: a bad sample is an error with a
 * message that says what was wrong, never a silent NaN.
 *
 * @module
 */

/** A sample of observations: a plain array or a typed array of numbers. */
export type Sample = ArrayLike<number>;

/**
 * Throws unless `sample` is non-empty and every value is finite.
 *
 * @param sample the observations to check
 * @param what a name for the sample, used in the error message
 * @param minLength the fewest observations the caller can work with
 * @throws {RangeError} when the sample is too short or holds NaN or ±Infinity
 *
 * @example
 * ```ts
 * import { assertFiniteSample } from "@looplab/looplab/stats";
 * import { assertThrows } from "@std/assert";
 * assertFiniteSample([1, 2, 3], "latency");
 * assertThrows(
 *   () => assertFiniteSample([1, NaN], "latency"),
 *   RangeError,
 *   "latency[1] is NaN; only finite numbers are accepted",
 * );
 * ```
 */
export function assertFiniteSample(
  sample: Sample,
  what = "sample",
  minLength = 1,
): void {
  if (sample.length < minLength) {
    throw new RangeError(
      sample.length === 0
        ? `${what} is empty; need at least ${minLength} finite value(s)`
        : `${what} has ${sample.length} value(s); need at least ${minLength}`,
    );
  }
  for (let i = 0; i < sample.length; i++) {
    if (!Number.isFinite(sample[i])) {
      throw new RangeError(
        `${what}[${i}] is ${sample[i]}; only finite numbers are accepted`,
      );
    }
  }
}

/**
 * Throws unless `level` is a probability strictly between 0 and 1.
 *
 * @param level a confidence level such as 0.95
 * @param what the option's name, used in the error message
 * @throws {RangeError} when the level is outside (0, 1)
 *
 * @example
 * ```ts
 * import { assertLevel } from "@looplab/looplab/stats";
 * import { assertThrows } from "@std/assert";
 * assertLevel(0.95);
 * assertThrows(
 *   () => assertLevel(1.5),
 *   RangeError,
 *   "confidence level must be in (0, 1), got 1.5",
 * );
 * ```
 */
export function assertLevel(level: number, what = "confidence level"): void {
  if (!(level > 0 && level < 1)) {
    throw new RangeError(`${what} must be in (0, 1), got ${level}`);
  }
}

/**
 * Throws unless `value` is an integer within `[min, max]`: lib/stats's own
 * check of its integer options (resamples), kept here because lib/stats
 * imports nothing outside itself. A suite author's option checks live in
 * `lib/runner/options.ts`, exported from the package's root.
 *
 * @param value the number to check
 * @param what the option's name, used in the error message
 * @param min smallest accepted value
 * @param max largest accepted value @default Number.MAX_SAFE_INTEGER
 * @throws {RangeError} when the value is not an integer in range
 *
 * @example
 * ```ts
 * import { assertIntegerInRange } from "./validate.ts";
 * import { assertThrows } from "@std/assert";
 * assertThrows(
 *   () => assertIntegerInRange(5, "resamples", 10),
 *   RangeError,
 *   "resamples must be an integer ≥ 10, got 5",
 * );
 * ```
 */
export function assertIntegerInRange(
  value: number,
  what: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER
      ? `an integer ≥ ${min}`
      : `an integer in [${min}, ${max}]`;
    throw new RangeError(`${what} must be ${range}, got ${value}`);
  }
}

/** Returns a sorted copy of a sample as a Float64Array (ascending). */
export function sortedCopy(sample: Sample): Float64Array {
  const sorted = Float64Array.from(sample);
  sorted.sort();
  return sorted;
}
