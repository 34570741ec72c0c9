/**
 * Reading artifacts of every schema version: validated against the JSON
 * Schema of the version the file declares, then upgraded to the current
 * shape, with errors that name the file and the field path of the first
 * problems.
 *
 * The validator (Ajv and the compiled schema) is loaded with `import()` on
 * the first read: importing Ajv alone costs about 1.5× an empty `deno run`,
 * which a fork, whose time budget counts from its start, must not pay.
 *
 * @module
 */

import type { Ajv, ErrorObject, ValidateFunction } from "ajv";
import { type Artifact, SCHEMA_VERSION } from "./types.ts";
import { ArtifactError } from "./error.ts";
import { quoteInput } from "./quote.ts";
import { upgradeArtifact } from "./_upgrade.ts";

/** The JSON Schema of each version, loaded when a file of it is read. */
const SCHEMAS: Record<number, () => Promise<{ default: unknown }>> = {
  1: () => import("./schema_v1.json", { with: { type: "json" } }),
  2: () => import("./schema_v2.json", { with: { type: "json" } }),
  3: () => import("./schema_v3.json", { with: { type: "json" } }),
  4: () => import("./schema_v4.json", { with: { type: "json" } }),
  5: () => import("./schema_v5.json", { with: { type: "json" } }),
  6: () => import("./schema_v6.json", { with: { type: "json" } }),
};

let ajv: Promise<Ajv> | undefined;
const validators = new Map<number, Promise<ValidateFunction>>();

/** The compiled schema of a version, loaded and compiled once, on first use. */
function loadValidator(version: number): Promise<ValidateFunction> {
  ajv ??= import("ajv").then(({ Ajv }) =>
    new Ajv({ allErrors: true, strict: false })
  );
  let validator = validators.get(version);
  if (validator === undefined) {
    validator = Promise.all([ajv, SCHEMAS[version]()]).then(([ajv, schema]) =>
      ajv.compile(schema.default as object)
    );
    validators.set(version, validator);
  }
  return validator;
}

/** Problems listed in one error message, at most. */
const MAX_PROBLEMS = 5;

/**
 * Checks a parsed value against the schema of the version it declares and
 * upgrades it to the current shape.
 *
 * @param value the parsed JSON
 * @param source the file name (or another label) for messages
 * @returns the artifact, in the current version's shape
 * @throws {ArtifactError} naming the source and the field paths at fault,
 *   or saying the artifact is of a newer schema version
 *
 * @example
 * ```ts ignore
 * await validateArtifact(JSON.parse(text), "main.json");
 * ```
 */
export async function validateArtifact(
  value: unknown,
  source: string,
): Promise<Artifact> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ArtifactError(
      `${source}: not a looplab artifact (not an object)`,
    );
  }
  const object = value as Record<string, unknown>;
  const version = object.schemaVersion;
  if (typeof version === "number" && version > SCHEMA_VERSION) {
    throw new ArtifactError(
      `${source}: schemaVersion ${version} was written by a newer looplab; ` +
        `this one reads schema versions up to ${SCHEMA_VERSION}`,
    );
  }
  if (version === undefined) {
    throw new ArtifactError(
      `${source}: not a valid looplab artifact: (top level): missing "schemaVersion"`,
    );
  }
  if (typeof version !== "number" || !(version in SCHEMAS)) {
    throw new ArtifactError(
      `${source}: not a valid looplab artifact: schemaVersion: must be one of ` +
        `${Object.keys(SCHEMAS).join(", ")}, got ${quoteInput(version)}`,
    );
  }
  const validateSchema = await loadValidator(version);
  if (validateSchema(value)) {
    const artifact = upgradeArtifact(
      object,
      version,
      SCHEMA_VERSION,
    ) as unknown as Artifact;
    // A soak has a reader of its own (JSON Lines); a revs artifact is a
    // run with its revisions, which versions before 6 could not hold.
    if (
      artifact.kind === "soak" ||
      (artifact.kind === "revs" && artifact.revisions === null)
    ) {
      throw new ArtifactError(
        `${source}: a "${artifact.kind}" artifact; this looplab reads ` +
          `"run" artifacts here, and "revs" artifacts of schema version 6 on`,
      );
    }
    assertBounded(artifact, source);
    return artifact;
  }
  const problems = (validateSchema.errors ?? []).slice(0, MAX_PROBLEMS).map(
    describeProblem,
  );
  const more = (validateSchema.errors?.length ?? 0) - problems.length;
  throw new ArtifactError(
    `${source}: not a valid looplab artifact: ${problems.join("; ")}` +
      (more > 0 ? ` (and ${more} more)` : ""),
  );
}

/**
 * Resamples an artifact may ask `compare` and `--baseline` for, at most:
 * criterion's default, 100 × looplab's own. Each resample draws every
 * sample, so the bound keeps a crafted file from setting the work (1e8
 * held 1.8 GB and ran for minutes; 1e12 crashed on allocation).
 */
export const MAX_RESAMPLES = 100_000;

/** Forks per case an artifact may record, at most: the runner's bound too. */
export const MAX_FORKS = 1000;

/**
 * Samples one fork of one metric may hold in an artifact, at most: the
 * runner's bound on `maxSamples` too. A fork that records more keeps every
 * k-th value (`recorded` and `stride` say so).
 */
export const MAX_SAMPLES_PER_FORK = 100_000;

