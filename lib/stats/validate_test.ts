import { assertThrows } from "@std/assert";
import { assertIntegerInRange, assertIntegerList } from "./validate.ts";

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
