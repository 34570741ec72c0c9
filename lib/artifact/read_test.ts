import { assertEquals, assertRejects } from "@std/assert";
import { ArtifactError } from "./error.ts";
import { MAX_FILE_BYTES, readArtifact, validateArtifact } from "./read.ts";
import { SCHEMA_VERSION } from "./types.ts";
import { REVISIONS } from "../../fixtures/report/revisions.ts";

const minimal = {
  schemaVersion: 1,
  tool: { name: "looplab", version: "0.1.0" },
  createdAt: "2026-11-23T12:00:00.000Z",
  command: [],
  environment: {
    deno: "2.9.6",
    v8: "15",
    typescript: "6",
    os: "linux",
    osRelease: null,
    arch: "x86_64",
    cpuModel: null,
    cores: 2,
    memoryBytes: null,
    loadAverage: { start: null, end: null },
    git: null,
  },
  config: {
    forks: 1,
    timeMs: 100,
    quick: true,
    inProcess: false,
    seed: 1,
    minSamples: 10,
    maxSamples: 100,
    precision: 0,
    level: 0.95,
    resamples: 1000,
    alpha: 0.05,
    noiseThreshold: 0.01,
    filter: null,
  },
  cases: [],
  comparisons: [],
  sweeps: [],
  summary: { cases: 0, passed: 0, failed: 0 },
};

Deno.test("a minimal artifact validates", async () => {
  assertEquals(
    (await validateArtifact(structuredClone(minimal), "m.json")).tool.name,
    "looplab",
  );
});

Deno.test("a missing field is named with its path and the file", async () => {
  const broken = structuredClone(minimal) as Record<string, unknown>;
  (broken.config as Record<string, unknown>).forks = "five";
  delete (broken.environment as Record<string, unknown>).cores;
  await assertRejects(
    () => validateArtifact(broken, "main.json"),
    ArtifactError,
    'main.json: not a valid looplab artifact: environment: missing "cores"',
  );
  await assertRejects(
    () => validateArtifact(broken, "main.json"),
    ArtifactError,
    "config.forks: must be integer",
  );
});

Deno.test("a newer schema version is refused with a clear reason", async () => {
  const newer = SCHEMA_VERSION + 1;
  await assertRejects(
    () => validateArtifact({ ...minimal, schemaVersion: newer }, "new.json"),
    ArtifactError,
    `new.json: schemaVersion ${newer} was written by a newer looplab`,
  );
});

