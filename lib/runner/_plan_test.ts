import { assertEquals } from "@std/assert";
import { planJobs } from "./_plan.ts";
import { bench, defineSuite } from "./suite.ts";

const suite = defineSuite({
  name: "letters",
  cases: ["a1", "a2", "a3", "a4"].map((name) => bench(name, () => () => {})),
});

Deno.test("a /regex/g filter tests every id alike: the g and y flags carry no state from one id to the next", () => {
  const all = ["letters/a1", "letters/a2", "letters/a3", "letters/a4"];
  assertEquals(planJobs([suite], "/a/").map((j) => j.id), all);
  assertEquals(planJobs([suite], "/a/g").map((j) => j.id), all);
  assertEquals(planJobs([suite], "/^letters/gy").map((j) => j.id), all);
});
