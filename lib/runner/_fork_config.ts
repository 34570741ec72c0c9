/**
 * Which configuration a fork resolves imports with. A fork runs looplab's
 * own modules (its entry point, the timers) and the user's (a suite module,
 * a `Deno.bench` file). When both belong to one project — looplab's own
 * suites, or a user's module with no `deno.json` of its own — the fork uses
 * the configuration nearest the working directory, as the parent does.
 *
 * A module from another project needs that project's `deno.json`: its
 * import map (`"@me/lib": "./mod.ts"`), its `nodeModulesDir` and compiler
 * options. Unless the parent already runs with it (started from that
 * project), the fork then runs with that file as its configuration and an
 * import map merged from both: the project's imports and scopes as they
 * are, and looplab's own imports scoped to looplab's folder, so that each
 * side resolves its bare specifiers its own way. The merged map goes on the
 * command line as a `data:` URL (no file to clean up). The project's lock
 * file is not used (`--no-lock`): looplab's own packages are not in it, and
 * a fork must not rewrite a user's lock file — except in a revision's
 * checkout, a copy looplab made and removes, whose forks resolve with its
 * own lock file ({@link useLockFilesUnder}). A project that `links` or
 * `patch`es packages, or is a workspace or a workspace's member, gets its
 * configuration alone (Deno 2.9.6 panics when `--import-map` meets `links`
 * or a workspace): it must map looplab's own dependency, `mitata`, itself.
 *
 * @module
 */

import { parse as parseJsonc } from "@std/jsonc";
import { fromFileUrl } from "@std/path/from-file-url";
import { toFileUrl } from "@std/path/to-file-url";

/** An import map: imports and scopes. */
interface ImportMap {
  imports?: Record<string, string>;
  scopes?: Record<string, Record<string, string>>;
}

/** looplab's own configuration, when looplab runs from a local folder. */
const OWN_ROOT = new URL("../../", import.meta.url);
const OWN_CONFIG = new URL("deno.json", OWN_ROOT);

let cwdConfig: Promise<string | null> | undefined;
let cwdArgs: Promise<string[]> | undefined;
const projectArgs = new Map<string, Promise<string[]>>();

/**
 * The configuration flags of a fork that runs a module.
 *
 * @param module the URL of the user's module the fork runs (a suite
 *   module or a bench file); undefined for looplab's own
 * @returns `--config …` (and, for another project, `--import-map …
 *   --no-lock`), or nothing when no configuration file is found
 *
 * @example
 * ```ts ignore
 * await forkConfigArgs("file:///home/me/proj/bench/x_bench.ts");
 * ```
 */
export function forkConfigArgs(module?: string): Promise<string[]> {
  cwdConfig ??= nearestConfig(Deno.cwd());
  cwdArgs ??= cwdConfig.then((path) => path === null ? [] : ["--config", path]);
  if (module === undefined || !module.startsWith("file:")) return cwdArgs;
  const dir = fromFileUrl(new URL(".", module));
  const known = projectArgs.get(dir);
  if (known !== undefined) return known;
  const args = (async () => {
    const config = await nearestConfig(dir);
    // The parent resolves with this configuration already: so can forks.
    if (
      config === null || config === await ownConfigPath() ||
      config === await cwdConfig
    ) return cwdArgs!;
    // A project that links or patches packages, or a workspace or one of
    // its members, resolves as its workspace does: Deno 2.9.6 panics when
    // --import-map meets `links` or a workspace.
    if (await ownResolution(config)) return ["--config", config];
    return [
      "--config",
      config,
      "--import-map",
      `data:application/json,${
        encodeURIComponent(JSON.stringify(await mergedImportMap(config)))
      }`,
      ...await lockArgs(config),
    ];
  })();
  projectArgs.set(dir, args);
  return args;
}

/**
 * The configuration file of the project a module belongs to: its nearest
 * `deno.json(c)`, or null when it has none.
 *
 * @param module a `file:` URL
 * @returns the file's path, or null
 *
 * @example
 * ```ts ignore
 * await projectConfig("file:///home/me/proj/bench/x_bench.ts"); // "/home/me/proj/deno.json"
 * ```
 */
export function projectConfig(module: string): Promise<string | null> {
  return nearestConfig(fromFileUrl(new URL(".", module)));
}

