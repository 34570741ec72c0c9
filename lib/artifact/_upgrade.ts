/**
 * Upgrades between consecutive schema versions, so that a saved artifact of
 * any version reads as the current shape. Each upgrade takes an artifact
 * that its version's schema has validated and returns one that the next
 * version's schema accepts. An upgrade declares only the fields it reads,
 * frozen here as that version wrote them; it never changes a measurement.
 * A field a later version adds that an older artifact cannot supply is
 * upgraded to null, and `artifactDifferences` says what that leaves
 * uncompared.
 *
 * @module
 */

import type { ArtifactParamValue } from "./types.ts";
import { caseId } from "./case_id.ts";

/** An artifact as parsed JSON: only the upgrades look inside. */
type ArtifactJson = Record<string, unknown>;

/** The fields of a version-1 artifact that the upgrade to version 2 reads. */
interface ArtifactV1 {
  schemaVersion: 1;
  cases: {
    id: string;
    suite: string;
    case: string;
    params: Record<string, ArtifactParamValue>;
  }[];
  comparisons: { base: string; candidate: string }[];
}

/**
 * Version 1 → 2: adds `kind` ("run": version 1 wrote nothing else) and
 * recomputes case ids with `caseId`. Version 1 wrote ids unescaped, so a
 * name holding `/`, `[`, `,` or `=` gave an id that could not be taken
 * apart; the records' suite, case and params fields are the truth, and
 * every id that refers to a case (comparisons' base and candidate) follows
 * its case. Ids of names without those characters do not change.
 */
function upgradeV1(value: ArtifactJson): ArtifactJson {
  const v1 = value as unknown as ArtifactV1;
  // A comparison names cases of its own artifact (a baseline comparison
  // names the same id on both sides), so the map covers every reference;
  // a reference to no case (a hand-edited file) is left as it was.
  const ids = new Map<string, string>();
  const cases = v1.cases.map((c) => {
    const id = caseId(c.suite, c.case, c.params);
    if (!ids.has(c.id)) ids.set(c.id, id);
    return { ...c, id };
  });
  const comparisons = v1.comparisons.map((c) => ({
    ...c,
    base: ids.get(c.base) ?? c.base,
    candidate: ids.get(c.candidate) ?? c.candidate,
  }));
  const { schemaVersion: _, ...rest } = value;
  return { schemaVersion: 2, kind: "run", ...rest, cases, comparisons };
}

/**
 * Version 2 → 3: a metric may add `recorded` and `stride`, written only
 * when a fork recorded more values than it kept. Version 2 kept every
 * value, so nothing else changes.
 */
function upgradeV2(value: ArtifactJson): ArtifactJson {
  return { ...value, schemaVersion: 3 };
}

/** The fields of a version-3 artifact that the upgrade to version 4 reads. */
interface ArtifactV3 {
  cases: { forks: Record<string, unknown>[] }[];
  comparisons: { source: "declared" | "baseline" }[];
  config: Record<string, unknown>;
}

/**
 * Version 3 → 4: adds each fork's `steadyState` and `interference`, each
 * comparison's `design`, the config's `design` and the run's `groups`.
 * Version 3 measured neither steady state nor interference (null), ran
 * declared comparisons as whole forks in the same rounds ("paired-rounds")
 * and baselines apart ("unpaired"), and interleaved nothing.
 */
function upgradeV3(value: ArtifactJson): ArtifactJson {
  const v3 = value as unknown as ArtifactV3;
  return {
    ...value,
    schemaVersion: 4,
    config: { ...v3.config, design: "paired-rounds" },
    cases: v3.cases.map((c) => ({
      ...c,
      forks: c.forks.map((f) => ({
        ...f,
        steadyState: null,
        interference: null,
      })),
    })),
    comparisons: v3.comparisons.map((c) => {
      const { source, ...rest } = c;
      return {
        source,
        design: source === "declared" ? "paired-rounds" : "unpaired",
        ...rest,
      };
    }),
    groups: [],
  };
}

/** The fields of a version-4 artifact that the upgrade to version 5 reads. */
interface ArtifactV4 {
  cases: { forks: Record<string, unknown>[] }[];
}

/**
 * Version 4 → 5: adds the run's `skipped` cases and each fork's
 * `clockCostNs`. Version 4 ran every case it declared, and timed benches in
 * batches only, never between explicit start/end marks.
 */
function upgradeV4(value: ArtifactJson): ArtifactJson {
  const v4 = value as unknown as ArtifactV4;
  return {
    ...value,
    schemaVersion: 5,
    cases: v4.cases.map((c) => ({
      ...c,
      forks: c.forks.map((f) => ({ ...f, clockCostNs: null })),
    })),
    skipped: [],
  };
}

/**
 * Version 5 → 6: adds the run's `revisions`, `added`, `removed` and
 * `schedule`. Version 5 wrote runs only, never two revisions, and did not
 * record the order of each round: that order is lost (null).
 */
function upgradeV5(value: ArtifactJson): ArtifactJson {
  return {
    ...value,
    schemaVersion: 6,
    revisions: null,
    added: [],
    removed: [],
    schedule: null,
  };
}

/** `UPGRADES[v]` turns version v into version v + 1. */
const UPGRADES: Record<number, (value: ArtifactJson) => ArtifactJson> = {
  1: upgradeV1,
  2: upgradeV2,
  3: upgradeV3,
  4: upgradeV4,
  5: upgradeV5,
};

/**
 * Upgrades a validated artifact of version `from` to the current version,
 * one version at a time.
 *
 * @param value the artifact, valid against the schema of version `from`
 * @param from its schema version
 * @param to the version to reach
 * @returns the artifact in the shape of version `to`
 * @throws {RangeError} when an upgrade on the way is missing
 *
 * @example
 * ```ts ignore
 * const current = upgradeArtifact(parsed, 1, SCHEMA_VERSION);
 * ```
 */
export function upgradeArtifact(
  value: ArtifactJson,
  from: number,
  to: number,
): ArtifactJson {
  let current = value;
  for (let version = from; version < to; version++) {
    const upgrade = UPGRADES[version];
    if (upgrade === undefined) {
      throw new RangeError(
        `no upgrade from artifact schema version ${version} to ${version + 1}`,
      );
    }
    current = upgrade(current);
  }
  return current;
}
