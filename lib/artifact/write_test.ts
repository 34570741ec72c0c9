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

Deno.test("a write interrupted by SIGTERM leaves no temporary file, and the process still ends by the signal", async () => {
  const dir = await Deno.makeTempDir();
  const write = new URL("./write.ts", import.meta.url).href;
  // The child's rename never finishes: the signal finds the temporary file
  // written and the write in flight, every time.
  await Deno.writeTextFile(
    `${dir}/writer.ts`,
    `import { writeFileAtomic } from "${write}";
(Deno as { rename: unknown }).rename = () => {
  console.log("renaming");
  return new Promise(() => {});
};
await writeFileAtomic(Deno.args[0], "{}");
`,
  );
  await Deno.mkdir(`${dir}/out`);
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-write",
      `${dir}/writer.ts`,
      `${dir}/out/a.json`,
    ],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = child.stdout.getReader();
  assertEquals(
    new TextDecoder().decode((await reader.read()).value),
    "renaming\n",
  );
  assertEquals([...Deno.readDirSync(`${dir}/out`)].length, 1);
  child.kill("SIGTERM");
  const status = await child.status;
  reader.releaseLock();
  await child.stdout.cancel();
  assertEquals(status.signal, "SIGTERM");
  assertEquals([...Deno.readDirSync(`${dir}/out`)], []);
  await Deno.remove(dir, { recursive: true });
});
