/**
 * A suite author's option checks: an integer or a number in a range, a list
 * of names chosen from a known set, and the parameter axes a suite sweeps
 * (integers, numbers, booleans). Each check throws a RangeError that names
 * the option, says what is accepted and echoes what was given; the axis
 * checks return the axis to use (the default when none was given).
 *
 * @module
 */

/**
 * Throws unless `value` is an integer within `[min, max]`.
 *
 * @param value the number to check
 * @param what the option's name, used in the error message
 * @param min smallest accepted value
 * @param max largest accepted value @default Number.MAX_SAFE_INTEGER
 * @throws {RangeError} when the value is not an integer in range
 *
 * @example
 * ```ts
 * import { assertIntegerInRange } from "@looplab/looplab";
 * import { assertThrows } from "@std/assert";
 * assertIntegerInRange(2000, "messages", 1);
 * assertThrows(
 *   () => assertIntegerInRange(0, "messages", 1),
 *   RangeError,
 *   "messages must be an integer ≥ 1, got 0",
 * );
 * ```
 */
export function assertIntegerInRange(
  value: number,
  what: string,
  min: number,
  max: number = Number.MAX_SAFE_INTEGER,
): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(
      `${what} must be an integer ${range(min, max)}, got ${shown(value)}`,
    );
  }
}

/**
 * Throws unless `values` is a non-empty list of integers ≥ `min` — for a
 * list that may repeat a value; a parameter axis is {@link integerAxis}.
 *
 * @param values the list to check
 * @param what the option's name, used in the error message
 * @param min smallest accepted value
 * @throws {RangeError} naming the first offending element, or the empty list
 *
 * @example
 * ```ts
 * import { assertIntegerList } from "@looplab/looplab";
 * import { assertThrows } from "@std/assert";
 * assertIntegerList([0, 1, 16], "buffers", 0);
 * assertThrows(
 *   () => assertIntegerList([4, -1], "buffers", 0),
 *   RangeError,
 *   "buffers[1] must be an integer ≥ 0, got -1",
 * );
 * ```
 */
export function assertIntegerList(
  values: readonly number[],
  what: string,
  min: number,
): void {
  if (values.length === 0) {
    throw new RangeError(
      `${what} is empty; need at least one integer ≥ ${min}`,
    );
  }
  values.forEach((v, i) => assertIntegerInRange(v, `${what}[${i}]`, min));
}

/** Options of {@link assertNumberInRange} and {@link numberAxis}. */
export interface NumberRangeOptions {
  /** `min` itself is refused: the range is (min, …. @default false */
  minExclusive?: boolean;
  /** `max` itself is refused: the range is …, max). @default false */
  maxExclusive?: boolean;
  /**
   * The value's unit, written after the range ("must be in [0, 40] ms")
   * in place of "a number". @default undefined
   */
  unit?: string;
  /**
   * Why the range is what it is, in parentheses after it — for a bound
   * derived from other options ("(blockEvery − 1) × periodMs").
   * @default undefined
   */
  reason?: string;
}

/**
 * Throws unless `value` is a finite number within `[min, max]` (either end
 * open when asked). With `max` left at Infinity only the lower bound
 * applies, so `assertNumberInRange(ms, "gapMs", 0, Infinity, {
 * minExclusive: true })` asks for a positive number. A unit and a reason,
 * when given, are said in the message.
 *
 * @param value the number to check
 * @param what the option's name, used in the error message
 * @param min the lower bound
 * @param max the upper bound @default Infinity
 * @param options which ends are open
 * @throws {RangeError} when the value is not a finite number in range
 *
 * @example
 * ```ts
 * import { assertNumberInRange } from "@looplab/looplab";
 * import { assertThrows } from "@std/assert";
 * assertNumberInRange(0.25, "heavyShare", 0, 1);
 * assertThrows(
 *   () => assertNumberInRange(10, "shift", 0, 10, { minExclusive: true, maxExclusive: true }),
 *   RangeError,
 *   "shift must be a number in (0, 10), got 10",
 * );
 * assertThrows(
 *   () => assertNumberInRange(50, "blockMs", 0, 40, { unit: "ms", reason: "(blockEvery − 1) × periodMs" }),
 *   RangeError,
 *   "blockMs must be in [0, 40] ms ((blockEvery − 1) × periodMs), got 50",
 * );
 * ```
 */
