/**
 * How often `revs` finds a known 5% slowdown, and how often it calls an
 * identical pair changed, against `compare` of two runs taken apart — the
 * measurement issue 16 asks for. A throwaway repository is made with three
 * commits: `base` (a bench summing 1..1000), `same` (an empty commit: an
 * A/A pair) and `slow` (the sum to 1050: 5% more work; `--work N` sums to N
 * instead, e.g. 1020 for 2%). Each round, in a
 * shuffled order: `revs base same` and `revs base slow` with each design
 * (interleaved in one fork, the default; paired rounds of separate forks),
 * and separate runs of `base`, `same` and `slow` whose artifacts are
 * compared pairwise as `compare` does.
 *
 * A slowdown is found when the verdict is "slower"; an identical pair is
 * called changed when the verdict is anything but "no change" or "within
 * noise". Rates are printed with Wilson 95% intervals, and the median
 * estimate and interval width of each method's ratios.
 *
 * Usage: `deno run -A bench/revs_rates.ts [--runs N] [--seed N] [--work N]
 * [--forks N] [--time D] [--revs-only]` (`--forks`/`--time` shape every
 * run; `--revs-only` measures the default design alone).
 *
 * @module
 */

import { parseArgs } from "@std/cli/parse-args";
import { createRandom, permutation, wilsonInterval } from "../lib/stats/mod.ts";
import { type ComparisonRecord, readArtifact } from "../lib/artifact/mod.ts";
import { baselineComparisons } from "../lib/runner/mod.ts";
import { TASK_PERMISSIONS } from "../fixtures/runner/cli.ts";

const MAIN = new URL("../lib/cli/main.ts", import.meta.url).pathname;
const CONFIG = new URL("../deno.json", import.meta.url).pathname;

const args = parseArgs(Deno.args, {
  string: ["runs", "seed", "work", "forks", "time"],
  boolean: ["revs-only"],
});
const runs = Number(args.runs ?? 20);
const work = Number(args.work ?? 1050);
// Every run's shape: looplab's defaults unless --forks / --time say.
const shape = [
  ...(args.forks === undefined ? [] : ["--forks", String(args.forks)]),
  ...(args.time === undefined ? [] : ["--time", String(args.time)]),
];
const random = createRandom(Number(args.seed ?? 1));

const repo = await Deno.makeTempDir({ prefix: "looplab-rates-" });
const bench = (n: number) =>
  `function work(n: number) { let s = 0; for (let i = 1; i <= n; i++) s += i; return s; }
Deno.bench("sum", () => { work(${n}); });
`;
await Deno.mkdir(`${repo}/bench`);
await Deno.writeTextFile(`${repo}/bench/sum_bench.ts`, bench(1000));
await git("init", "-q");
await git("add", "-A");
await git("commit", "-qm", "base");
await git("tag", "base");
await git("commit", "-q", "--allow-empty", "-m", "same");
await git("tag", "same");
await Deno.writeTextFile(`${repo}/bench/sum_bench.ts`, bench(work));
await git("commit", "-qam", `slow: the sum to ${work}`);
await git("tag", "slow");

type Outcome = { verdict: string; estimate: number; width: number };
const METHODS = [
  "revs interleaved",
  "revs paired-rounds",
  "compare of two runs",
] as const;
const outcomes = new Map<string, Outcome[]>();
const record = (method: string, pair: string, outcome: Outcome) => {
  const key = `${method}|${pair}`;
  outcomes.set(key, [...(outcomes.get(key) ?? []), outcome]);
};
const started = new Date().toISOString();
for (let round = 0; round < runs; round++) {
  const interleaved = [
    async () => record(METHODS[0], "same", await revs("base", "same")),
    async () => record(METHODS[0], "slow", await revs("base", "slow")),
  ];
  const jobs = args["revs-only"] ? interleaved : [
    ...interleaved,
    async () =>
      record(METHODS[1], "same", await revs("base", "same", "paired-rounds")),
    async () =>
      record(METHODS[1], "slow", await revs("base", "slow", "paired-rounds")),
    async () => {
      const [base, same, slow] = [
        await single("base"),
        await single("same"),
        await single("slow"),
      ];
      record(METHODS[2], "same", await compared(base, same));
      record(METHODS[2], "slow", await compared(base, slow));
    },
  ];
  for (const i of permutation(jobs.length, random)) await jobs[i]();
  console.error(`round ${round + 1}/${runs}`);
}
await Deno.remove(repo, { recursive: true });