/**
 * Samples one metric may hold over all its forks, at most; the runner lowers
 * a run's `maxSamples` so that `forks × maxSamples` stays within it.
 */
export const MAX_SAMPLES_PER_METRIC = 1_000_000;

/**
 * Largest file looplab reads as JSON: parsing takes several times a file's
 * size in memory. An artifact at the sample bounds of every case stays far
 * below it (a sample takes ~20 bytes).
 */
export const MAX_FILE_BYTES = 128 * 1024 * 1024;

/**
 * The schema types the numbers; this bounds the ones that set how much work
 * reading the file makes, and the seed, which must stay an exact integer.
 */
function assertBounded(artifact: Artifact, source: string): void {
  const bounds: [string, number, number, number][] = [
    ["config.resamples", artifact.config.resamples, 1, MAX_RESAMPLES],
    ["config.forks", artifact.config.forks, 1, MAX_FORKS],
    [
      "config.seed",
      artifact.config.seed,
      -Number.MAX_SAFE_INTEGER,
      Number.MAX_SAFE_INTEGER,
    ],
  ];
  artifact.cases.forEach((c, i) =>
    c.metrics.forEach((m, j) => {
      const at = `cases[${i}].metrics[${j}]`;
      let total = 0;
      m.samples.forEach((fork, k) => {
        total += fork.length;
        bounds.push([
          `${at}.samples[${k}].length`,
          fork.length,
          0,
          MAX_SAMPLES_PER_FORK,
        ]);
      });
      bounds.push([
        `${at}: samples over all forks`,
        total,
        0,
        MAX_SAMPLES_PER_METRIC,
      ]);
      for (const field of ["recorded", "stride"] as const) {
        const per = m[field];
        if (per !== undefined && per.length !== m.samples.length) {
          throw new ArtifactError(
            `${source}: ${at}.${field} has ${per.length} entries for ` +
              `${m.samples.length} forks; it needs one per fork`,
          );
        }
      }
      if ((m.recorded === undefined) !== (m.stride === undefined)) {
        throw new ArtifactError(
          `${source}: ${at} has one of recorded and stride without the other`,
        );
      }
    })
  );
  for (const [field, value, min, max] of bounds) {
    if (value > max) {
      throw new ArtifactError(
        `${source}: ${field} is ${
          quoteInput(value)
        }; looplab reads at most ${max}`,
      );
    }
    if (value < min) {
      throw new ArtifactError(
        `${source}: ${field} is ${
          quoteInput(value)
        }; looplab reads at least ${min}`,
      );
    }
  }
}

function describeProblem(error: ErrorObject): string {
  const path = error.instancePath === ""
    ? "(top level)"
    : error.instancePath.slice(1).replaceAll("/", ".");
  if (error.keyword === "required") {
    return `${path}: missing "${error.params.missingProperty}"`;
  }
  if (error.keyword === "additionalProperties") {
    return `${path}: unknown field "${error.params.additionalProperty}"`;
  }
  return `${path}: ${error.message}`;
}

/**
 * Reads and validates an artifact file.
 *
 * @param path the file
 * @returns the artifact
 * @throws {ArtifactError} when the file is missing, unreadable, not JSON, or
 *   not a valid artifact — the message names the file and the field
 *
 * @example
 * ```ts ignore
 * const base = await readArtifact("main.json");
 * ```
 */
export async function readArtifact(path: string): Promise<Artifact> {
  return await validateArtifact(await readJsonFile(path), path);
}

/**
 * Reads a JSON file with errors that name it.
 *
 * @param path the file
 * @returns the parsed value
 * @throws {ArtifactError} when it is missing, unreadable or not JSON
 *
 * @example
 * ```ts ignore
 * const samples = await readJsonFile("samples.json");
 * ```
 */
export async function readJsonFile(path: string): Promise<unknown> {
  let bytes: Uint8Array;
  try {
    const { size } = await Deno.stat(path);
    if (size > MAX_FILE_BYTES) {
      throw new ArtifactError(
        `${path}: ${size} bytes; looplab reads JSON files of at most ` +
          `${MAX_FILE_BYTES} bytes (${MAX_FILE_BYTES / 2 ** 20} MiB)`,
      );
    }
    bytes = await Deno.readFile(path);
  } catch (error) {
    if (error instanceof ArtifactError) throw error;
    if (error instanceof Deno.errors.NotFound) {
      throw new ArtifactError(`${path}: no such file`);
    }
    throw new ArtifactError(
      `${path}: cannot read: ${(error as Error).message}`,
    );
  }
  if (
    (bytes[0] === 0xff && bytes[1] === 0xfe) ||
    (bytes[0] === 0xfe && bytes[1] === 0xff)
  ) {
    throw new ArtifactError(
      `${path}: encoded as UTF-16; looplab reads UTF-8 JSON ` +
        "(convert it, e.g. with iconv -f UTF-16 -t UTF-8)",
    );
  }
  // The decoder drops a UTF-8 byte-order mark, which JSON.parse refuses.
  const text = new TextDecoder().decode(bytes);
  try {
    return JSON.parse(text);
  } catch (error) {
    // V8's message quotes the input around the fault: escape what it
    // quotes (a UTF-16 file without a mark is full of NUL bytes) and cut it.
    const reason = quoteInput((error as Error).message).slice(1, -1);
    throw new ArtifactError(
      `${path}: not valid JSON (${reason}); was the file cut short?`,
    );
  }
}
