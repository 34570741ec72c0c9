// Every runnable example in the documentation asserts what it claims: a
// result stated only in a comment is a claim nobody checks (three such
// comments were wrong when this test was written). `deno test --doc` runs
// the examples; this test keeps them asserting.
import { assertEquals } from "@std/assert";

const ROOT = new URL("../", import.meta.url);
const FOLDERS = ["lib", "suites", "fixtures"];
/** A ```ts fence inside JSDoc, with its attributes (e.g. `ignore`). */
const FENCE = /^\s*\*\s?```(?:ts|typescript)(.*)$/;
const CLOSE = /^\s*\*\s?```\s*$/;

async function sourceFiles(): Promise<string[]> {
  const files = ["mod.ts"];
  const walk = async (dir: string): Promise<void> => {
    for await (const entry of Deno.readDir(new URL(dir, ROOT))) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory) await walk(path);
      else if (path.endsWith(".ts") && !path.endsWith("_test.ts")) {
        files.push(path);
      }
    }
  };
  for (const folder of FOLDERS) await walk(folder);
  return files.sort();
}

/** The runnable examples of a file that assert nothing, as `file:line`. */
function unassertedExamples(path: string, text: string): string[] {
  const lines = text.split("\n");
  const found: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (open === null) continue;
    let end = i + 1;
    while (end < lines.length && !CLOSE.test(lines[end])) end++;
    const body = lines.slice(i + 1, end).join("\n");
    const runs = !/\bignore\b/.test(open[1]);
    if (runs && !(/@std\/assert/.test(body) && /\bassert\w*\(/.test(body))) {
      found.push(`${path}:${i + 1}`);
    }
    i = end;
  }
  return found;
}

Deno.test("every runnable doc example asserts its claim with @std/assert", async () => {
  const offenders: string[] = [];
  let examples = 0;
  for (const path of await sourceFiles()) {
    const text = await Deno.readTextFile(new URL(path, ROOT));
    examples += text.split("\n").filter((l) => FENCE.test(l)).length;
    offenders.push(...unassertedExamples(path, text));
  }
  assertEquals(offenders, []);
  // The scan found the examples: a broken pattern would pass vacuously.
  assertEquals(examples > 100, true);
});

Deno.test("the doc-example scan flags an example that states its result in a comment", () => {
  const text = [
    "/**",
    " * ```ts",
    ' * import { mean } from "./mean.ts";',
    " * mean([1, 2]); // 1.5",
    " * ```",
    " *",
    " * ```ts ignore",
    " * await run();",
    " * ```",
    " *",
    " * ```ts",
    ' * import { assertEquals } from "@std/assert";',
    " * assertEquals(1 + 1, 2);",
    " * ```",
    " */",
  ].join("\n");
  assertEquals(unassertedExamples("x.ts", text), ["x.ts:2"]);
});