/**
 * The arguments for a fork that runs modules of one or more projects: two
 * revisions' checkouts of one project, whose forks interleave both sides.
 * Modules of one project get {@link forkConfigArgs}. Several projects get
 * the first one's `deno.json` and one import map in which each project's
 * imports are scoped to its own folder (the map's scopes), so that a bare
 * specifier such as `"@me/lib": "./mod.ts"` resolves into the folder of the
 * module that imports it, never into the other side's.
 *
 * @param modules URLs of the modules (or files) the fork runs
 * @returns the arguments
 * @throws {ForkConfigError} when the projects cannot share one process:
 *   one has no `deno.json`, resolves its own way (links, patch, a
 *   workspace), or their configurations differ in more than their imports
 *
 * @example
 * ```ts ignore
 * await forkConfigArgsAcross([baseFile, candidateFile]);
 * ```
 */
export function forkConfigArgsAcross(
  modules: readonly string[],
): Promise<string[]> {
  const distinct = [...new Set(modules)];
  const key = distinct.join("\n");
  // Worked out once per set of modules: every fork of a unit gets the same
  // arguments, decided before its first fork (its lock files may change as
  // forks add looplab's packages to them).
  let args = acrossArgs.get(key);
  if (args === undefined) {
    args = sharedArgs(distinct);
    acrossArgs.set(key, args);
  }
  return args;
}

const acrossArgs = new Map<string, Promise<string[]>>();

/** {@link forkConfigArgsAcross} for distinct modules, not memoized. */
async function sharedArgs(distinct: readonly string[]): Promise<string[]> {
  const each = await Promise.all(distinct.map((m) => forkConfigArgs(m)));
  const first = JSON.stringify(each[0]);
  if (each.every((args) => JSON.stringify(args) === first)) return each[0];
  const configs: string[] = [];
  for (const module of distinct) {
    const config = module.startsWith("file:")
      ? await projectConfig(module)
      : null;
    if (config === null) {
      throw new ForkConfigError(
        `${module} belongs to no project with a deno.json`,
      );
    }
    if (await ownResolution(config)) {
      throw new ForkConfigError(
        `${config} links or patches packages or is part of a workspace, ` +
          "which one import map for two projects cannot express",
      );
    }
    if (!configs.includes(config)) configs.push(config);
  }
  const settings = await Promise.all(
    configs.map(async (config) =>
      JSON.stringify(runSettings(await readJsonc(toFileUrl(config))))
    ),
  );
  const differs = settings.findIndex((x) => x !== settings[0]);
  if (differs > 0) {
    throw new ForkConfigError(
      `${configs[0]} and ${configs[differs]} differ in more than their ` +
        "imports (compiler options, nodeModulesDir, unstable features…)",
    );
  }
  const locks = await Promise.all(configs.map(lockFileOf));
  const lockTexts = await Promise.all(
    locks.map((lock) =>
      lock === null ? Promise.resolve(null) : Deno.readTextFile(lock)
    ),
  );
  const other = lockTexts.findIndex((text) => text !== lockTexts[0]);
  if (other > 0) {
    throw new ForkConfigError(
      `${locks[0] ?? "no lock file"} and ${
        locks[other] ?? "no lock file"
      } differ (a dependency changed): one process resolves with one lock file`,
    );
  }
  const scopes: Record<string, Record<string, string>> = {};
  const scope = (key: string, imports: Record<string, string>) => {
    const known = scopes[key];
    if (
      known !== undefined && JSON.stringify(known) !== JSON.stringify(imports)
    ) {
      throw new ForkConfigError(
        `two projects map the scope ${key} differently: one import map ` +
          "cannot hold both",
      );
    }
    scopes[key] = imports;
  };
  for (const config of configs) {
    const map = await mergedImportMap(config);
    const root = new URL(".", toFileUrl(config)).href;
    // The project's top-level imports apply under its folder; its own scope
    // for that folder, if it has one, refines them.
    const own = map.scopes?.[root] ?? {};
    for (const [key, imports] of Object.entries(map.scopes ?? {})) {
      if (key !== root) scope(key, imports);
    }
    scope(root, { ...map.imports, ...own });
  }
  return [
    "--config",
    configs[0],
    "--import-map",
    `data:application/json,${
      encodeURIComponent(JSON.stringify({ imports: {}, scopes }))
    }`,
    ...await lockArgs(configs[0]),
  ];
}

/** Folders of copies looplab made (revisions' checkouts). */
const copies = new Set<string>();

/**
 * Lets forks of projects under a folder resolve with their own lock file:
 * the folder is a copy looplab made and removes (a revision's checkout), so
 * that Deno adding looplab's own packages to the lock rewrites no user's
 * file. Elsewhere a project's lock is not used (`--no-lock`).
 *
 * @param dir the copy's folder
 *
 * @example
 * ```ts ignore
 * useLockFilesUnder(checkout.dir);
 * ```
 */
export function useLockFilesUnder(dir: string): void {
  copies.add(dir.replace(/\/+$/, ""));
}

