/**
 * `Deno.bench` files as looplab suites. A file registers its benches when
 * it is imported; with `Deno.bench` replaced by a recorder, importing it
 * lists them. The parent never imports a bench file (its top-level code is
 * the user's): a listing fork does ({@link listBenchFile}, run by
 * `_deno_bench_list_main.ts`), and each measuring fork imports it again and
 * times the registered functions by their place in the file.
 *
 * Each bench becomes a bench case; each file a suite made by the factory
 * {@link denoBenchFile}, whose options carry what the listing found, so
 * that a fork rebuilds the same suite. A group's benches are compared with
 * its baseline (the first `baseline: true`), or, where `deno bench` would
 * pick the fastest member after measuring, with its first member, since an
 * interleaved design must know its base before it measures.
 *
 * @module
 */

import type { SkipReason } from "../artifact/types.ts";
import { type BenchFunction, timedRegion } from "../measure/mod.ts";
import {
  bench,
  type BenchCase,
  type ComparisonSpec,
  defineSuiteFactory,
  type Suite,
  type SuiteDefinition,
  type SuiteFactory,
} from "./suite.ts";

/** A bench's permissions option as `Deno.bench` takes it (JSON). */
export type BenchPermissions =
  | "inherit"
  | "none"
  | Record<string, unknown>;

/** What one `Deno.bench` call registered, as the listing reports it. */
export interface BenchEntry {
  /** The bench's name, as registered. */
  name: string;
  /** Its place among the file's registrations (0-based). */
  index: number;
  /** Its group; null when it has none. */
  group: string | null;
  /** Whether it asked to be its group's baseline. */
  baseline: boolean;
  /** `only: true`. */
  only: boolean;
  /** `ignore: true`. */
  ignore: boolean;
  /** `n`: calls to time per fork; null when not given. */
  n: number | null;
  /** `warmup`: untimed calls per fork; null when not given. */
  warmup: number | null;
  /** `sanitizeExit` (default true). */
  sanitizeExit: boolean;
  /** `permissions`; null when not given ("inherit"). */
  permissions: BenchPermissions | null;
  /** Whether `fn` is an `async function`. */
  async: boolean;
  /** Why the bench cannot run as registered (an option refused). */
  refused: string | null;
}

/** A registration with its function: what a fork times. */
interface Registered {
  entry: BenchEntry;
  fn: (b: BenchContextLike) => unknown;
}

/** The context `Deno.bench` hands a bench function. */
interface BenchContextLike {
  readonly name: string;
  readonly origin: string;
  start(): void;
  end(): void;
}

/** A measuring fork's entry point: only there may a bench revoke permissions. */
const FORK_MAIN = new URL("./_fork_main.ts", import.meta.url).href;

/** The permission kinds `"none"` revokes. */
const PERMISSION_KINDS = [
  "read",
  "write",
  "net",
  "env",
  "sys",
  "run",
  "ffi",
  "import",
] as const;

/**
 * Reads one `Deno.bench` call's arguments as `deno bench` does, with its
 * messages for the forms it refuses.
 *
 * @param args the call's arguments
 * @param index the registration's place in its file
 * @returns the registration
 * @throws {TypeError} for the forms `deno bench` refuses
 *
 * @example
 * ```ts
 * import { readBenchCall } from "./_deno_bench_suite.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 * const { entry } = readBenchCall(["parse", { group: "url", n: 10 }, () => {}], 0);
 * assertEquals([entry.name, entry.group, entry.n], ["parse", "url", 10]);
 * assertThrows(() => readBenchCall([() => {}], 1), TypeError, "must have a name");
 * ```
 */
