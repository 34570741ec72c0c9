import { assert, assertEquals } from "@std/assert";
import type { Artifact } from "../artifact/mod.ts";
import { centreInterval, compareForks } from "../stats/mod.ts";
import { main } from "./main.ts";

const RUN = new URL("../../fixtures/report/run.json", import.meta.url);

/** Runs `main(args)` and returns what it printed with console.log. */
async function printed(args: string[]): Promise<string> {
  const lines: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...parts: unknown[]) => lines.push(parts.join(" "));
  console.error = () => {};
  try {
    await main(args);
  } finally {
    console.log = log;
    console.error = error;
  }
  return lines.join("\n");
}

Deno.test("`looplab compare` and the library's compareForks give the same verdict, ratio and p on the same artifacts", async () => {
  const base: Artifact = JSON.parse(await Deno.readTextFile(RUN));
  // Five forks that agree within 2%, so that a 10% change is clear.
  base.cases.find((c) => c.id === "calibration/sum")!.metrics[0].samples = [
    1000,
    1010,
    990,
    1005,
    995,
  ].map((centre) =>
    Array.from({ length: 10 }, (_, i) => centre * (1 + (i % 5) / 500))
  );
  const next: Artifact = structuredClone(base);
  const scale = (id: string, factor: number, forks?: number) => {
    const metric = next.cases.find((c) => c.id === id)!.metrics[0];
    metric.samples = metric.samples.slice(0, forks)
      .map((fork) => fork.map((x) => x * factor));
  };
  scale("calibration/sum", 1.1);
  scale("calibration/await", 0.9);
  // One fork on a side: the engine's Mann–Whitney path.
  scale("calibration/sum-more", 1.2, 1);
  const dir = await Deno.makeTempDir({ prefix: "looplab-compare-" });
  try {
    const basePath = `${dir}/base.json`;
    const nextPath = `${dir}/next.json`;
    await Deno.writeTextFile(basePath, JSON.stringify(base));
    await Deno.writeTextFile(nextPath, JSON.stringify(next));
    const { comparisons } = JSON.parse(
      await printed(["compare", basePath, nextPath, "--json"]),
    );
    assert(comparisons.length >= 4, `${comparisons.length} comparisons`);
    const tests = new Set<string>();
    for (const c of comparisons) {
      const samplesOf = (a: Artifact, id: string) =>
        a.cases.find((x) => x.id === id)!.metrics.find((m) =>
          m.name === c.metric
        )!.samples;
      const direct = compareForks(
        samplesOf(base, c.base),
        samplesOf(next, c.candidate),
        { kind: "unpaired" },
        { ...next.config, direction: c.direction },
      );
      // JSON turns NaN (a ratio CI that is not defined) into null.
      const json = JSON.parse(JSON.stringify(direct));
      const where = `${c.candidate} ${c.metric}`;
      assertEquals(c.verdict, direct.verdict, where);
      assertEquals(c.p, direct.p, where);
      assertEquals(c.ratio, json.ratio, where);
      assertEquals(c.test, direct.test, where);
      assertEquals(c.warnings, direct.warnings, where);
      tests.add(direct.test);
    }
    const verdicts = (id: string) =>
      comparisons.find((c: { candidate: string }) => c.candidate === id)
        .verdict;
    assertEquals(verdicts("calibration/sum"), "slower");
    assertEquals(verdicts("calibration/sum-more"), "slower");
    assert(tests.has("mann-whitney on pooled samples"), [...tests].join());
    assert(tests.has("welch t on log fork medians"), [...tests].join());
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("`looplab analyze` reports the centre's interval `run` uses, with the series as one fork", async () => {
  const series = [10, 12, 11, 13, 10, 12, 14, 11];
  const dir = await Deno.makeTempDir({ prefix: "looplab-analyze-" });
  try {
    const path = `${dir}/series.json`;
    await Deno.writeTextFile(path, JSON.stringify({ series }));
    const [result] = JSON.parse(await printed(["analyze", path, "--json"]));
    const centre = centreInterval([series]);
    assertEquals(result.analysis.medianCI, {
      point: centre.point,
      lower: centre.lower,
      upper: centre.upper,
      level: 0.95,
      method: "percentile",
      resamples: centre.resamples,
    });
    assertEquals(centre.includesBetweenForkVariance, false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