export function assertNumberInRange(
  value: number,
  what: string,
  min: number,
  max: number = Infinity,
  options: NumberRangeOptions = {},
): void {
  const { minExclusive = false, maxExclusive = false } = options;
  if (
    !Number.isFinite(value) ||
    (minExclusive ? value <= min : value < min) ||
    (maxExclusive ? value >= max : value > max)
  ) {
    throw new RangeError(
      `${what} must be ${accepted(min, max, options)}, got ${shown(value)}`,
    );
  }
}

/** Options of {@link chosenList}. */
export interface ChosenListOptions {
  /** An empty list is accepted (the suite skips that part). @default false */
  allowEmpty?: boolean;
  /** What one value is called, for the message (`unknown mode "x"`). @default "value" */
  item?: string;
}

/**
 * A list of distinct names, each from `accepted`; all of them when none is
 * given.
 *
 * @param values the option as given
 * @param name the option's name, for the message
 * @param accepted the names it may hold
 * @param options whether it may be empty; what one value is called
 * @returns the list to use
 * @throws {RangeError} when it is not a list, is empty (unless allowed),
 *   holds an unknown name or one name twice; the message names that value
 *
 * @example
 * ```ts
 * import { chosenList } from "@looplab/looplab";
 * import { assertEquals, assertThrows } from "@std/assert";
 * assertEquals(chosenList(undefined, "sources", ["timer", "socket"]), ["timer", "socket"]);
 * assertThrows(
 *   () => chosenList(["disk"], "sources", ["timer", "socket"], { item: "source" }),
 *   RangeError,
 *   'unknown source "disk"',
 * );
 * ```
 */
export function chosenList<T extends string>(
  values: readonly T[] | undefined,
  name: string,
  accepted: readonly T[],
  options: ChosenListOptions = {},
): T[] {
  if (values === undefined) return [...accepted];
  const { allowEmpty = false, item = "value" } = options;
  const unknown = Array.isArray(values)
    ? values.find((v) => !accepted.includes(v))
    : undefined;
  const twice = Array.isArray(values) ? repeatedValue(values) : undefined;
  if (
    !Array.isArray(values) || (values.length === 0 && !allowEmpty) ||
    unknown !== undefined || twice !== undefined
  ) {
    const which = unknown !== undefined
      ? `: unknown ${item} ${JSON.stringify(unknown)}`
      : twice !== undefined
      ? `: ${JSON.stringify(twice)} twice`
      : "";
    throw new RangeError(
      `${name} must be a ${
        allowEmpty ? "" : "non-empty "
      }list of distinct values from ${accepted.join(", ")}, got ${
        JSON.stringify(values)
      }${which}`,
    );
  }
  return [...values];
}

/**
 * A numeric parameter axis: distinct integers in [min, max]; `defaults`
 * when none is given.
 *
 * @param values the option as given
 * @param name the option's name, for the message
 * @param min smallest value accepted
 * @param max largest value accepted
 * @param defaults the axis when the option is absent
 * @returns the axis
 * @throws {RangeError} when it is not a non-empty list, a value is not an
 *   integer in range, or a value appears twice
 *
 * @example
 * ```ts
 * import { integerAxis } from "@looplab/looplab";
 * import { assertEquals, assertThrows } from "@std/assert";
 * assertEquals(integerAxis(undefined, "eventPeriodMs", 1, 1000, [1, 4]), [1, 4]);
 * assertThrows(
 *   () => integerAxis([4, 4], "eventPeriodMs", 1, 1000, [1, 4]),
 *   RangeError,
 *   "eventPeriodMs lists 4 twice",
 * );
 * ```
 */
export function integerAxis(
  values: readonly number[] | undefined,
  name: string,
  min: number,
  max: number,
  defaults: readonly number[],
): number[] {
  if (values === undefined) return [...defaults];
  assertNonEmptyList(values, name, `integers ${range(min, max)}`);
  values.forEach((v, i) => assertIntegerInRange(v, `${name}[${i}]`, min, max));
  assertDistinct(values, name);
  return [...values];
}

