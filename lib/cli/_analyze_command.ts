/**
 * `analyze FILE`: outlier classes, CIs and modality for samples from
 * anywhere — a JSON array of numbers, an object of named arrays, a hyperfine
 * `--export-json` file, or a looplab artifact — and, for samples given as
 * arrays of forks in time order, each fork's steady state.
 *
 * @module
 */

import {
  ArtifactError,
  quoteInput,
  readJsonFile,
  validateArtifact,
} from "../artifact/mod.ts";
import { renderAnalysis } from "../report/mod.ts";
import {
  analyzeForks,
  classifySteadyState,
  describeThinning,
  type SteadyStateClass,
  thinForks,
} from "../stats/mod.ts";
import { parseFlags } from "./_flags.ts";
import { UsageError } from "./_usage.ts";

/** The help text of `analyze`. */
export const ANALYZE_USAGE = `looplab analyze FILE [flags]

  FILE          a JSON array of numbers, an object of named arrays of
                numbers, a hyperfine --export-json file, or a looplab artifact;
                a series given as arrays of forks ({"name": [[…], […]]}),
                each in time order, gets each fork's steady state, and its
                analysis reads each fork's steady segment
  --unit UNIT   the unit of plain arrays (default: none)
  --json        print the analyses as JSON`;

/** One named series read from an input file. */
export interface Series {
  /** The series' name. */
  name: string;
  /** Its unit. */
  unit: string;
  /** The values (over all forks, when given in forks). */
  values: number[];
  /** The values per fork, each in time order, when given in forks. */
  forks?: number[][];
}

/** One fork's steady state, as `analyze` prints it. */
export interface ForkSteadyState {
  /** Samples in the fork. */
  samples: number;
  /** Its class. */
  class: SteadyStateClass;
  /** Index of the first sample of its steady segment; null when none. */
  steadyFrom: number | null;
}

/**
 * Runs the `analyze` command.
 *
 * @param args the arguments after `analyze`
 * @returns 0
 * @throws {UsageError} on bad arguments; ArtifactError on a bad file
 *
 * @example
 * ```ts ignore
 * await analyzeCommand(["samples.json", "--unit", "ms"]);
 * ```
 */
export async function analyzeCommand(args: readonly string[]): Promise<number> {
  const flags = parseFlags("analyze", args, {
    string: ["unit"],
    boolean: ["json"],
  });
  if (flags.help) {
    console.log(ANALYZE_USAGE);
    return 0;
  }
  if (flags._.length !== 1) {
    throw new UsageError(`analyze takes one file; got ${flags._.length}`);
  }
  const path = String(flags._[0]);
  const series = await seriesFrom(
    await readJsonFile(path),
    path,
    flags.unit === undefined ? "" : String(flags.unit),
  );
  const results = series.map((s) => {
    const steady = s.forks === undefined ? null : steadySegments(s.forks);
    // A series of millions reads evenly thinned, in order: the bootstrap
    // draws every sample thousands of times.
    const bounded = thinForks(steady?.segments ?? [s.values]);
    // Forks are the independent units: the median's CI is `run`'s
    // hierarchical one, which sees the spread between them.
    const analysis = analyzeForks(bounded.forks);
    return {
      name: s.name,
      unit: s.unit,
      analysis,
      ...(steady === null
        ? {}
        : { forks: steady.forks, analysed: steady.analysed }),
      ...(bounded.kept < bounded.total
        ? { note: describeThinning(bounded) }
        : {}),
    };
  });
  if (flags.json) {
    console.log(JSON.stringify(results, null, 2));
  } else {
    console.log(
      results.map((r) =>
        [
          renderAnalysis(r.name, r.unit, r.analysis),
          ...(r.forks === undefined ? [] : [
            `  analysed ${r.analysed}`,
            ...r.forks.map((f, k) =>
              `  fork ${k + 1}: ${f.class}, ` + (f.steadyFrom === null
                ? `all ${f.samples} samples analysed`
                : `steady from sample ${f.steadyFrom} of ${f.samples}`)
            ),
          ]),
          ...(r.note === undefined ? [] : [`  note: ${r.note}`]),
        ].join("\n")
      ).join("\n\n"),
    );
  }
  return 0;
}

/**
 * Classifies each fork's steady state and keeps its steady segment, or the
 * whole fork when it has none.
 */