export function readBenchCall(args: unknown[], index: number): Registered {
  const [first, second, third] = args;
  let fn: unknown;
  let name: unknown;
  let options: Record<string, unknown> = {};
  if (typeof first === "string") {
    if (first === "") throw new TypeError("The bench name can't be empty");
    if (typeof second === "function") {
      fn = second;
    } else {
      if (typeof third !== "function") {
        throw new TypeError("Missing bench function");
      }
      const given = (second ?? {}) as Record<string, unknown>;
      if (given.fn !== undefined) {
        throw new TypeError(
          "Unexpected 'fn' field in options, bench function is already provided as the third argument",
        );
      }
      if (given.name !== undefined) {
        throw new TypeError(
          "Unexpected 'name' field in options, bench name is already provided as the first argument",
        );
      }
      options = given;
      fn = third;
    }
    name = first;
  } else if (typeof first === "function") {
    if (!first.name) {
      throw new TypeError("The bench function must have a name");
    }
    if (second !== undefined) {
      throw new TypeError("Unexpected second argument to Deno.bench()");
    }
    if (third !== undefined) {
      throw new TypeError("Unexpected third argument to Deno.bench()");
    }
    fn = first;
    name = first.name;
  } else {
    const given = (first ?? {}) as Record<string, unknown>;
    if (typeof second === "function") {
      if (given.fn !== undefined) {
        throw new TypeError(
          "Unexpected 'fn' field in options, bench function is already provided as the second argument",
        );
      }
      fn = second;
    } else {
      if (typeof given.fn !== "function") {
        throw new TypeError(
          "Expected 'fn' field in the first argument to be a bench function",
        );
      }
      fn = given.fn;
    }
    name = given.name ?? (fn as { name: string }).name;
    if (!name) throw new TypeError("The bench name can't be empty");
    options = given;
  }
  const call = fn as (b: BenchContextLike) => unknown;
  const AsyncFunction = (async () => {}).constructor;
  const refusals: string[] = [];
  const count = (key: "n" | "warmup"): number | null => {
    const value = options[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      refusals.push(
        `${key} must be a number of calls, 0 or more, got ${
          JSON.stringify(value) ?? String(value)
        }`,
      );
      return null;
    }
    return Math.ceil(value);
  };
  const n = count("n");
  const permissions = options.permissions ?? null;
  const refusedPermissions = permissionProblem(permissions);
  if (refusedPermissions !== null) refusals.push(refusedPermissions);
  return {
    fn: call,
    entry: {
      name: String(name),
      index,
      group: typeof options.group === "string" && options.group !== ""
        ? options.group
        : null,
      baseline: options.baseline === true,
      only: options.only === true,
      ignore: options.ignore === true,
      n: n === 0 ? null : n,
      warmup: count("warmup"),
      sanitizeExit: options.sanitizeExit !== false,
      permissions: refusedPermissions === null
        ? permissions as BenchPermissions | null
        : null,
      async: call.constructor === AsyncFunction,
      refused: refusals.length === 0 ? null : refusals.join("; "),
    },
  };
}

/**
 * Why looplab cannot honour a permissions option, or null when it can:
 * narrowing a fork is revoking kinds from it, which cannot leave a kind
 * granted for some paths or hosts only.
 */
function permissionProblem(permissions: unknown): string | null {
  if (permissions === null || permissions === "inherit") return null;
  if (permissions === "none") return null;
  if (typeof permissions !== "object" || Array.isArray(permissions)) {
    return `permissions must be "inherit", "none" or an object, got ${
      JSON.stringify(permissions)
    }`;
  }
  for (const [kind, value] of Object.entries(permissions)) {
    if (!(PERMISSION_KINDS as readonly string[]).includes(kind)) {
      return `permissions.${kind} is not a permission kind (${
        PERMISSION_KINDS.join(", ")
      })`;
    }
    if (value === true || value === false || value === "inherit") continue;
    return `permissions.${kind} is ${
      JSON.stringify(value)
    }: looplab narrows a bench's fork by revoking whole kinds, so a kind ` +
      'is true, false or "inherit", not a list of paths or hosts (run ' +
      "this bench with deno bench, or grant the kind whole)";
  }
  return null;
}

/** Registrations by file URL, once the file is imported in this process. */
const loaded = new Map<string, Promise<Registered[]>>();
/** Where the recorder puts the registrations of the file being imported. */
let recording: Registered[] | null = null;
/** `Deno.bench` calls made after their file's import had finished. */
let lateCalls = 0;