Deno.test("reading a missing or truncated file says which and why", async () => {
  const dir = await Deno.makeTempDir();
  await assertRejects(
    () => readArtifact(`${dir}/none.json`),
    ArtifactError,
    "no such file",
  );
  await Deno.writeTextFile(
    `${dir}/cut.json`,
    JSON.stringify(minimal).slice(0, 50),
  );
  await assertRejects(
    () => readArtifact(`${dir}/cut.json`),
    ArtifactError,
    "not valid JSON",
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a missing or unknown schemaVersion is named", async () => {
  const { schemaVersion: _, ...unversioned } = minimal;
  await assertRejects(
    () => validateArtifact(unversioned, "old.json"),
    ArtifactError,
    'old.json: not a valid looplab artifact: (top level): missing "schemaVersion"',
  );
  await assertRejects(
    () => validateArtifact({ ...minimal, schemaVersion: "1" }, "odd.json"),
    ArtifactError,
    'odd.json: not a valid looplab artifact: schemaVersion: must be one of 1, 2, 3, 4, 5, 6, got "1"',
  );
  await assertRejects(
    () => validateArtifact({ ...minimal, schemaVersion: 0 }, "odd.json"),
    ArtifactError,
    "must be one of 1, 2, 3, 4, 5, 6, got 0",
  );
});

Deno.test("each version is checked against its own schema: kind is a version-2 field", async () => {
  await assertRejects(
    () => validateArtifact({ ...minimal, kind: "run" }, "v1.json"),
    ArtifactError,
    'v1.json: not a valid looplab artifact: (top level): unknown field "kind"',
  );
  await assertRejects(
    () => validateArtifact({ ...minimal, schemaVersion: 2 }, "v2.json"),
    ArtifactError,
    'v2.json: not a valid looplab artifact: (top level): missing "kind"',
  );
  await assertRejects(
    () =>
      validateArtifact({ ...minimal, schemaVersion: 2, kind: "x" }, "v2.json"),
    ArtifactError,
    "kind: must be equal to one of the allowed values",
  );
  const read = await validateArtifact(
    { ...minimal, schemaVersion: 2, kind: "run" },
    "v2.json",
  );
  assertEquals(read.kind, "run");
});

Deno.test("a soak or revs artifact is refused where a run is read, not compared as one", async () => {
  for (const kind of ["soak", "revs"]) {
    await assertRejects(
      () => validateArtifact({ ...minimal, schemaVersion: 2, kind }, "s.json"),
      ArtifactError,
      `s.json: a "${kind}" artifact; this looplab reads "run" artifacts here`,
    );
  }
});

Deno.test("a version-1 artifact reads as the current version, of kind run", async () => {
  const read = await validateArtifact(structuredClone(minimal), "m.json");
  assertEquals(read.schemaVersion, SCHEMA_VERSION);
  assertEquals(read.kind, "run");
  assertEquals(Object.keys(read).slice(0, 3), [
    "schemaVersion",
    "kind",
    "tool",
  ]);
});

Deno.test("numbers that set the work of reading are bounded: resamples of 1e12 is refused by name", async () => {
  for (const resamples of [1e12, 1e8]) {
    await assertRejects(
      () =>
        validateArtifact(
          { ...minimal, config: { ...minimal.config, resamples } },
          "crafted.json",
        ),
      ArtifactError,
      `crafted.json: config.resamples is ${resamples}; looplab reads at most 100000`,
    );
  }
  await assertRejects(
    () =>
      validateArtifact(
        { ...minimal, config: { ...minimal.config, seed: 2 ** 60 } },
        "crafted.json",
      ),
    ArtifactError,
    "crafted.json: config.seed is 1152921504606847000; looplab reads at most 9007199254740991",
  );
});

Deno.test("a UTF-8 byte-order mark is read past; a UTF-16 file is named as such, with no NUL in the message", async () => {
  const dir = await Deno.makeTempDir({ prefix: "looplab-read-" });
  await Deno.writeTextFile(
    `${dir}/bom.json`,
    "\uFEFF" + JSON.stringify(minimal),
  );
  assertEquals((await readArtifact(`${dir}/bom.json`)).kind, "run");

  const text = JSON.stringify(minimal);
  const utf16 = new Uint8Array(2 + text.length * 2);
  utf16.set([0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) utf16[2 + 2 * i] = text.charCodeAt(i);
  await Deno.writeFile(`${dir}/utf16.json`, utf16);
  const error = await assertRejects(
    () => readArtifact(`${dir}/utf16.json`),
    ArtifactError,
    `${dir}/utf16.json: encoded as UTF-16; looplab reads UTF-8 JSON`,
  );
  assertEquals(error.message.includes("\u0000"), false);

  // Without a byte-order mark: the NUL bytes still must not be printed.
  await Deno.writeFile(`${dir}/nobom.json`, utf16.subarray(2));
  const nobom = await assertRejects(
    () => readArtifact(`${dir}/nobom.json`),
    ArtifactError,
    "nobom.json: not valid JSON",
  );
  assertEquals(
    [...nobom.message].some((c) => c.charCodeAt(0) < 0x20),
    false,
  );
  await Deno.remove(dir, { recursive: true });
});

const FIXTURE_V3 = new URL(
  "../../fixtures/report/run_v3.json",
  import.meta.url,
);

Deno.test("samples read from a file are bounded: per fork, per metric, and recorded/stride match the forks", async () => {
  const fixture = JSON.parse(await Deno.readTextFile(FIXTURE_V3));
  const withSamples = (samples: number[][], extra: object = {}) => {
    const a = structuredClone(fixture);
    a.cases[0].metrics[0] = { ...a.cases[0].metrics[0], samples, ...extra };
    return a;
  };
  const fork = (n: number) => new Array(n).fill(1);
  await assertRejects(
    () => validateArtifact(withSamples([fork(100_001)]), "big.json"),
    ArtifactError,
    "big.json: cases[0].metrics[0].samples[0].length is 100001; looplab reads at most 100000",
  );
  await assertRejects(
    () =>
      validateArtifact(
        withSamples(Array.from({ length: 11 }, () => fork(100_000))),
        "big.json",
      ),
    ArtifactError,
    "big.json: cases[0].metrics[0]: samples over all forks is 1100000; looplab reads at most 1000000",
  );
  await assertRejects(
    () =>
      validateArtifact(
        withSamples([fork(3), fork(3)], { recorded: [12], stride: [4] }),
        "odd.json",
      ),
    ArtifactError,
    "odd.json: cases[0].metrics[0].recorded has 1 entries for 2 forks",
  );
  await assertRejects(
    () =>
      validateArtifact(withSamples([fork(3)], { recorded: [12] }), "odd.json"),
    ArtifactError,
    "one of recorded and stride without the other",
  );
  const read = await validateArtifact(
    withSamples([fork(3)], { recorded: [12], stride: [4] }),
    "ok.json",
  );
  assertEquals(read.cases[0].metrics[0].stride, [4]);
});

Deno.test("a JSON file past 128 MiB is refused before it is read", async () => {
  const dir = await Deno.makeTempDir({ prefix: "looplab-read-" });
  const path = `${dir}/huge.json`;
  // Sparse: no disk is written.
  await Deno.writeTextFile(path, "[");
  await Deno.truncate(path, MAX_FILE_BYTES + 1);
  await assertRejects(
    () => readArtifact(path),
    ArtifactError,
    `${path}: ${
      MAX_FILE_BYTES + 1
    } bytes; looplab reads JSON files of at most ${MAX_FILE_BYTES} bytes (128 MiB)`,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("version 5 records skipped cases and a fork's clock cost, and checks both", async () => {
  const url = new URL("../../fixtures/report/run_v5.json", import.meta.url);
  const v5 = JSON.parse(await Deno.readTextFile(url));
  v5.skipped = [{
    id: "text/reverse_bench.ts/slow one",
    suite: "text/reverse_bench.ts",
    case: "slow one",
    reason: "ignored",
  }, {
    id: "text/reverse_bench.ts/fast",
    suite: "text/reverse_bench.ts",
    case: "fast",
    reason: "not only",
  }];
  v5.cases[0].forks[0].clockCostNs = 31.5;
  const read = await validateArtifact(structuredClone(v5), "v5.json");
  assertEquals(read.skipped.map((s) => s.reason), ["ignored", "not only"]);
  assertEquals(read.cases[0].forks[0].clockCostNs, 31.5);
  assertEquals(read.cases[0].forks[1].clockCostNs, null);

  const badReason = structuredClone(v5);
  badReason.skipped[1].reason = "skipped";
  await assertRejects(
    () => validateArtifact(badReason, "v5.json"),
    ArtifactError,
    "v5.json: not a valid looplab artifact: skipped.1.reason: must be equal to one of the allowed values",
  );
  const noCost = structuredClone(v5);
  delete noCost.cases[2].forks[1].clockCostNs;
  await assertRejects(
    () => validateArtifact(noCost, "v5.json"),
    ArtifactError,
    'cases.2.forks.1: missing "clockCostNs"',
  );
  const noSkipped = structuredClone(v5);
  delete noSkipped.skipped;
  await assertRejects(
    () => validateArtifact(noSkipped, "v5.json"),
    ArtifactError,
    '(top level): missing "skipped"',
  );
});

Deno.test("version 6 records a revs run's revisions, added and removed cases and schedule, and checks them", async () => {
  const url = new URL("../../fixtures/report/run_v6.json", import.meta.url);
  const v6 = JSON.parse(await Deno.readTextFile(url));
  const revs = {
    ...v6,
    kind: "revs",
    revisions: REVISIONS,
    added: ["bench/work_bench.ts/new"],
    removed: ["bench/work_bench.ts/old"],
    schedule: [["calibration/sum", "fixture-params/echo[n=1]"], [
      "fixture-params/echo[n=1]",
      "calibration/sum",
    ]],
  };
  const read = await validateArtifact(structuredClone(revs), "revs.json");
  assertEquals(read.kind, "revs");
  assertEquals(read.revisions, REVISIONS);
  assertEquals(read.added, ["bench/work_bench.ts/new"]);
  assertEquals(read.removed, ["bench/work_bench.ts/old"]);
  assertEquals(read.schedule?.[1][1], "calibration/sum");

  await assertRejects(
    () => validateArtifact({ ...revs, revisions: null }, "revs.json"),
    ArtifactError,
    "revs.json: not a valid looplab artifact: revisions: must be object",
  );
  await assertRejects(
    () => validateArtifact({ ...v6, revisions: REVISIONS }, "run.json"),
    ArtifactError,
    "run.json: not a valid looplab artifact: revisions: must be null",
  );
  const shortSha = structuredClone(revs);
  shortSha.revisions.base.sha = "3da0cd0";
  await assertRejects(
    () => validateArtifact(shortSha, "revs.json"),
    ArtifactError,
    "revisions.base.sha: must match pattern",
  );
  const noDirty = structuredClone(revs);
  delete noDirty.revisions.candidate.dirty;
  await assertRejects(
    () => validateArtifact(noDirty, "revs.json"),
    ArtifactError,
    'revisions.candidate: missing "dirty"',
  );
  for (const field of ["revisions", "added", "removed", "schedule"]) {
    const missing = structuredClone(v6);
    delete missing[field];
    await assertRejects(
      () => validateArtifact(missing, "v6.json"),
      ArtifactError,
      `(top level): missing "${field}"`,
    );
  }
});
