import { assertEquals, assertRejects, assertThrows } from "@std/assert";
import {
  ArtifactError,
  readArtifact,
  validateArtifact,
  writeFileAtomic,
} from "./io.ts";

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

Deno.test("a minimal artifact validates", () => {
  assertEquals(
    validateArtifact(structuredClone(minimal), "m.json").tool.name,
    "looplab",
  );
});

Deno.test("a missing field is named with its path and the file", () => {
  const broken = structuredClone(minimal) as Record<string, unknown>;
  (broken.config as Record<string, unknown>).forks = "five";
  delete (broken.environment as Record<string, unknown>).cores;
  assertThrows(
    () => validateArtifact(broken, "main.json"),
    ArtifactError,
    'main.json: not a valid looplab artifact: environment: missing "cores"',
  );
  assertThrows(
    () => validateArtifact(broken, "main.json"),
    ArtifactError,
    "config.forks: must be integer",
  );
});

Deno.test("a newer schema version is refused with a clear reason", () => {
  assertThrows(
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

Deno.test("an atomic write replaces the file whole and leaves no temporary file", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/a.json`, "old");
  await writeFileAtomic(`${dir}/a.json`, "new");
  assertEquals(await Deno.readTextFile(`${dir}/a.json`), "new");
  assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), ["a.json"]);
  await assertRejects(
    () => writeFileAtomic(`${dir}/missing/a.json`, "x"),
    ArtifactError,
    "does not exist",
  );
  assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), ["a.json"]);
  await Deno.remove(dir, { recursive: true });
});