/**
 * How many `Deno.bench` calls came after their file's import had finished
 * (from a timer, say): they are not run, since a file's benches are planned
 * from its import; the listing reports them so that the CLI can say so.
 *
 * @returns the count in this process
 */
export function lateBenchCalls(): number {
  return lateCalls;
}

/**
 * Imports a bench file once per process, with `Deno.bench` recording its
 * registrations, and returns them in order.
 *
 * @param file the file's URL
 * @returns its registrations
 * @throws what importing the file throws
 */
function loadBenchFile(file: string): Promise<Registered[]> {
  const known = loaded.get(file);
  if (known !== undefined) return known;
  const registrations = (async () => {
    const found: Registered[] = [];
    const deno = Deno as unknown as { bench: (...args: unknown[]) => void };
    deno.bench = (...args: unknown[]) => {
      // A call made after the file's import finished has no file to go to.
      if (recording === null) {
        lateCalls++;
        return;
      }
      recording.push(readBenchCall(args, recording.length));
    };
    recording = found;
    try {
      await import(file);
    } finally {
      recording = null;
    }
    return found;
  })();
  loaded.set(file, registrations);
  return registrations;
}

/**
 * Lists a bench file's registrations: imports it (running its top-level
 * code: call this in a fork, not in the CLI's process).
 *
 * @param file the file's URL
 * @returns what each `Deno.bench` call registered
 * @throws what importing the file throws, a refused form included
 *
 * @example
 * ```ts ignore
 * const entries = await listBenchFile("file:///p/text/reverse_bench.ts");
 * ```
 */
export async function listBenchFile(file: string): Promise<BenchEntry[]> {
  return (await loadBenchFile(file)).map((r) => r.entry);
}

/** The name of the factory of `Deno.bench` suites, in their origin. */
export const DENO_BENCH_FACTORY = "deno-bench-file";

/** Options of {@link denoBenchFile}: what a fork needs to rebuild the suite. */
export interface BenchFileOptions {
  /** The file's URL. */
  file: string;
  /** The suite's name: the file's path relative to its project. */
  suite: string;
  /** What the listing found, in registration order. */
  benches: BenchEntry[];
}

/**
 * Where a suite made by {@link denoBenchFile} comes from, and whether a
 * bench of it narrows its fork's permissions: null for any other suite.
 *
 * @param suite a suite
 * @returns the file's URL and whether a bench asks for permissions other
 *   than its fork's, or null
 *
 * @example
 * ```ts
 * import { benchFileOf, denoBenchFile } from "./_deno_bench_suite.ts";
 * import { assertEquals } from "@std/assert";
 * const suite = denoBenchFile({
 *   file: "file:///p/x_bench.ts",
 *   suite: "x_bench.ts",
 *   benches: [{
 *     index: 0, name: "a", group: null, baseline: false, only: false,
 *     ignore: false, n: null, warmup: null, permissions: "none",
 *     sanitizeExit: true, async: false, refused: null,
 *   }],
 * });
 * assertEquals(benchFileOf(suite), { file: "file:///p/x_bench.ts", narrows: true });
 * ```
 */
export function benchFileOf(
  suite: Suite,
): { file: string; narrows: boolean } | null {
  if (suite.origin.factory !== "deno-bench-file") return null;
  const { file, benches } = suite.origin.options as BenchFileOptions;
  return {
    file,
    narrows: benches.some((b) =>
      b.permissions !== null && b.permissions !== "inherit"
    ),
  };
}

