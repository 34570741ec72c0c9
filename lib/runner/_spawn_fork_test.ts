// Real forked processes: the CLI runs a temporary suite in forks, and the
// tests look at the processes left afterwards with `ps`.
import { assert, assertEquals, assertMatch } from "@std/assert";
import { delay } from "@std/async/delay";
import { validateArtifact } from "../artifact/mod.ts";
import { STDOUT_LIMIT_BYTES } from "./_spawn_fork.ts";

const MAIN = new URL("../cli/main.ts", import.meta.url).pathname;
const ROOT = new URL("../../", import.meta.url).pathname;
const MOD = new URL("../../mod.ts", import.meta.url).href;
/** A generous bound for "gone": no time is asserted, only the end state. */
const POLL_LIMIT_MS = 20_000;

function startCli(...args: string[]): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-write",
      "--allow-run",
      "--allow-sys",
      "--allow-net=127.0.0.1,localhost",
      MAIN,
      ...args,
    ],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
}

async function suiteFile(name: string, body: string): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "looplab-fork-" });
  const path = `${dir}/${name}.ts`;
  await Deno.writeTextFile(
    path,
    `import { defineSuite, experiment } from "${MOD}";\n${body}`,
  );
  return path;
}

/** Every process as [pid, ppid, pgid, args]. */
async function processes(): Promise<[number, number, number, string][]> {
  const out = await new Deno.Command("ps", {
    args: ["-eo", "pid=,ppid=,pgid=,args="],
    stdout: "piped",
  }).output();
  return new TextDecoder().decode(out.stdout).split("\n").flatMap((line) => {
    const m = line.trim().match(/^(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/);
    return m
      ? [[+m[1], +m[2], +m[3], m[4]] as [number, number, number, string]]
      : [];
  });
}

/** Polls until `check` holds, up to {@link POLL_LIMIT_MS}. */
async function eventually(check: () => Promise<boolean>): Promise<boolean> {
  const until = Date.now() + POLL_LIMIT_MS;
  while (Date.now() < until) {
    if (await check()) return true;
    await delay(100);
  }
  return await check();
}

/** The pid of the CLI's fork, once it runs. */
async function forkOf(parent: number): Promise<number> {
  let fork = 0;
  const found = await eventually(async () => {
    const p = (await processes()).find(([, ppid, , args]) =>
      ppid === parent && args.includes("_fork_main.ts")
    );
    fork = p?.[0] ?? 0;
    return fork !== 0;
  });
  assert(found, "the fork never started");
  return fork;
}

async function groupGone(pgid: number): Promise<boolean> {
  return (await processes()).every(([, , g]) => g !== pgid);
}

const SPIN = `export const spin = defineSuite({
  name: "spin",
  cases: [
    experiment("ok", { value: { unit: "count", direction: "bigger" } }, (ctx) => {
      ctx.record("value", 1);
    }),
    experiment("forever", { value: { unit: "count", direction: "bigger" } }, () => {
      Deno.writeTextFileSync(new URL("./spinning", import.meta.url), "");
      while (true) { /* blocks the event loop: only its parent can end it */ }
    }),
  ],
});
`;

Deno.test("SIGTERM to the runner ends its fork's group, reports the finished cases, writes the artifact marked interrupted, exit 130", async () => {
  const path = await suiteFile("spin", SPIN);
  const json = path.replace(/spin\.ts$/, "out.json");
  // Each round runs its cases in an order drawn from the seed: with seed 1,
  // "ok" runs first. Then wait for the fork of "forever".
  const cli = startCli(path, "--quick", "--seed", "1", "--json", json);
  const marker = path.replace(/spin\.ts$/, "spinning");
  assert(
    await eventually(() => Deno.stat(marker).then(() => true, () => false)),
    "the spinning case never started",
  );
  const spinning = await forkOf(cli.pid);
  cli.kill("SIGTERM");
  const out = await cli.output();
  const stdout = new TextDecoder().decode(out.stdout);
  const stderr = new TextDecoder().decode(out.stderr);
  assertEquals(out.code, 130, stderr);
  assert(await eventually(() => groupGone(spinning)), "the fork lives on");
  assertMatch(stderr, /interrupted: 1 of 2 case\(s\) recorded/);
  assertMatch(stdout, /spin\/ok/);
  assert(!stdout.includes("killed by"), stdout);
  const artifact = JSON.parse(await Deno.readTextFile(json));
  validateArtifact(artifact, json);
  assertEquals(artifact.interrupted, true);
  assertEquals(artifact.cases.map((c: { id: string }) => c.id), ["spin/ok"]);
  await Deno.remove(path.replace(/\/spin\.ts$/, ""), { recursive: true });
});

Deno.test("SIGKILL to the runner: the watchdog ends its fork's group", async () => {
  const path = await suiteFile(
    "spin",
    SPIN.replace(/experiment\("ok"[^]*?\}\),\n/, ""),
  );
  const cli = startCli(path, "--quick");
  const fork = await forkOf(cli.pid);
  cli.kill("SIGKILL");
  await cli.output();
  assert(await eventually(() => groupGone(fork)), "the fork lives on");
  await Deno.remove(path.replace(/\/spin\.ts$/, ""), { recursive: true });
});

Deno.test("a process a case leaves behind is reported and ended", async () => {
  // A unique duration names this test's process among all others.
  const seconds = `600.${crypto.getRandomValues(new Uint32Array(1))[0]}`;
  const path = await suiteFile(
    "leaky",
    `export const leaky = defineSuite({
  name: "leaky",
  cases: [
    experiment("sleep", { value: { unit: "count", direction: "bigger" } }, (ctx) => {
      new Deno.Command("sleep", { args: ["${seconds}"], stdout: "null", stderr: "null" }).spawn();
      ctx.record("value", 1);
    }),
  ],
});
`,
  );
  // Forks start processes only when declared.
  const out = await startCli(path, "--quick", "--fork-allow-run").output();
  const stdout = new TextDecoder().decode(out.stdout);
  assertEquals(out.code, 1);
  // The case may run more than once in its fork, leaving a sleep each time.
  assertMatch(stdout, /left \d+ process\w* behind/);
  assert(
    await eventually(async () =>
      (await processes()).every(([, , , args]) => !args.includes(seconds))
    ),
    "the leaked sleep lives on",
  );
  await Deno.remove(path.replace(/\/leaky\.ts$/, ""), { recursive: true });
});

Deno.test("a case printing more than the stdout bound still has its result read", async () => {
  const mib = STDOUT_LIMIT_BYTES / 1024 / 1024 + 8;
  const path = await suiteFile(
    "loud",
    `export const loud = defineSuite({
  name: "loud",
  cases: [
    experiment("loud", { value: { unit: "count", direction: "bigger" } }, (ctx) => {
      const line = new TextEncoder().encode("x".repeat(1023) + "\\n");
      for (let i = 0; i < ${mib} * 1024; i++) Deno.stdout.writeSync(line);
      ctx.record("value", 7);
    }),
  ],
});
`,
  );
  const json = path.replace(/loud\.ts$/, "out.json");
  const out = await startCli(path, "--quick", "--json", json).output();
  assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
  const artifact = JSON.parse(await Deno.readTextFile(json));
  assertEquals(artifact.cases[0].status, "passed");
  assertEquals(artifact.cases[0].metrics[0].samples, [[7]]);
  await Deno.remove(path.replace(/\/loud\.ts$/, ""), { recursive: true });
});
