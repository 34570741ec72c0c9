import { assertEquals, assertThrows } from "@std/assert";
import { defineSuite, experiment } from "./suite.ts";

const metrics = { value: { unit: "count", direction: "smaller" as const } };
const record = () => {};

Deno.test("a parameter axis that lists a value twice is refused, naming the axis and the value", () => {
  assertThrows(
    () =>
      defineSuite({
        name: "twice",
        params: { n: [1, 2, 1] },
        cases: [experiment("a", metrics, record)],
      }),
    TypeError,
    'suite "twice": parameter axis "n" lists 1 twice',
  );
  assertThrows(
    () =>
      defineSuite({
        name: "twice",
        cases: [
          experiment("a", metrics, record, { params: { mode: ["x", "x"] } }),
        ],
      }),
    TypeError,
    'suite "twice", case "a": parameter axis "mode" lists "x" twice',
  );
});

Deno.test("a parameter value that is not a JSON scalar is refused at definition, naming the axis", () => {
  const axis = (values: unknown[]) => () =>
    defineSuite({
      name: "scalars",
      params: { n: values as number[] },
      cases: [experiment("a", metrics, record)],
    });
  assertThrows(
    axis([1, 2n]),
    TypeError,
    'suite "scalars": parameter axis "n" holds 2n (a bigint); a parameter ' +
      "value is a string, a finite number or a boolean",
  );
  assertThrows(
    axis([{ size: 1 }]),
    TypeError,
    'suite "scalars": parameter axis "n" holds {"size":1} (an object)',
  );
  assertThrows(axis([null]), TypeError, 'axis "n" holds null (null)');
  assertThrows(
    axis([1, NaN]),
    RangeError,
    'suite "scalars": parameter axis "n" holds NaN; a number parameter must ' +
      "be finite",
  );
  assertThrows(axis([Infinity]), RangeError, 'axis "n" holds Infinity');
  assertThrows(
    () =>
      defineSuite({
        name: "scalars",
        cases: [
          experiment("a", metrics, record, {
            params: { n: [-Infinity] },
          }),
        ],
      }),
    RangeError,
    'suite "scalars", case "a": parameter axis "n" holds -Infinity',
  );
});

Deno.test('an axis holding 1 and "1" (or true and "true") is refused: they would name one case', () => {
  assertThrows(
    () =>
      defineSuite({
        name: "same-id",
        params: { n: [1, 2, "1"] },
        cases: [experiment("a", metrics, record)],
      }),
    TypeError,
    'suite "same-id": parameter axis "n" lists 1 and "1", which give one ' +
      "case id; use one type per value",
  );
  assertThrows(
    () =>
      defineSuite({
        name: "same-id",
        params: { flag: [true, "true"] },
        cases: [experiment("a", metrics, record)],
      }),
    TypeError,
    'lists true and "true"',
  );
});

Deno.test("skipped cases are refused when also run, named twice, or given an unknown reason, saying which entry", () => {
  const cases = [experiment("a", metrics, record)];
  assertThrows(
    () =>
      defineSuite({
        name: "skips",
        cases,
        skipped: [{ name: "b", reason: "ignored" }, {
          name: "a",
          reason: "not only",
        }],
      }),
    TypeError,
    'suite "skips": skipped[1] names "a", which is also a case of the suite; a case either runs or is skipped',
  );
  assertThrows(
    () =>
      defineSuite({
        name: "skips",
        cases,
        skipped: [{ name: "b", reason: "ignored" }, {
          name: "b",
          reason: "ignored",
        }],
      }),
    TypeError,
    'suite "skips": skipped[1] names "b" a second time',
  );
  assertThrows(
    () =>
      defineSuite({
        name: "skips",
        cases,
        skipped: [{ name: "b", reason: "skip" as "ignored" }],
      }),
    TypeError,
    'suite "skips": skipped[0].reason must be "ignored" or "not only", got "skip"',
  );
  assertThrows(
    () =>
      defineSuite({
        name: "skips",
        cases,
        skipped: [{ name: 3 as unknown as string, reason: "ignored" }],
      }),
    TypeError,
    'suite "skips": skipped[0].name must be a string',
  );
  const suite = defineSuite({
    name: "skips",
    cases,
    skipped: [{ name: "b", reason: "ignored" }, {
      name: "c",
      reason: "not only",
    }],
  });
  assertEquals(suite.skipped?.length, 2);
});
