import { assertEquals, assertRejects } from "@std/assert";
import { ArtifactError } from "./error.ts";
import { readArtifact, validateArtifact } from "./read.ts";

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
  await assertRejects(
    () => validateArtifact({ ...minimal, schemaVersion: 2 }, "new.json"),
    ArtifactError,
    "new.json: schemaVersion 2 was written by a newer looplab",
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