/**
 * A suite made by {@link denoBenchFile} under another name (a revision's
 * side), rebuilt by the factory under that name in forks.
 *
 * @param suite the file's suite
 * @param name its new name
 * @returns the renamed suite
 *
 * @example
 * ```ts
 * import { denoBenchFile, renamedBenchFile } from "./_deno_bench_suite.ts";
 * import { assertEquals } from "@std/assert";
 * const suite = denoBenchFile({
 *   file: "file:///p/x_bench.ts",
 *   suite: "x_bench.ts",
 *   benches: [{
 *     index: 0, name: "a", group: null, baseline: false, only: false,
 *     ignore: false, n: null, warmup: null, permissions: null,
 *     sanitizeExit: true, async: false, refused: null,
 *   }],
 * });
 * const renamed = renamedBenchFile(suite, "base:x_bench.ts");
 * assertEquals(renamed.name, "base:x_bench.ts");
 * assertEquals((renamed.origin.options as { suite: string }).suite, "base:x_bench.ts");
 * ```
 */
export function renamedBenchFile(suite: Suite, name: string): Suite {
  const options = suite.origin.options as BenchFileOptions;
  return {
    ...suite,
    name,
    origin: { ...suite.origin, options: { ...options, suite: name } },
  };
}

/** What runs of a file's benches, and what is skipped and why. */
export interface BenchPlan {
  /** The benches that run, each with its unique case name. */
  runs: { entry: BenchEntry; caseName: string }[];
  /** The benches that do not. */
  skipped: { name: string; reason: SkipReason }[];
  /** Comparisons by case name: per group, every member against its base. */
  comparisons: ComparisonSpec[];
  /** Whether a bench asked for `only`. */
  usedOnly: boolean;
}

/**
 * Decides what of a file runs, as `deno bench` does: with any bench marked
 * `only`, those alone (in that file); never an `ignore`d one. Case names
 * are the bench names, a repeated name numbered from its second use
 * (`name (2)`). Each group of two or more running benches compares every
 * member with its base: the first `baseline: true`, else the first member
 * (`deno bench` would take the fastest, known only after measuring).
 * Ungrouped benches are compared only when one of them is a baseline, as
 * in `deno bench`.
 *
 * @param benches the file's registrations
 * @returns what runs, what is skipped, the comparisons
 *
 * @example
 * ```ts
 * import { planBenchFile, type BenchEntry } from "./_deno_bench_suite.ts";
 * import { assertEquals } from "@std/assert";
 * const entry = (name: string, more: Partial<BenchEntry> = {}): BenchEntry => ({
 *   name, index: 0, group: "g", baseline: false, only: false, ignore: false,
 *   n: null, warmup: null, sanitizeExit: true, permissions: null,
 *   async: false, refused: null, ...more,
 * });
 * const plan = planBenchFile([
 *   entry("a"), entry("b", { baseline: true }), entry("c", { ignore: true }),
 * ]);
 * assertEquals(plan.runs.map((r) => r.caseName), ["a", "b"]);
 * assertEquals(plan.comparisons, [{ base: "b", candidate: "a" }]);
 * assertEquals(plan.skipped, [{ name: "c", reason: "ignored" }]);
 * ```
 */
export function planBenchFile(benches: readonly BenchEntry[]): BenchPlan {
  const taken = new Map<string, number>();
  const named = benches.map((entry) => {
    const uses = (taken.get(entry.name) ?? 0) + 1;
    taken.set(entry.name, uses);
    return {
      entry,
      caseName: uses === 1 ? entry.name : `${entry.name} (${uses})`,
    };
  });
  const usedOnly = benches.some((b) => b.only);
  const runs: BenchPlan["runs"] = [];
  const skipped: BenchPlan["skipped"] = [];
  for (const bench of named) {
    if (usedOnly && !bench.entry.only) {
      skipped.push({ name: bench.caseName, reason: "not only" });
    } else if (bench.entry.ignore) {
      skipped.push({ name: bench.caseName, reason: "ignored" });
    } else {
      runs.push(bench);
    }
  }
  const groups = new Map<string | null, typeof runs>();
  for (const run of runs) {
    groups.set(run.entry.group, [...(groups.get(run.entry.group) ?? []), run]);
  }
  const comparisons: ComparisonSpec[] = [];
  for (const [group, members] of groups) {
    if (members.length < 2) continue;
    const base = members.find((m) => m.entry.baseline) ??
      (group === null ? undefined : members[0]);
    if (base === undefined) continue;
    for (const m of members) {
      if (m !== base) {
        comparisons.push({ base: base.caseName, candidate: m.caseName });
      }
    }
  }
  return { runs, skipped, comparisons, usedOnly };
}

