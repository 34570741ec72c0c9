// One fork for two projects' modules (two revisions' checkouts): each
// side's bare specifiers resolve into its own folder, and what one import
// map cannot express is refused.
import { assert, assertEquals, assertRejects } from "@std/assert";
import { toFileUrl } from "@std/path/to-file-url";
import {
  forkConfigArgs,
  forkConfigArgsAcross,
  ForkConfigError,
  localModulesOf,
  useLockFilesUnder,
} from "./_fork_config.ts";

/** A project that maps its own package, `"@me/lib": "./lib.ts"`. */
async function project(
  dir: string,
  config: Record<string, unknown> = {},
): Promise<string> {
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(
    `${dir}/deno.json`,
    JSON.stringify({ imports: { "@me/lib": "./lib.ts" }, ...config }),
  );
  await Deno.writeTextFile(`${dir}/lib.ts`, "export const side = 1;\n");
  await Deno.writeTextFile(
    `${dir}/x_bench.ts`,
    'import { side } from "@me/lib";\nDeno.bench("x", () => { side; });\n',
  );
  return toFileUrl(`${dir}/x_bench.ts`).href;
}

Deno.test("two projects share one fork with each side's imports scoped to its own folder", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const base = await project(`${dir}/base`);
    const candidate = await project(`${dir}/candidate`);
    const args = await forkConfigArgsAcross([base, candidate]);
    assertEquals(args.slice(0, 2), ["--config", `${dir}/base/deno.json`]);
    assertEquals(args.at(-1), "--no-lock");
    const map = JSON.parse(
      decodeURIComponent(args[3].replace("data:application/json,", "")),
    );
    assertEquals(map.imports, {});
    assertEquals(map.scopes[toFileUrl(`${dir}/base/`).href], {
      "@me/lib": toFileUrl(`${dir}/base/lib.ts`).href,
    });
    assertEquals(map.scopes[toFileUrl(`${dir}/candidate/`).href], {
      "@me/lib": toFileUrl(`${dir}/candidate/lib.ts`).href,
    });
    // Resolved as a fork would: each side loads its own lib, never the other's.
    const ours = await localModulesOf(base, args);
    const theirs = await localModulesOf(candidate, args);
    assertEquals(ours.sort(), [
      toFileUrl(`${dir}/base/lib.ts`).href,
      toFileUrl(`${dir}/base/x_bench.ts`).href,
    ]);
    assertEquals(theirs.sort(), [
      toFileUrl(`${dir}/candidate/lib.ts`).href,
      toFileUrl(`${dir}/candidate/x_bench.ts`).href,
    ]);
    // Modules of one project get that project's own arguments.
    assertEquals(
      await forkConfigArgsAcross([base, base]),
      await forkConfigArgs(base),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("projects one import map cannot serve together are refused with the reason", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const base = await project(`${dir}/base`);
    const strict = await project(`${dir}/strict`, {
      compilerOptions: { strict: false },
    });
    await assertRejects(
      () => forkConfigArgsAcross([base, strict]),
      ForkConfigError,
      "differ in more than their imports",
    );
    // Only what changes how code runs counts: tasks and fmt do not.
    const tasks = await project(`${dir}/tasks`, {
      tasks: { bench: "deno bench" },
      fmt: { lineWidth: 100 },
    });
    assert((await forkConfigArgsAcross([base, tasks])).includes("--no-lock"));
    const linked = await project(`${dir}/linked`, { links: ["../base"] });
    await assertRejects(
      () => forkConfigArgsAcross([base, linked]),
      ForkConfigError,
      "links or patches packages or is part of a workspace",
    );
    // A graph with a hole proves nothing: deno info exits 0 on it.
    const holed = await project(`${dir}/holed`);
    await Deno.writeTextFile(
      `${dir}/holed/lib.ts`,
      'import "./missing.ts";\nexport const side = 1;\n',
    );
    await assertRejects(
      async () =>
        await localModulesOf(holed, await forkConfigArgsAcross([base, holed])),
      ForkConfigError,
      "does not resolve with both sides' map",
    );
    const bare = `${dir}/bare`;
    await Deno.mkdir(bare);
    await Deno.writeTextFile(`${bare}/x_bench.ts`, "");
    await assertRejects(
      () => forkConfigArgsAcross([base, toFileUrl(`${bare}/x_bench.ts`).href]),
      ForkConfigError,
      "belongs to no project with a deno.json",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a revision's checkout resolves with its own lock file; two sides share a fork only with equal ones", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const base = await project(`${dir}/copies/base`);
    const candidate = await project(`${dir}/copies/candidate`);
    const elsewhere = await project(`${dir}/user`);
    const lock = JSON.stringify({ version: "5" });
    for (const side of ["copies/base", "copies/candidate", "user"]) {
      await Deno.writeTextFile(`${dir}/${side}/deno.lock`, lock);
    }
    useLockFilesUnder(`${dir}/copies`);
    // A user's own lock file is never used, so never rewritten.
    assertEquals((await forkConfigArgs(elsewhere)).at(-1), "--no-lock");
    // Unfrozen: Deno adds looplab's own packages to the copy's lock.
    const locked = [
      "--lock",
      `${dir}/copies/base/deno.lock`,
      "--frozen-lockfile=false",
    ];
    assertEquals((await forkConfigArgs(base)).slice(-3), locked);
    assertEquals(
      (await forkConfigArgsAcross([base, candidate])).slice(-3),
      locked,
    );
    // A dependency changed: one process cannot hold both lock files.
    const bumped = await project(`${dir}/copies/bumped`);
    await Deno.writeTextFile(
      `${dir}/copies/bumped/deno.lock`,
      JSON.stringify({ version: "5", npm: { "x@1.0.1": {} } }),
    );
    await assertRejects(
      () => forkConfigArgsAcross([base, bumped]),
      ForkConfigError,
      "differ (a dependency changed)",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