/**
 * A numeric parameter axis whose values need not be integers (a duration
 * in ms, a share): distinct finite numbers in range; `defaults` when none is
 * given.
 *
 * @param values the option as given
 * @param name the option's name, for the message
 * @param min the lower bound
 * @param max the upper bound (Infinity: none)
 * @param defaults the axis when the option is absent
 * @param options which ends of the range are open
 * @returns the axis
 * @throws {RangeError} when it is not a non-empty list, a value is not a
 *   number in range, or a value appears twice
 *
 * @example
 * ```ts
 * import { numberAxis } from "@looplab/looplab";
 * import { assertEquals, assertThrows } from "@std/assert";
 * assertEquals(numberAxis([50, 0.5], "stallMs", 0, Infinity, [100]), [50, 0.5]);
 * assertThrows(
 *   () => numberAxis([0], "stallMs", 0, Infinity, [100], { minExclusive: true }),
 *   RangeError,
 *   "stallMs[0] must be a number > 0, got 0",
 * );
 * ```
 */
export function numberAxis(
  values: readonly number[] | undefined,
  name: string,
  min: number,
  max: number,
  defaults: readonly number[],
  options: NumberRangeOptions = {},
): number[] {
  if (values === undefined) return [...defaults];
  assertNonEmptyList(
    values,
    name,
    `numbers ${range(min, max, options)}${
      options.unit ? ` ${options.unit}` : ""
    }`,
  );
  values.forEach((v, i) =>
    assertNumberInRange(v, `${name}[${i}]`, min, max, options)
  );
  assertDistinct(values, name);
  return [...values];
}

/**
 * A boolean parameter axis; both values when none is given.
 *
 * @param values the option as given
 * @param name the option's name, for the message
 * @returns the axis
 * @throws {RangeError} when it is not a non-empty list of distinct booleans
 *
 * @example
 * ```ts
 * import { booleanAxis } from "@looplab/looplab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(booleanAxis([true], "warmup"), [true]);
 * assertEquals(booleanAxis(undefined, "warmup"), [false, true]);
 * ```
 */
export function booleanAxis(
  values: readonly boolean[] | undefined,
  name: string,
): boolean[] {
  if (values === undefined) return [false, true];
  if (
    !Array.isArray(values) || values.length === 0 ||
    !values.every((v) => typeof v === "boolean") ||
    repeatedValue(values) !== undefined
  ) {
    throw new RangeError(
      `${name} must be a non-empty list of distinct booleans, got ${
        JSON.stringify(values)
      }`,
    );
  }
  return [...values];
}

/**
 * The first value that appears a second time in `values` (by `===`), or
 * undefined when each appears once. An axis must list each value once: two
 * equal values would make two jobs with one id, and a sweep with one x twice.
 *
 * @param values the list to look through
 * @returns the first value seen twice
 *
 * @example
 * ```ts
 * import { repeatedValue } from "./options.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(repeatedValue([1, 2, 2, 1]), 2);
 * assertEquals(repeatedValue(["a", "b"]), undefined);
 * ```
 */
export function repeatedValue<T>(values: readonly T[]): T | undefined {
  return values.find((v, i) => values.indexOf(v) !== i);
}

function assertNonEmptyList(
  values: unknown,
  name: string,
  of: string,
): void {
  if (!Array.isArray(values) || values.length === 0) {
    throw new RangeError(
      `${name} must be a non-empty list of ${of}, got ${
        JSON.stringify(values)
      }`,
    );
  }
}

function assertDistinct(values: readonly number[], name: string): void {
  const twice = repeatedValue(values);
  if (twice !== undefined) {
    throw new RangeError(
      `${name} lists ${twice} twice, got ${JSON.stringify(values)}`,
    );
  }
}

/** "in [a, b]", "in (a, b)", "≥ a", "> a": the range, as messages say it. */
function range(
  min: number,
  max: number,
  options: NumberRangeOptions = {},
): string {
  if (max === Infinity || max === Number.MAX_SAFE_INTEGER) {
    return `${options.minExclusive ? ">" : "≥"} ${min}`;
  }
  return `in ${options.minExclusive ? "(" : "["}${min}, ${max}${
    options.maxExclusive ? ")" : "]"
  }`;
}

/**
 * "a number in [a, b]", or with a unit and a reason "in [a, b] ms (why)":
 * what a number check accepts, as its message says it.
 */
function accepted(
  min: number,
  max: number,
  options: NumberRangeOptions,
): string {
  const bounds = range(min, max, options);
  return `${options.unit ? `${bounds} ${options.unit}` : `a number ${bounds}`}${
    options.reason ? ` (${options.reason})` : ""
  }`;
}

/** A rejected value as the message shows it: strings quoted, numbers bare. */
function shown(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}