function steadySegments(forks: number[][]): {
  segments: number[][];
  forks: ForkSteadyState[];
  analysed: string;
} {
  const states = forks.map((fork) => {
    const { class: c, steadyFrom } = classifySteadyState(fork);
    return { samples: fork.length, class: c, steadyFrom };
  });
  const segments = forks.map((fork, k) =>
    fork.slice(states[k].steadyFrom ?? 0)
  );
  const total = forks.reduce((sum, f) => sum + f.length, 0);
  const kept = segments.reduce((sum, f) => sum + f.length, 0);
  const unsteady = states.filter((f) => f.steadyFrom === null).length;
  return {
    segments,
    forks: states,
    analysed: `each fork's steady segment: ${kept} of ${total} samples in ` +
      `${forks.length} fork(s)` +
      (unsteady === 0
        ? ""
        : `; ${unsteady} fork(s) with no steady state read whole`),
  };
}

/**
 * Reads the series out of any accepted input shape.
 *
 * @param value the parsed JSON
 * @param path the file name, for messages
 * @param unit the unit of plain arrays
 * @returns the series
 * @throws {ArtifactError} naming the file and the field that is wrong
 *
 * @example
 * ```ts
 * import { seriesFrom } from "./_analyze_command.ts";
 * import { assertEquals } from "@std/assert";
 * const [series] = await seriesFrom([1, 2, 3], "x.json", "ms");
 * assertEquals(series.values, [1, 2, 3]);
 * const [forked] = await seriesFrom({ t: [[1, 2], [3]] }, "x.json", "ms");
 * assertEquals(forked.forks, [[1, 2], [3]]);
 * assertEquals(forked.values, [1, 2, 3]);
 * ```
 */
export async function seriesFrom(
  value: unknown,
  path: string,
  unit: string,
): Promise<Series[]> {
  const numbers = (v: unknown, field: string): number[] => {
    if (!Array.isArray(v) || v.length === 0) {
      throw new ArtifactError(
        `${path}: ${field} must be a non-empty array of numbers`,
      );
    }
    v.forEach((x, i) => {
      if (typeof x !== "number" || !Number.isFinite(x)) {
        throw new ArtifactError(
          `${path}: ${field}[${i}] is ${
            quoteInput(x)
          }; only finite numbers are accepted`,
        );
      }
    });
    return v as number[];
  };
  // Arrays of forks: an array whose first element is an array.
  const isForks = (v: unknown): v is unknown[] =>
    Array.isArray(v) && v.length > 0 && Array.isArray(v[0]);
  const named = (name: string, v: unknown, field: string): Series => {
    if (!isForks(v)) return { name, unit, values: numbers(v, field) };
    const forks = v.map((fork, i) => numbers(fork, `${field}[${i}]`));
    return { name, unit, values: forks.flat(), forks };
  };
  if (Array.isArray(value)) return [named("samples", value, "(top level)")];
  if (typeof value !== "object" || value === null) {
    throw new ArtifactError(
      `${path}: expected an array of numbers, an object of named arrays, a hyperfine export or a looplab artifact`,
    );
  }
  const object = value as Record<string, unknown>;
  if ("schemaVersion" in object) {
    const artifact = await validateArtifact(value, path);
    const out: Series[] = [];
    for (const c of artifact.cases) {
      for (const m of c.metrics) {
        const values = m.samples.flat();
        // Pooled over forks: `report` shows the run's own fork-aware CIs.
        const name = m.samples.length > 1
          ? `${c.id} ${m.name} (pooled over ${m.samples.length} forks)`
          : `${c.id} ${m.name}`;
        if (values.length > 0) out.push({ name, unit: m.unit, values });
      }
    }
    if (out.length === 0) {
      throw new ArtifactError(`${path}: the artifact holds no samples`);
    }
    return out;
  }
  if (Array.isArray(object.results)) {
    if (object.results.length === 0) {
      throw new ArtifactError(`${path}: results is empty; nothing to analyze`);
    }
    return object.results.map((r: unknown, i: number) => {
      if (typeof r !== "object" || r === null || Array.isArray(r)) {
        throw new ArtifactError(
          `${path}: results[${i}] is ${
            quoteInput(r)
          }; expected a hyperfine result with "times"`,
        );
      }
      const result = r as Record<string, unknown>;
      return {
        name: typeof result.command === "string"
          ? result.command
          : `results[${i}]`,
        unit: "s",
        values: numbers(result.times, `results[${i}].times`),
      };
    });
  }
  const entries = Object.entries(object);
  if (entries.length === 0) {
    throw new ArtifactError(`${path}: the object has no series`);
  }
  return entries.map(([name, v]) => named(name, v, name));
}
