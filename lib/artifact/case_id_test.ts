import { assertEquals, assertThrows } from "@std/assert";
import { caseId, parseCaseId } from "./case_id.ts";
import type { ArtifactParamValue } from "./types.ts";

Deno.test("a built-in suite's ids are the unescaped ids of schema version 1", () => {
  assertEquals(caseId("calibration", "sum", {}), "calibration/sum");
  assertEquals(
    caseId("timers/tick_policies", "sleep-reset", { periodMs: 5, yield: true }),
    "timers/tick_policies/sleep-reset[periodMs=5,yield=true]",
  );
  assertEquals(
    caseId("backpressure/broadcast_capacity", "fan-out", { events: 1024 }),
    "backpressure/broadcast_capacity/fan-out[events=1024]",
  );
});

Deno.test("the characters that structure an id are escaped in names, keys and values", () => {
  assertEquals(
    caseId("ns/a[1],b=c%", "x/y[z],w=v%", { "k/[,]=%": "v/[,]=%" }),
    "ns/a%5B1%5D%2Cb%3Dc%25/x%2Fy%5Bz%5D%2Cw%3Dv%25" +
      "[k%2F%5B%2C%5D%3D%25=v%2F%5B%2C%5D%3D%25]",
  );
});

/** Names chosen to break a naive id: every structuring character, in every place. */
const TRICKY: {
  suite: string;
  case: string;
  params: Record<string, ArtifactParamValue>;
}[] = [
  { suite: "calibration", case: "sum", params: {} },
  { suite: "timers/tick_policies", case: "sleep", params: { periodMs: 5 } },
  { suite: "a/b/c", case: "d", params: { x: 1, y: "two", z: false } },
  { suite: "text", case: "split a/b", params: {} },
  { suite: "text", case: "reverse[utf-8]", params: { "len,bytes": "1,2" } },
  { suite: "text", case: "a=b", params: { "=": "=", "": "" } },
  { suite: "text", case: "100%", params: { pct: "%25" } },
  { suite: "x[1]", case: "", params: { "]": "[" } },
  { suite: "", case: "/", params: {} },
  { suite: "suite,with=odd%chars", case: "ünïcödé ✓", params: { "√": "π" } },
  { suite: "trailing/", case: "/leading", params: { "/": "/" } },
  { suite: "p", case: "q", params: { "%2F": "%5B" } },
];

Deno.test("parseCaseId takes apart every id caseId makes, and caseId remakes it", () => {
  for (const { suite, case: name, params } of TRICKY) {
    const id = caseId(suite, name, params);
    const parsed = parseCaseId(id);
    const asText = Object.fromEntries(
      Object.entries(params).map(([k, v]) => [k, String(v)]),
    );
    assertEquals(parsed, { suite, case: name, params: asText }, id);
    assertEquals(caseId(parsed.suite, parsed.case, parsed.params), id);
  }
});

Deno.test("distinct names give distinct ids", () => {
  const ids = TRICKY.map((t) => caseId(t.suite, t.case, t.params));
  assertEquals(new Set(ids).size, ids.length);
  // Unescaped, these two would both be "a/b/c".
  assertEquals(
    caseId("a", "b/c", {}) === caseId("a/b", "c", {}),
    false,
  );
});

Deno.test("a parameter named __proto__ is an ordinary parameter", () => {
  const parsed = parseCaseId("s/c[__proto__=1]");
  assertEquals(Object.keys(parsed.params), ["__proto__"]);
  assertEquals(Object.getPrototypeOf(parsed.params), Object.prototype);
});

Deno.test("a malformed id is refused with the id and the reason", () => {
  assertThrows(() => parseCaseId("nosuite"), SyntaxError, 'no "/"');
  assertThrows(
    () => parseCaseId("s/c[a=1"),
    SyntaxError,
    'case id "s/c[a=1": parameters must be one [key=value,…] at the end',
  );
  assertThrows(() => parseCaseId("s/c[a=1][b=2]"), SyntaxError, "one [");
  assertThrows(() => parseCaseId("s/c[a]"), SyntaxError, '"a" is not one');
  assertThrows(() => parseCaseId("s/c[a=1=2]"), SyntaxError, "not one");
  assertThrows(() => parseCaseId("s/c[a=1,a=2]"), SyntaxError, "given twice");
  assertThrows(() => parseCaseId("s/c,d"), SyntaxError, "must be escaped");
  assertThrows(() => parseCaseId("s/100%"), SyntaxError, '"%" is not an');
  assertThrows(() => parseCaseId("s/%41"), SyntaxError, '"%41" is not an');
});
