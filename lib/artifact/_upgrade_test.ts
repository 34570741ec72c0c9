import { assert, assertEquals, assertThrows } from "@std/assert";
import { readArtifact, validateArtifact } from "./read.ts";
import { upgradeArtifact } from "./_upgrade.ts";
import { SCHEMA_VERSION } from "./types.ts";

/**
 * One frozen artifact per schema version; never rewritten. run.json is a
 * real run of version 1 (fixtures/report/make_artifact.ts, 2026-11-23);
 * run_v2.json … run_v6.json are run.json read through the upgrades and
 * written with artifactToJson(artifact, false) when each version was made
 * current.
 */
const FIXTURES: Record<number, string> = {
  1: "fixtures/report/run.json",
  2: "fixtures/report/run_v2.json",
  3: "fixtures/report/run_v3.json",
  4: "fixtures/report/run_v4.json",
  5: "fixtures/report/run_v5.json",
  6: "fixtures/report/run_v6.json",
};

async function rawFixture(version: number): Promise<Record<string, unknown>> {
  const url = new URL(`../../${FIXTURES[version]}`, import.meta.url);
  return JSON.parse(await Deno.readTextFile(url));
}

Deno.test("every schema version up to the current one has a fixture, and each reads", async () => {
  for (let version = 1; version <= SCHEMA_VERSION; version++) {
    const raw = await rawFixture(version);
    assertEquals(raw.schemaVersion, version, FIXTURES[version]);
    const artifact = await readArtifact(
      new URL(`../../${FIXTURES[version]}`, import.meta.url).pathname,
    );
    assertEquals(artifact.schemaVersion, SCHEMA_VERSION);
    assertEquals(artifact.kind, "run");
    assertEquals(artifact.cases.length, 11);
  }
});

Deno.test("version 1 upgrades to exactly the version-2 fixture, which the version-2 schema accepts", async () => {
  const v1 = await rawFixture(1);
  const v2 = await rawFixture(2);
  assertEquals(upgradeArtifact(v1, 1, 2), v2);
});

Deno.test("version 2 upgrades to exactly the version-3 fixture", async () => {
  const v2 = await rawFixture(2);
  const v3 = await rawFixture(3);
  assertEquals(upgradeArtifact(v2, 2, 3), v3);
});

Deno.test("version 3 upgrades to exactly the version-4 fixture", async () => {
  const v3 = await rawFixture(3);
  const v4 = await rawFixture(4);
  assertEquals(upgradeArtifact(v3, 3, 4), v4);
  const upgraded = v4 as {
    config: { design: string };
    groups: unknown[];
    cases: { forks: { steadyState: unknown; interference: unknown }[] }[];
    comparisons: { source: string; design: string }[];
  };
  // Version 3 measured no steady state or interference and interleaved
  // nothing: declared comparisons ran as whole forks in the same rounds.
  assertEquals(upgraded.config.design, "paired-rounds");
  assertEquals(upgraded.groups, []);
  assert(
    upgraded.cases.every((c) =>
      c.forks.every((f) => f.steadyState === null && f.interference === null)
    ),
  );
  assert(upgraded.comparisons.every((c) => c.design === "paired-rounds"));
});

Deno.test("version 4 upgrades to exactly the version-5 fixture", async () => {
  const v4 = await rawFixture(4);
  const v5 = await rawFixture(5);
  assertEquals(upgradeArtifact(v4, 4, 5), v5);
  const upgraded = v5 as {
    skipped: unknown[];
    cases: { forks: { clockCostNs: unknown }[] }[];
  };
  // Version 4 ran every case it declared and timed benches in batches only.
  assertEquals(upgraded.skipped, []);
  const forks = upgraded.cases.flatMap((c) => c.forks);
  assertEquals(forks.length, 21);
  assert(forks.every((f) => f.clockCostNs === null));
});

Deno.test("version 5 upgrades to exactly the version-6 fixture, which reads as it is", async () => {
  const v5 = await rawFixture(5);
  const v6 = await rawFixture(6);
  assertEquals(upgradeArtifact(v5, 5, 6), v6);
  // Valid as written: checked against schema_v6.json with no upgrade.
  assertEquals(await validateArtifact(structuredClone(v6), "run_v6.json"), v6);
  // Version 5 wrote runs only, and not the order of its rounds; nothing
  // else changes.
  assertEquals(v6.kind, "run");
  const { schemaVersion, revisions, added, removed, schedule, ...rest } = v6;
  const { schemaVersion: _, ...restV5 } = v5;
  assertEquals(rest, restV5);
  assertEquals(
    [schemaVersion, revisions, added, removed, schedule],
    [6, null, [], [], null],
  );
});

Deno.test("the upgrade changes nothing but the version, the kind and escaped ids", async () => {
  const v1 = await rawFixture(1);
  const { schemaVersion, kind, ...rest } = upgradeArtifact(
    structuredClone(v1),
    1,
    2,
  );
  assertEquals([schemaVersion, kind], [2, "run"]);
  const { schemaVersion: _, ...restV1 } = v1;
  // The fixture's names hold no character that needs escaping.
  assertEquals(rest, restV1);
});

Deno.test("a version-1 file with odd names gets escaped ids, and its comparisons follow their cases", async () => {
  const v1 = await rawFixture(1) as {
    cases: { id: string; suite: string; case: string }[];
    comparisons: { base: string; candidate: string }[];
  };
  // Rename fixture-params/echo to "echo/x,y" and double to "2=[double]",
  // with the unescaped ids version 1 would have written.
  const renamed: Record<string, string> = {};
  for (const c of v1.cases) {
    const name = { echo: "echo/x,y", double: "2=[double]" }[c.case];
    if (c.suite !== "fixture-params" || name === undefined) continue;
    const id = c.id.replace(`/${c.case}[`, `/${name}[`);
    renamed[c.id] = id;
    c.case = name;
    c.id = id;
  }
  for (const c of v1.comparisons) {
    c.base = renamed[c.base] ?? c.base;
    c.candidate = renamed[c.candidate] ?? c.candidate;
  }
  assertEquals(
    renamed["fixture-params/echo[n=1]"],
    "fixture-params/echo/x,y[n=1]",
  );

  const read = await validateArtifact(v1, "odd.json");
  const ids = read.cases.map((c) => c.id);
  assertEquals(ids.slice(4, 7), [
    "fixture-params/echo%2Fx%2Cy[n=1]",
    "fixture-params/echo%2Fx%2Cy[n=2]",
    "fixture-params/echo%2Fx%2Cy[n=3]",
  ]);
  assertEquals(ids[7], "fixture-params/2%3D%5Bdouble%5D[n=1]");
  assertEquals(ids[0], "calibration/sum");
  assertEquals(read.comparisons[2].base, "fixture-params/echo%2Fx%2Cy[n=1]");
  assertEquals(
    read.comparisons[2].candidate,
    "fixture-params/2%3D%5Bdouble%5D[n=1]",
  );
  assertEquals(read.comparisons[0].base, "calibration/sum");
  for (const c of read.comparisons) {
    assertEquals(ids.includes(c.base) && ids.includes(c.candidate), true);
  }
});

Deno.test("an upgrade that does not exist is a clear error", () => {
  assertThrows(
    () => upgradeArtifact({}, 0, 2),
    RangeError,
    "no upgrade from artifact schema version 0 to 1",
  );
});