const rate = (xs: Outcome[], hit: (v: string) => boolean) => {
  const k = xs.filter((x) => hit(x.verdict)).length;
  const w = wilsonInterval(k, xs.length);
  return `${k}/${xs.length} (${(100 * k / xs.length).toFixed(0)}% [${
    (100 * w.lower).toFixed(0)
  }–${(100 * w.upper).toFixed(0)}%])`;
};
const medianOf = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
};
const slower = (v: string) => v === "slower";
const changed = (v: string) => v !== "no change" && v !== "within noise";
console.log(
  `started ${started}, ended ${new Date().toISOString()}, ${runs} rounds, ` +
    `slow = the sum to ${work} (${
      ((work / 1000 - 1) * 100).toFixed(0)
    }% more work), ` +
    (shape.length === 0
      ? "defaults (5 forks × 500 ms per case)"
      : `runs with ${shape.join(" ")}`),
);
console.log(
  "| method | finds slow slower | A/A called changed | median ratio, slow | median CI width, slow | median CI width, A/A |",
);
console.log("| --- | --- | --- | --- | --- | --- |");
for (const method of args["revs-only"] ? METHODS.slice(0, 1) : METHODS) {
  const slow = outcomes.get(`${method}|slow`) ?? [];
  const same = outcomes.get(`${method}|same`) ?? [];
  console.log(
    `| ${method} | ${rate(slow, slower)} | ${rate(same, changed)} | ×${
      medianOf(slow.map((x) => x.estimate)).toFixed(3)
    } | ${(100 * medianOf(slow.map((x) => x.width))).toFixed(1)}% | ${
      (100 * medianOf(same.map((x) => x.width))).toFixed(1)
    }% |`,
  );
}

async function git(...gitArgs: string[]): Promise<void> {
  const out = await new Deno.Command("git", {
    args: [
      "-c",
      "user.name=rates",
      "-c",
      "user.email=rates@looplab",
      ...gitArgs,
    ],
    cwd: repo,
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
}

/** The outcome of `revs BASE CANDIDATE` on the sum bench. */
async function revs(
  base: string,
  candidate: string,
  design = "interleaved",
): Promise<Outcome> {
  const json = `${repo}/revs.json`;
  await Deno.remove(json).catch(() => {});
  await cli([
    "revs",
    base,
    candidate,
    "bench",
    "--design",
    design,
    "--json",
    json,
  ]);
  const artifact = await readArtifact(json);
  return outcomeOf(artifact.comparisons[0]);
}

/** A comparison's verdict, ratio and relative interval width. */
function outcomeOf(c: ComparisonRecord | undefined): Outcome {
  if (c === undefined) return { verdict: "none", estimate: NaN, width: NaN };
  return {
    verdict: c.verdict,
    estimate: c.ratio.point,
    width: (c.ratio.upper - c.ratio.lower) / c.ratio.point,
  };
}

/** One run of a revision's bench on its own; the artifact's path. */
async function single(rev: string): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "looplab-rates-side-" });
  const tar = new Deno.Command("sh", {
    args: ["-c", `git -C "${repo}" archive ${rev} | tar -x -C "${dir}"`],
  });
  if (!(await tar.output()).success) throw new Error(`archive ${rev}`);
  const json = `${repo}/${rev}-${crypto.randomUUID()}.json`;
  await cli([`${dir}/bench/sum_bench.ts`, "--json", json, ...shape]);
  await Deno.remove(dir, { recursive: true });
  return json;
}

/** `compare`'s outcome on two separate runs (unpaired). */
async function compared(
  basePath: string,
  nextPath: string,
): Promise<Outcome> {
  const base = await readArtifact(basePath);
  const next = await readArtifact(nextPath);
  // Each side named its suite after its own folder: pair by case name.
  const renamed = {
    ...next,
    cases: next.cases.map((c) => ({ ...c, id: base.cases[0].id })),
  };
  const [c] = baselineComparisons(base, renamed.cases, {
    level: 0.95,
    resamples: base.config.resamples,
    seed: base.config.seed,
    alpha: base.config.alpha,
    noiseThreshold: base.config.noiseThreshold,
  });
  return outcomeOf(c);
}

async function cli(cliArgs: string[]): Promise<void> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...TASK_PERMISSIONS, "--config", CONFIG, MAIN, ...cliArgs],
    cwd: repo,
    stdout: "null",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  // 0, or 1 for a slower verdict under a gate: anything else is a failure.
  if (out.code !== 0 && out.code !== 1) {
    throw new Error(new TextDecoder().decode(out.stderr));
  }
}
