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
 * a fork must not rewrite a user's lock file. A project that `links` or
 * `patch`es packages, or is a workspace, gets its configuration alone: it
 * brings looplab in through those, with looplab's own imports (and Deno
 * 2.9.6 panics when `--import-map` meets `links`).
 *
 * @module
 */

import { parse as parseJsonc } from "@std/jsonc";

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
  const dir = new URL(".", module).pathname;
  const known = projectArgs.get(dir);
  if (known !== undefined) return known;
  const args = (async () => {
    const config = await nearestConfig(dir);
    // The parent resolves with this configuration already: so can forks.
    if (
      config === null || config === await ownConfigPath() ||
      config === await cwdConfig
    ) return cwdArgs!;
    const project = await readJsonc(new URL(`file://${config}`));
    // A project that links or patches packages, or is a workspace, brings
    // looplab in through them, with its own imports; and Deno 2.9.6
    // panics when --import-map meets `links`.
    if (
      project.links !== undefined || project.patch !== undefined ||
      project.workspace !== undefined
    ) return ["--config", config];
    return [
      "--config",
      config,
      "--import-map",
      `data:application/json,${
        encodeURIComponent(JSON.stringify(await mergedImportMap(config)))
      }`,
      "--no-lock",
    ];
  })();
  projectArgs.set(dir, args);
  return args;
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
  const config = await nearestConfig(new URL(".", module).pathname);
  return config === null ? null : config.replace(/\/[^/]+$/, "");
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
    return (await Deno.stat(OWN_CONFIG)).isFile ? OWN_CONFIG.pathname : null;
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
  const configUrl = new URL(`file://${config}`);
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

/** Relative targets (`./`, `../`, `/`) made absolute against `base`. */
function absolute(
  imports: Record<string, string>,
  base: URL,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(imports).map(([key, target]) => [
      key,
      /^\.{0,2}\//.test(target) ? new URL(target, base).href : target,
    ]),
  );
}

async function readJsonc(url: URL): Promise<Record<string, unknown>> {
  const text = await Deno.readTextFile(url);
  const value = parseJsonc(text);
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new TypeError(`${url.pathname} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}
