import { assertEquals, assertRejects } from "@std/assert";
import { ArtifactError } from "./error.ts";
import { writeFileAtomic } from "./write.ts";

Deno.test("an atomic write replaces the file whole and leaves no temporary file", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/a.json`, "old");
  await writeFileAtomic(`${dir}/a.json`, "new");
  assertEquals(await Deno.readTextFile(`${dir}/a.json`), "new");
  assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), ["a.json"]);
  await assertRejects(
    () => writeFileAtomic(`${dir}/missing/a.json`, "x"),
    ArtifactError,
    "does not exist",
  );
  assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), ["a.json"]);
  await Deno.remove(dir, { recursive: true });
});
