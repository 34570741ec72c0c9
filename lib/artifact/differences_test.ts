import { assertEquals } from "@std/assert";
import { artifactDifferences } from "./differences.ts";
import { readArtifact } from "./read.ts";
import type { Artifact, CaseRecord } from "./types.ts";

const fixture = await readArtifact(
  new URL("../../fixtures/report/run_v2.json", import.meta.url).pathname,
);

function copy(): Artifact {
  return structuredClone(fixture);
}

Deno.test("an artifact has no differences from itself", () => {
  assertEquals(artifactDifferences(fixture, copy()), []);
});

Deno.test("runtime and machine differences are named with both values and both sides", () => {
  const next = copy();
  next.tool.version = "0.2.0";
  next.environment.v8 = "15.1";
  next.environment.arch = "aarch64";
  next.environment.cores = 8;
  next.environment.cpuModel = "Apple M3";
  next.environment.typescript = "6.1"; // not a runtime difference
  next.environment.git = null; // nor is the commit
  assertEquals(
    artifactDifferences(fixture, next, {
      baseLabel: "main.json",
      nextLabel: "pr.json",
    }),
    [
      "looplab version differs: 0.1.0 in main.json, 0.2.0 in pr.json",
      "V8 differs: 15.0.245.2-rusty in main.json, 15.1 in pr.json",
      "architecture differs: x86_64 in main.json, aarch64 in pr.json",
      "CPU model differs: AMD EPYC in main.json, Apple M3 in pr.json",
      "cores differs: 2 in main.json, 8 in pr.json",
    ],
  );
});

Deno.test("a CPU model one side could not read is said, not compared", () => {
  const next = copy();
  next.environment.cpuModel = null;
  assertEquals(artifactDifferences(fixture, next), [
    "CPU model unknown in new: cannot tell whether the machines differ",
  ]);
  assertEquals(artifactDifferences(next, next), []);
});

Deno.test("settings that change what a comparison sees are named; seed and filter are not", () => {
  const next = copy();
  next.kind = "soak";
  next.config.timeMs = 500;
  next.config.quick = true;
  next.config.inProcess = true;
  next.config.level = 0.99;
  next.config.alpha = 0.01;
  next.config.noiseThreshold = 0.02;
  next.config.seed = 7;
  next.config.filter = null;
  assertEquals(artifactDifferences(fixture, next), [
    "kind differs: run in base, soak in new",
    "time per fork (ms) differs: 120 in base, 500 in new",
    "quick differs: false in base, true in new",
    "in-process differs: false in base, true in new",
    "confidence level differs: 0.95 in base, 0.99 in new",
    "significance level differs: 0.05 in base, 0.01 in new",
    "noise threshold differs: 0.01 in base, 0.02 in new",
  ]);
});

function renamed(c: CaseRecord, id: string): CaseRecord {
  return { ...structuredClone(c), id };
}

Deno.test("cases and metrics on one side only, and cases that failed in the base, are listed as not compared", () => {
  const base = copy();
  const next = copy();
  // Seven cases only in the base: five named, the rest counted.
  base.cases.push(
    ...Array.from({ length: 7 }, (_, i) => renamed(base.cases[0], `gone/${i}`)),
  );
  next.cases.push(renamed(next.cases[0], "new/one"));
  // calibration/sum-again failed in the base and passed now.
  const again = base.cases.find((c) => c.id === "calibration/sum-again")!;
  again.status = "failed";
  // calibration/sum-more has a metric only the new side measures, and
  // calibration/await lost the analysis of its metric in the new side.
  const more = next.cases.find((c) => c.id === "calibration/sum-more")!;
  more.metrics.push({ ...structuredClone(more.metrics[0]), name: "heap" });
  const wait = next.cases.find((c) => c.id === "calibration/await")!;
  wait.metrics[0].analysis = null;
  assertEquals(artifactDifferences(base, next), [
    "7 cases only in base, not compared: gone/0, gone/1, gone/2, gone/3, " +
    "gone/4, … (2 more)",
    "1 case only in new, not compared: new/one",
    "1 case failed in base, not compared: calibration/sum-again",
    "calibration/sum-more: heap only in new",
    "calibration/await: time has no samples in new, not compared",
  ]);
});
