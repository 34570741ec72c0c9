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
      "--no-lock",
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
