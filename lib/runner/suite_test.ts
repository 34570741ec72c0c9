import { assertThrows } from "@std/assert";
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
