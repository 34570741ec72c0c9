// Forks never get more permission than the CLI that starts them: run the CLI
// in a real process under given flags, with a suite whose case writes a mark,
// then reports what its fork may do.
import { assertEquals, assertMatch } from "@std/assert";
import { type CliOutput, runCli } from "../../fixtures/runner/cli.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const MOD = new URL("../../mod.ts", import.meta.url).href;

/** A suite in `dir` whose case marks `dir/ran`, reads `dir/secret` and records what its fork holds. */
async function probeSuite(dir: string): Promise<string> {
  const path = `${dir}/probe_suite.ts`;
  await Deno.writeTextFile(
    path,
    `import { defineSuite, experiment } from ${JSON.stringify(MOD)};
const flag = { unit: "count", direction: "bigger" } as const;
const full = async (d: Deno.PermissionDescriptor) => {
  const s = await Deno.permissions.query(d);
  return s.state === "granted" && !s.partial ? 1 : 0;
};
export const probe = defineSuite({
  name: "probe",
  cases: [experiment("holds", {
    secret: flag, run: flag, net: flag, loopback: flag, localhost: flag, env: flag,
  }, async (ctx) => {
    Deno.writeTextFileSync(${JSON.stringify(`${dir}/ran`)}, "");
    ctx.record("secret", Deno.readTextFileSync(${
      JSON.stringify(`${dir}/secret`)
    }).length);
    ctx.record("run", await full({ name: "run" }));
    ctx.record("net", await full({ name: "net" }));
    ctx.record("loopback", await full({ name: "net", host: "127.0.0.1" }));
    ctx.record("localhost", await full({ name: "net", host: "localhost" }));
    ctx.record("env", await full({ name: "env" }));
  }, { repetitions: { min: 1, max: 1 } })],
});
`,
  );
  await Deno.writeTextFile(`${dir}/secret`, "four");
  return path;
}

function cli(permissions: string[], ...args: string[]): Promise<CliOutput> {
  return runCli(permissions, args);
}

/** The centre of each metric of the probe's one case, from `--json -`. */
function held(stdout: string): Record<string, number> {
  const artifact = JSON.parse(stdout);
  const [c] = artifact.cases;
  return Object.fromEntries(
    c.metrics.map((
      m: { name: string; samples: number[][] },
    ) => [m.name, m.samples[0][0]]),
  );
}

const BASE = ["--allow-write", "--allow-run", "--allow-sys"];

Deno.test("a parent denied a file refuses to fork, in one line, exit 2, and the case never runs", async () => {
  const dir = await Deno.makeTempDir({ prefix: "looplab-perm-" });
  const suite = await probeSuite(dir);
  const r = await cli(
    [...BASE, "--allow-read", `--deny-read=${dir}/secret`],
    "run",
    suite,
    "--quick",
  );
  assertEquals(r.code, 2);
  assertEquals(r.stdout, "");
  assertMatch(
    r.stderr,
    /^looplab: cannot start forks: --allow-read is limited \(an allow-list or a --deny-read\), which forks cannot be given exactly; grant it in full, or run with --in-process/,
  );
  assertEquals(r.stderr.trim().split("\n").length, 1);
  assertEquals([...Deno.readDirSync(dir)].map((e) => e.name).sort(), [
    "probe_suite.ts",
    "secret",
  ]);
  // In this process the same flags hold: the case runs and is denied.
  const here = await cli(
    [...BASE, "--allow-read", `--deny-read=${dir}/secret`],
    "run",
    suite,
    "--quick",
    "--in-process",
  );
  assertEquals(here.code, 1);
  assertMatch(here.stdout + here.stderr, /NotCapable|Requires read access/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("full grants fork as before; run only when declared, net limited to the loopback hosts held, env limited not passed", async () => {
  const dir = await Deno.makeTempDir({ prefix: "looplab-perm-" });
  const suite = await probeSuite(dir);
  const full = await cli(
    [...BASE, "--allow-read", "--allow-net", "--allow-env"],
    "run",
    suite,
    "--quick",
    "--json",
    "-",
  );
  assertEquals(full.code, 0, full.stderr);
  assertEquals(held(full.stdout), {
    secret: 4,
    run: 0,
    net: 1,
    loopback: 1,
    localhost: 1,
    env: 1,
  });
  const limited = await cli(
    [...BASE, "--allow-read", "--allow-net=127.0.0.1", "--allow-env=CI"],
    "run",
    suite,
    "--quick",
    "--json",
    "-",
    "--fork-allow-run",
  );
  assertEquals(limited.code, 0, limited.stderr);
  assertEquals(held(limited.stdout), {
    secret: 4,
    run: 1,
    net: 0,
    loopback: 1,
    localhost: 0,
    env: 0,
  });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("--fork-allow-run needs --allow-run in full", async () => {
  const dir = await Deno.makeTempDir({ prefix: "looplab-perm-" });
  const suite = await probeSuite(dir);
  const r = await cli(
    ["--allow-write", "--allow-sys", "--allow-read"],
    "run",
    suite,
    "--quick",
    "--fork-allow-run",
  );
  assertEquals(r.code, 2);
  assertMatch(
    r.stderr,
    /^looplab: cannot start forks: forks were declared to run subprocesses .* but this process does not hold --allow-run in full/,
  );
  assertEquals(r.stderr.trim().split("\n").length, 1);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("an allow-list is not handed on: the case fails with a pointer to why, and --allow-read=DIR refuses", async () => {
  const dir = await Deno.makeTempDir({ prefix: "looplab-perm-" });
  const suite = await probeSuite(dir);
  const r = await cli(
    ["--allow-read", `--allow-write=${dir}`, "--allow-run", "--allow-sys"],
    "run",
    suite,
    "--quick",
  );
  assertEquals(r.code, 1, r.stderr);
  assertMatch(
    r.stdout,
    /NotCapable.*a fork holds only the permissions its parent holds in full/,
  );
  assertEquals([...Deno.readDirSync(dir)].map((e) => e.name).sort(), [
    "probe_suite.ts",
    "secret",
  ]);
  const read = await cli(
    [
      `--allow-read=${ROOT},${dir}`,
      "--allow-write",
      "--allow-run",
      "--allow-sys",
    ],
    "run",
    suite,
    "--quick",
  );
  assertEquals(read.code, 2);
  assertMatch(
    read.stderr,
    /^looplab: cannot start forks: forks need --allow-read in full .* \(an allow-list/,
  );
  await Deno.remove(dir, { recursive: true });
});