/**
 * Forgets a copy registered by {@link useLockFilesUnder} (it is removed).
 *
 * @param dir the copy's folder
 *
 * @example
 * ```ts ignore
 * forgetLockFilesUnder(checkout.dir);
 * ```
 */
export function forgetLockFilesUnder(dir: string): void {
  copies.delete(dir.replace(/\/+$/, ""));
}

/**
 * The lock file a project resolves with, when it is in a copy looplab made
 * ({@link useLockFilesUnder}) and has one: its `lock` setting's path, or
 * `deno.lock` beside its configuration.
 */
async function lockFileOf(config: string): Promise<string | null> {
  const dir = config.replace(/\/[^/]+$/, "");
  if (!inCopy(dir)) return null;
  const { lock } = await readJsonc(toFileUrl(config)) as {
    lock?: boolean | string | { path?: string };
  };
  if (lock === false) return null;
  const path = typeof lock === "string"
    ? lock
    : typeof lock === "object" && typeof lock.path === "string"
    ? lock.path
    : "deno.lock";
  const file = await Deno.realPath(
    path.startsWith("/") ? path : `${dir}/${path}`,
  )
    .catch(() => null);
  // Only a lock file inside the copy: one outside it is the user's own.
  if (file === null || !inCopy(file)) return null;
  return (await Deno.stat(file)).isFile ? file : null;
}

/** Whether a path is inside a copy registered by {@link useLockFilesUnder}. */
function inCopy(path: string): boolean {
  return [...copies].some((copy) =>
    path === copy || path.startsWith(`${copy}/`)
  );
}

/**
 * `--lock FILE` for a copy's lock file ({@link lockFileOf}), not frozen
 * (Deno adds looplab's own packages to it, which a project's `"frozen":
 * true` would refuse), else `--no-lock`.
 */
async function lockArgs(config: string): Promise<string[]> {
  const lock = await lockFileOf(config);
  return lock === null
    ? ["--no-lock"]
    : ["--lock", lock, "--frozen-lockfile=false"];
}

/** Why two projects' modules cannot share one fork. */
export class ForkConfigError extends Error {
  /** @param message what the projects do that one process cannot */
  constructor(message: string) {
    super(message);
    this.name = "ForkConfigError";
  }
}

/** A configuration's fields that resolution and compilation depend on. */
const INERT_FIELDS = new Set([
  "imports",
  "scopes",
  "importMap",
  "lock",
  "name",
  "version",
  "exports",
  "tasks",
  "fmt",
  "lint",
  "test",
  "bench",
  "publish",
  "exclude",
  "license",
  "description",
]);

/** A configuration without the fields that do not change how code runs. */
function runSettings(config: Record<string, unknown>): unknown {
  return Object.fromEntries(
    Object.entries(config)
      .filter(([key]) => !INERT_FIELDS.has(key))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

/**
 * The local modules (`file:` URLs) a module loads, statically or by a
 * dynamic import of a literal specifier, as `deno info` resolves them with
 * the given fork arguments. A dynamic import of a computed specifier is not
 * seen.
 *
 * @param module the module's URL
 * @param args the fork's configuration arguments
 * @returns the URLs
 * @throws {ForkConfigError} when `deno info` cannot build the graph
 *
 * @example
 * ```ts ignore
 * await localModulesOf(file, await forkConfigArgsAcross([file, other]));
 * ```
 */
export async function localModulesOf(
  module: string,
  args: readonly string[],
): Promise<string[]> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", ...args, module],
    stdin: "null",
    env: { NO_COLOR: "1" },
  }).output();
  if (code !== 0) {
    throw new ForkConfigError(
      `deno info ${module} failed: ${
        new TextDecoder().decode(stderr).trim().split("\n")[0]
      }`,
    );
  }
  const graph = JSON.parse(new TextDecoder().decode(stdout)) as {
    modules?: {
      specifier?: string;
      error?: string;
      dependencies?: {
        specifier?: string;
        code?: { error?: string };
        type?: { error?: string };
      }[];
    }[];
  };
  // deno info exits 0 on an import it cannot resolve and says so inside:
  // a graph with a hole proves nothing.
  for (const m of graph.modules ?? []) {
    const broken = m.error ??
      m.dependencies?.map((d) => d.code?.error ?? d.type?.error).find((e) =>
        e !== undefined
      );
    if (broken !== undefined) {
      throw new ForkConfigError(
        `${m.specifier ?? module} does not resolve with both sides' map: ${
          broken.split("\n")[0]
        }`,
      );
    }
  }
  return (graph.modules ?? [])
    .map((m) => m.specifier ?? "")
    .filter((specifier) => specifier.startsWith("file:"));
}

