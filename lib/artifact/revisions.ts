/**
 * How a "revs" artifact names its two sides: each revision's suites carry
 * its side as a prefix (`base:bench/x_bench.ts`, `candidate:…`), and the
 * comparisons between the revisions are those of a candidate case with a
 * base case.
 *
 * @module
 */

import { type ComparisonRecord, REVISION_SIDES } from "./types.ts";

const SIDE_PREFIX = new RegExp(`^(?:${REVISION_SIDES.join("|")}):`);

/**
 * A suite name or case id without its side's prefix: what a case is called
 * on both revisions, and how the two sides pair.
 *
 * @param name a side's suite name or case id
 * @returns the name without `base:` or `candidate:`
 *
 * @example
 * ```ts
 * import { withoutSide } from "@looplab/looplab/artifact";
 * import { assertEquals } from "@std/assert";
 * assertEquals(withoutSide("candidate:bench/x_bench.ts/sum"), "bench/x_bench.ts/sum");
 * assertEquals(withoutSide("timers/drift"), "timers/drift");
 * ```
 */
export function withoutSide(name: string): string {
  return name.replace(SIDE_PREFIX, "");
}

/**
 * The comparisons between two revisions: a candidate case against a base
 * case. A revs run may hold others too (a file's group compared with its
 * baseline on one side), which neither the summary nor the gate counts.
 *
 * @param comparisons an artifact's comparisons
 * @returns those of a candidate case with a base case, in order
 *
 * @example
 * ```ts
 * import { revisionComparisons } from "@looplab/looplab/artifact";
 * import type { ComparisonRecord } from "@looplab/looplab/artifact";
 * import { assertEquals } from "@std/assert";
 * const across = { base: "base:f/a", candidate: "candidate:f/a" } as ComparisonRecord;
 * const within = { base: "base:f/a", candidate: "base:f/b" } as ComparisonRecord;
 * assertEquals(revisionComparisons([within, across]), [across]);
 * ```
 */
export function revisionComparisons(
  comparisons: readonly ComparisonRecord[],
): ComparisonRecord[] {
  const [base, candidate] = REVISION_SIDES;
  return comparisons.filter((c) =>
    c.base.startsWith(`${base}:`) && c.candidate.startsWith(`${candidate}:`)
  );
}
