import { assertEquals } from "@std/assert";
import { validateArtifact } from "../artifact/mod.ts";

const ROOT = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");

Deno.test("another project imports looplab, runs its own suite with built-in ones given its options, and gets an artifact", async () => {
  // The path another repository takes: its deno.json links this checkout
  // (JSR itself is unreachable here) and maps the package's entry points.
  const dir = await Deno.makeTempDir({ prefix: "looplab-user-" });
  await Deno.writeTextFile(
    `${dir}/deno.json`,
    JSON.stringify({
      links: [ROOT],
      imports: {
        "@looplab/looplab": "jsr:@looplab/looplab@^0.1.0",
        "@looplab/looplab/suites/calibration":
          "jsr:@looplab/looplab@^0.1.0/suites/calibration",
        "@looplab/looplab/suites/timers":
          "jsr:@looplab/looplab@^0.1.0/suites/timers",
        "@looplab/looplab/suites/scheduling":
          "jsr:@looplab/looplab@^0.1.0/suites/scheduling",
      },
    }),
  );
  await Deno.writeTextFile(
    `${dir}/my_suite.ts`,
    `import { bench, defineSuite, experiment } from "@looplab/looplab";
export const mine = defineSuite({
  name: "mine",
  params: { n: [10, 20] },
  cases: [
    bench("double", ({ n }) => () => Number(n) * 2),
    experiment("echo", { value: { unit: "count", direction: "smaller" } }, (ctx) => {
      ctx.record("value", Number(ctx.params.n));
    }),
  ],
});
`,
  );
  await Deno.writeTextFile(
    `${dir}/main.ts`,
    `import { artifactToJson, run } from "@looplab/looplab";
import { calibration } from "@looplab/looplab/suites/calibration";
import { timerFidelity } from "@looplab/looplab/suites/timers";
import { workerDispatch } from "@looplab/looplab/suites/scheduling";
import { mine } from "./my_suite.ts";
const artifact = await run([
  mine,
  calibration({ n: 100 }),
  timerFidelity({ delaysMs: [3], timers: [10] }),
  // Its Worker module is loaded from the package, not from this project.
  workerDispatch({ payloadBytes: [128], requests: 20, cases: ["one-worker"] }),
], {
  quick: true,
  timeMs: 60,
  filter: "/mine|calibration\\\\/sum$|flat|one-worker/",
});
await Deno.stdout.write(new TextEncoder().encode(artifactToJson(artifact)));
`,
  );
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts"],
    cwd: dir,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assertEquals(out.code, 0, stderr);
  const artifact = await validateArtifact(
    JSON.parse(new TextDecoder().decode(out.stdout)),
    "the other project's artifact",
  );
  assertEquals(
    artifact.cases.map((c) => [c.id, c.status]),
    [
      ["mine/double[n=10]", "passed"],
      ["mine/double[n=20]", "passed"],
      ["mine/echo[n=10]", "passed"],
      ["mine/echo[n=20]", "passed"],
      ["calibration/sum", "passed"],
      ["timers/timer_fidelity/flat[delayMs=3]", "passed"],
      ["scheduling/worker_dispatch/one-worker[payloadBytes=128]", "passed"],
    ],
  );
  // The suites' options reached the forks.
  const flat = artifact.cases[5].metrics.find((m) => m.name === "lateness")!;
  assertEquals(flat.unit, "ms");
  const latency = artifact.cases[6].metrics.find((m) => m.name === "latency")!;
  assertEquals(latency.samples.flat().length % 20, 0);
  // The forks rebuilt the suite in the other project and saw its parameters.
  assertEquals(artifact.cases[2].metrics[0].samples.flat()[0], 10);
  assertEquals(artifact.cases[3].metrics[0].samples.flat()[0], 20);
  await Deno.remove(dir, { recursive: true });
});
