import { assertEquals } from "@std/assert";
import { declaredPairs, planJobs } from "./_plan.ts";
import { bench, defineSuite, experiment } from "./suite.ts";

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

Deno.test("a filter can read ids without their revision's side, and a pair across suites compares every metric both sides record", () => {
  const sides = ["base", "candidate"].map((side) =>
    defineSuite({
      name: `${side}:timers`,
      cases: [
        experiment(
          "tick",
          {
            latency: { unit: "ms", direction: "smaller" },
            drift: { unit: "ms", direction: "smaller" },
            ...(side === "candidate"
              ? { fires: { unit: "count", direction: "bigger" } }
              : {}),
          },
          () => {},
        ),
        bench("sum", () => () => 1),
      ],
    })
  );
  const withoutSide = (id: string) => id.replace(/^(base|candidate):/, "");
  assertEquals(
    planJobs(sides, "/^timers\\/tick/", withoutSide).map((j) => j.id),
    ["base:timers/tick", "candidate:timers/tick"],
  );
  assertEquals(planJobs(sides, "/^timers\\/tick/").map((j) => j.id), []);
  const jobs = planJobs(sides);
  const pairs = declaredPairs(jobs, [
    { base: "base:timers/tick", candidate: "candidate:timers/tick" },
    { base: "base:timers/sum", candidate: "candidate:timers/sum" },
  ]);
  assertEquals(
    pairs.map((p) => [jobs[p.base].id, jobs[p.candidate].id, p.metric]),
    [
      ["base:timers/tick", "candidate:timers/tick", "latency"],
      ["base:timers/tick", "candidate:timers/tick", "drift"],
      ["base:timers/sum", "candidate:timers/sum", "time"],
    ],
  );
});
