/**
 * Case identity: the one id a case under one set of parameter values has in
 * every artifact, `suite/case[key=value,…]`.
 *
 * Names are free text (bench names from other projects can hold anything),
 * so the characters that structure an id are percent-escaped where they
 * appear inside a name: `%`, `/`, `[`, `]`, `,` and `=` in case names and
 * parameter keys and values, and the same but `/` in suite names, where `/`
 * is a namespace (`timers/tick_policies`). The id therefore splits at its
 * last `/`. Names without those characters — every built-in suite's — keep
 * the ids they had before escaping existed, so saved baselines still match.
 *
 * @module
 */

import type { ArtifactParamValue } from "./types.ts";

/** A case id taken apart: names unescaped, parameter values as text. */
export interface ParsedCaseId {
  /** The suite's name. */
  suite: string;
  /** The case's name. */
  case: string;
  /** The parameter values, in the order the id lists them. */
  params: Record<string, string>;
}

/** The escape of each character that structures an id. */
const ESCAPES: Record<string, string> = {
  "%": "%25",
  "/": "%2F",
  "[": "%5B",
  "]": "%5D",
  ",": "%2C",
  "=": "%3D",
};
const UNESCAPES: Record<string, string> = Object.fromEntries(
  Object.entries(ESCAPES).map(([character, escape]) => [escape, character]),
);

function escapeName(name: string): string {
  return name.replace(/[%/[\],=]/g, (c) => ESCAPES[c]);
}

function escapeSuite(name: string): string {
  return name.replace(/[%[\],=]/g, (c) => ESCAPES[c]);
}

/**
 * The canonical id of a case under a set of parameter values.
 *
 * @param suite the suite's name (`/` in it is a namespace and stays)
 * @param caseName the case's name
 * @param params the parameter values, in declaration order
 * @returns `suite/case`, plus `[key=value,…]` when there are parameters
 *
 * @example
 * ```ts
 * import { caseId } from "@looplab/looplab/artifact";
 * import { assertEquals } from "@std/assert";
 * assertEquals(
 *   caseId("timers/tick_policies", "sleep", { periodMs: 5 }),
 *   "timers/tick_policies/sleep[periodMs=5]",
 * );
 * assertEquals(caseId("text", "split a/b, c=d", {}), "text/split a%2Fb%2C c%3Dd");
 * ```
 */
export function caseId(
  suite: string,
  caseName: string,
  params: Readonly<Record<string, ArtifactParamValue>>,
): string {
  const keys = Object.keys(params);
  const suffix = keys.length === 0
    ? ""
    : `[${
      keys.map((key) => `${escapeName(key)}=${escapeName(String(params[key]))}`)
        .join(",")
    }]`;
  return `${escapeSuite(suite)}/${escapeName(caseName)}${suffix}`;
}

/**
 * Takes a case id apart: the inverse of {@link caseId}, except that
 * parameter values come back as text (`5`, not 5).
 *
 * @param id a case id
 * @returns the suite, case and parameters, unescaped
 * @throws {SyntaxError} naming the id and what is wrong with it
 *
 * @example
 * ```ts
 * import { parseCaseId } from "@looplab/looplab/artifact";
 * import { assertEquals } from "@std/assert";
 * assertEquals(parseCaseId("timers/tick_policies/sleep[periodMs=5]"), {
 *   suite: "timers/tick_policies",
 *   case: "sleep",
 *   params: { periodMs: "5" },
 * });
 * ```
 */
export function parseCaseId(id: string): ParsedCaseId {
  const slash = id.lastIndexOf("/");
  if (slash < 0) {
    throw new SyntaxError(`case id "${id}": no "/" between suite and case`);
  }
  const suite = unescape(id.slice(0, slash), id);
  const rest = id.slice(slash + 1);
  const open = rest.indexOf("[");
  if (open < 0) {
    if (/[\],=]/.test(rest)) {
      throw new SyntaxError(
        `case id "${id}": "]", "," or "=" in the case name must be escaped`,
      );
    }
    return { suite, case: unescape(rest, id), params: {} };
  }
  const caseName = unescape(rest.slice(0, open), id);
  const list = rest.slice(open + 1);
  if (!list.endsWith("]") || /[[\]]/.test(list.slice(0, -1))) {
    throw new SyntaxError(
      `case id "${id}": parameters must be one [key=value,…] at the end`,
    );
  }
  const params = new Map<string, string>();
  for (const pair of list.slice(0, -1).split(",")) {
    const parts = pair.split("=");
    if (parts.length !== 2) {
      throw new SyntaxError(
        `case id "${id}": parameter "${pair}" is not one key=value`,
      );
    }
    const key = unescape(parts[0], id);
    if (params.has(key)) {
      throw new SyntaxError(`case id "${id}": parameter "${key}" given twice`);
    }
    params.set(key, unescape(parts[1], id));
  }
  return { suite, case: caseName, params: Object.fromEntries(params) };
}

function unescape(text: string, id: string): string {
  return text.replace(/%(..)?/g, (escape) => {
    const character = UNESCAPES[escape.toUpperCase()];
    if (character === undefined) {
      throw new SyntaxError(
        `case id "${id}": "${escape}" is not an escape; a "%" in a name is written %25`,
      );
    }
    return character;
  });
}
