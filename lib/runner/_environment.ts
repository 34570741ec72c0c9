/**
 * The machine and runtime a run used, read with whatever permissions the
 * process has: what cannot be read is null, never a guess.
 *
 * @module
 */

import type { Environment } from "../artifact/mod.ts";

/**
 * Reads the environment. Needs `--allow-sys` for the OS release, CPU model,
 * memory and load average and `--allow-run` for the git commit; without
 * them those fields are null.
 *
 * @returns the environment, with `loadAverage.end` still null
 *
 * @example
 * ```ts ignore
 * const env = await captureEnvironment();
 * ```
 */
export async function captureEnvironment(): Promise<Environment> {
  return {
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    typescript: Deno.version.typescript,
    os: Deno.build.os,
    osRelease: attempt(() => Deno.osRelease()),
    arch: Deno.build.arch,
    cpuModel: await cpuModel(),
    cores: navigator.hardwareConcurrency,
    memoryBytes: attempt(() => Deno.systemMemoryInfo().total),
    loadAverage: { start: loadAverage(), end: null },
    git: await gitState(),
  };
}

/**
 * The 1, 5 and 15-minute load averages, or null without `--allow-sys`.
 *
 * @returns the load averages
 *
 * @example
 * ```ts ignore
 * loadAverage(); // [0.29, 0.23, 0.12]
 * ```
 */
export function loadAverage(): number[] | null {
  return attempt(() => Deno.loadavg());
}

function attempt<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}

async function cpuModel(): Promise<string | null> {
  try {
    const os = await import("node:os");
    return os.cpus()[0]?.model ?? null;
  } catch {
    return null;
  }
}

async function gitState(): Promise<{ commit: string; dirty: boolean } | null> {
  const git = async (args: string[]): Promise<string | null> => {
    try {
      const out = await new Deno.Command("git", {
        args,
        stdout: "piped",
        stderr: "null",
      }).output();
      return out.success ? new TextDecoder().decode(out.stdout).trim() : null;
    } catch {
      return null;
    }
  };
  const commit = await git(["rev-parse", "HEAD"]);
  if (commit === null || commit === "") return null;
  const status = await git(["status", "--porcelain"]);
  return { commit, dirty: status !== null && status !== "" };
}
