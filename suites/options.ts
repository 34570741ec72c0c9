/**
 * Checks the built-in suites share for their options: a list of names
 * chosen from a known set, and a numeric or boolean parameter axis. Each
 * returns the list to use (the default when none was given) or throws a
 * RangeError that names the option, says what is accepted and echoes what
 * was given.
 *
 * @module
 */

import { assertIntegerInRange } from "../lib/stats/mod.ts";

/**
 * A list of distinct names, each from `accepted`; all of them when none is
 * given.
 *
 * @param values the option as given
 * @param name the option's name, for the message
 * @param accepted the names it may hold
 * @param options `allowEmpty`: an empty list is accepted (the suite skips
 *   that part) @default false
 * @returns the list to use
 * @throws {RangeError} when it is not a list, is empty (unless allowed),
 *   holds an unknown name or one name twice
 *
 * @example
 * ```ts
 * import { chosenList } from "./options.ts";
 * chosenList(undefined, "sources", ["timer", "socket"]); // ["timer", "socket"]
 * ```
 */
export function chosenList<T extends string>(
  values: readonly T[] | undefined,
  name: string,
  accepted: readonly T[],
  options: { allowEmpty?: boolean } = {},
): T[] {
  if (values === undefined) return [...accepted];
  if (
    !Array.isArray(values) ||
    (values.length === 0 && !options.allowEmpty) ||
    values.some((v) => !accepted.includes(v)) ||
    new Set(values).size !== values.length
  ) {
    throw new RangeError(
      `${name} must be a ${
        options.allowEmpty ? "" : "non-empty "
      }list of distinct values from ${accepted.join(", ")}, got ${
        JSON.stringify(values)
      }`,
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
 * import { integerAxis } from "./options.ts";
 * integerAxis([1, 4], "eventPeriodMs", 1, 1000, [1, 4]); // [1, 4]
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
  if (!Array.isArray(values) || values.length === 0) {
    throw new RangeError(
      `${name} must be a non-empty list of integers in [${min}, ${max}], got ${
        JSON.stringify(values)
      }`,
    );
  }
  values.forEach((v, i) => assertIntegerInRange(v, `${name}[${i}]`, min, max));
  const twice = values.find((v, i) => values.indexOf(v) !== i);
  if (twice !== undefined) {
    throw new RangeError(
      `${name} lists ${twice} twice, got ${JSON.stringify(values)}`,
    );
  }
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
 * import { booleanAxis } from "./options.ts";
 * booleanAxis([true], "warmup"); // [true]
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
    new Set(values).size !== values.length
  ) {
    throw new RangeError(
      `${name} must be a non-empty list of distinct booleans, got ${
        JSON.stringify(values)
      }`,
    );
  }
  return [...values];
}