/**
 * The suite of one `Deno.bench` file, rebuildable in forks: each running
 * bench a bench case, timed as `deno bench` times it — between
 * `b.start()` and `b.end()` when its first call marks them (a call per
 * sample), else whole calls in batches — with its `n`, `warmup`,
 * `permissions` and `sanitizeExit`.
 *
 * @example
 * ```ts ignore
 * const suite = denoBenchFile({ file, suite: "text/reverse_bench.ts", benches });
 * ```
 */
export const denoBenchFile: SuiteFactory<BenchFileOptions> = defineSuiteFactory<
  BenchFileOptions
>(
  "deno-bench-file",
  (options?: BenchFileOptions): SuiteDefinition => {
    if (options === undefined) {
      throw new TypeError("denoBenchFile needs the listing of a bench file");
    }
    const plan = planBenchFile(options.benches);
    const groupOf = new Map(
      plan.runs.map((r) => [r.entry.index, r.entry.group]),
    );
    const cases: BenchCase[] = plan.runs.map(({ entry, caseName }) =>
      bench(caseName, () => buildBench(options, entry, groupOf), {
        description: describeBench(entry),
        calls: entry.n ?? undefined,
        warmupCalls: entry.warmup ?? undefined,
        teardown: () => releaseExit(`${options.file}#${entry.index}`),
      })
    );
    return {
      name: options.suite,
      description: "a Deno.bench file, run unchanged",
      cases,
      comparisons: plan.comparisons,
      skipped: plan.skipped,
      load: async () => {
        await loadBenchFile(options.file);
      },
    };
  },
  import.meta.url,
);

/** The options a bench was registered with, in a few words for `list`. */
function describeBench(entry: BenchEntry): string | undefined {
  const parts = [
    entry.group === null ? null : `group ${entry.group}`,
    entry.baseline ? "baseline" : null,
    entry.n === null ? null : `n ${entry.n}`,
    entry.warmup === null ? null : `warmup ${entry.warmup}`,
    entry.permissions === null
      ? null
      : `permissions ${JSON.stringify(entry.permissions)}`,
    entry.sanitizeExit ? null : "sanitizeExit false",
  ].filter((part) => part !== null);
  return parts.length === 0 ? undefined : parts.join(", ");
}

/**
 * Builds the function a fork times for one bench, in that fork: the file
 * imported, the bench found at its place, its permissions narrowed and its
 * exits trapped.
 */
async function buildBench(
  options: BenchFileOptions,
  entry: BenchEntry,
  groupOf: Map<number, string | null>,
): Promise<BenchFunction> {
  if (entry.refused !== null) {
    throw new TypeError(`bench "${entry.name}": ${entry.refused}`);
  }
  const registered = (await loadBenchFile(options.file))[entry.index];
  if (registered === undefined || registered.entry.name !== entry.name) {
    throw new Error(
      `${options.file} registered ${
        registered === undefined
          ? "fewer benches"
          : `"${registered.entry.name}"`
      } where the listing found "${entry.name}": its Deno.bench calls must ` +
        "not depend on the process that imports it",
    );
  }
  // A group's benches share a fork, and revoking is for the whole process.
  const asked = JSON.stringify(entry.permissions);
  const others = options.benches.filter((b) =>
    b.index !== entry.index && groupOf.has(b.index) &&
    groupOf.get(b.index) === entry.group && entry.group !== null &&
    JSON.stringify(b.permissions) !== asked
  );
  if (others.length > 0) {
    throw new TypeError(
      `bench "${entry.name}" asks for permissions ${asked ?? "inherit"}, ` +
        `"${others[0].name}" in its group for ${
          JSON.stringify(others[0].permissions) ?? "inherit"
        }: a group's benches are timed in one process, which has one set ` +
        "of permissions; give them the same",
    );
  }
  if (
    entry.permissions !== null && entry.permissions !== "inherit" &&
    Deno.mainModule !== FORK_MAIN
  ) {
    throw new TypeError(
      `bench "${entry.name}" asks for permissions ${
        JSON.stringify(entry.permissions)
      }: looplab narrows them by revoking them in the bench's fork, and ` +
        "--in-process would revoke them from looplab's own process for the " +
        "rest of the run; run it in forks",
    );
  }
  await narrowPermissions(entry.permissions);
  const key = `${options.file}#${entry.index}`;
  if (entry.sanitizeExit) trapExit(key);
  try {
    return await benchFunction(registered.fn, entry.name, options.file);
  } catch (error) {
    releaseExit(key);
    throw error;
  }
}

