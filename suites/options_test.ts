import { assertEquals, assertThrows } from "@std/assert";
import { booleanAxis, chosenList, integerAxis } from "./options.ts";

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