/**
 * Whether a URL is one of looplab's own modules (when looplab runs from a
 * local folder): the harness every fork shares.
 *
 * @param url a module URL
 * @returns true for looplab's own
 *
 * @example
 * ```ts
 * import { isOwnModule } from "./_fork_config.ts";
 * import { assert } from "@std/assert";
 * assert(isOwnModule(import.meta.url));
 * ```
 */
export function isOwnModule(url: string): boolean {
  return url.startsWith(OWN_ROOT.href);
}

/**
 * The folder of the project a module belongs to: where its nearest
 * `deno.json(c)` is, or null when it has none.
 *
 * @param module a `file:` URL
 * @returns the folder's path, or null
 *
 * @example
 * ```ts ignore
 * await projectRoot("file:///home/me/proj/bench/x_bench.ts"); // "/home/me/proj"
 * ```
 */
export async function projectRoot(module: string): Promise<string | null> {
  const config = await projectConfig(module);
  return config === null ? null : config.replace(/\/[^/]+$/, "");
}

/**
 * Whether a configuration must resolve on its own: it links or patches
 * packages, or declares a workspace, or a configuration above it does (a
 * workspace's member).
 */
async function ownResolution(config: string): Promise<boolean> {
  const project = await readJsonc(toFileUrl(config));
  if (
    project.links !== undefined || project.patch !== undefined ||
    project.workspace !== undefined
  ) return true;
  const above = config.replace(/\/[^/]+\/[^/]+$/, "");
  if (above === config || above === "") return false;
  const outer = await nearestConfig(above);
  if (outer === null) return false;
  return (await readJsonc(toFileUrl(outer))).workspace !== undefined;
}

/** The deno.json(c) in `dir` or the nearest folder above it. */
async function nearestConfig(dir: string): Promise<string | null> {
  let here = dir.replace(/\/+$/, "");
  while (true) {
    for (const name of ["deno.json", "deno.jsonc"]) {
      const path = `${here}/${name}`;
      try {
        if ((await Deno.stat(path)).isFile) return path;
      } catch {
        // Not here; look further up.
      }
    }
    const parent = here.replace(/\/[^/]*$/, "");
    if (parent === here || here === "") return null;
    here = parent;
  }
}

async function ownConfigPath(): Promise<string | null> {
  if (OWN_CONFIG.protocol !== "file:") return null;
  try {
    return (await Deno.stat(OWN_CONFIG)).isFile
      ? fromFileUrl(OWN_CONFIG)
      : null;
  } catch {
    return null;
  }
}

/**
 * The project's import map (its config's `imports` and `scopes`, or the
 * file its `importMap` names), targets made absolute, with looplab's own
 * imports scoped to looplab's folder when looplab runs from one.
 */
async function mergedImportMap(config: string): Promise<ImportMap> {
  const configUrl = toFileUrl(config);
  const project = await readJsonc(configUrl) as ImportMap & {
    importMap?: string;
  };
  let map: ImportMap = project;
  let base = configUrl;
  if (
    project.imports === undefined && project.scopes === undefined &&
    typeof project.importMap === "string"
  ) {
    base = new URL(project.importMap, configUrl);
    map = await readJsonc(base) as ImportMap;
  }
  const merged: ImportMap = {
    imports: absolute(map.imports ?? {}, base),
    scopes: Object.fromEntries(
      Object.entries(map.scopes ?? {}).map(([scope, imports]) => [
        new URL(scope, base).href,
        absolute(imports, base),
      ]),
    ),
  };
  const own = await ownConfigPath();
  if (own !== null) {
    const looplab = await readJsonc(OWN_CONFIG) as ImportMap;
    merged.scopes![OWN_ROOT.href] = absolute(looplab.imports ?? {}, OWN_CONFIG);
  }
  return merged;
}

/**
 * Relative keys and targets (`./`, `../`, `/`) made absolute against
 * `base`: the merged map is a `data:` URL, against which they would
 * resolve to nothing.
 */
function absolute(
  imports: Record<string, string>,
  base: URL,
): Record<string, string> {
  const resolved = (specifier: string) =>
    /^\.{0,2}\//.test(specifier) ? new URL(specifier, base).href : specifier;
  return Object.fromEntries(
    Object.entries(imports).map((
      [key, target],
    ) => [resolved(key), resolved(target)]),
  );
}

/**
 * A configuration file (JSON with comments) read as an object.
 *
 * @param url the file
 * @returns its object
 * @throws {TypeError} when it holds something else; what reading or
 *   parsing it throws
 */
export async function readJsonc(
  url: URL,
): Promise<Record<string, unknown>> {
  const text = await Deno.readTextFile(url);
  const value = parseJsonc(text);
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new TypeError(`${fromFileUrl(url)} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}