/**
 * Narrows this process's permissions as a bench's `permissions` option
 * asks: kinds it denies (all of them for "none"; in an object, those set to
 * false and those left out, as `deno bench` reads it) are revoked; a kind
 * it asks for that the process does not hold in full fails, as in `deno
 * bench`: a bench can narrow its fork, never widen it.
 */
async function narrowPermissions(
  permissions: BenchPermissions | null,
): Promise<void> {
  if (permissions === null || permissions === "inherit") return;
  for (const kind of PERMISSION_KINDS) {
    const wanted = permissions === "none" ? false : permissions[kind] ?? false;
    if (wanted === "inherit") continue;
    const descriptor = { name: kind } as Deno.PermissionDescriptor;
    if (wanted === true) {
      const status = await Deno.permissions.query(descriptor);
      if (status.state !== "granted" || status.partial) {
        throw new Deno.errors.NotCapable(
          `Can't escalate parent thread permissions: the bench asks for ` +
            `${kind}, which its fork does not hold in full`,
        );
      }
      continue;
    }
    await Deno.permissions.revoke(descriptor);
  }
}

/** The `Deno.exit` of this process, while a bench's exits are trapped. */
let realExit: typeof Deno.exit | null = null;
/** The benches (file#index) that trapped it and are not torn down yet. */
const trapping = new Set<string>();

/**
 * Makes `Deno.exit` throw, as `deno bench`'s `sanitizeExit` does, until
 * every bench that trapped it has been torn down.
 */
function trapExit(key: string): void {
  trapping.add(key);
  if (realExit !== null) return;
  realExit = Deno.exit;
  Deno.exit = ((code?: number): never => {
    throw new Error(`Bench attempted to exit with exit code: ${code ?? 0}`);
  }) as typeof Deno.exit;
}

/** Ends one bench's trap; the last one restores `Deno.exit`. */
function releaseExit(key: string): void {
  if (!trapping.delete(key) || trapping.size > 0) return;
  if (realExit !== null) Deno.exit = realExit;
  realExit = null;
}

/**
 * The function to time. A function that takes no context is timed as it
 * is. One that takes `b` is called once to see whether it marks its timed
 * span: if so it is timed between the marks, a call per sample; if not, in
 * batches, with a context whose marks throw should a later call use them
 * (how a bench is timed is decided from its first call).
 */
async function benchFunction(
  fn: (b: BenchContextLike) => unknown,
  name: string,
  origin: string,
): Promise<BenchFunction> {
  if (fn.length === 0) return fn as BenchFunction;
  let marked = false;
  const probe: BenchContextLike = {
    name,
    origin,
    start: () => void (marked = true),
    end: () => void (marked = true),
  };
  const first = fn(probe);
  if (first instanceof Promise) await first;
  if (marked) {
    let region: { start(): void; end(): void } = probe;
    const context: BenchContextLike = {
      name,
      origin,
      start: () => region.start(),
      end: () => region.end(),
    };
    return timedRegion((marks) => {
      region = marks;
      return fn(context);
    });
  }
  const unmarked: BenchContextLike = {
    name,
    origin,
    start() {
      throw new TypeError(
        `bench "${name}" called b.start() in a later call but not in its ` +
          "first: looplab decides from the first call whether to time " +
          "between the marks",
      );
    },
    end() {
      this.start();
    },
  };
  return () => fn(unmarked);
}
