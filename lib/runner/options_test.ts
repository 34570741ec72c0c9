import { assertEquals, assertThrows } from "@std/assert";
import {
  assertIntegerInRange,
  assertIntegerList,
  assertNumberInRange,
  booleanAxis,
  chosenList,
  integerAxis,
  numberAxis,
  repeatedValue,
} from "./options.ts";

Deno.test("chosen lists default to every name and refuse unknown, repeated or (unless allowed) no names", () => {
  const accepted = ["a", "b", "c"] as const;
  assertEquals(chosenList(undefined, "modes", accepted), ["a", "b", "c"]);
  assertEquals(chosenList(["c", "a"], "modes", accepted), ["c", "a"]);
  assertEquals(chosenList([], "modes", accepted, { allowEmpty: true }), []);
  assertThrows(
    () => chosenList([], "modes", accepted),
    RangeError,
    "modes must be a non-empty list of distinct values from a, b, c, got []",
  );
  assertThrows(
    () => chosenList(["a", "a"], "modes", accepted, { allowEmpty: true }),
    RangeError,
    'modes must be a list of distinct values from a, b, c, got ["a","a"]',
  );
  assertThrows(
    () => chosenList(["d" as "a"], "modes", accepted),
    RangeError,
    'got ["d"]',
  );
});

Deno.test("integer axes take distinct integers in range, each named by its index", () => {
  assertEquals(integerAxis(undefined, "n", 1, 10, [2, 4]), [2, 4]);
  assertThrows(
    () => integerAxis(7 as unknown as number[], "n", 1, 10, [2]),
    RangeError,
    "n must be a non-empty list of integers in [1, 10], got 7",
  );
  assertThrows(
    () => integerAxis([2, 11], "n", 1, 10, [2]),
    RangeError,
    "n[1] must be an integer in [1, 10], got 11",
  );
  assertThrows(
    () => integerAxis([2, NaN], "n", 1, 10, [2]),
    RangeError,
    "n[1] must be an integer in [1, 10], got NaN",
  );
  assertThrows(
    () => integerAxis([3, 3], "n", 1, 10, [2]),
    RangeError,
    "n lists 3 twice, got [3,3]",
  );
});

Deno.test("boolean axes default to both values", () => {
  assertEquals(booleanAxis(undefined, "warmup"), [false, true]);
  assertEquals(booleanAxis([true], "warmup"), [true]);
  assertThrows(
    () => booleanAxis([true, true], "warmup"),
    RangeError,
    "warmup must be a non-empty list of distinct booleans, got [true,true]",
  );
});

Deno.test("an integer list must be non-empty, and its first bad element is named", () => {
  assertIntegerList([0, 1, 1024], "buffers", 0);
  assertThrows(
    () => assertIntegerList([], "rows", 1),
    RangeError,
    "rows is empty",
  );
  assertThrows(
    () => assertIntegerList([4, 2.5], "rows", 1),
    RangeError,
    "rows[1] must be an integer ≥ 1, got 2.5",
  );
  assertThrows(
    () => assertIntegerInRange(3, "forks", 1, 2),
    RangeError,
    "forks must be an integer in [1, 2], got 3",
  );
});

Deno.test("a chosen list names the unknown or repeated value, by the noun given", () => {
  const accepted = ["sync", "async"] as const;
  assertThrows(
    () => chosenList(["fast" as "sync"], "modes", accepted, { item: "mode" }),
    RangeError,
    'modes must be a non-empty list of distinct values from sync, async, got ["fast"]: unknown mode "fast"',
  );
  assertThrows(
    () => chosenList(["sync", "sync"], "modes", accepted),
    RangeError,
    'got ["sync","sync"]: "sync" twice',
  );
});

Deno.test("numbers are checked against closed, open and one-sided ranges", () => {
  assertNumberInRange(0.5, "share", 0, 1);
  assertNumberInRange(0, "stallMs", 0);
  assertThrows(
    () => assertNumberInRange(1.5, "heavyShare", 0, 1),
    RangeError,
    "heavyShare must be a number in [0, 1], got 1.5",
  );
  assertThrows(
    () => assertNumberInRange(10, "shift", 0, 10, { maxExclusive: true }),
    RangeError,
    "shift must be a number in [0, 10), got 10",
  );
  assertThrows(
    () => assertNumberInRange(0, "gapMs", 0, Infinity, { minExclusive: true }),
    RangeError,
    "gapMs must be a number > 0, got 0",
  );
  assertThrows(
    () => assertNumberInRange(-1, "stallMs", 0),
    RangeError,
    "stallMs must be a number ≥ 0, got -1",
  );
  assertThrows(
    () => assertNumberInRange(Infinity, "stallMs", 0),
    RangeError,
    "stallMs must be a number ≥ 0, got Infinity",
  );
  assertThrows(
    () => assertNumberInRange(NaN, "stallMs", 0),
    RangeError,
    "got NaN",
  );
  assertThrows(
    () => assertNumberInRange("5" as unknown as number, "stallMs", 0),
    RangeError,
    'stallMs must be a number ≥ 0, got "5"',
  );
});

Deno.test("number axes take distinct finite numbers in range, each named by its index", () => {
  assertEquals(numberAxis(undefined, "stallMs", 0, Infinity, [50]), [50]);
  assertEquals(numberAxis([0.5, 2], "stallMs", 0, 10, [1]), [0.5, 2]);
  assertThrows(
    () => numberAxis([], "stallMs", 0, Infinity, [50], { minExclusive: true }),
    RangeError,
    "stallMs must be a non-empty list of numbers > 0, got []",
  );
  assertThrows(
    () =>
      numberAxis([5, 0], "stallMs", 0, Infinity, [50], { minExclusive: true }),
    RangeError,
    "stallMs[1] must be a number > 0, got 0",
  );
  assertThrows(
    () => numberAxis([2.5, 2.5], "stallMs", 0, 10, [1]),
    RangeError,
    "stallMs lists 2.5 twice, got [2.5,2.5]",
  );
});

Deno.test("a number check says the value's unit and why the range is what it is, when given", () => {
  const options = { unit: "ms", reason: "(blockEvery − 1) × periodMs" };
  assertThrows(
    () => assertNumberInRange(41, "blockMs", 0, 40, options),
    RangeError,
    "blockMs must be in [0, 40] ms ((blockEvery − 1) × periodMs), got 41",
  );
  assertThrows(
    () => assertNumberInRange(-1, "gapMs", 0, Infinity, { unit: "ms" }),
    RangeError,
    "gapMs must be ≥ 0 ms, got -1",
  );
  assertThrows(
    () => assertNumberInRange(2, "share", 0, 1, { reason: "a fraction" }),
    RangeError,
    "share must be a number in [0, 1] (a fraction), got 2",
  );
  assertThrows(
    () => numberAxis([], "blockMs", 0, 40, [0], options),
    RangeError,
    "blockMs must be a non-empty list of numbers in [0, 40] ms, got []",
  );
  assertThrows(
    () => numberAxis([0, 50], "blockMs", 0, 40, [0], options),
    RangeError,
    "blockMs[1] must be in [0, 40] ms ((blockEvery − 1) × periodMs), got 50",
  );
});

Deno.test("the repeated value is the first one seen twice", () => {
  assertEquals(repeatedValue([1, 2, 3]), undefined);
  assertEquals(repeatedValue(["x", "y", "y", "x"]), "y");
  assertEquals(repeatedValue([true, false, true]), true);
});
